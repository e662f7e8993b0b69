"""The templates every hotel has until it writes its own (MessageTemplate rows override them),
in English and Spanish. Email only for now; SMS and WhatsApp come with their channels.

Each HTML body is the text's content in a small shared frame (`_html`)."""

from __future__ import annotations

from dataclasses import dataclass

from innkeep.notifications.models import Channel, Trigger

FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class DefaultTemplate:
    subject: str
    body_text: str
    body_html: str


_STAY_TEXT = {
    "en": (
        "Confirmation code: {{ reservation.code }}\n"
        "Arrival: {{ reservation.arrival }} (from {{ hotel.check_in_time }})\n"
        "Departure: {{ reservation.departure }} (until {{ hotel.check_out_time }})\n"
        "Rooms: {{ reservation.room_types }}\n"
        "Total: {{ reservation.total }} {{ reservation.currency }}\n"
    ),
    "es": (
        "Código de confirmación: {{ reservation.code }}\n"
        "Llegada: {{ reservation.arrival }} (desde las {{ hotel.check_in_time }})\n"
        "Salida: {{ reservation.departure }} (hasta las {{ hotel.check_out_time }})\n"
        "Habitaciones: {{ reservation.room_types }}\n"
        "Total: {{ reservation.total }} {{ reservation.currency }}\n"
    ),
}

_STAY_HTML = {
    "en": (
        "<table>"
        "<tr><th>Confirmation code</th><td>{{ reservation.code }}</td></tr>"
        "<tr><th>Arrival</th><td>{{ reservation.arrival }}"
        " (from {{ hotel.check_in_time }})</td></tr>"
        "<tr><th>Departure</th><td>{{ reservation.departure }}"
        " (until {{ hotel.check_out_time }})</td></tr>"
        "<tr><th>Rooms</th><td>{{ reservation.room_types }}</td></tr>"
        "<tr><th>Total</th><td>{{ reservation.total }} {{ reservation.currency }}</td></tr>"
        "</table>"
    ),
    "es": (
        "<table>"
        "<tr><th>Código de confirmación</th><td>{{ reservation.code }}</td></tr>"
        "<tr><th>Llegada</th><td>{{ reservation.arrival }}"
        " (desde las {{ hotel.check_in_time }})</td></tr>"
        "<tr><th>Salida</th><td>{{ reservation.departure }}"
        " (hasta las {{ hotel.check_out_time }})</td></tr>"
        "<tr><th>Habitaciones</th><td>{{ reservation.room_types }}</td></tr>"
        "<tr><th>Total</th><td>{{ reservation.total }} {{ reservation.currency }}</td></tr>"
        "</table>"
    ),
}

_SIGNATURE = {
    "en": "\nSee you soon,\n{{ hotel.name }}{% if hotel.phone %}\n{{ hotel.phone }}{% endif %}\n",
    "es": "\nHasta pronto,\n{{ hotel.name }}{% if hotel.phone %}\n{{ hotel.phone }}{% endif %}\n",
}

