"""Bulk changes the way revenue managers work: one request sets a price or a restriction on
a date range and a set of weekdays, across several room types, in one statement."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from innkeep.core.audit import audit, audit_each
from innkeep.core.audited_update import AuditedRows, replacing
from innkeep.core.changes import name_and_code_problems, required_text, upper_code
from innkeep.core.dates import check_range, iso_weekdays
from innkeep.core.errors import Conflict, ValidationFailed
from innkeep.inventory.services import check_on_sale
from innkeep.properties.models import RoomType
from innkeep.properties.selectors import distinct_room_types, hotel_today
from innkeep.rates import errors
from innkeep.rates.catalogue import catalogue_changed
from innkeep.rates.models import (
    CancellationFee,
    CancellationPolicy,
    Guarantee,
    MealPlan,
    PromoCode,
    PromoKind,
    RatePlan,
    TaxKind,
    TaxRule,
)

RESTRICTION_FIELDS = ("min_stay", "max_stay", "closed", "closed_to_arrival", "closed_to_departure")


def rates_bulk_set(
    *,
    rate_plan: RatePlan,
    room_types: list[RoomType],
    date_from: date,
    date_to: date,
    weekdays: list[str] | None,
    price: Decimal,
    history: bool = False,
) -> int:
    """Set the price of `rate_plan` for each room type on each chosen date. Returns rows set.
    `history`: nights before today only, what the hotel charged then (an import of its past,
    the demo's year of reservations); the API never sets it."""
    if history:
        check_range(date_from, date_to)
        if date_to >= hotel_today():
            raise ValidationFailed({"date_to": ["History ends before today."]})
    else:
        check_on_sale(date_from=date_from, date_to=date_to)
    days = iso_weekdays(weekdays)
    if price < 0:
        raise ValidationFailed({"price": ["Must be zero or more."]})
    offered = set(rate_plan.room_types.values_list("id", flat=True))
    strangers = [rt.code for rt in room_types if rt.id not in offered]
    if strangers:
        raise ValidationFailed(
            {"room_types": [f"{rate_plan.code} is not sold for {', '.join(strangers)}."]}
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO rates_dailyrate (rate_plan_id, room_type_id, date, price)
            SELECT %s, rt, d::date, %s
              FROM unnest(%s::bigint[]) AS rt
             CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d
             WHERE EXTRACT(ISODOW FROM d)::int = ANY(%s)
            ON CONFLICT (rate_plan_id, room_type_id, date) DO UPDATE SET price = EXCLUDED.price
            """,
            [rate_plan.id, price, [rt.id for rt in room_types], date_from, date_to, days],
        )
        catalogue_changed()  # plain SQL sends no model signal
        return cursor.rowcount


def restrictions_bulk_set(
    *,
    room_types: list[RoomType],
    rate_plan: RatePlan | None,
    date_from: date,
    date_to: date,
    weekdays: list[str] | None,
    changes: dict[str, Any],
) -> int:
    """Set the given restriction fields (others keep their value, or their default on a new
    row) for each room type on each chosen date. Returns rows set."""
    check_on_sale(date_from=date_from, date_to=date_to)
    days = iso_weekdays(weekdays)
    fields = [f for f in RESTRICTION_FIELDS if f in changes]
    if not fields:
        raise ValidationFailed({"non_field_errors": ["Give at least one restriction to set."]})
    min_stay, max_stay = changes.get("min_stay"), changes.get("max_stay")
    if min_stay is not None and max_stay is not None and max_stay < min_stay:
        raise ValidationFailed({"max_stay": ["Must not be below min_stay."]})
    defaults = {
        "min_stay": None,
        "max_stay": None,
        "closed": False,
        "closed_to_arrival": False,
        "closed_to_departure": False,
    }
    values = {**defaults, **{f: changes[f] for f in fields}}
    columns = ", ".join(RESTRICTION_FIELDS)
    placeholders = ", ".join(["%s"] * len(RESTRICTION_FIELDS))
    updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in fields)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO rates_restriction (room_type_id, rate_plan_id, date, {columns})
            SELECT rt, %s, d::date, {placeholders}
              FROM unnest(%s::bigint[]) AS rt
             CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d
             WHERE EXTRACT(ISODOW FROM d)::int = ANY(%s)
            ON CONFLICT (room_type_id, rate_plan_id, date) DO UPDATE SET {updates}
            """,  # noqa: S608 (column names come from RESTRICTION_FIELDS)
            [
                rate_plan.id if rate_plan else None,
                *[values[f] for f in RESTRICTION_FIELDS],
                [rt.id for rt in room_types],
                date_from,
                date_to,
                days,
            ],
        )
        catalogue_changed()  # plain SQL sends no model signal
        return cursor.rowcount


# --- the staff API's writes: each in one transaction with its audit rows ----------------


class RatePlanInUse(Conflict):
    code = errors.RATE_PLAN_IN_USE
    default_message = (
        "This rate plan has prices, promo codes or reservations: deactivate it instead "
        "(active=false)."
    )


class CancellationPolicyInUse(Conflict):
    code = errors.CANCELLATION_POLICY_IN_USE
    default_message = "Rate plans use this cancellation policy: give them another one first."


class PromoCodeInUse(Conflict):
    code = errors.PROMO_CODE_IN_USE
    default_message = "This promo code has been used: deactivate it instead (active=false)."


def _not_sold_for(rate_plan: RatePlan, room_types: list[RoomType]) -> None:
    offered = set(rate_plan.room_types.values_list("id", flat=True))
    strangers = [rt.code for rt in room_types if rt.id not in offered]
    if strangers:
        raise ValidationFailed(
            {"room_types": [f"{rate_plan.code} is not sold for {', '.join(strangers)}."]}
        )


def rates_bulk_update(
    *,
    actor: Any,
    rate_plan: RatePlan,
    room_types: list[RoomType],
    date_from: date,
    date_to: date,
    weekdays: list[str] | None = None,
    price: Decimal,
    history: bool = False,
) -> int:
    """`rates_bulk_set` for a staff member: the same change, with its audit rows."""
    room_types = distinct_room_types(room_types)
    with transaction.atomic():
        updated = rates_bulk_set(
            rate_plan=rate_plan,
            room_types=room_types,
            date_from=date_from,
            date_to=date_to,
            weekdays=weekdays,
            price=price,
            history=history,
        )
        audit_each(
            actor=actor,
            action="rates.bulk_set",
            targets=room_types,
            data={
                "rate_plan": rate_plan.code,
                "date_from": date_from,
                "date_to": date_to,
                "weekdays": weekdays,
                "price": price,
            },
        )
    return updated


def restrictions_bulk_update(
    *,
    actor: Any,
    room_types: list[RoomType],
    rate_plan: RatePlan | None,
    date_from: date,
    date_to: date,
    weekdays: list[str] | None = None,
    changes: dict[str, Any],
) -> int:
    """`restrictions_bulk_set` for a staff member: a rate plan must sell the room types it
    restricts; the change writes its audit rows."""
    room_types = distinct_room_types(room_types)
    if rate_plan is not None:
        _not_sold_for(rate_plan, room_types)
    with transaction.atomic():
        updated = restrictions_bulk_set(
            room_types=room_types,
            rate_plan=rate_plan,
            date_from=date_from,
            date_to=date_to,
            weekdays=weekdays,
            changes=changes,
        )
        audit_each(
            actor=actor,
            action="restrictions.bulk_set",
            targets=room_types,
            data={
                "rate_plan": rate_plan.code if rate_plan else None,
                "date_from": date_from,
                "date_to": date_to,
                "weekdays": weekdays,
                "changes": {f: changes[f] for f in RESTRICTION_FIELDS if f in changes},
            },
        )
    return updated


# Cancellation policies


POLICY_FIELDS = ("name", "free_until_days", "fee_kind", "fee_percent")


def _policy_errors(policy: CancellationPolicy) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    policy.name = required_text(policy.name, "name", problems)
    if policy.fee_kind not in CancellationFee.values:
        problems["fee_kind"] = [f"Use {', '.join(CancellationFee.values)}."]
    if not Decimal(0) <= policy.fee_percent <= Decimal(100):
        problems["fee_percent"] = ["Must be between 0 and 100."]
    if policy.free_until_days is not None and policy.free_until_days < 0:
        problems["free_until_days"] = ["Must be zero or more (or null: non-refundable)."]
    return problems


CANCELLATION_POLICIES = AuditedRows("cancellation_policy", POLICY_FIELDS, _policy_errors)


def cancellation_policy_create(
    *,
    actor: Any,
    name: str,
    free_until_days: int | None = None,
    fee_kind: str = CancellationFee.PERCENT,
    fee_percent: Decimal = Decimal("100"),
) -> CancellationPolicy:
    policy = CancellationPolicy(
        name=name, free_until_days=free_until_days, fee_kind=fee_kind, fee_percent=fee_percent
    )
    return CANCELLATION_POLICIES.create(
        policy,
        actor=actor,
        record=lambda created: {"name": created.name, "describe": created.describe()},
    )


def cancellation_policy_update(
    *, actor: Any, policy: CancellationPolicy, changes: Mapping[str, Any]
) -> CancellationPolicy:
    return CANCELLATION_POLICIES.update(policy, actor=actor, changes=changes)


def cancellation_policy_delete(*, actor: Any, policy: CancellationPolicy) -> None:
    with transaction.atomic():
        policy = CancellationPolicy.objects.select_for_update().get(pk=policy.pk)
        plans = sorted(policy.rate_plans.values_list("code", flat=True))
        if plans:
            raise CancellationPolicyInUse(details={"rate_plans": plans})
        audit(
            actor=actor,
            action="cancellation_policy.deleted",
            target=policy,
            data={"name": policy.name},
        )
        policy.delete()


# Rate plans


RATE_PLAN_FIELDS = (
    "code",
    "name",
    "description",
    "meal_plan",
    "cancellation_policy",
    "guarantee",
    "deposit_percent",
    "active",
    "sort_order",
)
RATE_PLAN_CODE_TAKEN = "A rate plan with this code already exists."


def _rate_plan_errors(plan: RatePlan) -> dict[str, list[str]]:
    problems = name_and_code_problems(plan, taken=RATE_PLAN_CODE_TAKEN)
    if plan.meal_plan not in MealPlan.values:
        problems["meal_plan"] = [f"Use {', '.join(MealPlan.values)}."]
    if plan.guarantee not in Guarantee.values:
        problems["guarantee"] = [f"Use {', '.join(Guarantee.values)}."]
    if plan.guarantee == Guarantee.DEPOSIT:
        if plan.deposit_percent is None or not 0 < plan.deposit_percent <= 100:
            problems["deposit_percent"] = [
                "A deposit guarantee needs deposit_percent above 0 and at most 100."
            ]
    else:
        plan.deposit_percent = None  # only meaningful with a deposit
    return problems


RATE_PLANS = AuditedRows(
    "rate_plan", RATE_PLAN_FIELDS, _rate_plan_errors, unique=("code", RATE_PLAN_CODE_TAKEN)
)


def rate_plan_create(
    *,
    actor: Any,
    code: str,
    name: str,
    description: str = "",
    room_types: list[RoomType] | None = None,
    meal_plan: str = MealPlan.ROOM_ONLY,
    cancellation_policy: CancellationPolicy | None = None,
    guarantee: str = Guarantee.NONE,
    deposit_percent: Decimal | None = None,
    active: bool = True,
    sort_order: int = 0,
) -> RatePlan:
    plan = RatePlan(
        code=code.strip().upper(),
        name=name,
        description=description,
        meal_plan=meal_plan,
        cancellation_policy=cancellation_policy,
        guarantee=guarantee,
        deposit_percent=deposit_percent,
        active=active,
        sort_order=sort_order,
    )
    sold = distinct_room_types(room_types or [])
    return RATE_PLANS.create(
        plan,
        actor=actor,
        record=lambda created: {"code": created.code, "room_types": sorted(rt.code for rt in sold)},
        then=lambda created: created.room_types.set(sold),
    )


def rate_plan_update(
    *,
    actor: Any,
    rate_plan: RatePlan,
    changes: Mapping[str, Any],
    room_types: list[RoomType] | None = None,
) -> RatePlan:
    """Change a plan; `room_types` (when given) replaces the room types it sells. Prices
    already set for a room type it stops selling stay, unused, until it sells it again."""

    return RATE_PLANS.update(
        rate_plan,
        actor=actor,
        changes=upper_code(changes),
        related=replacing("room_types", room_types),
    )


def rate_plan_references(rate_plan: RatePlan) -> dict[str, Any]:
    found: dict[str, Any] = {
        "daily_rates": rate_plan.daily_rates.count(),
        "promo_codes": sorted(rate_plan.promo_codes.values_list("code", flat=True)),
        "stays": rate_plan.stays.count(),  # type: ignore[attr-defined]
    }
    return {key: value for key, value in found.items() if value}


def rate_plan_delete(*, actor: Any, rate_plan: RatePlan) -> None:
    """Delete a plan with no prices, promo codes or reservations (its restrictions go
    with it); otherwise 409 RATE_PLAN_IN_USE: deactivate it instead."""
    with transaction.atomic():
        plan = RatePlan.objects.select_for_update().get(pk=rate_plan.pk)
        references = rate_plan_references(plan)
        if references:
            raise RatePlanInUse(details={"references": references})
        audit(actor=actor, action="rate_plan.deleted", target=plan, data={"code": plan.code})
        plan.delete()


# Taxes


TAX_FIELDS = ("name", "kind", "amount", "applies_to_children", "active")


def _tax_errors(tax: TaxRule) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    tax.name = required_text(tax.name, "name", problems)
    if tax.kind not in TaxKind.values:
        problems["kind"] = [f"Use {', '.join(TaxKind.values)}."]
    if tax.amount < 0:
        problems["amount"] = ["Must be zero or more."]
    elif tax.kind == TaxKind.PERCENT and tax.amount > 100:
        problems["amount"] = ["A percentage is at most 100."]
    return problems


TAX_RULES = AuditedRows("tax_rule", TAX_FIELDS, _tax_errors)


def tax_rule_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    amount: Decimal,
    applies_to_children: bool = False,
    active: bool = True,
) -> TaxRule:
    tax = TaxRule(
        name=name,
        kind=kind,
        amount=amount,
        applies_to_children=applies_to_children,
        active=active,
    )
    return TAX_RULES.create(
        tax,
        actor=actor,
        record=lambda created: {
            "name": created.name,
            "kind": created.kind,
            "amount": str(created.amount),
        },
    )


