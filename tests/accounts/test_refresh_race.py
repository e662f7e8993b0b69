"""One refresh token sent several times at once (real concurrent requests, committed data):
PostgreSQL lets exactly one of them spend it. The others are 401 TOKEN_INVALID and leave no
token behind; only the winner's new pair works. Logout races the same way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from innkeep.accounts.models import User
from innkeep.accounts.tokens import tokens_for
from innkeep.core.models import AuditEvent
from tests.races import post_together

REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"
RACERS = 6


@pytest.fixture
def racer(committed, hotel_a) -> Iterator[User]:  # type: ignore[no-untyped-def]
    from innkeep.accounts.services import user_create

    with tenant_context(hotel_a.hotel):
        user = user_create(email="racer@alpine.test", password=None, role="front_desk")
    try:
        yield user
    finally:
        with tenant_context(hotel_a.hotel):
            OutstandingToken.objects.filter(user=user).delete()
            AuditEvent.objects.filter(target_type="accounts.user", target_id=str(user.pk)).delete()
            User.objects.filter(pk=user.pk).delete()


def pair_of(hotel_a, user: User) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        return tokens_for(user)


def error_codes(answers: list[Any]) -> list[str]:
    return [a.json()["error"]["code"] for a in answers if a.status_code != 200]


def test_one_refresh_token_sent_six_times_at_once_is_spent_once(hotel_a, racer):
    pair = pair_of(hotel_a, racer)

    answers = post_together(hotel_a.host, *[(REFRESH, {"refresh": pair["refresh"]})] * RACERS)

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [401] * (RACERS - 1)
    assert error_codes(answers) == ["TOKEN_INVALID"] * (RACERS - 1)
    with tenant_context(hotel_a.hotel):
        # the one it was issued with and the winner's: the losers issued nothing
        assert OutstandingToken.objects.filter(user=racer).count() == 2
    winner = next(a for a in answers if a.status_code == 200).json()
    client = APIClient(HTTP_HOST=hotel_a.host)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {winner['access']}"}
    assert client.get("/api/v1/me/", **auth).status_code == 200
    assert client.post(REFRESH, {"refresh": winner["refresh"]}, format="json").status_code == 200
    connection.close()


def test_one_refresh_token_logged_out_six_times_at_once_is_revoked_once(hotel_a, racer):
    pair = pair_of(hotel_a, racer)

    answers = post_together(hotel_a.host, *[(LOGOUT, {"refresh": pair["refresh"]})] * RACERS)

    assert sorted(a.status_code for a in answers) == [204] + [401] * (RACERS - 1)
    assert [a.json()["error"]["code"] for a in answers if a.status_code == 401] == [
        "TOKEN_INVALID"
    ] * (RACERS - 1)


def test_refresh_and_logout_of_one_token_at_once_one_wins(hotel_a, racer):
    pair = pair_of(hotel_a, racer)

    answers = post_together(
        hotel_a.host,
        *[(REFRESH, {"refresh": pair["refresh"]}), (LOGOUT, {"refresh": pair["refresh"]})] * 3,
    )

    won = [a for a in answers if a.status_code in {200, 204}]
    assert len(won) == 1
    assert error_codes([a for a in answers if a not in won]) == ["TOKEN_INVALID"] * 5
    with tenant_context(hotel_a.hotel):
        issued = OutstandingToken.objects.filter(user=racer).count()
    assert issued == (2 if won[0].status_code == 200 else 1)
