from django.contrib import admin

from innkeep.core.admin_sites import hotel_admin_site
from innkeep.properties.models import HotelProfile


@admin.register(HotelProfile, site=hotel_admin_site)
class HotelProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "timezone", "currency"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not HotelProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
