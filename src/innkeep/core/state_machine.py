"""Status changes go through one transition table per model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from innkeep.core.errors import InvalidTransition


class TransitionTable:
    def __init__(self, name: str, moves: Mapping[str, Iterable[str]]) -> None:
        self.name = name
        self._moves = {src: frozenset(dst) for src, dst in moves.items()}

    def allowed(self, source: str) -> frozenset[str]:
        return self._moves.get(source, frozenset())

    def can(self, source: str, target: str) -> bool:
        return target in self.allowed(source)

    def check(self, source: str, target: str) -> None:
        if not self.can(source, target):
            raise InvalidTransition(
                f"A {self.name} cannot go from {source} to {target}.",
                details={"from": source, "to": target, "allowed": sorted(self.allowed(source))},
            )
