"""Idempotency-Key support for API writes that a client may retry.

Same key + same body replays the first response (header `Idempotent-Replayed: true`);
same key + another body is 422 IDEMPOTENCY_KEY_REUSED; a retry while the first request is
still running is 409 IDEMPOTENCY_KEY_IN_PROGRESS. Responses of 5xx are not kept, so the
client may retry them. A request that died without an answer holds its key only for
IDEMPOTENCY_LEASE_SECONDS. Keys are scoped per endpoint and per authenticated user.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from innkeep.core import clock, errors
from innkeep.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")


class IdempotencyKeyReused(errors.Unprocessable):
    code = errors.IDEMPOTENCY_KEY_REUSED
    default_message = "This Idempotency-Key was already used with a different request body."


class IdempotencyKeyInProgress(errors.Conflict):
    code = errors.IDEMPOTENCY_KEY_IN_PROGRESS
    default_message = "A request with this Idempotency-Key is still being processed."


class IdempotencyKeyInvalid(errors.InnkeepError):
    code = errors.IDEMPOTENCY_KEY_INVALID
    default_message = "Idempotency-Key must be 1 to 255 visible ASCII characters."


def body_fingerprint(raw: bytes) -> str:
    """JSON bodies are compared by content, not by spacing or key order."""
    try:
        canonical = json.dumps(json.loads(raw or b"null"), sort_keys=True, separators=(",", ":"))
        data = canonical.encode()
    except (ValueError, UnicodeDecodeError):
        data = raw
    return hashlib.sha256(data).hexdigest()


def _lease() -> timedelta:
    return timedelta(seconds=settings.IDEMPOTENCY_LEASE_SECONDS)


def claim(*, scope: str, key: str, fingerprint: str) -> IdempotencyRecord:
    """Take the key for this request. Returns the record: unfinished (`status_code` None)
    when this request holds it now (finish it with `finish(record=...)`), or finished, to
    replay. Raises when another live request holds the key or it was used for another body.

    A key whose request died mid-way is held until its lease ends; then the next retry
    takes it over (a conditional update, so of several retries exactly one does)."""
    for _ in range(3):
        now = clock.now()
        owner = uuid.uuid4().hex
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    scope=scope,
                    key=key,
                    fingerprint=fingerprint,
                    expires_at=now + timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS),
                    owner=owner,
                    lease_expires_at=now + _lease(),
                )
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if existing is None:
                continue  # released between our insert and our read: try again
            if existing.expires_at <= now:
                IdempotencyRecord.objects.filter(pk=existing.pk).delete()
                continue
            if existing.fingerprint != fingerprint:
                raise IdempotencyKeyReused() from None
            if existing.status_code is not None:
                return existing
            if existing.lease_expires_at > now:
                raise IdempotencyKeyInProgress() from None
            taken = IdempotencyRecord.objects.filter(
                pk=existing.pk,
                owner=existing.owner,
                status_code__isnull=True,
                lease_expires_at__lte=now,
            ).update(owner=owner, lease_expires_at=now + _lease())
            if taken:
                existing.owner, existing.lease_expires_at = owner, now + _lease()
                return existing
    raise IdempotencyKeyInProgress()


def finish(*, record: IdempotencyRecord, status_code: int, body: Any) -> None:
    """Keep the answer of the request that holds `record` (a 5xx frees the key instead).
    A request whose lease was taken over finds nothing to finish: the retry's answer wins."""
    held = IdempotencyRecord.objects.filter(
        pk=record.pk, owner=record.owner, status_code__isnull=True
    )
    if status_code >= 500:
        held.delete()
        return
    stored = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
    held.update(status_code=status_code, response_body=stored)
