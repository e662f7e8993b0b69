"""Swagger UI, ReDoc, both admin sites and the server-rendered pages in a real browser, under
the Content-Security-Policy: each renders and works, with no console error, no policy
violation and no request to another host (`make e2e`)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import destroy_hotel
from tests.e2e.conftest import (
    ALPINE,
    OPERATOR_PASSWORD,
    PLATFORM,
    Recorder,
    Site,
)

pytestmark = pytest.mark.django_db

SIGNUP_SUBDOMAIN = "e2e-chalet"


def assert_clean(recorder: Recorder) -> None:
    assert recorder.violations == []
    assert recorder.errors == []
    assert recorder.console == []
    assert recorder.outside_requests() == []
    assert recorder.requests  # the recorder saw the page at all


def csp_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response is not None
    return response.headers["content-security-policy"]


def operation(page: Page, method: str, path: str):  # type: ignore[no-untyped-def]
    """Swagger UI's block for one operation."""
    return page.locator(f".opblock-{method}", has=page.locator(f'[data-path="{path}"]'))


def test_swagger_ui_lists_and_runs_the_hotel_operations(
    page: Page, recorder, site: Site, screenshot
):  # type: ignore[no-untyped-def]
    response = page.goto(site.url(ALPINE, "/api/docs/"))

    assert "script-src 'self' 'nonce-" in csp_of(response)
    availability = operation(page, "get", "/api/v1/public/availability/")
    expect(availability).to_be_visible()
    assert page.locator(".opblock").count() > 30
    # Run one call from the page: the inline init script's interceptors, connect-src 'self'.
    hotel = operation(page, "get", "/api/v1/public/hotel/")
    hotel.locator(".opblock-summary").click()
    hotel.get_by_role("button", name="Try it out").click()
    hotel.get_by_role("button", name="Execute").click()
    status = hotel.locator(".live-responses-table tbody .response-col_status")
    expect(status).to_have_text("200")
    status.scroll_into_view_if_needed()
    screenshot("hotel", full_page=False)
    assert_clean(recorder)


def test_swagger_ui_lists_the_platform_operations(page: Page, recorder, site: Site, screenshot):  # type: ignore[no-untyped-def]
    page.goto(site.url(PLATFORM, "/api/docs/"))

    expect(operation(page, "post", "/api/v1/signup/")).to_be_visible()
    screenshot("platform", full_page=False)
    assert_clean(recorder)


def test_redoc_renders_the_hotel_api_and_searches_it(page: Page, recorder, site: Site, screenshot):  # type: ignore[no-untyped-def]
    response = page.goto(site.url(ALPINE, "/api/redoc/"))

    assert "script-src 'self' 'nonce-" in csp_of(response)
    # The hotel API is large: ReDoc takes a few seconds to lay it out.
    expect(page.locator("h1", has_text="Innkeep API")).to_be_visible(timeout=30_000)
    assert page.locator("#redoc-container h2").count() > 30
    # The search index runs in ReDoc's worker (worker-src blob:).
    page.get_by_placeholder("Search...").fill("availability")
    expect(page.locator('[data-role="search:results"] li').first).to_be_visible()
    screenshot("hotel", full_page=False)
    assert_clean(recorder)


def test_redoc_renders_the_platform_api(page: Page, recorder, site: Site, screenshot):  # type: ignore[no-untyped-def]
    page.goto(site.url(PLATFORM, "/api/redoc/"))

    expect(page.locator("h1", has_text="Innkeep API")).to_be_visible(timeout=30_000)
    signup = page.locator("#redoc-container h2", has_text="Sign a hotel up")
    expect(signup).to_be_visible()
    signup.scroll_into_view_if_needed()
    screenshot("platform", full_page=False)
    assert_clean(recorder)


def sign_in(page: Page, site: Site, host: str, email: str, password: str) -> None:
    page.goto(site.url(host, "/admin/login/?next=/admin/"))
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click('input[type="submit"]')
    expect(page).to_have_url(site.url(host, "/admin/"))


