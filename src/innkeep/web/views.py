"""Server-rendered pages: the platform's home and signup, a hotel's home."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_tenants.utils import schema_context

from innkeep.accounts.models import User
from innkeep.accounts.services import SIGNUP_HANDOFF, token_issue
from innkeep.core.errors import InnkeepError, ValidationFailed
from innkeep.tenancy.selectors import hotel_base_url, hotel_origins_source
from innkeep.tenancy.services import hotel_signup
from innkeep.web.forms import SignupForm

HANDOFF_TTL = timedelta(minutes=2)


def platform_home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/platform_home.html")


def _may_post_to_hotels(
    view: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """A signup ends with a redirect to the new hotel's site, and browsers hold the redirect
    after a form's POST to the page's form-action: that page also allows the hotel origins."""

    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponseBase:
        return csp_update({"form-action": [hotel_origins_source()]})(view)(request)

    return wrapped


@_may_post_to_hotels
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = hotel_signup(**form.cleaned_data)
        except ValidationFailed as exc:
            for field, messages in exc.fields.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        except InnkeepError as exc:
            form.add_error("subdomain" if exc.code == "SUBDOMAIN_TAKEN" else None, exc.message)
        else:
            with schema_context(result.hotel.schema_name):
                owner = User.objects.get(pk=result.owner_id)
                token = token_issue(user=owner, purpose=SIGNUP_HANDOFF, ttl=HANDOFF_TTL)
            query = urlencode({"token": token, "next": "/admin/"})
            return redirect(f"{hotel_base_url(hotel=result.hotel)}/auth/handoff/?{query}")
    status = 400 if request.method == "POST" else 200
    return render(request, "web/signup.html", {"form": form}, status=status)


def hotel_home(request: HttpRequest) -> HttpResponse:
    from innkeep.properties.models import HotelProfile

    return render(request, "web/hotel_home.html", {"profile": HotelProfile.objects.first()})
