"""The `tq` command line. Each `_cmd_*.py` module registers its commands on `app`."""

from __future__ import annotations

import importlib
import pkgutil

from ._app import app

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name.startswith("_cmd_"):
        importlib.import_module(f"{__name__}.{_info.name}")


def main() -> None:
    app()


__all__ = ["app", "main"]
