"""A hotel's domain: its admin, its API, its public pages."""

from django.urls import include, path

from innkeep.accounts import views as accounts_views
from innkeep.core.admin_sites import hotel_admin_site
from innkeep.core.urls_docs import docs_urlpatterns
from innkeep.web import views as web

handler404 = "innkeep.core.views.not_found"
handler500 = "innkeep.core.views.internal_error"

api_v1: list = []

urlpatterns = [
    path("", web.hotel_home, name="hotel-home"),
    path("auth/handoff/", accounts_views.handoff, name="auth-handoff"),
    path("admin/", hotel_admin_site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="v1")),
    *docs_urlpatterns("innkeep.urls_tenant"),
]
