"""Browser tests: Debian's chromium, driven by playwright, against a real gunicorn serving the
test database (the committed session hotels, also at alpine.localhost and bayview.localhost).
The server's ROOT_DOMAIN is localhost, which chromium resolves to the loopback; every other
name resolves to nothing, so no request can leave the machine. Each page records its console,
its Content-Security-Policy violations and its requests, and the tests assert on all of them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from innkeep.accounts.models import LoginAttempt, User
from innkeep.tenancy.models import Domain
from tests.ops.conftest import PROJECT_DIR, free_port, gunicorn_serving

ROOT_DOMAIN = "localhost"  # tests/e2e/settings.py
PLATFORM = ROOT_DOMAIN
ALPINE = f"alpine.{ROOT_DOMAIN}"
CHROMIUM = os.environ.get("INNKEEP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {ROOT_DOMAIN}, EXCLUDE *.{ROOT_DOMAIN}",
]
# playwright's sync API keeps an asyncio loop in this thread; Django then refuses database
# calls from it (fixtures and clean-up), though none of them runs in that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCREENSHOTS = PROJECT_DIR / ".data" / "e2e"
OPERATOR_EMAIL = "operator@innkeep.test"
OPERATOR_PASSWORD = "an-Operator-secret-2027"

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.innkeepViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


@dataclass(frozen=True)
class Site:
    port: int

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


@dataclass
class Recorder:
    """What a page did: its console lines, uncaught errors, CSP violations, requests."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[dict[str, object]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and not _is_ours(urlsplit(url).hostname or "")
        ]


def _is_ours(host: str) -> bool:
    return host == ROOT_DOMAIN or host.endswith(f".{ROOT_DOMAIN}")


@pytest.fixture(scope="module")
def site(hotel_a, hotel_b, django_db_blocker, tmp_path_factory) -> Iterator[Site]:  # type: ignore[no-untyped-def]
    hosts = {f"{hotel.hotel.subdomain}.{ROOT_DOMAIN}": hotel.hotel for hotel in (hotel_a, hotel_b)}
    with django_db_blocker.unblock():
        for host, hotel in hosts.items():
            Domain.objects.get_or_create(
                domain=host, defaults={"tenant": hotel, "is_primary": False}
            )
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    # The e2e settings read the port back to write the hotels' absolute URLs.
    port = free_port()
    try:
        with gunicorn_serving(
            settings_module="tests.e2e.settings",
            log=log,
            port=port,
            env={"INNKEEP_E2E_PORT": str(port)},
        ):
            yield Site(port=port)
    finally:
        with django_db_blocker.unblock():
            Domain.objects.filter(domain__in=hosts).delete()


@pytest.fixture(scope="module")
def operator(django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A committed platform operator (public schema), removed afterwards."""
    with django_db_blocker.unblock(), schema_context("public"):
        _remove_operator()
        User.objects.create_superuser(OPERATOR_EMAIL, OPERATOR_PASSWORD)
    yield OPERATOR_EMAIL
    with django_db_blocker.unblock(), schema_context("public"):
        _remove_operator()


def _remove_operator() -> None:
    # Plain DELETEs: the ORM's cascade would look for tables only hotel schemas have (tokens).
    LoginAttempt.objects.filter(email=OPERATOR_EMAIL).delete()
    operators = User.objects.filter(email=OPERATOR_EMAIL)
    operators._raw_delete(operators.db)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def page(browser: Browser, recorder: Recorder) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.expose_function(
        "innkeepViolation", lambda violation: recorder.violations.append(violation)
    )
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        # Chromium's hints (type "verbose", e.g. autocomplete attributes) are not problems, nor
        # is the favicon that the site does not have (pages that name one have it).
        missing_favicon = message.location.get("url", "").endswith("/favicon.ico")
        if message.type in ("error", "warning", "assert") and not missing_favicon:
            recorder.console.append(f"{message.type}: {message.text} ({message.location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: recorder.errors.append(str(error)))
    context.on("request", lambda request: recorder.requests.append(request.url))
    yield page
    context.close()


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """screenshot("name"): a PNG of the page under .data/e2e/, to look at (the window only
    with full_page=False: the docs pages are tens of thousands of pixels long)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
