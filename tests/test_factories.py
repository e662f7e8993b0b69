"""Every model of the project has a factory, and what each factory makes by default is
valid: saved, and passing the model's own validation (`full_clean`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from innkeep.accounts.models import TokenPurpose
from innkeep.accounts.services import invitation_for_token, token_is_usable
from innkeep.properties.models import HotelProfile
from innkeep.tenancy.models import Domain, Hotel, PooledSchema
from tests import factories

pytestmark = pytest.mark.django_db

# Made by the signup service and the provisioning code only (see tests/factories/tenancy.py).
NO_FACTORY = {Hotel, Domain, PooledSchema}
PUBLIC_FACTORIES = [factories.PlanFactory]
FACTORIES = [
    getattr(factories, name)
    for name in factories.__all__
    if name.endswith("Factory") and getattr(factories, name) is not factories.HotelProfileFactory
]
TENANT_FACTORIES = [f for f in FACTORIES if f not in PUBLIC_FACTORIES]


def project_models() -> set[type[models.Model]]:
    return {model for model in apps.get_models() if model.__module__.startswith("innkeep.")}


def test_every_model_of_the_project_has_a_factory():
    with_factory = {f._meta.model for f in FACTORIES} | {HotelProfile}
    assert project_models() - NO_FACTORY == with_factory
    assert not with_factory & NO_FACTORY


def assert_saved_and_valid(*made: models.Model) -> None:
    assert len({obj.pk for obj in made}) == len(made)
    for obj in made:
        assert type(obj).objects.filter(pk=obj.pk).exists()
        obj.full_clean()


@pytest.mark.parametrize("model_factory", TENANT_FACTORIES, ids=lambda f: f.__name__)
def test_factory_makes_valid_rows_in_a_hotel_schema(hotel_a, model_factory):
    # twice: the unique fields of the second one (Sequence codes) do not clash
    with tenant_context(hotel_a.hotel):
        assert_saved_and_valid(model_factory(), model_factory())


@pytest.mark.parametrize("model_factory", PUBLIC_FACTORIES, ids=lambda f: f.__name__)
def test_public_factory_makes_valid_rows_in_the_public_schema(model_factory):
    with schema_context("public"):
        assert_saved_and_valid(model_factory(), model_factory())


def test_hotel_profile_factory_returns_the_one_profile_signup_made(hotel_a):
    with tenant_context(hotel_a.hotel):
        made_at_signup = HotelProfile.objects.get()
        assert factories.HotelProfileFactory().pk == made_at_signup.pk
        HotelProfile.objects.all().delete()
        made = factories.HotelProfileFactory()
        assert HotelProfile.objects.get().pk == made.pk
        assert (made.name, made.phone, made.currency) == ("Alpine Lodge", "+34612345678", "EUR")
        made.full_clean()


def test_rate_plans_made_for_a_price_or_a_stay_sell_its_room_type(hotel_a):
    with tenant_context(hotel_a.hotel):
        rate = factories.DailyRateFactory()
        stay = factories.StayFactory()
        assert list(rate.rate_plan.room_types.all()) == [rate.room_type]
        assert list(stay.rate_plan.room_types.all()) == [stay.room_type]
        assert stay.reservation.stays.get() == stay


def test_relations_given_are_used_and_not_made_again(hotel_a):
    with tenant_context(hotel_a.hotel):
        room_type = factories.RoomTypeFactory(code="DBL")
        plan = factories.RatePlanFactory(code="BAR", room_types=[room_type])
        promo = factories.PromoCodeFactory(rate_plans=[plan])
        rate = factories.DailyRateFactory(rate_plan=plan, room_type=room_type)
        room = factories.RoomFactory(room_type=room_type)
        assert list(promo.rate_plans.all()) == [plan]
        assert (rate.rate_plan, rate.room_type, room.room_type) == (plan, room_type, room_type)
        assert type(room_type).objects.count() == 1
        assert type(plan).objects.count() == 1


def test_tokens_and_invitations_store_the_hash_the_services_look_up(hotel_a):
    soon = timezone.now() + timedelta(hours=1)
    with tenant_context(hotel_a.hotel):
        factories.UserTokenFactory(raw="reset-me", expires_at=soon)
        invitation = factories.InvitationFactory(raw="join-us", expires_at=soon)
        assert token_is_usable(raw="reset-me", purpose=TokenPurpose.PASSWORD_RESET)
        assert not token_is_usable(raw="reset-you", purpose=TokenPurpose.PASSWORD_RESET)
        assert invitation_for_token(raw="join-us") == invitation


def test_users_sign_in_with_the_default_password(hotel_a):
    with tenant_context(hotel_a.hotel):
        user = factories.UserFactory()
        assert user.check_password(factories.DEFAULT_PASSWORD)
        assert user.email == user.email.lower()


def test_factories_build_without_saving(hotel_a):
    with tenant_context(hotel_a.hotel):
        stay = factories.StayFactory.build()
        assert (stay.pk, stay.reservation.pk, stay.room_type.pk) == (None, None, None)
        plan = factories.RatePlanFactory.build(room_types=[stay.room_type])
        assert plan.pk is None
    with tenant_context(hotel_a.hotel):
        assert not type(stay).objects.exists()
        assert not type(plan).objects.exists()
