"""A database made before the sign-in lockout became delays gets the current label."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django_tenants.utils import schema_context

from innkeep.accounts.models import User

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "innkeep.accounts.migrations.0007_permission_labels_follow_the_model"
)


def test_old_labels_are_brought_to_the_models(hotel_a):  # type: ignore[no-untyped-def]
    with schema_context(hotel_a.schema):
        permission = Permission.objects.get(codename="unlock_user")
        permission.name = "Can lift a sign-in lockout"
        permission.save()

        migration.relabel(apps, None)

        permission.refresh_from_db()
        model_labels = dict(User._meta.permissions)
        assert permission.name == "Can clear sign-in delays" == model_labels["unlock_user"]
        assert set(migration.LABELS.items()) == set(model_labels.items())
