"""The admin pieces the apps share: services named by convention, one action per value, a
refusal per row as a message while the rest go on."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import messages

from innkeep.core.errors import Conflict, ValidationFailed
from innkeep.core.service_admin import (
    SavedThrough,
    action_with,
    error_text,
    for_each_reporting_refusals,
)


def _create(**kwargs: Any) -> str:
    return "created"


def _update(**kwargs: Any) -> str:
    return "updated"


def _delete(**kwargs: Any) -> str:
    return "deleted"


SERVICES = SimpleNamespace(widget_create=_create, widget_update=_update, widget_delete=_delete)


class MessageLog:
    def __init__(self) -> None:
        self.sent: list[tuple[str, int]] = []

    def message_user(self, request: Any, message: str, level: int = messages.INFO) -> None:
        self.sent.append((message, level))


def test_saved_through_named_finds_the_three_services_and_takes_the_noun_as_keyword():
    through = SavedThrough.named(SERVICES, "widget", fields=("name",))  # type: ignore[arg-type]
    assert (through.create, through.update, through.delete) == (_create, _update, _delete)
    assert through.instance == "widget"
    assert through.relations == ()
    shorter = SavedThrough.named(
        SERVICES,  # type: ignore[arg-type]
        "widget",
        fields=("name",),
        instance="w",
        relations=("tags",),
    )
    assert (shorter.instance, shorter.relations) == ("w", ("tags",))


def test_saved_through_named_fails_at_once_for_a_missing_service():
    with pytest.raises(AttributeError, match="gadget_create"):
        SavedThrough.named(SERVICES, "gadget", fields=())  # type: ignore[arg-type]


def test_error_text_spells_out_the_fields_of_a_validation_failure():
    failed = ValidationFailed({"code": ["Taken.", "Too long."], "name": ["Required."]})
    assert error_text(failed) == "code: Taken. Too long.; name: Required."
    assert error_text(Conflict("Not now.")) == "Not now."


def test_for_each_goes_on_past_a_refusal_and_names_the_refused_row():
    log, acted = MessageLog(), []

    def act(row: str) -> None:
        if row == "b":
            raise Conflict("Still in use.")
        acted.append(row)

    done = for_each_reporting_refusals(
        log,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        ["a", "b", "c"],
        act,
        label=str.upper,
    )
    assert done == 2
    assert acted == ["a", "c"]
    assert log.sent == [("B: Still in use.", messages.ERROR)]


def test_action_with_hands_the_selection_and_its_value_to_the_method():
    calls: list[tuple[Any, Any, str]] = []

    class Admin:
        def _move(self, request: Any, queryset: Any, value: str) -> None:
            calls.append((request, queryset, value))

        make_closed = action_with("_move", "closed", description="Close", permissions=["close"])

    Admin().make_closed("request", ["row"])  # type: ignore[call-arg]
    assert calls == [("request", ["row"], "closed")]
    assert Admin.make_closed.short_description == "Close"  # type: ignore[attr-defined]
    assert Admin.make_closed.allowed_permissions == ["close"]  # type: ignore[attr-defined]
