from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.views.decorators.debug import sensitive_variables

from innkeep.accounts.login_guard import LoginThrottled, password_matches, sign_in
from innkeep.accounts.models import LoginChannel
from innkeep.accounts.services import password_replace
from innkeep.core.client_address import client_address
from innkeep.core.errors import InnkeepError
from innkeep.core.text import validate_name


class NewPasswordForm(forms.Form):
    password = forms.CharField(label="New password", strip=False, widget=forms.PasswordInput)
    password_again = forms.CharField(
        label="New password again", strip=False, widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords are not the same.")
        return data


class AcceptInvitationForm(NewPasswordForm):
    first_name = forms.CharField(label="First name", max_length=150, validators=[validate_name])
    last_name = forms.CharField(label="Last name", max_length=150, validators=[validate_name])
    field_order = ["first_name", "last_name", "password", "password_again"]


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label="Your email", max_length=254)


class GuardedAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login, with the same brakes and attempt log as the API."""

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            try:
                self.user_cache = sign_in(
                    email=email,
                    password=password,
                    ip=client_address(self.request) if self.request else None,
                    channel=LoginChannel.ADMIN,
                )
            except InnkeepError as exc:
                if exc.status == 401:
                    raise self.get_invalid_login_error() from exc
                self.retry_after = getattr(exc, "retry_after", None)
                raise forms.ValidationError(exc.message, code=exc.code.lower()) from exc
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class GuardedAdminPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's password change: its old password is braked and counted as a sign-in's
    (a stolen session cannot guess it freely), as `POST /api/v1/me/password/` is."""

    retry_after: int | None = None

    def __init__(self, *args: Any, client_ip: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client_ip = client_ip

    @sensitive_variables("old_password")
    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        try:
            right = password_matches(user=self.user, password=old_password, ip=self.client_ip)
        except LoginThrottled as exc:
            self.retry_after = exc.retry_after
            raise forms.ValidationError(exc.message, code=exc.code.lower()) from exc
        if not right:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return str(old_password)

    def save(self, commit: bool = True) -> Any:
        """Through the same service as `POST /api/v1/me/password/`: earlier tokens and
        sessions end and the change is audited (the view keeps this session alive)."""
        if not commit:
            return super().save(commit=False)
        self.user = password_replace(
            user=self.user, new_password=self.cleaned_data["new_password1"]
        )
        return self.user


class GuardedPasswordChangeView(PasswordChangeView):
    form_class = GuardedAdminPasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "client_ip": client_address(self.request)}
