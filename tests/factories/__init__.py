"""factory-boy factories, one module per app, every one importable from here:
`from tests.factories import RoomTypeFactory, signup_data`.

Tenant models must be built inside the hotel's schema (the `in_hotel` fixture,
`tenant_context(hotel_a.hotel)` or `schema_context`); `PlanFactory` in the public one.
Factories write straight with the models: no audit rows, no calendar rows. Hotels are
signed up, never made by a factory (see tests/factories/tenancy.py).
"""

from tests.factories.accounts import (
    DEFAULT_PASSWORD,
    InvitationFactory,
    LoginAttemptFactory,
    UserFactory,
    UserTokenFactory,
)
from tests.factories.core import AuditEventFactory, IdempotencyRecordFactory
from tests.factories.events import ConsumedEventFactory, OutboxEventFactory
from tests.factories.inventory import InventoryDayFactory
from tests.factories.notifications import MessageFactory, MessageTemplateFactory
from tests.factories.properties import (
    ExtraFactory,
    HotelProfileFactory,
    RoomFactory,
    RoomTypeFactory,
    RoomTypePhotoFactory,
)
from tests.factories.rates import (
    CancellationPolicyFactory,
    DailyRateFactory,
    PromoCodeFactory,
    RatePlanFactory,
    RestrictionFactory,
    TaxRuleFactory,
)
from tests.factories.reservations import (
    PartyMemberFactory,
    QuoteFactory,
    ReservationEventFactory,
    ReservationFactory,
    RoomAssignmentFactory,
    StayExtraFactory,
    StayFactory,
)
from tests.factories.tenancy import SIGNUP, PlanFactory, signup_data

__all__ = [
    "DEFAULT_PASSWORD",
    "SIGNUP",
    "AuditEventFactory",
    "CancellationPolicyFactory",
    "ConsumedEventFactory",
    "DailyRateFactory",
    "ExtraFactory",
    "HotelProfileFactory",
    "IdempotencyRecordFactory",
    "InventoryDayFactory",
    "InvitationFactory",
    "LoginAttemptFactory",
    "MessageFactory",
    "MessageTemplateFactory",
    "OutboxEventFactory",
    "PartyMemberFactory",
    "PlanFactory",
    "PromoCodeFactory",
    "QuoteFactory",
    "RatePlanFactory",
    "ReservationEventFactory",
    "ReservationFactory",
    "RestrictionFactory",
    "RoomAssignmentFactory",
    "RoomFactory",
    "RoomTypeFactory",
    "RoomTypePhotoFactory",
    "StayExtraFactory",
    "StayFactory",
    "TaxRuleFactory",
    "UserFactory",
    "UserTokenFactory",
    "signup_data",
]
