"""The shape of a JSON answer: the same keys at every level and the same kinds of values,
an empty list or a null matching anything. For checking documented examples against real
answers."""

from __future__ import annotations

from typing import Any

ANY = "any"


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        shapes = [shape(item) for item in value]
        return [merge(shapes)] if shapes else ANY
    return ANY if value is None else type(value).__name__


def merge(shapes: list[Any]) -> Any:
    merged = shapes[0]
    for other in shapes[1:]:
        merged = unify(merged, other, "")
    return merged


def unify(a: Any, b: Any, where: str) -> Any:
    if a == ANY:
        return b
    if b == ANY:
        return a
    if isinstance(a, dict) and isinstance(b, dict):
        assert set(a) == set(b), f"{where}: keys {sorted(a)} != {sorted(b)}"
        return {key: unify(a[key], b[key], f"{where}.{key}") for key in a}
    if isinstance(a, list) and isinstance(b, list):
        return [unify(a[0], b[0], f"{where}[]")]
    assert a == b, f"{where}: {a} != {b}"
    return a
