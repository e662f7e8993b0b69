"""Idempotency records and audit rows (in whichever schema is current)."""

from __future__ import annotations

import hashlib

import factory

from innkeep.core.models import AuditEvent, IdempotencyRecord
from tests.factories.accounts import EXPIRES_AT, UserFactory


class IdempotencyRecordFactory(factory.django.DjangoModelFactory):
    """A finished request (its answer kept for replays); `status_code=None` for one still in
    progress."""

    class Meta:
        model = IdempotencyRecord

    scope = factory.Sequence(lambda n: f"POST /api/v1/things/ user:{n}")
    key = factory.Sequence(lambda n: f"key-{n}")
    fingerprint = hashlib.sha256(b"{}").hexdigest()
    status_code = 201
    response_body = factory.LazyFunction(lambda: {"id": 1})
    expires_at = EXPIRES_AT


class AuditEventFactory(factory.django.DjangoModelFactory):
    """A change made by a member of staff. Real changes are audited by the services
    (`innkeep.core.audit.audit`); this one is for tests that read the trail."""

    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(UserFactory)
    action = "room_type.updated"
    target_type = "properties.roomtype"
    target_id = factory.Sequence(str)
    data = factory.LazyFunction(lambda: {"name": ["Double", "Double room"]})
