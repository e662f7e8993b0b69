"""Staff in the hotel admin (role-aware, changes go through the services) and operators in
the platform admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from innkeep.accounts import services
from innkeep.accounts.models import Invitation, LoginAttempt, User
from innkeep.accounts.selectors import phone_region
from innkeep.accounts.tokens import tokens_end_all
from innkeep.core.admin_sites import ReadOnlyAdmin, hotel_admin_site, platform_admin_site
from innkeep.core.errors import InnkeepError, ValidationFailed
from innkeep.core.phones import normalize_phone


class ServiceErrorsAsMessages:
    """A refused change (last owner, owners only...) shows as a message, not a 500."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]
        except InnkeepError as exc:
            self.message_user(request, exc.message, messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())


def cleaned_phone(raw: str) -> str:
    """The form's phone as E.164 (national numbers read in the hotel's country), or the
    reason next to the field."""
    try:
        return normalize_phone(raw, region=phone_region())
    except ValidationFailed as exc:
        raise forms.ValidationError(exc.fields["phone"]) from None


class StaffForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "role", "is_active"]

    def clean_phone(self) -> str:
        return cleaned_phone(self.cleaned_data.get("phone", ""))


class OperatorChangeForm(UserChangeForm):
    def clean_phone(self) -> str:
        return cleaned_phone(self.cleaned_data.get("phone", ""))


@admin.register(User, site=hotel_admin_site)
class StaffAdmin(ServiceErrorsAsMessages, admin.ModelAdmin):
    form = StaffForm
    list_display = [
        "email",
        "first_name",
        "last_name",
        "role",
        "is_active",
        "failed_login_count",
        "last_login",
    ]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    fields = ["email", "first_name", "last_name", "phone", "role", "is_active", "last_login"]
    readonly_fields = ["email", "last_login"]
    actions = ["unlock", "deactivate"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # staff join by invitation

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: their history stays attributed

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        actor: User = request.user  # type: ignore[assignment]
        stored = User.objects.get(pk=obj.pk)
        services.staff_update(
            actor=actor,
            user=stored,
            role=obj.role,
            first_name=obj.first_name,
            last_name=obj.last_name,
            phone=obj.phone,
        )
        if stored.is_active and not obj.is_active:
            services.staff_deactivate(actor=actor, user=stored)
        elif not stored.is_active and obj.is_active:
            services.staff_reactivate(actor=actor, user=stored)

    @admin.action(description="Clear sign-in delays", permissions=["unlock"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.staff_unlock(actor=request.user, user=user)  # type: ignore[arg-type]
        self.message_user(request, f"Sign-in delays cleared for {queryset.count()} account(s).")

    def has_unlock_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.unlock_user")

    @admin.action(description="Deactivate", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            try:
                services.staff_deactivate(actor=request.user, user=user)  # type: ignore[arg-type]
            except InnkeepError as exc:
                self.message_user(request, f"{user.email}: {exc.message}", messages.ERROR)


@admin.register(Invitation, site=hotel_admin_site)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "status", "invited_by", "expires_at", "created_at"]
    list_filter = ["role"]
    fields = ["email", "role"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Invitation, form: Any, change: bool) -> None:
        created = services.invitation_create(
            actor=request.user,  # type: ignore[arg-type]
            email=obj.email,
            role=obj.role,
        )
        obj.pk = created.pk  # the admin's "added" message and log need it

    def add_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().add_view(request, *args, **kwargs)
        except InnkeepError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.action(description="Revoke", permissions=["delete"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        for invitation in queryset:
            try:
                services.invitation_revoke(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
            except InnkeepError as exc:
                self.message_user(request, f"{invitation.email}: {exc.message}", messages.ERROR)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("accounts.delete_invitation") and obj is None


@admin.register(LoginAttempt, site=hotel_admin_site)
class LoginAttemptAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "email", "channel", "succeeded", "reason", "ip_address"]
    list_filter = ["succeeded", "channel", "reason"]
    search_fields = ["email"]


@admin.register(User, site=platform_admin_site)
class OperatorAdmin(DjangoUserAdmin):
    form = OperatorChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "phone")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "is_active" in form.changed_data and not obj.is_active:
                # as for hotel staff: reactivating the operator later revives no session
                tokens_end_all(user=obj)
