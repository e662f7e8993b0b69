"""A hotel's URLs plus two views for the observability tests: one logs, one fails."""

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from innkeep.urls_tenant import urlpatterns as hotel_urlpatterns

handler404 = "innkeep.core.views.not_found"
handler500 = "innkeep.core.views.internal_error"

GUEST_EMAIL = "ana.ruiz@grand-hotel.test"
GUEST_PHONE = "+34 600 123 456"


def noisy(request: HttpRequest) -> HttpResponse:
    logging.getLogger("innkeep.reservations").warning("overbooking averted")
    return HttpResponse("ok")


@csrf_exempt
def boom(request: HttpRequest) -> HttpResponse:
    guest = {"email": GUEST_EMAIL, "phone": GUEST_PHONE}  # a local: never sent to Sentry
    raise RuntimeError(f"could not confirm the stay of {guest['email']} ({guest['phone']})")


urlpatterns = [
    path("noisy/", noisy),
    path("boom/", boom),
    *hotel_urlpatterns,
]
