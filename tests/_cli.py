"""Running `tq` in-process for the CLI tests: a user mistake must never end in a traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from totalquality.cli import app

runner = CliRunner()


def tq(*args: object):
    """Invoke `tq ARGS…`; fail on a traceback or on an exception other than an exit."""
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result
