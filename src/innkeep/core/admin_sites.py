"""Two admin sites: the platform's (root domain, operators) and each hotel's (its staff).

Platform models are registered on `platform_admin_site` only, so they never show up in a
hotel's admin; hotel models are registered on `hotel_admin_site` only. Both sign in through
the guarded form (the sign-in's brakes and attempt log), and their password change brakes
the old password the same way. Both come from accounts, above core: the settings
ADMIN_LOGIN_FORM and ADMIN_PASSWORD_CHANGE_VIEW name them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.module_loading import import_string


def _braked(response: Any) -> Any:
    """A form refused by the sign-in brakes answers 429 with Retry-After."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    retry_after = getattr(form, "retry_after", None)
    if retry_after is not None:
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


class ViewOnlyAdmin(admin.ModelAdmin):
    """A model the admin shows and never adds, edits or deletes by form: its rows are written
    by services (actions and the API call them) or by the system."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ViewOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Rows shown inside a view-only page to whoever holds `view_permission` (the page's own
    view permission: an inline's model often has none granted to any role)."""

    view_permission = ""
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(self.view_permission)


class GuardedLoginSite(admin.AdminSite):
    @property
    def login_form(self) -> Any:  # type: ignore[override]
        return import_string(settings.ADMIN_LOGIN_FORM)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return _braked(super().login(request, extra_context))  # type: ignore[no-any-return]

    def password_change(self, request: HttpRequest, extra_context: Any = None) -> TemplateResponse:
        """AdminSite.password_change with the guarded form (the old password is braked)."""
        view = import_string(settings.ADMIN_PASSWORD_CHANGE_VIEW)
        defaults: dict[str, Any] = {
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return _braked(view.as_view(**defaults)(request))  # type: ignore[no-any-return]


class PlatformAdminSite(GuardedLoginSite):
    site_header = "Innkeep platform"
    site_title = "Innkeep platform"
    index_title = "Hotels and plans"


class HotelAdminSite(GuardedLoginSite):
    index_title = "Run the hotel"

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        hotel = getattr(request, "hotel", None)
        name = hotel.name if hotel is not None else "Hotel"
        context.update(site_header=name, site_title=name)
        return context


platform_admin_site = PlatformAdminSite(name="platform_admin")
hotel_admin_site = HotelAdminSite(name="admin")
