"""Two owners demoting each other at the same moment: exactly one succeeds (real threads,
real row locks, committed data)."""

from __future__ import annotations

import threading

from django.db import connection
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Role, User


def test_two_owners_demoting_each_other_at_once_leave_one_owner(committed, hotel_a):
    from innkeep.accounts.services import staff_update, user_create

    with tenant_context(hotel_a.hotel):
        first = User.objects.get(email=hotel_a.owner_email)
        second = user_create(email="second-owner@alpine.test", password=None, role=Role.OWNER)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(actor: User, target: User) -> None:
        with tenant_context(hotel_a.hotel):
            barrier.wait()
            try:
                staff_update(actor=actor, user=target, role=Role.MANAGER)
                outcomes.append("demoted")
            except Exception as exc:
                outcomes.append(type(exc).__name__)
            finally:
                connection.close()

    threads = [
        threading.Thread(target=demote, args=(first, second)),
        threading.Thread(target=demote, args=(second, first)),
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=20)
        assert sorted(outcomes) == ["LastOwner", "demoted"]
        with tenant_context(hotel_a.hotel):
            assert User.objects.filter(role=Role.OWNER, is_active=True).count() == 1
    finally:
        with tenant_context(hotel_a.hotel):
            User.objects.filter(pk=second.pk).delete()
            User.objects.filter(pk=first.pk).update(role=Role.OWNER, is_active=True)
