"""The API's JSON parser: DRF's, with a limit on how deep a body may nest.

Python's decoder recurses once per level: a 2 KB body of a thousand `[` exhausts the stack
(RecursionError) before any serializer sees it. The depth is measured on the text first,
outside any recursion, so such a body is a 400 MALFORMED_REQUEST and is never decoded. No
request of the API nests deeper than a handful of levels.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser
from rest_framework.parsers import get_encoding  # type: ignore[attr-defined]  # not in the stubs yet
from rest_framework.utils import json

from innkeep.core.errors import MalformedRequest

MAX_JSON_DEPTH = 32
# A JSON string, escapes included: brackets inside one do not nest anything.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def nests_deeper_than(text: str, limit: int) -> bool:
    """Whether the arrays and objects of a JSON text nest more than `limit` levels deep."""
    if text.count("[") + text.count("{") <= limit:
        return False  # too few brackets to get that deep: the usual case, and cheap
    depth = 0
    for bracket in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class JSONParser(DRFJSONParser):
    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except ValueError as exc:  # not in the announced charset
            raise ParseError(f"JSON parse error - {exc}") from None
        if nests_deeper_than(text, MAX_JSON_DEPTH):
            raise MalformedRequest(
                f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.",
                details={"max_depth": MAX_JSON_DEPTH},
            )
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
