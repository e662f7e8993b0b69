"""JSON rendering with orjson: the public booking answers are large (a 30-night search is
~90 KiB of nightly prices) and the standard library's encoder was a tenth of the request's
cost. Output is the same compact UTF-8 JSON as DRF's renderer: whatever orjson does not
encode itself the same way (dates and times, Decimals, lazy strings) goes through DRF's
encoder, and an indented answer (`Accept: application/json; indent=4`) through DRF."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder()


class FastJSONRenderer(JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)  # type: ignore[no-any-return]
        return orjson.dumps(
            data,
            default=_fallback.default,
            option=orjson.OPT_PASSTHROUGH_DATETIME,
        )
