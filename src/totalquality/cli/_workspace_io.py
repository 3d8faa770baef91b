"""How CLI commands reach a workspace's tables (one place for every command)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._errors import InputError, Problem
from .._tables import InMemoryTables, TableSource
from ..store._engine import DATABASE_URL_ENV


def open_tables(path: str | Path, db: str | None = None) -> TableSource:
    """The imported workspace when there is one, else its table files, validated as on import.

    A running import is waited for (see :meth:`Workspace.reading`), and a store holding
    no rows at all is an error: an analysis of it would be an empty report.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such workspace folder")
    if is_imported(folder) or db or os.environ.get(DATABASE_URL_ENV):
        from ..store import open_workspace

        ws = open_workspace(folder, db_url=db)
        with ws.reading():
            names = ws.names()
        if not names:
            ws.close()
            raise InputError(
                f"{folder} has a store but no imported rows: nothing to analyse. Import the "
                f"table files with `tq import {folder}` (if an import failed, `tq status "
                f"{folder}` and `tq rejects {folder}` say why)"
            )
        return ws
    return read_table_files(folder)


@contextlib.contextmanager
def consistent(tables: TableSource) -> Iterator[None]:
    """While the block runs, no import changes the workspace it reads (files: nothing to do)."""
    reading = getattr(tables, "reading", None)
    if reading is None:
        yield
        return
    with reading():
        yield


def is_imported(folder: Path) -> bool:
    """A workspace is imported once `tq init`/`tq import` wrote its store config.

    Other commands may create `.tq/` for caches, so the folder alone does not count.
    """
    return (folder / ".tq" / "workspace.json").exists() or (folder / ".tq" / "store.db").exists()


class CheckedFiles(InMemoryTables):
    """Table files read and validated as `tq import` would, without a store.

    The analysis sees only valid rows, exactly as it would after an import; ``problems``
    names every rejected row (file, row, column, reason) so the caller can say so.
    """

    def __init__(self, frames: dict[str, Any], problems: list[Problem], rejected: int) -> None:
        super().__init__(frames)
        self.problems = problems
        self.rejected = rejected


def read_table_files(folder: Path) -> CheckedFiles:
    """Read and validate `<table>.csv|.parquet|.xlsx` files without importing them."""
    from ..listen import read_folder, validate_workspace

    files, errors, warnings = read_folder(folder)
    checked = validate_workspace(files, errors=errors, warnings=warnings)
    frames = {}
    for name, outcome in checked.tables.items():
        if outcome.insert is not None and outcome.insert.height:
            frame = outcome.insert
            frames[name] = frame.drop([c for c in frame.columns if c.startswith("_")])
    if not frames:
        problems = "; ".join(str(p) for p in checked.problems(5))
        raise InputError(f"{folder}: no usable table rows" + (f" ({problems})" if problems else ""))
    rejected = sum(len(t.rejects) for t in checked.tables.values())
    return CheckedFiles(frames, checked.problems(20), rejected)
