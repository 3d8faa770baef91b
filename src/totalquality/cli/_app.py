"""The `tq` application object and what every command shares.

Exit codes (documented in docs/cli.md):
  0 success · 1 internal error (a bug: please report) · 2 usage error ·
  3 input error (your data) · 4 not enough data · 5 store/workspace error ·
  6 action not allowed
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich import table as rich_table
from rich.console import Console
from rich.markup import escape
from rich.protocol import is_renderable
from rich.text import Text

from .._base import to_jsonable
from .._errors import (
    ActionError,
    InputError,
    InsufficientDataError,
    StoreError,
    TotalQualityError,
)

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_INSUFFICIENT = 4
EXIT_STORE = 5
EXIT_ACTION = 6

app = typer.Typer(
    name="tq",
    help="totalquality: customer voice and production quality in one loop.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)


def esc(value: Any) -> str:
    """A data value (a name, an id, a user's text, a path) as inert Rich text.

    ``[/]`` or ``[link=…]`` in a value would otherwise be read as markup: an error
    (``MarkupError``) or a hidden link. Every value printed with markup goes through here.
    """
    return escape(str(value))


def styled(markup: str) -> Text:
    """A table cell whose markup is ours (``[red]…[/]``): values inside must be ``esc()``'d."""
    return Text.from_markup(markup)


class Table(rich_table.Table):
    """A Rich table whose text cells, titles and headers are data: never read as markup.

    Cells with our own styling are passed as :func:`styled` ``Text``.
    """

    def __init__(self, *headers: Any, title: Any = None, caption: Any = None, **kw: Any) -> None:
        super().__init__(
            *(esc(h) if isinstance(h, str) else h for h in headers),
            title=esc(title) if isinstance(title, str) else title,
            caption=esc(caption) if isinstance(caption, str) else caption,
            **kw,
        )

    def add_column(self, header: Any = "", *args: Any, **kw: Any) -> None:
        super().add_column(esc(header) if isinstance(header, str) else header, *args, **kw)

    def add_row(self, *cells: Any, **kw: Any) -> None:
        super().add_row(*(_cell(c) for c in cells), **kw)


def _cell(value: Any) -> Any:
    """A table cell: text escaped, our own renderables kept, anything else as its text."""
    if value is None or (not isinstance(value, str) and is_renderable(value)):
        return value
    return esc(value)


class Output:
    """Where a command's results go: Rich tables for people, JSON for scripts."""

    def __init__(self, json_mode: bool = False, quiet: bool = False) -> None:
        self.json_mode = json_mode
        self.quiet = quiet

    def info(self, message: str) -> None:
        if not self.quiet and not self.json_mode:
            console.print(message)

    def plain(self, text: str) -> None:
        """Text printed exactly as it is (a file's content: never markup)."""
        if not self.quiet and not self.json_mode:
            console.print(text, markup=False, highlight=False, soft_wrap=True)

    def print(self, renderable: Any) -> None:
        if not self.quiet and not self.json_mode:
            console.print(renderable)

    def data(self, payload: Any) -> None:
        if self.json_mode:
            sys.stdout.write(json.dumps(to_jsonable(payload), ensure_ascii=False, indent=2) + "\n")

    @property
    def show_progress(self) -> bool:
        return not self.quiet and not self.json_mode and console.is_terminal


F = TypeVar("F", bound=Callable[..., Any])


def guarded(func: F) -> F:
    """Turn user mistakes into a clear message and a documented exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except InputError as exc:
            err_console.print(f"[bold red]Input error:[/] {esc(exc)}", soft_wrap=True)
            raise typer.Exit(EXIT_INPUT) from None
        except InsufficientDataError as exc:
            err_console.print(f"[bold yellow]Not enough data:[/] {esc(exc)}", soft_wrap=True)
            raise typer.Exit(EXIT_INSUFFICIENT) from None
        except StoreError as exc:
            err_console.print(f"[bold red]Store error:[/] {esc(exc)}", soft_wrap=True)
            raise typer.Exit(EXIT_STORE) from None
        except ActionError as exc:
            err_console.print(f"[bold red]Not allowed:[/] {esc(exc)}", soft_wrap=True)
            raise typer.Exit(EXIT_ACTION) from None
        except TotalQualityError as exc:
            err_console.print(f"[bold red]Error:[/] {esc(exc)}", soft_wrap=True)
            raise typer.Exit(EXIT_INPUT) from None
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError) as exc:
            err_console.print(f"[bold red]Input error:[/] {esc(exc)}", soft_wrap=True)
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


JsonOption = typer.Option(False, "--json", help="Print machine-readable JSON on stdout.")
QuietOption = typer.Option(False, "--quiet", "-q", help="Print nothing but errors.")
DbOption = typer.Option(
    None,
    "--db",
    help="Database URL for the transactional store (default: TQ_DATABASE_URL, "
    "else SQLite inside the workspace).",
    envvar="TQ_DATABASE_URL",
)
