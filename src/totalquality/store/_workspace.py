"""A workspace: its folder, its store and every table exposed to Ibis on DuckDB.

Layout of ``WORKSPACE/.tq/``::

    store.db                      SQLite store (unless a PostgreSQL URL is used)
    workspace.json                format version and the database URL (no password)
    process/<table>/month=YYYY-MM/<batch>.parquet
                                  append-only process data (measurements,
                                  inspections, defects), one file per import
                                  batch and month of the row's timestamp
    staging/<batch>/...           Parquet of an import that is not complete yet
    import.lock                   held (exclusively) while an import reads its files
                                  and writes; readers hold it shared, so an analysis
                                  never sees half an import (see Workspace.reading)

An import writes its Parquet files into ``staging/<batch>`` first, commits its SQL
transaction (which records the batch in ``imports`` as *committed*), then moves
the files into ``process/`` and marks the batch *complete*. Opening a workspace
finishes that protocol: staged files of a committed batch are moved in, staged
files of a batch that never committed are deleted, and Parquet files whose batch
the store does not know are deleted. So a crash at any point leaves either the
whole import or nothing.

:class:`Workspace` implements :class:`~totalquality.TableSource`: every
workspace table, SQL or Parquet, is one Ibis table on one in-process DuckDB.
Process tables are DuckDB views over their Parquet files; SQL tables are moved
to Arrow (ADBC for SQLite: ~5× faster than ``fetchall``; ``COPY`` for
PostgreSQL) and registered in DuckDB. Tables are loaded on first use and cached
until :meth:`Workspace.refresh`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from .._base import Result
from .._errors import MissingTableError, StoreError
from .._schema import TABLE_NAMES, TABLES, Table, table
from ._engine import display_url, make_engine, resolve_url, upgrade
from ._frames import DUCKDB_TYPES, cast_from_store, empty_frame
from ._models import IMPORT_COLUMN, KEY_COLUMN, WORKSPACE_TABLES, Import, Reject

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

TQ_DIR = ".tq"
FORMAT_VERSION = 1
PROCESS_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if t.process_data)
SQL_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if not t.process_data)
#: internal columns kept next to process rows in Parquet
OCCURRENCE_COLUMN = "_occurrence"


@dataclass(frozen=True)
class Needs:
    """The tables an analysis needs: all of ``all_of`` and at least one of ``any_of``."""

    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()

    def missing(self, present: set[str]) -> tuple[str, ...]:
        gone = tuple(t for t in self.all_of if t not in present)
        if self.any_of and not any(t in present for t in self.any_of):
            gone += (" or ".join(self.any_of),)
        return gone


#: which tables each analysis area needs (for ``tq status``); areas own their details
ANALYSIS_NEEDS: dict[str, Needs] = {
    "spc": Needs(("characteristics", "measurements")),
    "capability": Needs(("characteristics", "measurements")),
    "yield": Needs(("stages", "inspections")),
    "defects": Needs(("defects",)),
    "satisfaction": Needs(("responses",)),
    "kano": Needs(("items", "answers")),
    "requirements": Needs(("requirements", "items", "answers")),
    "text": Needs(any_of=("responses", "complaints")),
    "links": Needs(("complaints", "orders", "lots")),
    "suppliers": Needs(("lot_parts", "lots")),
    "retention": Needs(("customers", "orders")),
}


@dataclass(frozen=True)
class WorkspaceStatus(Result):
    """What a workspace holds and what each analysis still needs."""

    path: str
    database: str
    #: rows per workspace table (0 = not loaded)
    tables: dict[str, int] = field(default_factory=dict)
    imports: int = 0
    last_import: dict[str, Any] | None = None
    rejects: int = 0
    #: analysis → {"ready": bool, "missing": [...]}
    analyses: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def loaded(self) -> list[str]:
        return [t for t, n in self.tables.items() if n > 0]

    @property
    def missing_tables(self) -> list[str]:
        return [t for t, n in self.tables.items() if n == 0]


def _masked(url: URL) -> str:
    """The URL with no password at all (``URL.set(password=None)`` keeps it: None = unchanged)."""
    bare = URL.create(
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False)


def init_workspace(path: str | Path, db_url: str | None = None) -> Workspace:
    """Create a workspace folder (if needed) and its store; return it open."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the workspace folder {folder}: {exc}") from None
    return open_workspace(folder, db_url=db_url)


