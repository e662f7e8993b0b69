from decimal import Decimal

from django.db import migrations

PLANS = [
    {"code": "starter", "name": "Starter", "monthly_price": Decimal("49.00"), "max_rooms": 20, "is_default": True},
    {"code": "professional", "name": "Professional", "monthly_price": Decimal("149.00"), "max_rooms": 100, "is_default": False},
    {"code": "enterprise", "name": "Enterprise", "monthly_price": Decimal("399.00"), "max_rooms": None, "is_default": False},
]


def create_plans(apps, schema_editor):
    Plan = apps.get_model("tenancy", "Plan")
    for plan in PLANS:
        Plan.objects.update_or_create(code=plan["code"], defaults=plan)


def remove_plans(apps, schema_editor):
    apps.get_model("tenancy", "Plan").objects.filter(code__in=[p["code"] for p in PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]
    operations = [migrations.RunPython(create_plans, remove_plans)]
