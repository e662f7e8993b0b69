"""The signup page on the root domain, through to the owner signed in on their hotel."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from innkeep.accounts.models import UserToken
from innkeep.tenancy.models import Hotel
from tests.factories import signup_data

pytestmark = pytest.mark.django_db


def submit(client: Client, **overrides):
    return client.post("/signup/", signup_data(**overrides))


def test_signup_page_renders_the_form(platform_web):
    response = platform_web.get("/signup/")
    assert response.status_code == 200
    for field in ("hotel_name", "subdomain", "owner_email", "owner_password", "timezone"):
        assert f'name="{field}"'.encode() in response.content


def test_bad_input_shows_inline_errors_and_creates_nothing(platform_web):
    response = submit(platform_web, subdomain="admin", owner_password="123", timezone="Nowhere")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="subdomain-errors"' in page
    assert "&#x27;admin&#x27; is reserved" in page
    assert 'id="owner_password-errors"' in page
    assert 'id="timezone-errors"' in page
    assert not Hotel.objects.filter(subdomain="admin").exists()


def test_taken_subdomain_is_shown_on_the_field(platform_web, hotel_a):
    response = submit(platform_web, subdomain="alpine")
    assert response.status_code == 400
    assert "This subdomain is already taken." in response.content.decode()


def test_success_lands_the_owner_signed_in_on_their_hotel_admin(platform_web):
    response = submit(platform_web)

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == (
        "http",
        "grand.innkeep.test",
        "/auth/handoff/",
    )
    query = parse_qs(target.query)
    assert query["next"] == ["/admin/"]

    hotel_browser = Client(HTTP_HOST="grand.innkeep.test")
    handoff = hotel_browser.get(f"/auth/handoff/?{target.query}")
    assert handoff.status_code == 302
    assert handoff["Location"] == "/admin/"
    admin_page = hotel_browser.get("/admin/")
    assert admin_page.status_code == 200
    assert "Grand Hotel" in admin_page.content.decode()
    assert "<strong>Ana</strong>" in admin_page.content.decode()
    # the platform session on the root domain was never logged in
    assert platform_web.get("/admin/").status_code == 302


def test_handoff_link_works_once(platform_web):
    target = urlsplit(submit(platform_web)["Location"])
    first = Client(HTTP_HOST="grand.innkeep.test").get(f"/auth/handoff/?{target.query}")
    second = Client(HTTP_HOST="grand.innkeep.test").get(f"/auth/handoff/?{target.query}")
    assert first.status_code == 302
    assert second.status_code == 400
    assert b"no longer valid" in second.content


def test_expired_handoff_link_is_refused(platform_web):
    target = urlsplit(submit(platform_web)["Location"])
    with schema_context("hotel_grand"):
        UserToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    browser = Client(HTTP_HOST="grand.innkeep.test")
    assert browser.get(f"/auth/handoff/?{target.query}").status_code == 400
    assert browser.get("/admin/").status_code == 302


def test_handoff_link_of_one_hotel_does_nothing_on_another(platform_web, hotel_a):
    target = urlsplit(submit(platform_web)["Location"])
    other = Client(HTTP_HOST=hotel_a.host)
    assert other.get(f"/auth/handoff/?{target.query}").status_code == 400
    assert other.get("/admin/").status_code == 302


def test_handoff_never_redirects_off_site(platform_web):
    target = urlsplit(submit(platform_web)["Location"])
    token = parse_qs(target.query)["token"][0]
    browser = Client(HTTP_HOST="grand.innkeep.test")
    response = browser.get(f"/auth/handoff/?token={token}&next=https://evil.example/")
    assert response["Location"] == "/admin/"


def test_signup_page_is_not_served_on_hotel_hosts(web_for, hotel_a):
    assert web_for(hotel_a).get("/signup/").status_code == 404
