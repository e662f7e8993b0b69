"""Templates render in a sandbox that reads only the documented variables; one that cannot
render is refused when it is saved, with the renderer's message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from innkeep.notifications.defaults import DEFAULTS, LANGUAGES
from innkeep.notifications.models import Channel, MessageTemplate, Trigger
from innkeep.notifications.rendering import (
    VARIABLES,
    TemplateRenderError,
    render,
    render_string,
    sample_context,
    validate_template,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "messages.md"


def leaves(context: dict, prefix: str = "") -> set[str]:  # type: ignore[type-arg]
    names: set[str] = set()
    for key, value in context.items():
        if isinstance(value, dict) and not prefix:
            names |= leaves(value, f"{key}.")
        else:
            names.add(f"{prefix}{key}")
    return names


def test_the_documented_variables_are_the_context_and_the_docs_table():
    assert leaves(sample_context()) == set(VARIABLES)
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", DOCS.read_text(), flags=re.MULTILINE))
    assert documented == set(VARIABLES)


def test_every_trigger_ships_in_english_and_spanish_and_renders():
    assert set(LANGUAGES) == {"en", "es"}
    assert set(DEFAULTS) == {
        (trigger, Channel.EMAIL, language) for trigger in Trigger for language in LANGUAGES
    }
    for template in DEFAULTS.values():
        validate_template(
            channel="email",
            subject=template.subject,
            body_text=template.body_text,
            body_html=template.body_html,
        )


def test_the_thank_you_carries_the_review_link():
    template = DEFAULTS[(Trigger.THANK_YOU, Channel.EMAIL, "en")]
    rendered = render(
        subject=template.subject,
        body_text=template.body_text,
        body_html=template.body_html,
        context=sample_context(),
    )
    assert rendered.subject == "Thank you for staying at Hotel Example"
    assert "how it went: https://hotel.example\n" in rendered.body_text


def test_dates_are_written_in_the_messages_language():
    assert render_string("{{ reservation.arrival }}", sample_context(language="es")) == (
        "2 de marzo de 2027"
    )
    assert render_string("{{ reservation.arrival }}", sample_context()) == "March 2, 2027"


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("Hi {{ guest.nickname }}", "'dict object' has no attribute 'nickname'"),
        ("Hi {{ guest_name }}", "'guest_name' is undefined"),
        ("{{ guest.items() }}", "access to attribute 'items' of 'dict' object is unsafe."),
        ("{{ hotel.__class__ }}", "access to attribute '__class__' of 'dict' object is unsafe."),
        ("{{ guest.name.upper() }}", "access to attribute 'upper' of 'str' object is unsafe."),
        ("{% for i in range(3) %}{% endfor %}", "'range' is undefined"),
        ("x\n{% include 'base.html' %}", "line 2: include is not allowed in a message"),
        ("{% import 'macros.html' as m %}", "line 1: import is not allowed in a message"),
        ("{% extends 'base.html' %}", "line 1: extends is not allowed in a message"),
        (
            "one\n{{ guest.name ",
            "line 2: unexpected end of template, expected 'end of print statement'.",
        ),
    ],
)
def test_the_sandbox_refuses(source, error):
    with pytest.raises(TemplateRenderError) as refused:
        render_string(source, sample_context())
    assert str(refused.value) == error


def test_filters_and_control_flow_work():
    source = (
        "{{ guest.name|upper }}{% for room in reservation.rooms %}"
        " {{ room.room_type }} x{{ room.adults }}{% endfor %}"
        "{% if reservation.cancellation_fee %} fee{% endif %}"
    )
    assert render_string(source, sample_context()) == "ANA RUIZ Double x2"


def test_html_is_escaped_and_text_is_not():
    context = sample_context()
    context["guest"]["name"] = "<b>Ana</b> & co"
    assert render_string("{{ guest.name }}", context, html=True) == (
        "&lt;b&gt;Ana&lt;/b&gt; &amp; co"
    )
    assert render_string("{{ guest.name }}", context) == "<b>Ana</b> & co"


def test_a_template_that_fails_only_when_cancelled_is_caught():
    with pytest.raises(ValidationError) as refused:
        validate_template(
            channel="email",
            subject="Booking",
            body_text="{% if reservation.status == 'cancelled' %}{{ fee }}{% endif %}",
            body_html="",
        )
    assert refused.value.message_dict == {"body_text": ["'fee' is undefined"]}


@pytest.mark.django_db
def test_a_template_that_cannot_render_is_refused_at_save_with_the_error(hotel_a):
    with tenant_context(hotel_a.hotel):
        template = MessageTemplate(
            trigger="confirmation",
            channel="email",
            language="de",
            subject="Ihre Buchung {{ reservation.kode }}",
            body_text="Hallo {{ guest.first_name }}\n{% include 'x' %}",
            body_html="<p>{{ guest.first_name }</p>",
        )
        with pytest.raises(ValidationError) as refused:
            template.full_clean()
        assert refused.value.message_dict == {
            "subject": ["'dict object' has no attribute 'kode'"],
            "body_text": ["line 2: include is not allowed in a message"],
            "body_html": ["line 1: unexpected '}'"],
        }
        template.subject = "Ihre Buchung {{ reservation.code }}"
        template.body_text = "Hallo {{ guest.first_name }}"
        template.body_html = "<p>{{ guest.first_name }}</p>"
        template.full_clean()
        template.save()
        assert MessageTemplate.objects.filter(language="de").count() == 1


def test_channels_without_html_or_subject_are_checked():
    with pytest.raises(ValidationError) as refused:
        validate_template(channel="sms", subject="", body_text="Hi", body_html="<p>Hi</p>")
    assert refused.value.message_dict == {"body_html": ["Only an email has an HTML body."]}
    with pytest.raises(ValidationError) as refused:
        validate_template(channel="email", subject=" ", body_text="Hi", body_html="")
    assert refused.value.message_dict == {"subject": ["An email needs a subject."]}
