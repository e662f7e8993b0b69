"""Writing hotels: signup/provisioning and status changes.

A signup makes the hotel's row, domain and schema here; what goes inside the schema (the
owner, the hotel profile) is made by the steps the apps above register in
`innkeep.tenancy.signup_steps`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Unpack

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone as dj_timezone
from django_tenants.utils import schema_context, tenant_context

from innkeep.core.errors import Conflict, ValidationFailed
from innkeep.core.on_commit import after_commit
from innkeep.core.tenants import activate_public
from innkeep.tenancy import errors
from innkeep.tenancy.models import HOTEL_TRANSITIONS, Domain, Hotel, Plan
from innkeep.tenancy.provisioning import provision_schema
from innkeep.tenancy.selectors import hotel_domain, schema_name_for
from innkeep.tenancy.signup_steps import NewHotel, signup_steps
from innkeep.tenancy.validation import Signup, signup_errors

logger = logging.getLogger(__name__)


class SubdomainTaken(Conflict):
    code = errors.SUBDOMAIN_TAKEN
    default_message = "This subdomain is already taken."


@dataclass(frozen=True)
class Provisioned:
    hotel: Hotel
    owner_id: int
    schema_source: str  # "pool" or "clone"


def hotel_signup(*, plan: Plan | None = None, **given: Unpack[Signup]) -> Provisioned:
    """Provision a hotel in one transaction: hotel row, domain, schema, then the signup
    steps (owner, profile).

    Any failure rolls all of it back, schema included (PostgreSQL DDL is transactional).
    Two signups for one subdomain: the unique index makes the second wait for the first
    and then fail with SUBDOMAIN_TAKEN.
    """
    given = {
        **given,
        "subdomain": given["subdomain"].strip().lower(),
        "currency": given["currency"].strip().upper(),
        "country": given["country"].strip().upper(),
    }
    problems = signup_errors(**given)
    if problems:
        raise ValidationFailed(problems)
    if Hotel.objects.filter(subdomain=given["subdomain"]).exists():
        raise SubdomainTaken(details={"subdomain": given["subdomain"]})

    # Hash before the transaction: the slow part then holds neither the pool row nor the
    # new subdomain's index entry.
    owner_password_hash = make_password(given["owner_password"])
    activate_public()
    with transaction.atomic():
        try:
            with transaction.atomic():
                hotel = Hotel.objects.create(
                    name=given["hotel_name"].strip(),
                    subdomain=given["subdomain"],
                    schema_name=schema_name_for(subdomain=given["subdomain"]),
                    timezone=given["timezone"],
                    currency=given["currency"],
                    country=given["country"],
                    plan=plan or Plan.objects.filter(is_default=True).first(),
                    trial_ends_at=dj_timezone.now() + timedelta(days=settings.SIGNUP_TRIAL_DAYS),
                )
                Domain.objects.create(
                    domain=hotel_domain(subdomain=given["subdomain"]), tenant=hotel, is_primary=True
                )
        except (IntegrityError, ValidationError):
            raise SubdomainTaken(details={"subdomain": given["subdomain"]}) from None
        source = provision_schema(target=hotel.schema_name)
        signup = NewHotel(
            hotel=hotel,
            owner_email=given["owner_email"],
            owner_password_hash=owner_password_hash,
            owner_first_name=given["owner_first_name"].strip(),
            owner_last_name=given["owner_last_name"].strip(),
        )
        with tenant_context(hotel):
            for step in signup_steps():
                step(signup)
        if signup.owner_id is None:
            raise ImproperlyConfigured("No signup step made the owner: is accounts installed?")
    after_commit(_refill_pool_later)
    logger.info("hotel provisioned", extra={"hotel": given["subdomain"], "schema_source": source})
    return Provisioned(hotel=hotel, owner_id=signup.owner_id, schema_source=source)


def _refill_pool_later() -> None:
    if settings.TENANT_POOL_SIZE <= 0:
        return
    from innkeep.tenancy.tasks import refill_schema_pool

    refill_schema_pool.delay()


def hotel_change_status(*, hotel: Hotel, status: str, actor: Any, reason: str = "") -> Hotel:
    """Move a hotel along its status table; the audit row (who, from, to, why) is written in
    the same transaction, in the public schema where hotels and platform operators live."""
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        return HOTEL_TRANSITIONS.move(hotel, to=status, actor=actor, reason=reason)