# (subject, opening paragraph, whether the stay's details follow)
_WORDS: dict[str, dict[str, tuple[str, str, bool]]] = {
    "en": {
        Trigger.CONFIRMATION: (
            "Your booking at {{ hotel.name }} is confirmed ({{ reservation.code }})",
            "Dear {{ guest.first_name }}, thank you for booking with us. Your stay is"
            " confirmed; the attached calendar file adds it to your calendar.",
            True,
        ),
        Trigger.MODIFICATION: (
            "Your booking {{ reservation.code }} at {{ hotel.name }} has changed",
            "Dear {{ guest.first_name }}, your booking has been changed. Here it is as it"
            " stands now.",
            True,
        ),
        Trigger.CANCELLATION: (
            "Your booking {{ reservation.code }} at {{ hotel.name }} is cancelled",
            "Dear {{ guest.first_name }}, your booking {{ reservation.code }} for"
            " {{ reservation.arrival }} has been cancelled."
            "{% if reservation.cancellation_fee %} A cancellation fee of"
            " {{ reservation.cancellation_fee }} {{ reservation.currency }} applies.{% endif %}",
            False,
        ),
        Trigger.PRE_ARRIVAL: (
            "See you soon at {{ hotel.name }}",
            "Dear {{ guest.first_name }}, we look forward to welcoming you on"
            " {{ reservation.arrival }}.",
            True,
        ),
        Trigger.WELCOME: (
            "Welcome to {{ hotel.name }}",
            "Dear {{ guest.first_name }}, welcome! We hope you enjoy your stay. Check-out is"
            " until {{ hotel.check_out_time }} on {{ reservation.departure }}.",
            False,
        ),
        Trigger.THANK_YOU: (
            "Thank you for staying at {{ hotel.name }}",
            "Dear {{ guest.first_name }}, thank you for staying with us. We would love to hear"
            " how it went: {{ links.review }}",
            False,
        ),
    },
    "es": {
        Trigger.CONFIRMATION: (
            "Su reserva en {{ hotel.name }} está confirmada ({{ reservation.code }})",
            "Estimado/a {{ guest.first_name }}, gracias por reservar con nosotros. Su estancia"
            " está confirmada; el archivo de calendario adjunto la añade a su calendario.",
            True,
        ),
        Trigger.MODIFICATION: (
            "Su reserva {{ reservation.code }} en {{ hotel.name }} ha cambiado",
            "Estimado/a {{ guest.first_name }}, su reserva ha sido modificada. Así queda ahora.",
            True,
        ),
        Trigger.CANCELLATION: (
            "Su reserva {{ reservation.code }} en {{ hotel.name }} está cancelada",
            "Estimado/a {{ guest.first_name }}, su reserva {{ reservation.code }} para el"
            " {{ reservation.arrival }} ha sido cancelada."
            "{% if reservation.cancellation_fee %} Se aplica un cargo por cancelación de"
            " {{ reservation.cancellation_fee }} {{ reservation.currency }}.{% endif %}",
            False,
        ),
        Trigger.PRE_ARRIVAL: (
            "Le esperamos pronto en {{ hotel.name }}",
            "Estimado/a {{ guest.first_name }}, será un placer recibirle el"
            " {{ reservation.arrival }}.",
            True,
        ),
        Trigger.WELCOME: (
            "Bienvenido/a a {{ hotel.name }}",
            "Estimado/a {{ guest.first_name }}, ¡bienvenido/a! Esperamos que disfrute de su"
            " estancia. La salida es hasta las {{ hotel.check_out_time }} del"
            " {{ reservation.departure }}.",
            False,
        ),
        Trigger.THANK_YOU: (
            "Gracias por alojarse en {{ hotel.name }}",
            "Estimado/a {{ guest.first_name }}, gracias por alojarse con nosotros. Nos encantaría"
            " conocer su opinión: {{ links.review }}",
            False,
        ),
    },
}


def _html(opening: str, stay: str, signature: str) -> str:
    lines = "<br>".join(line for line in signature.strip().split("\n"))
    return (
        '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">'
        f"<p>{opening}</p>{stay}<p>{lines}</p></body></html>"
    )


def _build() -> dict[tuple[str, str, str], DefaultTemplate]:
    shipped: dict[tuple[str, str, str], DefaultTemplate] = {}
    for language, words in _WORDS.items():
        for trigger, (subject, opening, with_stay) in words.items():
            stay_text = f"\n{_STAY_TEXT[language]}" if with_stay else ""
            shipped[(trigger, Channel.EMAIL, language)] = DefaultTemplate(
                subject=subject,
                body_text=f"{opening}\n{stay_text}{_SIGNATURE[language]}",
                body_html=_html(
                    opening, _STAY_HTML[language] if with_stay else "", _SIGNATURE[language]
                ),
            )
    return shipped


DEFAULTS = _build()
LANGUAGES = tuple(_WORDS)
