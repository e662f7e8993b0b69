from __future__ import annotations

import json

import pytest
from django.conf import settings

from innkeep.core.models import IdempotencyRecord
from innkeep.properties import signup as profile_step
from innkeep.tenancy.models import Hotel
from tests.factories import signup_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/signup/"


def post(client, body, key=None, raw=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    data = raw if raw is not None else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **headers)


def test_same_key_and_body_replays_the_first_response_once(platform_api):
    first = post(platform_api, signup_data(), key="k-1")
    again = post(platform_api, signup_data(), key="k-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Hotel.objects.filter(subdomain="grand").count() == 1


def test_replay_ignores_json_spacing_and_key_order(platform_api):
    body = signup_data()
    first = post(platform_api, body, key="k-2")
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=4)
    again = post(platform_api, None, key="k-2", raw=reordered)
    assert again.status_code == 201
    assert again.json() == first.json()


def test_same_key_with_another_body_is_422_and_does_nothing(platform_api):
    post(platform_api, signup_data(), key="k-3")
    other = post(platform_api, signup_data(subdomain="royal"), key="k-3")

    assert other.status_code == 422
    assert other.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert not Hotel.objects.filter(subdomain="royal").exists()


def test_without_a_key_a_retry_is_a_new_request(platform_api):
    post(platform_api, signup_data())
    second = post(platform_api, signup_data())
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "SUBDOMAIN_TAKEN"


def test_a_refusal_is_replayed_too(platform_api):
    first = post(platform_api, signup_data(subdomain="www"), key="k-4")
    again = post(platform_api, signup_data(subdomain="www"), key="k-4")
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"


def test_a_server_error_is_not_kept_so_the_retry_runs(platform_api, monkeypatch):
    real = profile_step.hotel_profile_create
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("transient")
        return real(**kwargs)

    monkeypatch.setattr(profile_step, "hotel_profile_create", flaky)
    first = post(platform_api, signup_data(), key="k-5")
    retry = post(platform_api, signup_data(), key="k-5")

    assert first.status_code == 500
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry
    assert Hotel.objects.filter(subdomain="grand").count() == 1


def test_a_key_still_in_progress_is_409(platform_api):
    from datetime import timedelta

    from django.utils import timezone

    from innkeep.core.idempotency import body_fingerprint

    body = json.dumps(signup_data())
    IdempotencyRecord.objects.create(
        scope="POST /api/v1/signup/ user:anon",
        key="k-6",
        fingerprint=body_fingerprint(body.encode()),
        expires_at=timezone.now() + timedelta(hours=1),
        owner="the-first-request",
        lease_expires_at=timezone.now() + timedelta(seconds=30),
    )
    response = post(platform_api, None, key="k-6", raw=body)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "IDEMPOTENCY_KEY_IN_PROGRESS"
    assert not Hotel.objects.filter(subdomain="grand").exists()


def test_an_expired_key_is_forgotten(platform_api):
    from django.utils import timezone

    post(platform_api, signup_data(subdomain="www"), key="k-7")
    IdempotencyRecord.objects.filter(key="k-7").update(expires_at=timezone.now())
    response = post(platform_api, signup_data(), key="k-7")
    assert response.status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "ünicode"])
def test_malformed_keys_are_400(platform_api, key):
    response = post(platform_api, signup_data(), key=key)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "IDEMPOTENCY_KEY_INVALID"
    assert not Hotel.objects.filter(subdomain="grand").exists()


class WorkerKilled(BaseException):
    """What a request sees when its worker dies: not an Exception, nothing answers."""


def test_a_key_whose_request_died_is_taken_over_after_its_lease(platform_api, monkeypatch):
    from datetime import timedelta

    from innkeep.core import clock

    real_now = clock.now
    monkeypatch.setattr(profile_step, "hotel_profile_create", _dies)
    with pytest.raises(WorkerKilled):
        post(platform_api, signup_data(), key="k-8")
    monkeypatch.undo()
    (held,) = IdempotencyRecord.objects.filter(key="k-8")
    assert held.status_code is None

    soon = post(platform_api, signup_data(), key="k-8")
    assert soon.status_code == 409
    assert soon.json()["error"]["code"] == "IDEMPOTENCY_KEY_IN_PROGRESS"

    lease = timedelta(seconds=settings.IDEMPOTENCY_LEASE_SECONDS)
    monkeypatch.setattr(clock, "now", lambda: real_now() + lease)
    retry = post(platform_api, signup_data(), key="k-8")
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry
    assert Hotel.objects.filter(subdomain="grand").count() == 1

    again = post(platform_api, signup_data(), key="k-8")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == retry.json()


def test_a_request_that_lost_its_lease_cannot_overwrite_the_answer(db):
    from innkeep.core.idempotency import claim, finish

    first = claim(scope="s", key="k-9", fingerprint="f")
    IdempotencyRecord.objects.filter(pk=first.pk).update(lease_expires_at=first.created_at)
    second = claim(scope="s", key="k-9", fingerprint="f")
    assert (second.pk, second.status_code) == (first.pk, None)
    assert second.owner != first.owner

    finish(record=second, status_code=201, body={"winner": "second"})
    finish(record=first, status_code=200, body={"winner": "first"})
    kept = IdempotencyRecord.objects.get(pk=first.pk)
    assert (kept.status_code, kept.response_body) == (201, {"winner": "second"})


def _dies(**kwargs):
    raise WorkerKilled()
