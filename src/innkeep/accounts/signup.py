"""The owner's account, made by every signup (a step registered in AccountsConfig.ready())."""

from __future__ import annotations

from innkeep.accounts.models import Role
from innkeep.accounts.services import email_verification_send, user_create
from innkeep.tenancy.signup_steps import NewHotel


def create_owner(signup: NewHotel) -> None:
    owner = user_create(
        email=signup.owner_email,
        password=None,
        password_hash=signup.owner_password_hash,
        first_name=signup.owner_first_name.strip(),
        last_name=signup.owner_last_name.strip(),
        role=Role.OWNER,
    )
    email_verification_send(user=owner)
    signup.owner_id = owner.pk
