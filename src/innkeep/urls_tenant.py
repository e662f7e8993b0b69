"""A hotel's domain: its admin, its API, its public pages."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from innkeep.accounts import api as accounts_api
from innkeep.accounts import views as accounts_views
from innkeep.core.admin_sites import hotel_admin_site
from innkeep.core.urls_docs import docs_urlpatterns
from innkeep.core.views import api_not_found
from innkeep.web import views as web

handler400 = "innkeep.core.views.bad_request"
handler404 = "innkeep.core.views.not_found"
handler500 = "innkeep.core.views.internal_error"

router = SimpleRouter()
router.register("users", accounts_api.StaffViewSet, basename="user")
router.register("invitations", accounts_api.InvitationViewSet, basename="invitation")

api_v1 = [
    # First: the busiest routes, and the includes below with an empty prefix are each
    # searched pattern by pattern.
    path("public/", include("innkeep.reservations.public_urls")),
    path("auth/token/", accounts_api.TokenView.as_view(), name="auth-token"),
    path("auth/token/refresh/", accounts_api.TokenRefreshView.as_view(), name="auth-refresh"),
    path("auth/logout/", accounts_api.LogoutView.as_view(), name="auth-logout"),
    path(
        "auth/password-reset/",
        accounts_api.PasswordResetView.as_view(),
        name="auth-password-reset",
    ),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("me/password/", accounts_api.MePasswordView.as_view(), name="me-password"),
    path("me/verify-email/", accounts_api.MeVerifyEmailView.as_view(), name="me-verify-email"),
    path("login-attempts/", accounts_api.LoginAttemptListView.as_view(), name="login-attempts"),
    *router.urls,
    path("", include("innkeep.properties.api_urls")),
    path("", include("innkeep.rates.api_urls")),
    path("", include("innkeep.inventory.api_urls")),
    path("", include("innkeep.reservations.api_urls")),
    # Explicit routes on reservations/{code}/ beside the reservations router (no shadowing).
    path("", include("innkeep.reservations.assignment_urls")),
]

urlpatterns = [
    path("", web.hotel_home, name="hotel-home"),
    path("auth/handoff/", accounts_views.handoff, name="auth-handoff"),
    path("invitations/<str:token>/", accounts_views.accept_invitation, name="accept-invitation"),
    # Named so that the admin login page offers "Forgotten your password?".
    path("password-reset/", accounts_views.password_reset_request, name="admin_password_reset"),
    path(
        "password-reset/<str:token>/",
        accounts_views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("verify-email/<str:token>/", accounts_views.verify_email, name="verify-email"),
    path("admin/", hotel_admin_site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="v1")),
    *docs_urlpatterns("innkeep.urls_tenant"),
    # Last: any other /api/ path is the API's JSON 404, in every settings module.
    re_path(r"^api/(?P<path>.*)$", api_not_found),
]
