"""Platform admin (root domain only): hotels with status and plan."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from innkeep.core.admin_sites import platform_admin_site
from innkeep.core.errors import InvalidTransition
from innkeep.core.service_admin import action_with
from innkeep.tenancy.models import Domain, Hotel, HotelStatus, Plan, PooledSchema
from innkeep.tenancy.services import hotel_change_status


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


def _moves_to(status: HotelStatus, *, description: str) -> Any:
    return action_with("_move", status, description=description)


@admin.register(Hotel, site=platform_admin_site)
class HotelAdmin(admin.ModelAdmin):
    list_display = ["name", "subdomain", "status", "plan", "country", "trial_ends_at", "created_at"]
    list_filter = ["status", "plan", "country"]
    search_fields = ["name", "subdomain", "domains__domain"]
    # Status moves only through the actions below, which follow the transition table.
    readonly_fields = ["schema_name", "subdomain", "status", "created_at"]
    list_select_related = ["plan"]
    inlines = [DomainInline]
    actions = ["make_active", "make_past_due", "make_suspended", "make_closed"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # hotels come from signup or `innkeep create_hotel`

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # hotels are closed, not deleted: their data must be kept

    def _move(self, request: HttpRequest, queryset: QuerySet[Hotel], status: str) -> None:
        moved, refused = 0, []
        for hotel in queryset:
            try:
                hotel_change_status(
                    hotel=hotel, status=status, actor=request.user, reason="platform admin"
                )
                moved += 1
            except InvalidTransition:
                refused.append(f"{hotel.subdomain} ({hotel.status})")
        if moved:
            self.message_user(request, f"{moved} hotel(s) now {status}.", messages.SUCCESS)
        if refused:
            self.message_user(
                request, f"Not allowed to become {status}: {', '.join(refused)}", messages.ERROR
            )

    make_active = _moves_to(HotelStatus.ACTIVE, description="Activate selected hotels")
    make_past_due = _moves_to(HotelStatus.PAST_DUE, description="Mark selected hotels past due")
    make_suspended = _moves_to(
        HotelStatus.SUSPENDED, description="Suspend selected hotels (read-only, booking closed)"
    )
    make_closed = _moves_to(
        HotelStatus.CLOSED, description="Close selected hotels (data kept, site gone)"
    )


@admin.register(Plan, site=platform_admin_site)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "monthly_price", "currency", "max_rooms", "is_default"]


@admin.register(PooledSchema, site=platform_admin_site)
class PooledSchemaAdmin(admin.ModelAdmin):
    list_display = ["schema_name", "fingerprint", "created_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


def _mirror_beat_admin() -> None:
    """django-celery-beat registers on Django's default site; operators use ours."""
    from django_celery_beat import admin as _beat_admin  # noqa: F401  (registers on admin.site)

    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label == "django_celery_beat" and not platform_admin_site.is_registered(
            model
        ):
            platform_admin_site.register(model, type(model_admin))


_mirror_beat_admin()
