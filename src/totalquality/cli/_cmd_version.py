"""`tq version` and `tq schema`."""

from __future__ import annotations

import json

import typer

from .. import __version__
from .._schema import json_schema
from ._app import app, console


@app.command()
def version() -> None:
    """Print the totalquality version."""
    console.print(__version__)


@app.command()
def schema(
    out: str | None = typer.Option(None, "--out", help="Write to this file instead of stdout."),
) -> None:
    """Print the JSON Schema of the workspace import format."""
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        print(text)
