"""The outbox in the hotel admin: what was announced, and what is stuck. A list with each
event's state (pending, failing, parked, delivered), filtered by state and topic; a
read-only detail with the payload and the consumers that took it; and "Retry now" for
parked or failing events, through the service the `outbox_retry` command runs. Seeing it
needs `events.view_outboxevent`, retrying `events.retry_outboxevent` (roles, via has_perm).
Events are written by the services and handed on by the relay, never edited here."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from innkeep.core.admin_sites import ViewOnlyAdmin, ViewOnlyInline, hotel_admin_site
from innkeep.events.models import ConsumedEvent, OutboxEvent
from innkeep.events.services import outbox_retry

# Each state as a condition, in the order the admin offers them.
STATES: dict[str, tuple[str, Q]] = {
    "pending": (
        "Pending",
        Q(dispatched_at__isnull=True, parked_at__isnull=True, next_attempt_at__isnull=True),
    ),
    "failing": (
        "Failing (backing off)",
        Q(dispatched_at__isnull=True, parked_at__isnull=True, next_attempt_at__isnull=False),
    ),
    "parked": (
        "Parked (attempts exhausted)",
        Q(dispatched_at__isnull=True, parked_at__isnull=False),
    ),
    "delivered": ("Delivered", Q(dispatched_at__isnull=False)),
}


def state_of(event: OutboxEvent) -> str:
    if event.dispatched_at is not None:
        return "delivered"
    if event.parked_at is not None:
        return "parked"
    return "failing" if event.next_attempt_at is not None else "pending"


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(key, label) for key, (label, _) in STATES.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        picked = STATES.get(self.value() or "")
        return queryset if picked is None else queryset.filter(picked[1])


class ConsumedInline(ViewOnlyInline):
    model = ConsumedEvent
    view_permission = "events.view_outboxevent"
    fields = ["consumer", "consumed_at"]
    readonly_fields = fields  # type: ignore[assignment]
    verbose_name_plural = "Taken by consumers (idempotent ones record it)"


@admin.register(OutboxEvent, site=hotel_admin_site)
class OutboxEventAdmin(ViewOnlyAdmin):
    list_display = [
        "id",
        "topic",
        "about",
        "created_at",
        "state",
        "attempts",
        "next_attempt_at",
        "error_line",
    ]
    list_filter = [StateFilter, "topic"]
    search_fields = ["aggregate_id"]
    search_help_text = "The aggregate's id: a confirmation code, a room id."
    ordering = ["-id"]
    actions = ["retry_now"]
    inlines = [ConsumedInline]
    fields = [
        "id",
        "topic",
        "aggregate",
        "aggregate_id",
        "state",
        "created_at",
        "dispatched_at",
        "attempts",
        "next_attempt_at",
        "parked_at",
        "last_error",
        "payload_shown",
    ]
    readonly_fields = fields  # type: ignore[assignment]

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.retry_outboxevent")

    @admin.display(description="About")
    def about(self, event: OutboxEvent) -> str:
        return f"{event.aggregate} {event.aggregate_id}"

    @admin.display(description="State")
    def state(self, event: OutboxEvent) -> str:
        return STATES[state_of(event)][0]

    @admin.display(description="Last error")
    def error_line(self, event: OutboxEvent) -> str:
        first = event.last_error.splitlines()[0] if event.last_error else ""
        return first if len(first) <= 120 else first[:119] + "…"

    @admin.display(description="Payload")
    def payload_shown(self, event: OutboxEvent) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, indent=2, sort_keys=True))

    @admin.action(description="Retry now (parked or failing events)", permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxEvent]) -> None:
        chosen = list(queryset.values_list("id", flat=True))
        count = outbox_retry(event_ids=chosen, failing=True, actor=request.user)
        if count:
            self.message_user(request, f"{count} event(s) due again: the relay takes them now.")
        if len(chosen) > count:
            self.message_user(
                request,
                f"{len(chosen) - count} event(s) left alone: only parked or failing events are "
                "retried (delivered and pending ones need nothing).",
                messages.WARNING,
            )