def open_workspace(path: str | Path, db_url: str | None = None) -> Workspace:
    """Open (and create the store of, if needed) the workspace in folder ``path``.

    The database is ``db_url``, else ``TQ_DATABASE_URL``, else the URL recorded by
    ``tq init --db`` (without password), else SQLite at ``WORKSPACE/.tq/store.db``.
    Migrations run on open; they do nothing when the store is current.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise StoreError(f"{folder}: no such workspace folder (create it with `tq init {folder}`)")
    return Workspace(folder, db_url)


class Workspace:
    """A workspace folder with its store; a :class:`~totalquality.TableSource`."""

    def __init__(self, path: Path, db_url: str | None = None) -> None:
        self.path = Path(path).resolve()
        self.tq_dir = self.path / TQ_DIR
        try:
            self.tq_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.tq_dir}: {exc}") from None
        config = self._read_config()
        recorded = config.get("database")
        url = resolve_url(db_url or os.environ.get("TQ_DATABASE_URL") or recorded, self.db_file)
        self.url: URL = url
        self.engine = make_engine(url)
        try:
            upgrade(self.engine)
        except StoreError:
            self.engine.dispose()
            raise
        except Exception as exc:  # a driver's connection error: user-facing, not a bug
            self.engine.dispose()
            raise StoreError(f"cannot open the store at {self.database}: {exc}") from None
        if not config:
            self._write_config(None if url.get_backend_name() == "sqlite" else _masked(url))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._duck: Any = None
        self._ibis: Any = None
        self._arrow: dict[str, Any] = {}
        self._counts: dict[str, int] | None = None
        with self.import_lock(blocking=False) as locked:
            if locked:
                self.recover()

    # ------------------------------------------------------------------ basics

    @property
    def db_file(self) -> Path:
        return self.tq_dir / "store.db"

    @property
    def database(self) -> str:
        """The database URL without its password."""
        return display_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r}, database={self.database!r})"

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the DuckDB connection and the database pool."""
        self.refresh()
        self.engine.dispose()

    def session(self) -> Session:
        """A SQLAlchemy session on the store (topics, actions, control limits, ...)."""
        return self._sessions()

    def _read_config(self) -> dict[str, Any]:
        file = self.tq_dir / "workspace.json"
        if not file.exists():
            return {}
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{file} is damaged ({exc}); delete it to start over") from None
        if not isinstance(data, dict) or data.get("format", 0) > FORMAT_VERSION:
            raise StoreError(f"{file} was written by a newer totalquality; upgrade to open it")
        return data

    def _write_config(self, database: str | None) -> None:
        data = {
            "format": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": database,
        }
        (self.tq_dir / "workspace.json").write_text(json.dumps(data, indent=2) + "\n")

    # ------------------------------------------------------------------ process files

    def process_dir(self, name: str) -> Path:
        return self.tq_dir / "process" / name

    def staging_dir(self, batch: str) -> Path:
        return self.tq_dir / "staging" / batch

    def process_files(self, name: str) -> list[Path]:
        """The Parquet files of a process table (complete batches only after recovery)."""
        folder = self.process_dir(name)
        if not folder.exists():
            return []
        return sorted(folder.glob("month=*/*.parquet"))

    @staticmethod
    def new_batch_id() -> str:
        """A sortable, unique import batch id: UTC time + random suffix."""
        now = dt.datetime.now(dt.UTC)
        return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond:06d}-" + secrets.token_hex(3)

    @contextlib.contextmanager
    def import_lock(self, blocking: bool = True) -> Iterator[bool]:
        """Hold the workspace's import lock (one writer of Parquet + store at a time)."""
        lock_file = self.tq_dir / "import.lock"
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: rely on the database lock
            yield True
            return
        with open(lock_file, "a+") as fh:
            flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
            try:
                fcntl.flock(fh.fileno(), flags)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def reading(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the import lock shared while reading: a running import is waited for
        (up to ``timeout`` seconds, default ``TQ_IMPORT_WAIT`` or 600), and no import
        starts until the reading is done. An import still running then is a StoreError.
        """
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: the database's own isolation
            yield
            return
        if timeout is None:
            timeout = float(os.environ.get("TQ_IMPORT_WAIT", "600"))
        with open(self.tq_dir / "import.lock", "a+") as fh:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreError(
                            f"an import into {self.path} is running; run this again when it "
                            f"has finished (waited {timeout:g} s)"
                        ) from None
                    time.sleep(0.1)
            try:
                self.refresh()  # whatever was cached came from before the import
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def move_staged(self, batch: str) -> None:
        """Move a committed batch's staged Parquet files into place and mark it complete."""
        staging = self.staging_dir(batch)
        if staging.exists():
            for file in sorted(staging.rglob("*.parquet")):
                target = self.tq_dir / "process" / file.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, target)
            shutil.rmtree(staging, ignore_errors=True)
        with self.session() as s, s.begin():
            row = s.get(Import, batch)
            if row is not None:
                row.status = "complete"
        self.refresh()

    def recover(self) -> list[str]:
        """Finish or undo interrupted imports; returns what was done (for logs/tests)."""
        done: list[str] = []
        with self.session() as s:
            statuses = {i: st for i, st in s.execute(sa.select(Import.id, Import.status)).all()}
        staging_root = self.tq_dir / "staging"
        if staging_root.exists():
            for staged in sorted(p for p in staging_root.iterdir() if p.is_dir()):
                if staged.name in statuses:
                    self.move_staged(staged.name)
                    statuses[staged.name] = "complete"
                    done.append(f"completed import {staged.name}")
                else:
                    shutil.rmtree(staged, ignore_errors=True)
                    done.append(f"removed unfinished import {staged.name}")
        for name, status in statuses.items():
            if status == "committed":
                # committed, files already moved, only the final mark was lost
                self.move_staged(name)
                done.append(f"marked import {name} complete")
        for proc in PROCESS_TABLES:
            for file in self.process_files(proc):
                if file.stem not in statuses:
                    file.unlink(missing_ok=True)
                    done.append(f"removed orphan {file.relative_to(self.tq_dir)}")
        if done:
            self.refresh()
        return done

    # ------------------------------------------------------------------ reading tables

    def refresh(self) -> None:
        """Forget cached tables (call after data changed)."""
        if self._duck is not None:
            with contextlib.suppress(Exception):
                self._duck.close()
        self._duck = None
        self._ibis = None
        self._arrow = {}
        self._counts = None

    def count(self, name: str) -> int:
        """Rows stored in a workspace table."""
        return self.counts()[name]

    def counts(self) -> dict[str, int]:
        """Rows stored per workspace table."""
        if self._counts is None:
            counts: dict[str, int] = {}
            with self.engine.connect() as conn:
                for name in SQL_TABLES:
                    counts[name] = int(
                        conn.execute(
                            sa.select(sa.func.count()).select_from(WORKSPACE_TABLES[name])
                        ).scalar_one()
                    )
            for name in PROCESS_TABLES:
                files = self.process_files(name)
                counts[name] = (
                    int(pl.scan_parquet(files).select(pl.len()).collect().item()) if files else 0
                )
            self._counts = {n: counts[n] for n in TABLE_NAMES}
        return dict(self._counts)

    def names(self) -> list[str]:
        """Workspace tables that hold data."""
        return [n for n, k in self.counts().items() if k > 0]

    def has(self, name: str) -> bool:
        return name in TABLE_NAMES and self.counts().get(name, 0) > 0

    def _require(self, name: str) -> Table:
        if name not in TABLE_NAMES:
            raise MissingTableError("this analysis", [name])
        if not self.has(name):
            raise MissingTableError("this analysis", [name])
        return table(name)

    def stored_frame(self, name: str, internal: bool = False) -> pl.DataFrame:
        """A table's stored rows as Polars with the canonical column types.

        ``internal`` adds the bookkeeping columns (``_import``, ``_occurrence``).
        An empty table gives an empty frame with the right columns.
        """
        spec = table(name)
        if spec.process_data:
            files = self.process_files(name)
            extra = {OCCURRENCE_COLUMN: pl.Int64(), IMPORT_COLUMN: pl.String()} if internal else {}
            if not files:
                return empty_frame(spec, extra)
            cols = [*spec.column_names, *extra]
            frame = pl.scan_parquet(files, missing_columns="insert").select(cols).collect()
            return cast_from_store(frame, spec)
        arrow = self._sql_arrow(name, internal=internal)
        return cast_from_store(pl.from_arrow(arrow), spec)  # type: ignore[arg-type]

    def stored_parts(self, name: str) -> Iterator[pl.DataFrame]:
        """A process table's stored rows file by file (with ``_occurrence``), typed."""
        spec = table(name)
        cols = [*spec.column_names, OCCURRENCE_COLUMN]
        for file in self.process_files(name):
            frame = pl.scan_parquet(file, missing_columns="insert").select(cols).collect()
            yield cast_from_store(frame, spec)

    def _sql_columns(self, name: str, internal: bool) -> list[sa.Column[Any]]:
        sql_table = WORKSPACE_TABLES[name]
        skip = set() if internal else {IMPORT_COLUMN, KEY_COLUMN}
        return [c for c in sql_table.columns if c.name not in skip]

    def _sql_arrow(self, name: str, internal: bool = False) -> pa.Table:
        columns = self._sql_columns(name, internal)
        if self.is_sqlite:
            return self._sqlite_arrow(name, columns)
        return self._postgres_arrow(name, columns)

    def _sqlite_arrow(self, name: str, columns: list[sa.Column[Any]]) -> pa.Table:
        """Read through the engine's own sqlite3 connection, never a second SQLite library.

        ADBC's SQLite reads 5× faster, but it links its own copy of SQLite: when it closes
        the file, POSIX drops the locks the engine's connections hold on it (locks belong
        to the process), and the next write fails with "disk I/O error" — the hazard in
        sqlite.org/howtocorrupt.html §2.2. Measured here: an action saved after
        `tq analyze` in the same process (the web app, tests) failed that way.
        """
        import pyarrow as pa

        select = ", ".join(_q(c.name) for c in columns)
        with self.engine.connect() as conn:
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(f"SELECT {select} FROM {_q(name)}")
                rows = cursor.fetchall()
            finally:
                cursor.close()
        values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
        return pa.table(
            {
                c.name: pa.array(v, type=_sqlite_arrow_type(c))
                for c, v in zip(columns, values, strict=True)
            }
        )

    def _postgres_arrow(self, name: str, columns: list[sa.Column[Any]]) -> pa.Table:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        select = ", ".join(_q(c.name) for c in columns)
        buffer = io.BytesIO()
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            with raw.cursor() as cur:  # type: ignore[union-attr]
                copy_sql = f"COPY (SELECT {select} FROM {_q(name)}) TO STDOUT (FORMAT csv, HEADER)"
                with cur.copy(copy_sql) as copy:
                    for chunk in copy:
                        buffer.write(chunk)
        buffer.seek(0)
        names = [c.name for c in columns]
        if not buffer.getbuffer().nbytes:
            return pa.table({n: pa.array([], pa.string()) for n in names})
        return pacsv.read_csv(
            buffer,
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )

    def _sqlalchemy_arrow(self, name: str, columns: list[sa.Column[Any]]) -> pa.Table:
        import pyarrow as pa

        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*columns)).all()
        data = {c.name: [r[i] for r in rows] for i, c in enumerate(columns)}
        out = {}
        for c in columns:
            values = data[c.name]
            if isinstance(c.type, sa.DateTime):
                values = [v.strftime("%Y-%m-%d %H:%M:%S.%f") if v else None for v in values]
            out[c.name] = pa.array(values)
        return pa.table(out)

    def polars(self, name: str) -> pl.DataFrame:
        """A whole workspace table as Polars (canonical types)."""
        self._require(name)
        return self.stored_frame(name)

    def pandas(self, name: str) -> pd.DataFrame:
        """A whole workspace table as pandas; MissingTableError when it holds no data."""
        self._require(name)
        return self.stored_frame(name).to_pandas()

    def duckdb(self) -> Any:
        """The workspace's in-process DuckDB connection (every loaded table registered)."""
        self._ensure_ibis()
        return self._duck

    def _ensure_ibis(self) -> Any:
        if self._ibis is None:
            import ibis

            self._ibis = ibis.duckdb.connect()
            self._duck = self._ibis.con
            self._duck.execute("SET TimeZone = 'UTC'")
        return self._ibis

    def ibis(self, name: str) -> Any:
        """A workspace table as an Ibis table on the workspace's DuckDB (lazy)."""
        spec = self._require(name)
        con = self._ensure_ibis()
        if name not in self._arrow:
            cols = ", ".join(
                f"CAST({_q(c.name)} AS {DUCKDB_TYPES[c.type]}) AS {_q(c.name)}"
                for c in spec.columns
            )
            if spec.process_data:
                files = ", ".join(
                    "'" + str(f).replace("'", "''") + "'" for f in self.process_files(name)
                )
                self._duck.execute(
                    f"CREATE OR REPLACE VIEW {_q(name)} AS SELECT {cols} "
                    f"FROM read_parquet([{files}], union_by_name = true)"
                )
                self._arrow[name] = None
            else:
                arrow = self.stored_frame(name).to_arrow()
                self._arrow[name] = arrow
                self._duck.register(f"__arrow_{name}", arrow)
                self._duck.execute(
                    f"CREATE OR REPLACE VIEW {_q(name)} AS SELECT {cols} FROM {_q('__arrow_' + name)}"
                )
        return con.table(name)

    # ------------------------------------------------------------------ status

    def status(self) -> WorkspaceStatus:
        """Rows per table, the imports so far, rejects, and what each analysis misses."""
        counts = self.counts()
        present = {n for n, k in counts.items() if k > 0}
        with self.session() as s:
            n_imports = s.scalar(sa.select(sa.func.count()).select_from(Import)) or 0
            last = s.scalars(sa.select(Import).order_by(Import.started_at.desc()).limit(1)).first()
            n_rejects = s.scalar(sa.select(sa.func.count()).select_from(Reject)) or 0
        last_info = None
        if last is not None:
            last_info = {
                "id": last.id,
                "source": last.source,
                "at": last.started_at,
                "status": last.status,
                "rejected_rows": last.rejected_rows,
                "counts": last.counts,
            }
        analyses = {}
        for area, needs in ANALYSIS_NEEDS.items():
            missing = needs.missing(present)
            analyses[area] = {"ready": not missing, "missing": list(missing)}
        return WorkspaceStatus(
            path=str(self.path),
            database=self.database,
            tables=counts,
            imports=int(n_imports),
            last_import=last_info,
            rejects=int(n_rejects),
            analyses=analyses,
        )


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_arrow_type(column: sa.Column[Any]) -> pa.DataType:
    """The Arrow type of a column as SQLite returns it (dates and times are ISO text)."""
    import pyarrow as pa

    kind = column.type
    if isinstance(kind, sa.Double | sa.Float):
        return pa.float64()
    if isinstance(kind, sa.Integer | sa.Boolean):
        return pa.int64()
    return pa.string()
