"""Errors to Sentry: Django, Celery and Redis integrations, tagged with the tenant schema and the
request id, and stripped of personal data before anything leaves the process.

Called by the production settings when SENTRY_DSN is set. What is never sent:
- request bodies, cookies, query strings (`?email=` is a real lookup parameter), the
  Authorization / Cookie / X-Forwarded-For headers, the user (ids included), client addresses;
- local variables of stack frames (they hold guests' names, which no pattern can recognise);
- email addresses and phone numbers anywhere else in the event (exception messages from
  PostgreSQL quote the offending row: `Key (email)=(ana@grand.test) already exists`).
The SDK's own default (`send_default_pii` unset, hence off) stays: users, cookies and client
addresses are not collected in the first place.
"""

from __future__ import annotations

import re
from typing import Any, cast

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger
from sentry_sdk.integrations.redis import RedisIntegration
from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

from innkeep.core.logging import REQUEST_LOGGER, current_request_id, current_schema

REDACTED = "[Filtered]"
# Keys whose values are personal data wherever they appear (request data, extra, contexts).
PII_KEYS = [
    "email",
    "owner_email",
    "booker",
    "guest",
    "party",
    "phone",
    "first_name",
    "last_name",
    "owner_first_name",
    "owner_last_name",
    "owner_password",
    "company",
    "address_line1",
    "address_line2",
    "postal_code",
    "special_requests",
    "notes",
]
# Request headers that carry credentials or the client's identity.
DROPPED_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "x-forwarded-for", "x-real-ip", "forwarded"}
)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# International numbers (E.164, as the app stores them, or written with spaces): a leading "+"
# keeps dates, amounts and ids out of it.
PHONE_RE = re.compile(r"\+\d[\d ().-]{6,}\d")


def _redact(value: Any) -> Any:
    """Email addresses and phone numbers replaced, recursively, in every string."""
    if isinstance(value, str):
        return PHONE_RE.sub(REDACTED, EMAIL_RE.sub(REDACTED, value))
    if isinstance(value, dict):
        return {key: _redact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(item) for item in value]
    return value


def _strip_request(request: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {key: request[key] for key in ("method", "url") if key in request}
    headers = request.get("headers")
    if isinstance(headers, dict):
        kept["headers"] = {
            name: value for name, value in headers.items() if name.lower() not in DROPPED_HEADERS
        }
    return kept


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """`before_send`: tag the event with its tenant and request, then remove personal data."""
    tags = event.get("tags")
    if not isinstance(tags, dict):
        tags = dict(tags or [])
    request_id = current_request_id()
    schema = current_schema()
    if request_id and "request_id" not in tags:
        tags["request_id"] = request_id
    if schema and "tenant" not in tags:
        tags["tenant"] = schema
    event["tags"] = tags

    event.pop("user", None)
    if isinstance(event.get("request"), dict):
        event["request"] = _strip_request(event["request"])
    for frame_holder in _frames(event):
        frame_holder.pop("vars", None)
    return _redact(event)


def _frames(event: dict[str, Any]) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = []
    for container in ("exception", "threads"):
        for value in (event.get(container) or {}).get("values", []) or []:
            frames.extend((value.get("stacktrace") or {}).get("frames", []) or [])
    return frames


def init_sentry(
    *,
    dsn: str,
    environment: str = "production",
    release: str | None = None,
    traces_sample_rate: float = 0.0,
    **options: Any,
) -> None:
    """Start the SDK. `options` reach sentry_sdk.init as they are (tests pass `transport`)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(monitor_beat_tasks=False),
            RedisIntegration(),
        ],
        traces_sample_rate=traces_sample_rate,
        max_request_body_size="never",
        include_local_variables=False,
        event_scrubber=EventScrubber(
            denylist=DEFAULT_DENYLIST + PII_KEYS,
            pii_denylist=DEFAULT_PII_DENYLIST,
            recursive=True,
        ),
        # The SDK types events as a TypedDict; scrub_event works on them as plain dicts.
        before_send=cast(Any, scrub_event),
        before_send_transaction=cast(Any, scrub_event),
        **options,
    )
    # One line per request is logged at ERROR for a 5xx: the exception itself is the event.
    ignore_logger(REQUEST_LOGGER)
