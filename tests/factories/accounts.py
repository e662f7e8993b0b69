"""Staff, their sign-in attempts and the links sent to them (hotel schema)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import factory

from innkeep.accounts.models import (
    Invitation,
    LoginAttempt,
    LoginChannel,
    Role,
    TokenPurpose,
    User,
    UserToken,
)

DEFAULT_PASSWORD = "correct-Horse-battery-9"
# Later than any clock the tests run at (the frozen 2027-03-01 or the real one): links and
# keys made by these factories are still valid. Pass `expires_at=` for an expired one.
EXPIRES_AT = datetime(2037, 1, 1, tzinfo=UTC)


def token_hash(raw: str) -> str:
    """What the services store for a raw token (only its hash is kept)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@hotel.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone = "+34612345678"
    role = Role.FRONT_DESK
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


class UserTokenFactory(factory.django.DjangoModelFactory):
    """`UserTokenFactory(raw="...")` stores the hash of that raw token, as the services do."""

    class Meta:
        model = UserToken

    class Params:
        raw = factory.Sequence(lambda n: f"raw-token-{n}")

    user = factory.SubFactory(UserFactory)
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.raw))
    purpose = TokenPurpose.PASSWORD_RESET
    expires_at = EXPIRES_AT


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation sent by an owner; `raw=` as for `UserTokenFactory`."""

    class Meta:
        model = Invitation

    class Params:
        raw = factory.Sequence(lambda n: f"raw-invitation-{n}")

    email = factory.Sequence(lambda n: f"invited{n}@hotel.test")
    role = Role.FRONT_DESK
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.raw))
    invited_by = factory.SubFactory(UserFactory, role=Role.OWNER)
    expires_at = EXPIRES_AT


class LoginAttemptFactory(factory.django.DjangoModelFactory):
    """A successful API sign-in of a user; `succeeded=False, reason=...` for a failed one."""

    class Meta:
        model = LoginAttempt

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "nobody@hotel.test")
    ip_address = "203.0.113.7"
    channel = LoginChannel.API
    succeeded = True
    reason = ""
