"""How CLI commands reach a workspace's tables (one place for every command)."""

from __future__ import annotations

import os
from pathlib import Path

from .._errors import InputError
from .._schema import TABLE_NAMES
from .._tables import InMemoryTables, TableSource
from ..store._engine import DATABASE_URL_ENV


def open_tables(path: str | Path, db: str | None = None) -> TableSource:
    """The imported workspace when there is one, else its table files read as they are."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such workspace folder")
    if is_imported(folder) or db or os.environ.get(DATABASE_URL_ENV):
        from ..store import open_workspace

        return open_workspace(folder, db_url=db)
    return read_table_files(folder)


def is_imported(folder: Path) -> bool:
    """A workspace is imported once `tq init`/`tq import` wrote its store config.

    Other commands may create `.tq/` for caches, so the folder alone does not count.
    """
    return (folder / ".tq" / "workspace.json").exists() or (folder / ".tq" / "store.db").exists()


def read_table_files(folder: Path) -> TableSource:
    """Read `<table>.csv|.parquet|.xlsx` files without importing them."""
    import pandas as pd

    frames = {}
    for name in TABLE_NAMES:
        for suffix in (".csv", ".parquet", ".xlsx"):
            f = folder / f"{name}{suffix}"
            if not f.exists():
                continue
            if suffix == ".csv":
                frames[name] = pd.read_csv(
                    f,
                    sep=None,
                    engine="python",
                    encoding="utf-8-sig",
                    dtype={c: str for c in _id_columns(name)},
                )
            elif suffix == ".parquet":
                frames[name] = pd.read_parquet(f)
            else:
                frames[name] = pd.read_excel(f)
            break
    if not frames:
        raise InputError(f"{folder}: no workspace tables found (expected files such as orders.csv)")
    return InMemoryTables(frames)


def _id_columns(table: str) -> list[str]:
    from .._schema import table as table_spec

    return [c.name for c in table_spec(table).columns if c.type in ("id", "string")]
