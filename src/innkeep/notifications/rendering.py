"""Templates rendered in a sandbox that can read only the documented variables.

Jinja2's `SandboxedEnvironment`, tightened further:
- the context is plain data (dicts, lists, strings, numbers) built by `context_for()`, never a
  model: a template cannot reach the database or another hotel's anything;
- no attribute or method of those values is reachable (`is_safe_attribute` is always False):
  `{{ guest.first_name }}` reads a documented key, `{{ guest.items() }}` is refused; Jinja's
  filters (`upper`, `default`, `join`, ...) do what methods would;
- no include, import, extends (refused when the template is parsed), no loader, no globals;
- an undefined variable is an error (`StrictUndefined`), never an empty string.
The variables are listed in `VARIABLES` and in docs/messages.md; a test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, translation
from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import SandboxedEnvironment

# name -> what it is. Lists hold dicts with the keys given after "of".
VARIABLES: dict[str, str] = {
    "hotel.name": "The hotel's name",
    "hotel.email": "The hotel's email address (empty when none is set)",
    "hotel.phone": "The hotel's phone number",
    "hotel.website": "The hotel's website",
    "hotel.address": "Street, postal code and city on one line",
    "hotel.check_in_time": "Check-in from, e.g. 15:00",
    "hotel.check_out_time": "Check-out until, e.g. 11:00",
    "guest.first_name": "The booker's first name",
    "guest.last_name": "The booker's last name",
    "guest.name": "First and last name",
    "reservation.code": "The confirmation code, e.g. K7M2QX",
    "reservation.status": "confirmed, cancelled, checked_in, ...",
    "reservation.arrival": "First arrival date, written out in the message's language",
    "reservation.departure": "Last departure date, written out in the message's language",
    "reservation.arrival_iso": "First arrival date, YYYY-MM-DD",
    "reservation.departure_iso": "Last departure date, YYYY-MM-DD",
    "reservation.nights": "Nights from first arrival to last departure",
    "reservation.total": "The amount to pay, e.g. 257.50",
    "reservation.currency": "ISO 4217 code, e.g. EUR",
    "reservation.cancellation_fee": "The fee charged on cancellation (empty when none)",
    "reservation.special_requests": "What the guest asked for",
    "reservation.room_types": "The room types booked, comma separated, e.g. Double, Single",
    "reservation.rooms": (
        "List of the rooms booked, each with room_type, arrival, departure, adults, children"
    ),
    "links.site": "The hotel's booking site",
    "links.review": "Where to leave a review (the hotel's website until reviews exist)",
}


class _Sandbox(SandboxedEnvironment):
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Only keys of the context's dicts (documented above) are readable. With no attribute
        # reachable there is nothing to call either: the context holds no callables.
        return False


def _environment(*, html: bool) -> _Sandbox:
    env = _Sandbox(
        undefined=StrictUndefined, autoescape=html, loader=None, keep_trailing_newline=True
    )
    env.globals.clear()  # no range(), dict(), lipsum(), cycler(): the context is all there is
    return env


_TEXT = _environment(html=False)
_HTML = _environment(html=True)
_REFUSED = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


class TemplateRenderError(ValueError):
    """A template that cannot render: bad syntax, an unknown variable, a refused tag."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body_text: str
    body_html: str


def render_string(source: str, context: dict[str, Any], *, html: bool = False) -> str:
    env = _HTML if html else _TEXT
    try:
        tree = env.parse(source)
        for node in tree.find_all(_REFUSED):
            raise TemplateRenderError(
                f"line {node.lineno}: {type(node).__name__.lower()} is not allowed in a message"
            )
        return env.from_string(tree).render(context)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"line {line}: " if line else ""
        raise TemplateRenderError(f"{where}{exc.message or type(exc).__name__}") from exc


def render(*, subject: str, body_text: str, body_html: str, context: dict[str, Any]) -> Rendered:
    return Rendered(
        # one line, whatever the template's line breaks (a header cannot hold them)
        subject=" ".join(render_string(subject, context).split()),
        body_text=render_string(body_text, context),
        body_html=render_string(body_html, context, html=True) if body_html else "",
    )


def validate_template(*, channel: str, subject: str, body_text: str, body_html: str) -> None:
    """Render the parts against the sample reservation in every language's formatting;
    raise ValidationError (by field) with the renderer's message when one fails."""
    errors: dict[str, str] = {}
    if channel != "email" and body_html:
        errors["body_html"] = "Only an email has an HTML body."
    if channel == "email" and not subject.strip():
        errors["subject"] = "An email needs a subject."
    for field, source, html in [
        ("subject", subject, False),
        ("body_text", body_text, False),
        ("body_html", body_html, True),
    ]:
        if field in errors or not source:
            continue
        for context in (sample_context(cancelled=False), sample_context(cancelled=True)):
            try:
                render_string(source, context, html=html)
            except TemplateRenderError as exc:
                errors[field] = str(exc)
                break
    if errors:
        raise ValidationError(errors)


def written_date(day: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def money(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}"


def sample_context(*, cancelled: bool = False, language: str = "en") -> dict[str, Any]:
    """What a template sees for a made-up reservation: the save-time check and the preview."""
    arrival, departure = date(2027, 3, 2), date(2027, 3, 4)
    return build_context(
        hotel={
            "name": "Hotel Example",
            "email": "stay@hotel.example",
            "phone": "+34 912 345 678",
            "website": "https://hotel.example",
            "address": "Calle Mayor 1, 28013 Madrid",
            "check_in_time": "15:00",
            "check_out_time": "11:00",
        },
        guest={"first_name": "Ana", "last_name": "Ruiz"},
        reservation={
            "code": "K7M2QX",
            "status": "cancelled" if cancelled else "confirmed",
            "total": Decimal("257.50"),
            "currency": "EUR",
            "cancellation_fee": Decimal("100.00") if cancelled else None,
            "special_requests": "A quiet room, please.",
        },
        rooms=[
            {
                "room_type": "Double",
                "arrival": arrival,
                "departure": departure,
                "adults": 2,
                "children": 0,
            },
        ],
        links={"site": "https://example.innkeep.test/", "review": "https://hotel.example"},
        language=language,
    )


def build_context(
    *,
    hotel: dict[str, str],
    guest: dict[str, str],
    reservation: dict[str, Any],
    rooms: list[dict[str, Any]],
    links: dict[str, str],
    language: str,
) -> dict[str, Any]:
    """The one shape of a template's context (VARIABLES), from plain values."""
    arrival = min(room["arrival"] for room in rooms)
    departure = max(room["departure"] for room in rooms)
    room_types = list(dict.fromkeys(room["room_type"] for room in rooms))
    return {
        "hotel": dict(hotel),
        "guest": {**guest, "name": f"{guest['first_name']} {guest['last_name']}".strip()},
        "reservation": {
            "code": reservation["code"],
            "status": reservation["status"],
            "arrival": written_date(arrival, language),
            "departure": written_date(departure, language),
            "arrival_iso": arrival.isoformat(),
            "departure_iso": departure.isoformat(),
            "nights": (departure - arrival).days,
            "total": money(reservation["total"]),
            "currency": reservation["currency"],
            "cancellation_fee": money(reservation["cancellation_fee"]),
            "special_requests": reservation["special_requests"],
            "room_types": ", ".join(room_types),
            "rooms": [
                {
                    "room_type": room["room_type"],
                    "arrival": written_date(room["arrival"], language),
                    "departure": written_date(room["departure"], language),
                    "adults": room["adults"],
                    "children": room["children"],
                }
                for room in rooms
            ],
        },
        "links": dict(links),
    }
