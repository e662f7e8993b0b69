"""factory-boy factories. Tenant models must be built inside the hotel's schema
(use the `in_hotel` fixture or `schema_context`)."""

from __future__ import annotations

import factory

from innkeep.accounts.models import Role, User

DEFAULT_PASSWORD = "correct-Horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@hotel.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.FRONT_DESK
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


SIGNUP = {
    "hotel_name": "Grand Hotel",
    "subdomain": "grand",
    "owner_email": "ana@grand.test",
    "owner_password": "a-long-Secret-2027",
    "owner_first_name": "Ana",
    "owner_last_name": "Ruiz",
    "timezone": "Europe/Madrid",
    "currency": "EUR",
    "country": "ES",
}


def signup_data(**overrides: object) -> dict[str, object]:
    return {**SIGNUP, **overrides}
