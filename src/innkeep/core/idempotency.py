"""Idempotency-Key support for API writes that a client may retry.

Same key + same body replays the first response (header `Idempotent-Replayed: true`);
same key + another body is 422 IDEMPOTENCY_KEY_REUSED; a retry while the first request is
still running is 409 IDEMPOTENCY_KEY_IN_PROGRESS. Responses of 5xx are not kept, so the
client may retry them. Keys are scoped per endpoint and per authenticated user.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from innkeep.core import errors
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


def claim(*, scope: str, key: str, fingerprint: str) -> IdempotencyRecord | None:
    """Take the key for this request. Returns None when this request owns it now, or the
    finished record to replay. Raises when the key is in use or was used for another body."""
    now = timezone.now()
    for _ in range(2):
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    scope=scope,
                    key=key,
                    fingerprint=fingerprint,
                    expires_at=now + timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS),
                )
            return None
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if existing is None:
                continue  # released between our insert and our read: try again
            if existing.expires_at <= now:
                IdempotencyRecord.objects.filter(pk=existing.pk).delete()
                continue
            if existing.fingerprint != fingerprint:
                raise IdempotencyKeyReused() from None
            if existing.status_code is None:
                raise IdempotencyKeyInProgress() from None
            return existing
    raise IdempotencyKeyInProgress()


def finish(*, scope: str, key: str, status_code: int, body: Any) -> None:
    records = IdempotencyRecord.objects.filter(scope=scope, key=key, status_code__isnull=True)
    if status_code >= 500:
        records.delete()
        return
    stored = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
    records.update(status_code=status_code, response_body=stored)
