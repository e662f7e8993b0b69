"""ops/stack.sh (`make images`, `make stack-test`), checked without a Docker engine: every
third-party image the Dockerfile and the compose files name has a stand-in it can make when no
registry answers, and CI runs it."""

from __future__ import annotations

import re
import subprocess

import yaml

from tests.ops import nginxconf

PROJECT_DIR = nginxconf.PROJECT_DIR
SCRIPT = PROJECT_DIR / "ops" / "stack.sh"
STANDINS_DOCKERFILE = PROJECT_DIR / "ops" / "standins" / "Dockerfile"
OUR_IMAGES = {"innkeep", "innkeep-nginx"}


def standins() -> dict[str, str]:
    """Image name -> stand-in target, from the script's STANDINS list."""
    block = SCRIPT.read_text().split("STANDINS=(", 1)[1].split(")", 1)[0]
    return dict(entry.rsplit("=", 1) for entry in re.findall(r'"([^"]+)"', block))


def third_party_images() -> set[str]:
    names = set(
        re.findall(
            r"^ARG \w+_IMAGE=(\S+)$",
            (PROJECT_DIR / "docker" / "Dockerfile").read_text(),
            flags=re.MULTILINE,
        )
    )
    for compose in ("docker-compose.yml", "docker-compose.prod.yml"):
        services = yaml.safe_load((PROJECT_DIR / compose).read_text())["services"]
        for service in services.values():
            image = service.get("image", "")
            if image and not image.startswith("$") and image.split(":")[0] not in OUR_IMAGES:
                names.add(image)
    return names


def test_every_third_party_image_has_a_stand_in():
    found = standins()
    targets = set(
        re.findall(r"^FROM \S+ AS (\S+)$", STANDINS_DOCKERFILE.read_text(), flags=re.MULTILINE)
    )

    assert third_party_images() == {
        "python:3.11-slim-bookworm",
        "postgres:16",
        "redis:7",
        "nginx:1.28-bookworm",
        "axllent/mailpit:latest",
    }
    assert set(found) == third_party_images()
    assert set(found.values()) <= targets


def test_the_nginx_stand_in_has_the_official_nginx_conf():
    dockerfile = STANDINS_DOCKERFILE.read_text()
    script = SCRIPT.read_text()

    assert "COPY nginx.conf /etc/nginx/nginx.conf" in dockerfile
    assert 'cp nginx/stock/nginx.conf "$context/nginx.conf"' in script


def test_the_script_parses_and_ci_runs_it_last():
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True, timeout=30)
    ci = (PROJECT_DIR / ".ci" / "run").read_text().strip().splitlines()
    makefile = (PROJECT_DIR / "Makefile").read_text()

    assert ci[-1] == "make stack-test"
    assert "stack-test:\n\tbash ops/stack.sh stack-test" in makefile
    assert "images:\n\tbash ops/stack.sh images" in makefile
