"""Render the project's nginx templates the way the nginx image does, and run a real nginx on
them: `nginx -t` for `make check-nginx` (`python -m tests.ops.nginxconf`), and a running
server for the end-to-end test.

The nginx image renders /etc/nginx/templates/*.template with envsubst into conf.d/, which
its nginx.conf includes inside `http { }`, with /etc/nginx/innkeep/ beside it. `build_site`
lays out the same tree in a folder: nginx.conf (the image's own, nginx/stock/nginx.conf, with
paths moved into the folder), innkeep/ (copied), conf.d/innkeep.conf (rendered). The image's
nginx.conf already sets some http-level directives (sendfile, keepalive_timeout, ...): ours
must not set them again, and only the stock file shows that.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
NGINX_DIR = PROJECT_DIR / "nginx"
TEMPLATES = {
    "prod": NGINX_DIR / "templates" / "innkeep.conf.template",
    "dev": NGINX_DIR / "templates" / "innkeep-dev.conf.template",
}
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

# The nginx image's own nginx.conf (also what ops/standins installs in the stand-in image).
STOCK_MAIN_CONF = NGINX_DIR / "stock" / "nginx.conf"
# Its machine paths -> the folder's; every line must be found, so a changed stock file is seen.
_STOCK_PATHS = (
    ("user  nginx;\n", "{user}"),
    ("worker_processes  auto;", "worker_processes  1;"),
    ("error_log  /var/log/nginx/error.log notice;", "error_log  {root}/logs/error.log notice;"),
    ("pid        /var/run/nginx.pid;", "pid        {root}/nginx.pid;"),
    ("include       /etc/nginx/mime.types;", "include       mime.types;"),
    ("access_log  /var/log/nginx/access.log  main;", "access_log  {root}/logs/access.log  main;"),
    (
        "include /etc/nginx/conf.d/*.conf;",
        "client_body_temp_path {root}/tmp/body;\n"
        "    proxy_temp_path {root}/tmp/proxy;\n"
        "    fastcgi_temp_path {root}/tmp/fastcgi;\n"
        "    uwsgi_temp_path {root}/tmp/uwsgi;\n"
        "    scgi_temp_path {root}/tmp/scgi;\n"
        "    include conf.d/*.conf;",
    ),
)


def main_conf(root: Path, *, user: str) -> str:
    """The stock nginx.conf with its paths in `root` (user: a `user ...;` line, or "")."""
    text = STOCK_MAIN_CONF.read_text()
    for stock, ours in _STOCK_PATHS:
        if stock not in text:
            raise ValueError(f"{STOCK_MAIN_CONF} no longer has {stock!r}")
        text = text.replace(stock, ours.format(root=root, user=user))
    return text


MINIMAL_MIME_TYPES = """\
types {
    text/html html; text/css css; text/plain txt; application/javascript js;
    application/json json; image/png png; image/svg+xml svg;
}
"""


class NginxMissing(RuntimeError):
    pass


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
    )
    if not found:
        raise NginxMissing(
            "nginx is not installed: `apt-get install -y nginx` (.ci/run installs it)."
        )
    return found


def template_variables(template: Path) -> set[str]:
    return set(_VARIABLE.findall(template.read_text()))


def render(text: str, variables: Mapping[str, str]) -> str:
    """envsubst with every variable of the template defined: ${NAME} becomes its value."""
    missing = set(_VARIABLE.findall(text)) - set(variables)
    if missing:
        raise KeyError(f"template variables without a value: {sorted(missing)}")
    return _VARIABLE.sub(lambda match: variables[match.group(1)], text)


@dataclass(frozen=True)
class Certificates:
    ca_pem: Path
    cert: Path
    key: Path
    custom_dir: Path


def make_certificates(
    folder: Path, *, root_domain: str, custom_domains: tuple[str, ...] = ()
) -> Certificates:
    """A throwaway CA; a certificate for root_domain + *.root_domain; and one per custom
    domain in certbot's layout (<custom_dir>/<domain>/fullchain.pem, privkey.pem)."""
    import trustme

    ca = trustme.CA()
    folder.mkdir(parents=True, exist_ok=True)
    ca_pem = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    leaf = ca.issue_cert(root_domain, f"*.{root_domain}")
    cert, key = folder / "site.crt", folder / "site.key"
    cert.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    key.write_bytes(leaf.private_key_pem.bytes())
    custom_dir = folder / "live"
    for domain in custom_domains:
        issued = ca.issue_cert(domain)
        (custom_dir / domain).mkdir(parents=True, exist_ok=True)
        (custom_dir / domain / "fullchain.pem").write_bytes(
            b"".join(blob.bytes() for blob in issued.cert_chain_pems)
        )
        (custom_dir / domain / "privkey.pem").write_bytes(issued.private_key_pem.bytes())
    custom_dir.mkdir(exist_ok=True)
    return Certificates(ca_pem=ca_pem, cert=cert, key=key, custom_dir=custom_dir)


