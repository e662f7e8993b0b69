"""A real gunicorn running the app on the test database, and a real nginx in front of it,
rendered from nginx/templates/innkeep.conf.template with ROOT_DOMAIN=innkeep.test and TLS
certificates made by a throwaway CA. Both are stopped when the module's tests are done."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from innkeep.tenancy.models import Domain
from tests.ops import nginxconf
from tests.ops.e2e_settings import CUSTOM_DOMAIN

PROJECT_DIR = nginxconf.PROJECT_DIR
ROOT_DOMAIN = "innkeep.test"
STARTUP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args!r} exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listens on port {port} after {STARTUP_TIMEOUT}s:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def database_url_of_tests() -> str:
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{db['NAME']}"


@dataclass(frozen=True)
class AppServer:
    address: str  # host:port
    log: Path  # gunicorn's output: the app's JSON log lines


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Proxy:
    """The running nginx: plain HTTP and HTTPS ports, the CA its certificates come from."""

    http_port: int
    https_port: int
    root: Path
    files: Path
    acme: Path
    ca_pem: Path
    app_log: Path
    _tls: ssl.SSLContext | None = field(default=None, repr=False)

    def tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            self._tls = ssl.create_default_context(cafile=str(self.ca_pem))
        return self._tls

    def fetch(
        self,
        host: str,
        path: str = "/",
        *,
        method: str = "GET",
        tls: bool = True,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        source: str | None = None,
    ) -> Reply:
        """One request to 127.0.0.1 with this Host (and SNI name, over TLS; the certificate
        is verified against the test CA), from `source` (another loopback address, such as
        127.0.0.2: another client for nginx) or from 127.0.0.1."""
        port = self.https_port if tls else self.http_port
        sock = socket.create_connection(
            ("127.0.0.1", port), timeout=10, source_address=(source, 0) if source else None
        )
        if tls:
            sock = self.tls_context().wrap_socket(sock, server_hostname=host)
        connection = http.client.HTTPConnection(host, port, timeout=10)
        connection.sock = sock
        try:
            connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            return Reply(response.status, response.getheaders(), response.read())
        finally:
            connection.close()


@pytest.fixture(scope="module")
def app_server(hotel_a, hotel_b, django_db_blocker, tmp_path_factory) -> Iterator[AppServer]:  # type: ignore[no-untyped-def]
    """gunicorn with docker/gunicorn.conf.py, serving the test database (it sees the
    committed session hotels), plus a committed custom domain for alpine."""
    with django_db_blocker.unblock():
        Domain.objects.get_or_create(
            domain=CUSTOM_DOMAIN, defaults={"tenant": hotel_a.hotel, "is_primary": False}
        )
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    try:
        with gunicorn_serving(
            settings_module="tests.ops.e2e_settings", log=log, env={"LOG_FORMAT": "json"}
        ) as port:
            yield AppServer(address=f"127.0.0.1:{port}", log=log)
    finally:
        with django_db_blocker.unblock():
            Domain.objects.filter(domain=CUSTOM_DOMAIN).delete()


@contextmanager
def gunicorn_serving(
    *, settings_module: str, log: Path, env: dict[str, str] | None = None, port: int = 0
) -> Iterator[int]:
    """gunicorn with docker/gunicorn.conf.py on `port` (default: a free one) of 127.0.0.1,
    serving the test database with `settings_module`, its output in `log`; yields the port,
    stops at the end."""
    port = port or free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url_of_tests(),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "8",
        "PYTHONPATH": str(PROJECT_DIR),
        **(env or {}),
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(PROJECT_DIR / "docker" / "gunicorn.conf.py"),
                "innkeep.wsgi:application",
            ],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, log)
        yield port
    finally:
        stop(process, signal.SIGINT)  # gunicorn: quick shutdown


@pytest.fixture(scope="module")
def proxy(app_server: AppServer, tmp_path_factory) -> Iterator[Proxy]:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("nginx")
    certificates = nginxconf.make_certificates(
        root / "certs", root_domain=ROOT_DOMAIN, custom_domains=(CUSTOM_DOMAIN,)
    )
    http_port, https_port = free_port(), free_port()
    variables = nginxconf.variables_for(
        root,
        certificates=certificates,
        root_domain=ROOT_DOMAIN,
        app_upstream=app_server.address,
        http_port=http_port,
        https_port=https_port,
    )
    conf = nginxconf.build_site(root, template=nginxconf.TEMPLATES["prod"], variables=variables)
    log = root / "logs" / "nginx.out"
    with log.open("wb") as output:
        process = subprocess.Popen(
            nginxconf.nginx_command(conf, "-g", "daemon off;"),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(https_port, process, log)
        yield Proxy(
            http_port=http_port,
            https_port=https_port,
            root=root,
            files=Path(variables["FILES_ROOT"]),
            acme=Path(variables["ACME_WEBROOT"]),
            ca_pem=certificates.ca_pem,
            app_log=app_server.log,
        )
    finally:
        stop(process)
