from __future__ import annotations

import re
from pathlib import Path

import pytest

from innkeep.accounts.roles import AREA_NAMES, ROLE_PERMISSIONS, role_table_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def test_roles_doc_shows_the_table_the_code_enforces():
    text = DOC.read_text()
    table = re.search(r"<!-- roles-table:start -->\n(.*)\n<!-- roles-table:end -->", text, re.S)
    assert table is not None
    assert table.group(1) == role_table_markdown()


def test_every_granted_permission_is_named_for_people():
    granted = set().union(*ROLE_PERMISSIONS.values())
    assert granted == set(AREA_NAMES)


@pytest.mark.django_db
def test_openapi_description_carries_the_role_table_and_access_per_operation(client, hotel_a):
    schema = client.get("/api/schema/?format=json", HTTP_HOST=hotel_a.host).json()
    assert role_table_markdown() in schema["info"]["description"]
    users = schema["paths"]["/api/v1/users/"]["get"]["description"]
    assert users.endswith("**Access:** `accounts.view_user` (owner, manager).")
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["description"]
    assert token.endswith("**Access:** public, no sign-in.")
