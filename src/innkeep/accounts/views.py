"""Web views on a hotel's host."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from innkeep.accounts.services import SIGNUP_HANDOFF, login_token_redeem


def handoff(request: HttpRequest) -> HttpResponse:
    """Sign in with a one-time link made at signup, then go to the admin."""
    user = login_token_redeem(raw=request.GET.get("token", ""), purpose=SIGNUP_HANDOFF)
    if user is None:
        return render(request, "accounts/handoff_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    target = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/admin/"
    return redirect(target)
