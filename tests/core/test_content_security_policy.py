"""Content-Security-Policy (django-csp, settings.CONTENT_SECURITY_POLICY) on every kind of
response; inline scripts only with the request's nonce; the docs pages load nothing from
another host. tests/e2e runs the same pages in a real browser (`make e2e`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from innkeep.accounts.models import User

pytestmark = pytest.mark.django_db

ROOT = "innkeep.test"
ALPINE = "alpine.innkeep.test"
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "innkeep"
# What every answer's policy says, whichever page it is.
SITE_DIRECTIVES = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": None,  # default-src: images from the site only
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# What some pages add to it (innkeep.core.docs_views, innkeep.web.views).
PAGES_ADD = {
    "/api/docs/": {"img-src": ["'self'", "data:"]},
    "/api/redoc/": {
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "worker-src": ["blob:"],
    },
    "/signup/": {"form-action": ["'self'", "http://*.innkeep.test"]},
}


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class Elements(HTMLParser):
    """The page's scripts (attributes, inline or not), style elements and attributes, and
    every address it loads or links to."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.styles = 0
        self.style_attributes = 0
        self.event_handlers: list[str] = []
        self.addresses: list[str] = []
        self._in_script: dict[str, str | None] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = {**attributes, "body": ""}
            self.scripts.append(self._in_script)
        if tag == "style":
            self.styles += 1
        self.style_attributes += "style" in attributes
        self.event_handlers += [name for name in attributes if name.startswith("on")]
        self.addresses += [
            value for name, value in attrs if name in ("src", "href", "action") and value
        ]

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._in_script["body"] = (self._in_script["body"] or "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def inline_scripts(self) -> list[dict[str, str | None]]:
        return [
            script
            for script in self.scripts
            if "src" not in script and script.get("type") != "application/json"
        ]


PAGES = [
    pytest.param(ROOT, "/", "text/html", id="platform-home"),
    pytest.param(ROOT, "/signup/", "text/html", id="signup-page"),
    pytest.param(ALPINE, "/", "text/html", id="hotel-home"),
    pytest.param(ALPINE, "/password-reset/", "text/html", id="account-page"),
    pytest.param(ALPINE, "/api/v1/public/hotel/", "application/json", id="api-json"),
    pytest.param(ALPINE, "/api/v1/me/", "application/json", id="api-error"),
    pytest.param(ALPINE, "/api/schema/", "application/vnd.oai.openapi", id="schema"),
    pytest.param(ALPINE, "/admin/login/", "text/html", id="hotel-admin"),
    pytest.param(ROOT, "/admin/login/", "text/html", id="platform-admin"),
    pytest.param(ALPINE, "/api/docs/", "text/html", id="swagger-ui"),
    pytest.param(ALPINE, "/api/redoc/", "text/html", id="redoc"),
    pytest.param(ROOT, "/api/docs/", "text/html", id="platform-swagger-ui"),
    pytest.param("nowhere.innkeep.test", "/", "text/html", id="unknown-host"),
    pytest.param(ALPINE, "/static/web/site.css", "text/css", id="static-file"),
    pytest.param(ALPINE, "/healthz", "application/json", id="health"),
]


@pytest.mark.parametrize(("host", "path", "content_type"), PAGES)
def test_every_kind_of_answer_carries_the_policy(client, hotel_a, host, path, content_type):
    response = client.get(path, HTTP_HOST=host)

    assert response["Content-Type"].startswith(content_type)
    directives = policy(response)
    expected = {**SITE_DIRECTIVES, **PAGES_ADD.get(path, {})}
    assert {name: directives.get(name) for name in expected} == expected
    assert directives["script-src"][0] == "'self'"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(directives["script-src"])


def test_a_page_without_an_inline_script_names_no_nonce(client, hotel_a):
    response = client.get("/admin/login/", HTTP_HOST=ALPINE)

    assert policy(response)["script-src"] == ["'self'"]
    assert Elements(response.content.decode()).inline_scripts() == []


@pytest.mark.parametrize("host", [ROOT, ALPINE])
@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_docs_inline_script_carries_the_nonce_of_its_answer(client, hotel_a, host, path):
    first = client.get(path, HTTP_HOST=host)
    second = client.get(path, HTTP_HOST=host)

    nonces = []
    for response in (first, second):
        (nonce_source,) = [s for s in policy(response)["script-src"] if s.startswith("'nonce-")]
        nonce = nonce_source.removeprefix("'nonce-").removesuffix("'")
        scripts = Elements(response.content.decode()).inline_scripts()
        assert len(scripts) == 1
        assert scripts[0]["nonce"] == nonce
        nonces.append(nonce)
    assert len(nonces[0]) >= 22  # 16 random bytes, base64
    assert nonces[0] != nonces[1]  # one a request


def test_the_docs_add_data_images_and_redoc_its_styles_and_worker(client, hotel_a):
    swagger = policy(client.get("/api/docs/", HTTP_HOST=ALPINE))
    redoc = policy(client.get("/api/redoc/", HTTP_HOST=ALPINE))

    assert swagger["style-src"] == ["'self'"]
    assert swagger["img-src"] == ["'self'", "data:"]
    assert "worker-src" not in swagger
    assert redoc["style-src"] == ["'self'", "'unsafe-inline'"]
    assert redoc["img-src"] == ["'self'", "data:"]
    assert redoc["worker-src"] == ["blob:"]


def test_the_signup_page_may_send_the_new_owner_to_the_hotel_sites(client, settings):
    response = client.get("/signup/", HTTP_HOST=ROOT)

    # The form's answer redirects to http://<subdomain>.innkeep.test/auth/handoff/...
    assert settings.PUBLIC_SCHEME == "http"
    assert policy(response)["form-action"] == ["'self'", "http://*.innkeep.test"]
    assert policy(client.get("/", HTTP_HOST=ROOT))["form-action"] == ["'self'"]


@pytest.mark.parametrize("host", [ROOT, ALPINE])
@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_load_nothing_from_another_host(client, hotel_a, host, path):
    response = client.get(path, HTTP_HOST=host)

    html = response.content.decode()
    addresses = Elements(html).addresses
    assert addresses  # the page does load its scripts and styles
    assert [a for a in addresses if re.match(r"^(https?:)?//", a)] == []
    assert re.findall(r"https?://[^\s\"'<>]+", html) == []
    assert "fonts.googleapis" not in html


def test_the_redoc_bundle_is_the_sidecar_one_without_the_redocly_cdn(client, hotel_a):
    page = client.get("/api/redoc/", HTTP_HOST=ALPINE).content.decode()
    (bundle_url,) = [a for a in Elements(page).addresses if "redoc.standalone.js" in a]
    bundle = client.get(bundle_url, HTTP_HOST=ALPINE)
    unversioned = client.get("/api/redoc/redoc.standalone.js", HTTP_HOST=ALPINE)

    assert bundle.status_code == 200
    assert bundle["Content-Type"] == "text/javascript; charset=utf-8"
    assert bundle["Cache-Control"] == "public, max-age=31536000, immutable"
    assert unversioned["Cache-Control"] == "no-cache"
    content = bundle.content.decode()
    assert "Redoc" in content
    assert len(content) > 500_000  # the whole standalone bundle
    assert "cdn.redoc.ly" not in content
    # Nothing in it loads from an address of its own: a src or a url() to http(s).
    assert re.findall(r"src:\s*\"https?://", content) == []
    assert re.findall(r"url\(\s*[\"']?https?://", content) == []


def _operator_client() -> Client:
    User.objects.create_superuser("csp-ops@innkeep.test", "ops-Password-2027")
    client = Client(HTTP_HOST=ROOT)
    assert client.login(username="csp-ops@innkeep.test", password="ops-Password-2027")
    return client


def test_the_periodic_task_form_script_runs_under_its_nonce(hotel_a):
    response = _operator_client().get("/admin/django_celery_beat/periodictask/add/")

    assert response.status_code == 200
    (nonce_source,) = [s for s in policy(response)["script-src"] if s.startswith("'nonce-")]
    (script,) = Elements(response.content.decode()).inline_scripts()
    assert script["id"] == "periodic-task-overrides"
    assert f"'nonce-{script['nonce']}'" == nonce_source
    assert "readableCrontabs" in (script["body"] or "")


def test_the_admin_pages_have_no_inline_styles(web_for, hotel_a):
    browser = web_for(hotel_a)
    browser.post(
        "/admin/login/?next=/admin/",
        {"username": hotel_a.owner_email, "password": hotel_a.owner_password},
    )

    for path in ("/admin/", "/admin/properties/roomtype/add/", "/admin/rates/rateplan/add/"):
        response = browser.get(path)
        assert response.status_code == 200
        page = Elements(response.content.decode())
        assert (path, page.styles, page.style_attributes) == (path, 0, 0)
        assert page.inline_scripts() == []


def _page_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.glob("*/templates/**/*.html"))
        if "/email/" not in path.as_posix()  # mail is no page: no policy applies to it
    ]


@pytest.mark.parametrize("template", _page_templates(), ids=lambda p: p.name)
def test_no_template_has_an_inline_script_without_the_nonce_or_inline_styles(template: Path):
    page = Elements(template.read_text())

    for script in page.inline_scripts():
        assert script.get("nonce") == "{{ request.csp_nonce }}"
    assert page.event_handlers == []
    assert (page.styles, page.style_attributes) == (0, 0)
