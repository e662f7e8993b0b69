"""Root domain: the platform (signup, operators' admin, docs)."""

from django.urls import include, path, re_path

from innkeep.core.admin_sites import platform_admin_site
from innkeep.core.urls_docs import docs_urlpatterns
from innkeep.core.views import api_not_found
from innkeep.tenancy.api import SignupView
from innkeep.web import views as web

handler400 = "innkeep.core.views.bad_request"
handler404 = "innkeep.core.views.not_found"
handler500 = "innkeep.core.views.internal_error"

api_v1 = [
    path("signup/", SignupView.as_view(), name="signup"),
]

urlpatterns = [
    path("", web.platform_home, name="platform-home"),
    path("signup/", web.signup, name="web-signup"),
    path("admin/", platform_admin_site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="v1")),
    *docs_urlpatterns("innkeep.urls_public"),
    # Last: any other /api/ path is the API's JSON 404, in every settings module.
    re_path(r"^api/(?P<path>.*)$", api_not_found),
]
