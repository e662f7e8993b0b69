"""Every error code an app declares is documented in docs/errors.md."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import innkeep

DOC = Path(__file__).resolve().parents[2] / "docs" / "errors.md"
CODE = re.compile(r"^[A-Z][A-Z0-9_]+$")


def declared_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for module_info in pkgutil.iter_modules(innkeep.__path__):
        try:
            module = importlib.import_module(f"innkeep.{module_info.name}.errors")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if isinstance(value, str) and CODE.match(name) and value == name:
                codes[name] = module.__name__
    return codes


def test_error_codes_are_declared_in_core_and_tenancy():
    codes = declared_codes()
    assert codes["VALIDATION_ERROR"] == "innkeep.core.errors"
    assert codes["SUBDOMAIN_TAKEN"] == "innkeep.tenancy.errors"


def test_every_declared_code_is_documented():
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", DOC.read_text(), re.MULTILINE))
    missing = sorted(set(declared_codes()) - documented)
    assert missing == []
