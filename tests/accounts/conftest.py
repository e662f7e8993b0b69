"""Staff of the session hotels, their tokens, and an eager mail pipeline."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Role, User
from innkeep.accounts.services import user_create
from innkeep.accounts.tokens import tokens_for
from innkeep.celery import app as celery_app

PASSWORD = "staff-Password-2027"


@dataclass
class Staff:
    user: User
    password: str
    access: str
    refresh: str

    @property
    def auth(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.access}"}


@pytest.fixture
def make_staff(db):  # type: ignore[no-untyped-def]
    """make_staff(hotel_a, "manager", email=...) -> Staff with a fresh token pair."""

    def make(test_hotel, role: str, email: str | None = None) -> Staff:  # type: ignore[no-untyped-def]
        with tenant_context(test_hotel.hotel):
            user = user_create(
                email=email or f"{role}@{test_hotel.hotel.subdomain}.test",
                password=PASSWORD,
                first_name=role.title(),
                last_name="Tester",
                role=role,
            )
            pair = tokens_for(user)
        return Staff(user=user, password=PASSWORD, access=pair["access"], refresh=pair["refresh"])

    return make


@pytest.fixture
def owner_of(db):  # type: ignore[no-untyped-def]
    """The signup owner of a session hotel, with a fresh token pair."""

    def get(test_hotel) -> Staff:  # type: ignore[no-untyped-def]
        with tenant_context(test_hotel.hotel):
            user = User.objects.get(email=test_hotel.owner_email)
            pair = tokens_for(user)
        return Staff(
            user=user,
            password=test_hotel.owner_password,
            access=pair["access"],
            refresh=pair["refresh"],
        )

    return get


@pytest.fixture
def delivering(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """`with delivering(): <request>` then read `mail.outbox`: the on-commit hooks of the
    block run at its end, and the real Celery email task runs in-process (eager) into
    Django's locmem outbox."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    mail.outbox.clear()

    def capture():  # type: ignore[no-untyped-def]
        return django_capture_on_commit_callbacks(execute=True)

    yield capture
    celery_app.conf.task_always_eager = previous


ALL_ROLES = frozenset(Role.values)


@pytest.fixture
def world(hotel_a, hotel_b, make_staff, owner_of):  # type: ignore[no-untyped-def]
    """One user of each role in hotel A, a target clerk, a pending invitation, one of each
    catalogue object, and the owner of hotel B (whose user id also exists in A)."""
    from tests.accounts.endpoints import build_world

    return build_world(hotel_a, hotel_b, make_staff, owner_of)
