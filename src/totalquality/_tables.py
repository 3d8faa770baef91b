"""How analyses reach workspace tables without doing I/O themselves.

Analyses accept plain data frames. Section runners (used by ``tq analyze`` and
the CLI) receive a :class:`TableSource`: the store's workspace implements it over
SQLite/PostgreSQL + Parquet through Ibis on DuckDB; :class:`InMemoryTables`
implements it over data frames for tests and notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ._errors import MissingTableError

if TYPE_CHECKING:
    import pandas as pd


@runtime_checkable
class TableSource(Protocol):
    def names(self) -> list[str]:
        """Names of the tables that hold data."""
        ...

    def has(self, name: str) -> bool: ...

    def pandas(self, name: str) -> pd.DataFrame:
        """The whole table as pandas; raises MissingTableError when absent."""
        ...

    def ibis(self, name: str) -> Any:
        """The table as an Ibis expression (backend-portable, lazy)."""
        ...


def require(source: TableSource, analysis: str, tables: Iterable[str]) -> None:
    """Raise one clear MissingTableError listing every absent table an analysis needs."""
    missing = [t for t in tables if not source.has(t)]
    if missing:
        raise MissingTableError(analysis, missing)


class InMemoryTables:
    """A TableSource over data frames (pandas, polars or pyarrow)."""

    def __init__(self, frames: Mapping[str, Any]) -> None:
        import pandas as pd

        self._frames: dict[str, pd.DataFrame] = {}
        for name, frame in frames.items():
            if frame is None:
                continue
            if not isinstance(frame, pd.DataFrame):
                frame = frame.to_pandas()
            self._frames[name] = frame
        self._con: Any = None
        self._registered: set[str] = set()

    def names(self) -> list[str]:
        return sorted(self._frames)

    def has(self, name: str) -> bool:
        return name in self._frames and len(self._frames[name]) > 0

    def pandas(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            raise MissingTableError("this analysis", [name])
        return self._frames[name]

    def ibis(self, name: str) -> Any:
        import ibis

        if self._con is None:
            self._con = ibis.duckdb.connect()
        # Our own record: list_tables() is unreliable across ibis/duckdb versions.
        if name not in self._registered:
            frame = self.pandas(name)
            # an all-empty optional column has no type of its own; DuckDB needs one
            untyped = [
                c for c in frame.columns if frame[c].dtype == object and frame[c].isna().all()
            ]
            if untyped:
                frame = frame.astype(dict.fromkeys(untyped, "string"))
            self._con.create_table(name, frame, overwrite=True)
            self._registered.add(name)
        return self._con.table(name)


class CanonicalOrder:
    """A TableSource whose tables come in one order, whatever order their rows were given in.

    Every analysis sees a table sorted by its key (or, for process data without a key, by
    every column), so the same data give the same numbers however a file or a store happens
    to order them: sampling, first-of-group choices and tie-breaks cannot depend on it.
    """

    def __init__(self, source: TableSource) -> None:
        self._source = source
        self._sorted: dict[str, pd.DataFrame] = {}

    def names(self) -> list[str]:
        return self._source.names()

    def has(self, name: str) -> bool:
        return self._source.has(name)

    def ibis(self, name: str) -> Any:
        return self._source.ibis(name)

    def pandas(self, name: str) -> pd.DataFrame:
        if name not in self._sorted:
            self._sorted[name] = _canonical(name, self._source.pandas(name))
        return self._sorted[name]

    def __getattr__(self, name: str) -> Any:  # problems, rejected, … of the wrapped source
        return getattr(self._source, name)


def _canonical(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    from ._schema import TABLES_BY_NAME

    spec = TABLES_BY_NAME.get(name)
    key = [c for c in (spec.key if spec else ()) if c in frame.columns]
    if not key:
        key = [c for c in frame.columns if frame[c].dtype != object or _sortable(frame[c])]
    if not key or frame.empty:
        return frame
    order = (
        frame[key]
        .astype({c: str for c in key if frame[c].dtype == object})
        .sort_values(key, kind="mergesort", na_position="last")
    )
    return frame.loc[order.index].reset_index(drop=True)


def _sortable(column: Any) -> bool:
    return bool(column.dropna().map(type).nunique() <= 1)
