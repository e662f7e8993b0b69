"""OpenAPI generation shared by every app: each field's schema says what the server takes and
answers, not only what drf-spectacular reads from the field's type.

- A decimal string's pattern follows the field's bounds: no minus sign when it cannot be
  negative, at least one digit (drf-spectacular's own pattern lets "" and "-" through), and
  an upper bound of 10^n said exactly ("0".."100.00" for a percentage).
- A list that may not be empty has `minItems: 1`; a nested list's `max_length` is `maxItems`.
- A read-only text field whose model allows blank ("" for a hotel without a website) answers
  "" or a value of its format, and says so.
- A field may add keywords of its own (`openapi_keywords`, see core/api_fields.py).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import serializers

from innkeep.core.api_schema import PaginatedListSchema

DIGIT = "[0-9]"


def decimal_pattern(field: serializers.DecimalField) -> str:
    """The decimal strings `field` takes (or answers), as an ECMA-262 pattern."""
    whole = field.max_whole_digits if field.max_whole_digits is not None else 20
    places = field.decimal_places or 0
    fraction = f"(?:\\.{DIGIT}{{1,{places}}})?" if places else ""
    sign = "-?" if field.min_value is None or Decimal(field.min_value) < 0 else ""
    if field.max_value is None:
        return f"^{sign}{DIGIT}{{1,{whole}}}{fraction}$"
    top = Decimal(field.max_value)
    exponent = len(str(int(top))) - 1
    if sign or top != Decimal(10) ** exponent or exponent >= whole:
        raise ValueError(
            f"{field.field_name}: say in innkeep.core.openapi how to write a bound of {top}"
        )
    exact_top = "1" + "0" * exponent + (f"(?:\\.0{{1,{places}}})?" if places else "")
    below = f"{DIGIT}{{1,{exponent}}}{fraction}" if exponent else "0" + fraction
    return f"^(?:{exact_top}|{below})$"


def ecma_pattern(pattern: str) -> str:
    """A Python pattern as JSON Schema reads it (ECMA-262): named groups lose their name."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _model_allows_blank(field: serializers.Field) -> bool:  # type: ignore[type-arg]
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    # Text only: Django makes auto_now dates blank=True too, and those are never empty.
    return isinstance(model_field, models.CharField) and model_field.blank


class InnkeepAutoSchema(PaginatedListSchema):
    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema is None or "$ref" in schema:
            return schema
        if isinstance(field, serializers.DecimalField) and schema.get("format") == "decimal":
            schema["pattern"] = decimal_pattern(field)
        if schema.get("type") == "array":
            if getattr(field, "allow_empty", True) is False:
                schema["minItems"] = max(schema.get("minItems", 0), 1)
            if isinstance(field, serializers.ListSerializer):
                longest = getattr(field, "max_length", None)
                shortest = getattr(field, "min_length", None)
                if longest is not None:
                    schema["maxItems"] = longest
                if shortest is not None:
                    schema["minItems"] = max(schema.get("minItems", 0), shortest)
        keywords = getattr(field, "openapi_keywords", None)
        if keywords is not None:
            for key, value in keywords(direction).items():
                if value is None:
                    schema.pop(key, None)
                else:
                    schema[key] = ecma_pattern(value) if key == "pattern" else value
        return schema

    def _insert_field_validators(self, field: Any, schema: Any) -> None:
        super()._insert_field_validators(field, schema)
        # DRF drops allow_blank from a ModelSerializer's read-only fields; the model's
        # blank=True still decides what the answer may hold.
        if (
            field.read_only
            and schema.get("type") == "string"
            and "format" in schema
            and _model_allows_blank(field)
        ):
            outer = {"readOnly", "nullable", "description", "title"}
            inner = {key: schema.pop(key) for key in list(schema) if key not in outer}
            schema["oneOf"] = [inner, {"type": "string", "maxLength": 0}]
