"""nginx: every template passes `nginx -t` once rendered the way the nginx image renders it,
and every variable of a template gets a value where that template runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.ops import nginxconf


@pytest.mark.parametrize("name", sorted(nginxconf.TEMPLATES))
def test_nginx_accepts_the_rendered_template(name: str, tmp_path: Path):
    certificates = nginxconf.make_certificates(tmp_path / "certs", root_domain="innkeep.test")
    site = tmp_path / "site"
    variables = nginxconf.variables_for(site, certificates=certificates)

    conf = nginxconf.build_site(site, template=nginxconf.TEMPLATES[name], variables=variables)
    result = nginxconf.nginx_test(conf)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.parametrize("directive", ["sendfile on;", "keepalive_timeout 65s;"])
def test_the_check_refuses_what_the_images_nginx_conf_already_sets(directive: str, tmp_path: Path):
    # The nginx image's own nginx.conf sets these at the http level; nginx refuses to start when
    # an included file sets them again. The check must see that, as the real image would.
    site = tmp_path / "site"
    variables = nginxconf.variables_for(site, certificates=None)
    conf = nginxconf.build_site(site, template=nginxconf.TEMPLATES["dev"], variables=variables)
    with (site / "innkeep" / "http.conf").open("a") as http_conf:
        http_conf.write(f"{directive}\n")

    result = nginxconf.nginx_test(conf)

    assert result.returncode == 1
    assert f'"{directive.split()[0]}" directive is duplicate' in result.stderr


def test_the_check_runs_under_the_images_own_nginx_conf(tmp_path: Path):
    site = tmp_path / "site"
    variables = nginxconf.variables_for(site, certificates=None)

    conf = nginxconf.build_site(site, template=nginxconf.TEMPLATES["dev"], variables=variables)

    stock = nginxconf.STOCK_MAIN_CONF.read_text()
    text = conf.read_text()
    for line in (
        "sendfile        on;",
        "keepalive_timeout  65;",
        "default_type  application/octet-stream;",
    ):
        assert line in stock
        assert line in text
    assert "include conf.d/*.conf;" in text
    assert "/etc/nginx" not in text


def test_rendering_refuses_a_variable_without_a_value():
    with pytest.raises(KeyError, match="ROOT_DOMAIN"):
        nginxconf.render("server_name ${ROOT_DOMAIN};", {})


def _compose_nginx_environment(path: Path) -> set[str]:
    return set(yaml.safe_load(path.read_text())["services"]["nginx"]["environment"])


def test_production_template_variables_all_have_values():
    dockerfile = (nginxconf.PROJECT_DIR / "docker" / "Dockerfile").read_text()
    nginx_stage = dockerfile.split(" AS nginx", 1)[1].split("\nFROM ", 1)[0]
    image_defaults = set(re.findall(r"\b([A-Z][A-Z0-9_]*)=", nginx_stage))
    compose = _compose_nginx_environment(nginxconf.PROJECT_DIR / "docker-compose.prod.yml")

    missing = nginxconf.template_variables(nginxconf.TEMPLATES["prod"]) - image_defaults - compose
    assert not missing


def test_development_template_variables_all_have_values():
    compose = _compose_nginx_environment(nginxconf.PROJECT_DIR / "docker-compose.yml")

    assert nginxconf.template_variables(nginxconf.TEMPLATES["dev"]) <= compose
