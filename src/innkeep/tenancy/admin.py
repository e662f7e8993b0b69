"""Platform admin (root domain only): hotels with status and plan."""

from django.contrib import admin

from innkeep.core.admin_sites import platform_admin_site
from innkeep.tenancy.models import Domain, Hotel, Plan, PooledSchema


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Hotel, site=platform_admin_site)
class HotelAdmin(admin.ModelAdmin):
    list_display = ["name", "subdomain", "status", "plan", "country", "trial_ends_at", "created_at"]
    list_filter = ["status", "plan", "country"]
    search_fields = ["name", "subdomain", "domains__domain"]
    readonly_fields = ["schema_name", "subdomain", "created_at"]
    list_select_related = ["plan"]
    inlines = [DomainInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # hotels are closed, not deleted: their data must be kept


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
