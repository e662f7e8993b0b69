"""Query-parameter filters of the staff list (innkeep.core.filters)."""

from __future__ import annotations

from innkeep.accounts.models import Role
from innkeep.core.filters import BooleanFilter, EnumFilter, FilterSet


class StaffFilter(FilterSet):
    role = EnumFilter(
        Role,
        field_name="role",
        message=f"Choose one of {', '.join(Role.values)}.",
        help_text="Only staff with this role.",
    )
    is_active = BooleanFilter(
        field_name="is_active", help_text="Only accounts that can sign in (true) or deactivated."
    )
