"""Staff of one hotel sign in to their own hotel only; sessions never cross hosts."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def login(client: Client, email: str, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": email, "password": password})


def test_owner_signs_in_to_own_hotel_admin(web_for, hotel_a):
    response = login(web_for(hotel_a), hotel_a.owner_email, hotel_a.owner_password)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_owner_of_hotel_a_cannot_sign_in_to_hotel_b(web_for, hotel_a, hotel_b):
    response = login(web_for(hotel_b), hotel_a.owner_email, hotel_a.owner_password)
    assert response.status_code == 200
    assert b"Please enter the correct email" in response.content


def test_hotel_owner_cannot_sign_in_to_the_platform_admin(platform_web, hotel_a):
    response = login(platform_web, hotel_a.owner_email, hotel_a.owner_password)
    assert response.status_code == 200
    assert b"Please enter the correct email" in response.content


def test_session_of_hotel_a_is_worthless_on_hotel_b(web_for, hotel_a, hotel_b):
    browser_a = web_for(hotel_a)
    login(browser_a, hotel_a.owner_email, hotel_a.owner_password)
    session_cookie = browser_a.cookies["sessionid"]
    assert session_cookie["domain"] == ""  # host-only
    assert browser_a.get("/admin/").status_code == 200

    browser_b = web_for(hotel_b)
    browser_b.cookies["sessionid"] = session_cookie.value
    response = browser_b.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_hotel_admin_is_titled_with_the_hotel_and_hides_platform_models(web_for, hotel_a):
    browser = web_for(hotel_a)
    login(browser, hotel_a.owner_email, hotel_a.owner_password)
    page = browser.get("/admin/").content.decode()
    assert "Alpine Lodge" in page
    assert "/admin/accounts/user/" in page
    assert "/admin/tenancy/" not in page
    assert browser.get("/admin/tenancy/hotel/").status_code == 404


def test_platform_admin_lists_hotels_with_status_and_plan(platform_web, hotel_a, hotel_b):
    from innkeep.accounts.models import User

    User.objects.create_superuser("ops@innkeep.test", "ops-Password-2027")
    assert login(platform_web, "ops@innkeep.test", "ops-Password-2027").status_code == 302
    page = platform_web.get("/admin/tenancy/hotel/").content.decode()
    assert "Alpine Lodge" in page
    assert "Bayview Inn" in page
    assert "column-status" in page
    assert "column-plan" in page
