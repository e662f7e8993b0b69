from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from innkeep.accounts.models import User
from innkeep.core.admin_sites import hotel_admin_site, platform_admin_site


@admin.register(User, site=hotel_admin_site)
@admin.register(User, site=platform_admin_site)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "phone")}),
        ("Access", {"fields": ("role", "is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined", "email_verified_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "role", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined", "email_verified_at"]
