"""Logs an on-call engineer can search: one line a request, every line tagged with its context.

- `RequestContextFilter` (on the console handler) puts `request_id` and `tenant` (the schema
  the code runs in: a hotel's, or `public`) on every record, whoever logged it: a view, a
  service, a Celery task (tenant-schemas-celery switches the schema before the task runs).
- `RequestLogMiddleware` (right after `RequestIdMiddleware`) writes one line per request on the
  `innkeep.request` logger: method, path (never the query string: it can hold an email),
  status, latency in ms, request id, tenant schema, user id and the client's address (as
  every throttle sees it: `core.client_address`, not the proxy's).
- `logging_config(fmt="json")` renders records as one JSON object a line (production);
  `fmt="plain"` as readable text (development).

This module is imported by the settings: it must not import Django models or touch settings
at import time.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

from innkeep.core.client_address import client_address

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

REQUEST_LOGGER = "innkeep.request"
# Load balancers and Docker call these every few seconds: logged at DEBUG only.
QUIET_PATHS = frozenset({"/healthz", "/healthz/", "/readyz", "/readyz/"})

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "innkeep_request_id", default=None
)


def current_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    return _request_id.get()


def current_schema() -> str | None:
    """The PostgreSQL schema the default connection points at, without querying it."""
    from django.apps import apps

    if not apps.ready:
        return None
    try:
        from django.db import connection

        return getattr(connection, "schema_name", None)
    except Exception:  # logging must never fail because of the database layer
        return None


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `tenant` to every record that does not carry them already."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        if getattr(record, "tenant", None) is None:
            record.tenant = current_schema()
        return True


class JsonFormatter(_BaseJsonFormatter):
    """`{"time": ..., "level": ..., "logger": ..., "message": ..., <extra fields>}`"""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s", **kwargs)


class ReadableFormatter(logging.Formatter):
    """`12:00:01 INFO innkeep.request GET / 200 3.1ms [req=ab12… tenant=hotel_alpine]`"""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        context = []
        request_id = getattr(record, "request_id", None)
        tenant = getattr(record, "tenant", None)
        if request_id:
            context.append(f"req={request_id[:12]}")
        if tenant:
            context.append(f"tenant={tenant}")
        if not context:
            return text
        first, newline, rest = text.partition("\n")
        return f"{first} [{' '.join(context)}]{newline}{rest}"


def logging_config(*, level: str = "INFO", fmt: str = "plain") -> dict[str, Any]:
    """The LOGGING setting. `fmt`: "json" (production) or "plain" (development)."""
    if fmt not in {"json", "plain"}:
        raise ValueError(f"LOG_FORMAT must be 'json' or 'plain', not {fmt!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "innkeep.core.logging.RequestContextFilter"}},
        "formatters": {
            "json": {"()": "innkeep.core.logging.JsonFormatter"},
            "plain": {"()": "innkeep.core.logging.ReadableFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # Our middleware writes the request line; Django's own would be a duplicate.
            "django.server": {"level": "WARNING"},
        },
    }


def _user_id(request: HttpRequest) -> int | str | None:
    """The signed-in user's id, only if something already loaded the user: logging must not
    add a session or user query to a request that did not need one."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)  # SimpleLazyObject: `empty` until evaluated
    if wrapped is None or not hasattr(wrapped, "is_authenticated"):
        return None
    return wrapped.pk if wrapped.is_authenticated else None


class RequestLogMiddleware:
    """One log line per request. Sits right after RequestIdMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.logger = logging.getLogger(REQUEST_LOGGER)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = getattr(request, "request_id", None)
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            latency_ms = round((time.perf_counter() - started) * 1000, 1)
            tenant = getattr(getattr(request, "tenant", None), "schema_name", None)
            if request.path in QUIET_PATHS:
                level = logging.DEBUG
            else:
                level = logging.ERROR if status >= 500 else logging.INFO
            self.logger.log(
                level,
                "%s %s %s %sms",
                request.method,
                request.path,
                status,
                latency_ms,
                extra={
                    "request_id": request_id,
                    "tenant": tenant,
                    "user_id": _user_id(request),
                    "client_ip": client_address(request),
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "latency_ms": latency_ms,
                },
            )
            _request_id.reset(token)
