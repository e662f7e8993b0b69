"""The hotel admin: the message log (read-only, by role) and the hotel's own templates, refused
at save with the renderer's message when they cannot render."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Role
from innkeep.core.models import AuditEvent
from innkeep.events.relay import relay_outbox
from innkeep.notifications.models import MessageTemplate
from tests.accounts.test_admin_roles import signed_in
from tests.reservations.helpers import book

pytestmark = pytest.mark.django_db

TEMPLATES = "/admin/notifications/messagetemplate/"
MESSAGES = "/admin/notifications/message/"


def template_form(**changes: str) -> dict[str, str]:
    return {
        "trigger": "welcome",
        "channel": "email",
        "language": "en",
        "subject": "Welcome, {{ guest.first_name }}",
        "body_text": "Your room is ready. Check-out until {{ hotel.check_out_time }}.",
        "body_html": "<p>Your room is ready.</p>",
        **changes,
    }


@pytest.mark.parametrize(
    ("role", "log", "templates", "add"),
    [
        (Role.MANAGER, 200, 200, 200),
        (Role.FRONT_DESK, 200, 200, 403),
        (Role.HOUSEKEEPING, 403, 403, 403),
        (Role.ACCOUNTANT, 403, 403, 403),
    ],
)
def test_the_pages_follow_the_role(hotel_a, make_staff, role, log, templates, add):
    browser = signed_in(hotel_a, make_staff(hotel_a, role))
    assert browser.get(MESSAGES).status_code == log
    assert browser.get(f"{MESSAGES}add/").status_code == 403  # nobody writes the log by hand
    assert browser.get(TEMPLATES).status_code == templates
    assert browser.get(f"{TEMPLATES}add/").status_code == add


def test_the_log_lists_what_went_out(hotel_a, owner_of, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book()
        relay_outbox()
        message = reservation.messages.get()
    browser = signed_in(hotel_a, owner_of(hotel_a))
    page = browser.get(MESSAGES).content.decode()
    assert "ana@guest.test" in page
    detail = browser.get(f"{MESSAGES}{message.pk}/change/").content.decode()
    assert f"reservation:{reservation.code}:confirmation:email" in detail


def test_a_template_that_cannot_render_is_refused_with_the_error(hotel_a, owner_of):
    browser = signed_in(hotel_a, owner_of(hotel_a))
    response = browser.post(
        f"{TEMPLATES}add/", template_form(body_text="Hello {{ guest.nick }}\n{{ links.wifi }}")
    )
    assert response.status_code == 200
    assert "&#x27;dict object&#x27; has no attribute &#x27;nick&#x27;" in response.content.decode()
    with tenant_context(hotel_a.hotel):
        assert MessageTemplate.objects.count() == 0


def test_a_good_template_is_saved_audited_and_previewed(hotel_a, owner_of):
    owner = owner_of(hotel_a)
    browser = signed_in(hotel_a, owner)
    response = browser.post(f"{TEMPLATES}add/", template_form())
    assert response.status_code == 302
    with tenant_context(hotel_a.hotel):
        template = MessageTemplate.objects.get()
        assert (template.trigger, template.language) == ("welcome", "en")
        event = AuditEvent.objects.get(action="messagetemplate.created")
        assert (event.actor_id, event.data) == (
            owner.user.pk,
            {"trigger": "welcome", "channel": "email", "language": "en"},
        )
    page = browser.get(f"{TEMPLATES}{template.pk}/change/").content.decode()
    assert "<strong>Welcome, Ana</strong>" in page
    assert "Check-out until 11:00." in page