def tax_rule_update(*, actor: Any, tax: TaxRule, changes: Mapping[str, Any]) -> TaxRule:
    return TAX_RULES.update(tax, actor=actor, changes=changes)


def tax_rule_delete(*, actor: Any, tax: TaxRule) -> None:
    """Reservations keep the taxes they were priced with."""
    with transaction.atomic():
        audit(actor=actor, action="tax_rule.deleted", target=tax, data={"name": tax.name})
        tax.delete()


# Promo codes


PROMO_FIELDS = ("code", "kind", "value", "valid_from", "valid_to", "usage_limit", "active")
PROMO_CODE_FORMAT = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
PROMO_CODE_TAKEN = "A promo code with this code already exists."


def _promo_errors(promo: PromoCode) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not PROMO_CODE_FORMAT.match(promo.code):
        problems["code"] = ["Use 1-32 letters, digits, '-' or '_'."]
    elif PromoCode.objects.filter(code=promo.code).exclude(pk=promo.pk).exists():
        problems["code"] = [PROMO_CODE_TAKEN]
    if promo.kind not in PromoKind.values:
        problems["kind"] = [f"Use {', '.join(PromoKind.values)}."]
    if promo.value <= 0:
        problems["value"] = ["Must be more than 0."]
    elif promo.kind == PromoKind.PERCENT and promo.value > 100:
        problems["value"] = ["A percentage is at most 100."]
    if promo.valid_from and promo.valid_to and promo.valid_to < promo.valid_from:
        problems["valid_to"] = ["Must be on or after valid_from."]
    if promo.usage_limit is not None and promo.usage_limit < promo.times_used:
        problems["usage_limit"] = [f"Already used {promo.times_used} times."]
    return problems


