"""parse_query gives exactly what a serializer's is_valid() gives, values and errors."""

from __future__ import annotations

import itertools

import pytest
from django.http import QueryDict
from rest_framework import serializers

from innkeep.core.api import parse_query
from innkeep.reservations.public_serializers import AvailabilityQuerySerializer

SAMPLES = {
    "check_in": [None, "", "2027-03-01", "2027-02-30", "tomorrow", "2027-3-1"],
    "check_out": [None, "2027-03-04", "x"],
    "adults": [None, "", "2", "0", "-1", "1001", "two", "2.5"],
    "children": [None, "1", "abc"],
    "promo": [None, "", "WELCOME10", "X" * 33],
}


def outcome(run):  # type: ignore[no-untyped-def]
    try:
        return "ok", run()
    except serializers.ValidationError as exc:
        return "invalid", exc.detail


def serializer_way(query: QueryDict):  # type: ignore[no-untyped-def]
    serializer = AvailabilityQuerySerializer(data=query)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def test_same_as_is_valid_for_every_combination():
    compared = 0
    for values in itertools.product(*SAMPLES.values()):
        query = QueryDict(mutable=True)
        for name, value in zip(SAMPLES, values, strict=True):
            if value is not None:
                query[name] = value
        ours = outcome(lambda q=query: parse_query(AvailabilityQuerySerializer, q))
        assert ours == outcome(lambda q=query: serializer_way(q)), query
        compared += 1
    assert compared == 6 * 3 * 8 * 3 * 4


def test_a_serializer_that_validates_across_fields_is_refused():
    class Range(serializers.Serializer):
        start = serializers.IntegerField()

        def validate(self, attrs):  # type: ignore[no-untyped-def]
            return attrs

    with pytest.raises(TypeError):
        parse_query(Range, QueryDict("start=1"))