def build_site(root: Path, *, template: Path, variables: Mapping[str, str]) -> Path:
    """Lay out a complete nginx configuration in `root`; returns the main config file."""
    root.mkdir(parents=True, exist_ok=True)
    for sub in ("logs", "tmp", "conf.d"):
        (root / sub).mkdir(exist_ok=True)
    shutil.copytree(NGINX_DIR / "innkeep", root / "innkeep", dirs_exist_ok=True)
    (root / "conf.d" / "innkeep.conf").write_text(render(template.read_text(), variables))
    system_mime = Path("/etc/nginx/mime.types")
    (root / "mime.types").write_text(
        system_mime.read_text() if system_mime.exists() else MINIMAL_MIME_TYPES
    )
    # As root, nginx's workers would switch to `nobody`, who cannot read a private temp dir.
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    conf = root / "nginx.conf"
    conf.write_text(main_conf(root, user=user))
    return conf


def nginx_command(conf: Path, *args: str) -> list[str]:
    return [nginx_binary(), "-e", "stderr", "-p", str(conf.parent), "-c", str(conf), *args]


def nginx_test(conf: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        nginx_command(conf, "-t"), capture_output=True, text=True, timeout=30, check=False
    )


def variables_for(
    root: Path,
    *,
    certificates: Certificates | None,
    root_domain: str = "innkeep.test",
    app_upstream: str = "127.0.0.1:8000",
    http_port: int = 8080,
    https_port: int = 8443,
) -> dict[str, str]:
    files = root / "files"
    acme = root / "acme"
    files.mkdir(parents=True, exist_ok=True)
    acme.mkdir(parents=True, exist_ok=True)
    values = {
        "ROOT_DOMAIN": root_domain,
        "APP_UPSTREAM": app_upstream,
        "NGINX_HTTP_PORT": str(http_port),
        "NGINX_HTTPS_PORT": str(https_port),
        "FILES_ROOT": str(files),
        "ACME_WEBROOT": str(acme),
        "NGINX_ACCESS_LOG": str(root / "logs" / "access.log"),
    }
    if certificates is not None:
        values |= {
            "TLS_CERT_PATH": str(certificates.cert),
            "TLS_KEY_PATH": str(certificates.key),
            "CUSTOM_CERTS_DIR": str(certificates.custom_dir),
        }
    return values


def check_all() -> int:
    """`make check-nginx`: every template, rendered, passes `nginx -t`."""
    failures = 0
    with tempfile.TemporaryDirectory(prefix="innkeep-nginx-") as tmp:
        certificates = make_certificates(Path(tmp) / "certs", root_domain="innkeep.test")
        for name, template in TEMPLATES.items():
            site = Path(tmp) / name
            variables = variables_for(site, certificates=certificates)
            result = nginx_test(build_site(site, template=template, variables=variables))
            status = "ok" if result.returncode == 0 else "FAILED"
            print(f"nginx -t {template.relative_to(PROJECT_DIR)}: {status}")
            if result.returncode != 0:
                failures += 1
                print(result.stderr, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(check_all())