PROMO_CODES = AuditedRows(
    "promo_code", PROMO_FIELDS, _promo_errors, unique=("code", PROMO_CODE_TAKEN)
)


def promo_code_create(
    *,
    actor: Any,
    code: str,
    kind: str,
    value: Decimal,
    valid_from: date | None = None,
    valid_to: date | None = None,
    usage_limit: int | None = None,
    rate_plans: list[RatePlan] | None = None,
    active: bool = True,
) -> PromoCode:
    """A promo code, stored upper-case. No rate plans: it applies to every plan."""
    promo = PromoCode(
        code=code.strip().upper(),
        kind=kind,
        value=value,
        valid_from=valid_from,
        valid_to=valid_to,
        usage_limit=usage_limit,
        active=active,
    )
    plans = list({plan.pk: plan for plan in rate_plans or []}.values())
    return PROMO_CODES.create(
        promo,
        actor=actor,
        record=lambda created: {"code": created.code, "rate_plans": sorted(p.code for p in plans)},
        then=lambda created: created.rate_plans.set(plans),
    )


def promo_code_update(
    *,
    actor: Any,
    promo: PromoCode,
    changes: Mapping[str, Any],
    rate_plans: list[RatePlan] | None = None,
) -> PromoCode:

    return PROMO_CODES.update(
        promo, actor=actor, changes=upper_code(changes), related=replacing("rate_plans", rate_plans)
    )


def promo_code_delete(*, actor: Any, promo: PromoCode) -> None:
    with transaction.atomic():
        promo = PromoCode.objects.select_for_update().get(pk=promo.pk)
        if promo.times_used:
            raise PromoCodeInUse(details={"times_used": promo.times_used})
        audit(actor=actor, action="promo_code.deleted", target=promo, data={"code": promo.code})
        promo.delete()
