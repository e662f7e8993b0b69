"""The outbox in the hotel admin: the list with each event's state, filters by state and
topic, a read-only detail with the payload, and "Retry now" through the service of the
`outbox_retry` command (audited); only owners and managers see it, and each hotel sees
its own events only."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.events.models import ConsumedEvent, OutboxEvent
from tests.reservations.test_admin import signed_in

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/events/outboxevent/"


@pytest.fixture
def outbox(hotel_a) -> dict[str, OutboxEvent]:  # type: ignore[no-untyped-def]
    """One event in each state, in hotel A."""
    now = timezone.now()
    with tenant_context(hotel_a.hotel):

        def event(code: str, topic: str, **fields: object) -> OutboxEvent:
            return OutboxEvent.objects.create(
                topic=topic,
                aggregate="reservation",
                aggregate_id=code,
                payload={"status": "confirmed", "stay_ids": [7]},
                **fields,
            )

        made = {
            "pending": event("OUTPEN", "reservation.created"),
            "failing": event(
                "OUTFAI",
                "reservation.cancelled",
                attempts=3,
                next_attempt_at=now + timedelta(minutes=4),
                last_error="webhooks: TimeoutError: the endpoint did not answer\nmore",
            ),
            "parked": event(
                "OUTPAR",
                "reservation.cancelled",
                attempts=10,
                parked_at=now,
                last_error="payments: KeyError: 'amount'",
            ),
            "delivered": event("OUTDEL", "room.assigned", attempts=0, dispatched_at=now),
        }
        ConsumedEvent.objects.create(consumer="tests.mailer", event=made["delivered"])
        return made


def test_the_list_shows_each_events_state_and_filters_by_state_and_topic(
    hotel_a, make_staff, outbox
):
    browser = signed_in(hotel_a, make_staff(hotel_a, "manager"))
    listed = browser.get(CHANGELIST)
    assert listed.status_code == 200
    page = listed.content.decode()
    for code in ("OUTPEN", "OUTFAI", "OUTPAR", "OUTDEL"):
        assert f"reservation {code}" in page
    for state in ("Pending", "Failing (backing off)", "Parked (attempts exhausted)", "Delivered"):
        assert f'<td class="field-state">{state}</td>' in page
    assert "webhooks: TimeoutError: the endpoint did not answer" in page
    assert "more" not in page.split("webhooks: TimeoutError")[1].split("</td>")[0]

    for query, shown in [
        ({"state": "pending"}, {"OUTPEN"}),
        ({"state": "failing"}, {"OUTFAI"}),
        ({"state": "parked"}, {"OUTPAR"}),
        ({"state": "delivered"}, {"OUTDEL"}),
        ({"topic": "reservation.cancelled"}, {"OUTFAI", "OUTPAR"}),
        ({"topic": "reservation.cancelled", "state": "parked"}, {"OUTPAR"}),
        ({"q": "OUTDEL"}, {"OUTDEL"}),
    ]:
        page = browser.get(CHANGELIST, query).content.decode()
        listed_codes = {c for c in ("OUTPEN", "OUTFAI", "OUTPAR", "OUTDEL") if c in page}
        assert listed_codes == shown, query


def test_the_detail_is_read_only_with_the_payload_and_its_consumers(hotel_a, owner_of, outbox):
    browser = signed_in(hotel_a, owner_of(hotel_a))
    delivered = outbox["delivered"]
    detail = browser.get(f"{CHANGELIST}{delivered.pk}/change/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert (
        "<pre>{\n  &quot;status&quot;: &quot;confirmed&quot;,\n  &quot;stay_ids&quot;: [\n    7\n"
        "  ]\n}</pre>"
    ) in page
    assert "tests.mailer" in page
    assert 'name="_save"' not in page  # nothing to save: read only
    with tenant_context(hotel_a.hotel):
        before = list(OutboxEvent.objects.values_list("topic", "dispatched_at").order_by("id"))
    edited = browser.post(f"{CHANGELIST}{delivered.pk}/change/", {"topic": "x"})
    assert edited.status_code == 403
    assert browser.get(f"{CHANGELIST}add/").status_code == 403
    assert browser.post(f"{CHANGELIST}{delivered.pk}/delete/", {"post": "yes"}).status_code == 403
    with tenant_context(hotel_a.hotel):
        after = list(OutboxEvent.objects.values_list("topic", "dispatched_at").order_by("id"))
    assert after == before


def test_retry_now_makes_parked_and_failing_events_due_audited(hotel_a, make_staff, outbox):
    manager = make_staff(hotel_a, "manager")
    browser = signed_in(hotel_a, manager)
    chosen = [outbox[state].pk for state in ("failing", "parked", "delivered", "pending")]
    response = browser.post(
        CHANGELIST, {"action": "retry_now", "_selected_action": chosen}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 event(s) due again: the relay takes them now." in page
    assert "2 event(s) left alone: only parked or failing events are retried" in page
    with tenant_context(hotel_a.hotel):
        rows = {
            e.aggregate_id: (e.attempts, e.next_attempt_at, e.parked_at, e.dispatched_at is None)
            for e in OutboxEvent.objects.all()
        }
        assert rows["OUTFAI"] == (0, None, None, True)
        assert rows["OUTPAR"] == (0, None, None, True)
        assert rows["OUTPEN"] == (0, None, None, True)
        assert rows["OUTDEL"][3] is False
        audits = [
            (a.target_id, a.actor_id, a.data["was"], a.data["attempts"])
            for a in AuditEvent.objects.filter(action="outbox.retried").order_by("id")
        ]
        assert audits == [
            (str(outbox["failing"].pk), manager.user.pk, "failing", 3),
            (str(outbox["parked"].pk), manager.user.pk, "parked", 10),
        ]


@pytest.mark.parametrize("role", ["front_desk", "housekeeping", "accountant"])
def test_other_roles_neither_see_nor_retry_the_outbox(hotel_a, make_staff, outbox, role):
    browser = signed_in(hotel_a, make_staff(hotel_a, role))
    assert browser.get(CHANGELIST).status_code == 403
    assert browser.get(f"{CHANGELIST}{outbox['parked'].pk}/change/").status_code == 403
    refused = browser.post(
        CHANGELIST, {"action": "retry_now", "_selected_action": [outbox["parked"].pk]}
    )
    assert refused.status_code == 403
    assert "/admin/events/" not in browser.get("/admin/").content.decode()
    with tenant_context(hotel_a.hotel):
        assert OutboxEvent.objects.get(pk=outbox["parked"].pk).parked_at is not None
        assert not AuditEvent.objects.filter(action="outbox.retried").exists()


def test_another_hotel_sees_none_of_hotel_as_events(hotel_a, hotel_b, make_staff, outbox):
    browser = signed_in(hotel_b, make_staff(hotel_b, "manager"))
    listed = browser.get(CHANGELIST)
    assert listed.status_code == 200
    page = listed.content.decode()
    assert not any(code in page for code in ("OUTPEN", "OUTFAI", "OUTPAR", "OUTDEL"))
    with tenant_context(hotel_b.hotel):
        assert not OutboxEvent.objects.filter(pk=outbox["parked"].pk).exists()
    detail = browser.get(f"{CHANGELIST}{outbox['parked'].pk}/change/")
    assert detail.status_code == 302  # "does not exist" in this hotel
    browser.post(CHANGELIST, {"action": "retry_now", "_selected_action": [outbox["parked"].pk]})
    with tenant_context(hotel_a.hotel):
        assert OutboxEvent.objects.get(pk=outbox["parked"].pk).parked_at is not None


def test_the_command_retries_failing_events_with_failing(hotel_a, outbox):
    out = StringIO()
    call_command("outbox_retry", "--schema", hotel_a.schema, stdout=out)
    assert out.getvalue().splitlines() == [
        f"{hotel_a.schema}: 1 event(s) due again",
        "1 parked event(s) due again",
    ]
    with tenant_context(hotel_a.hotel):
        assert OutboxEvent.objects.get(aggregate_id="OUTFAI").next_attempt_at is not None
    out = StringIO()
    call_command("outbox_retry", "--schema", hotel_a.schema, "--failing", stdout=out)
    assert out.getvalue().splitlines()[0] == f"{hotel_a.schema}: 1 event(s) due again"
    with tenant_context(hotel_a.hotel):
        failing = OutboxEvent.objects.get(aggregate_id="OUTFAI")
        assert (failing.attempts, failing.next_attempt_at) == (0, None)
        assert list(
            AuditEvent.objects.filter(action="outbox.retried")
            .order_by("id")
            .values_list("actor_id", "data__was")
        ) == [(None, "parked"), (None, "failing")]
