"""Web pages on a hotel's host: sign-in handoff, invitations, password reset, verification."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from innkeep.accounts import services
from innkeep.accounts.forms import AcceptInvitationForm, NewPasswordForm, PasswordResetRequestForm
from innkeep.accounts.models import TokenPurpose
from innkeep.core.errors import ValidationFailed

BACKEND = "innkeep.accounts.backends.RoleBackend"


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/link_invalid.html", status=400)


def _show_field_errors(form: NewPasswordForm, exc: ValidationFailed) -> None:
    for field, messages in exc.fields.items():
        target = "password" if field == "new_password" else field
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


def handoff(request: HttpRequest) -> HttpResponse:
    """Sign in with a one-time link made at signup, then go to the admin."""
    user = services.token_redeem(
        raw=request.GET.get("token", ""), purpose=TokenPurpose.SIGNUP_HANDOFF
    )
    if user is None:
        return _link_invalid(request)
    login(request, user, backend=BACKEND)
    target = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/admin/"
    return redirect(target)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(raw=token)
    if invitation is None:
        return _link_invalid(request)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                raw=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password"],
            )
        except ValidationFailed as exc:
            _show_field_errors(form, exc)
        else:
            if user is None:
                return _link_invalid(request)
            login(request, user, backend=BACKEND)
            return redirect("/admin/")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/accept_invitation.html",
        {"form": form, "invitation": invitation},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def password_reset_request(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"])
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if not services.token_is_usable(raw=token, purpose=TokenPurpose.PASSWORD_RESET):
        return _link_invalid(request)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_reset_confirm(
                raw=token, new_password=form.cleaned_data["password"]
            )
        except ValidationFailed as exc:
            _show_field_errors(form, exc)
        else:
            if user is None:
                return _link_invalid(request)
            return render(request, "accounts/password_reset_done.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_reset_confirm.html", {"form": form}, status=status)


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    user = services.email_verify(raw=token)
    if user is None:
        return _link_invalid(request)
    return render(request, "accounts/email_verified.html", {"user": user})