def test_hotel_admin_signs_in_and_its_change_forms_run_their_scripts(  # type: ignore[no-untyped-def]
    page: Page, recorder, site: Site, hotel_a, screenshot
):
    sign_in(page, site, ALPINE, hotel_a.owner_email, hotel_a.owner_password)
    expect(page.locator("#site-name")).to_have_text("Alpine Lodge")

    page.goto(site.url(ALPINE, "/admin/properties/hotelprofile/"))
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#hotelprofile_form")).to_be_visible()
    screenshot("profile")
    # Inlines: "Add another" is written and run by admin/js/inlines.js.
    page.goto(site.url(ALPINE, "/admin/properties/roomtype/add/"))
    rows = page.locator(".dynamic-photos, tr.form-row.dynamic-photos")
    before = rows.count()
    page.locator(".add-row a").first.click()
    expect(rows).to_have_count(before + 1)
    # filter_horizontal: SelectFilter2.js turns the select into two lists.
    page.goto(site.url(ALPINE, "/admin/rates/rateplan/add/"))
    expect(page.locator("#id_room_types_from")).to_be_attached()
    screenshot("rateplan")
    assert_clean(recorder)


def test_platform_admin_signs_in_and_its_change_forms_run_their_scripts(  # type: ignore[no-untyped-def]
    page: Page, recorder, site: Site, operator, screenshot
):
    sign_in(page, site, PLATFORM, operator, OPERATOR_PASSWORD)
    expect(page.locator("#site-name")).to_have_text("Innkeep platform")

    page.goto(site.url(PLATFORM, "/admin/tenancy/hotel/"))
    page.locator("#result_list tbody th a", has_text="Alpine Lodge").click()
    expect(page.locator("#hotel_form")).to_be_visible()
    screenshot("hotel")
    # django-celery-beat's form has an inline script of its own (it gets the nonce).
    page.goto(site.url(PLATFORM, "/admin/django_celery_beat/periodictask/add/"))
    expect(page.locator("#periodictask_form")).to_be_visible()
    assert page.evaluate("typeof readableCrontabs") == "object"
    screenshot("periodictask")
    assert_clean(recorder)


def test_pages_take_their_styles_from_the_site(page: Page, recorder, site: Site, screenshot):  # type: ignore[no-untyped-def]
    page.goto(site.url(ALPINE, "/"))
    expect(page.locator("h1")).to_have_text("Alpine Lodge")
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    page.goto(site.url(PLATFORM, "/signup/"))
    expect(page.locator("h1")).to_have_text("Sign your hotel up")
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    screenshot("signup")
    assert_clean(recorder)


@pytest.fixture
def signup_cleanup(django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        destroy_hotel(SIGNUP_SUBDOMAIN)
        yield
        destroy_hotel(SIGNUP_SUBDOMAIN)


def test_signup_form_takes_the_new_owner_to_the_hotel_admin(  # type: ignore[no-untyped-def]
    page: Page, recorder, site: Site, signup_cleanup, screenshot
):
    page.goto(site.url(PLATFORM, "/signup/"))
    page.fill("#id_hotel_name", "E2E Chalet")
    page.fill("#id_subdomain", SIGNUP_SUBDOMAIN)
    page.fill("#id_owner_first_name", "Ana")
    page.fill("#id_owner_last_name", "Ruiz")
    page.fill("#id_owner_email", "ana@e2e-chalet.test")
    page.fill("#id_owner_password", "a-long-Secret-2027")
    page.click('button[type="submit"]')

    # The answer is a redirect to the hotel's own site (form-action allows hotel origins).
    hotel = f"{SIGNUP_SUBDOMAIN}.{PLATFORM}"
    expect(page).to_have_url(re.compile(rf"^http://{re.escape(hotel)}:{site.port}/admin/$"))
    expect(page.locator("#site-name")).to_have_text("E2E Chalet")
    screenshot("admin")
    assert_clean(recorder)
