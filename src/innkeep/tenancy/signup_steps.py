"""What a signup makes inside the new hotel's schema, besides tenancy's own rows.

The owner's account belongs to accounts and the hotel's profile to properties, both above
tenancy, which may not import them. Each of those apps registers its step here from its
AppConfig.ready(); `hotel_signup` runs the steps in the order the apps are installed, in the
new hotel's schema and inside the signup's transaction: a step that fails undoes the whole
signup, schema included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from innkeep.tenancy.models import Hotel


@dataclass
class NewHotel:
    """The hotel being signed up (its row saved, its schema active) and its owner as given."""

    hotel: Hotel
    owner_email: str
    owner_password_hash: str  # made before the transaction: the slow hash holds no lock
    owner_first_name: str
    owner_last_name: str
    owner_id: int | None = None  # set by the step that creates the owner


SignupStep = Callable[[NewHotel], None]

_STEPS: list[SignupStep] = []


def register_signup_step(step: SignupStep) -> None:
    if step not in _STEPS:
        _STEPS.append(step)


def signup_steps() -> tuple[SignupStep, ...]:
    return tuple(_STEPS)
