"""Every example in both OpenAPI documents is valid by the schema it illustrates: an
integrator who copies one gets a request the server describes, and reads an answer of the
documented form (tests/accounts/test_api_examples.py and tests/booking/test_public_examples.py
compare the examples with real answers key by key)."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.openapi_docs import HOTEL, PLATFORM, document, operations


def json_schema(node: Any) -> Any:
    """An OpenAPI 3.0 schema object as JSON Schema: `nullable` becomes a null alternative,
    references point into the document."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {
        key: json_schema(value) for key, value in node.items() if key not in {"nullable", "example"}
    }
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def examples(urlconf: str) -> list[tuple[str, dict[str, Any], Any]]:
    found = []
    for method, path, operation in operations(urlconf):
        bodies = [("request", operation.get("requestBody", {}))] + [
            (f"response {status}", response) for status, response in operation["responses"].items()
        ]
        for where, body in bodies:
            for media_type, content in body.get("content", {}).items():
                for name, example in content.get("examples", {}).items():
                    label = f"{method} {path} {where} {media_type} {name}"
                    found.append((label, content["schema"], example["value"]))
    return found


@pytest.mark.parametrize("urlconf", [HOTEL, PLATFORM])
def test_every_example_is_valid_by_its_schema(urlconf):
    doc = json_schema(document(urlconf))
    registry = Registry().with_resource(
        "urn:doc", Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    found = examples(urlconf)
    assert len(found) > 5
    for label, schema, value in found:
        schema = json_schema(schema)
        if "$ref" in schema:
            schema = {"$ref": "urn:doc" + schema["$ref"]}
        schema = _rebase(schema)
        validator = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
        problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(value)]
        assert problems == [], label


def _rebase(node: Any) -> Any:
    if isinstance(node, list):
        return [_rebase(item) for item in node]
    if isinstance(node, dict):
        return {
            key: ("urn:doc" + value if key == "$ref" and value.startswith("#") else _rebase(value))
            for key, value in node.items()
        }
    return node
