"""Importing a workspace folder into its store: one transaction, nothing lost.

* Valid rows load; rejected rows go to the ``rejects`` table with the file, row,
  column, reason and the raw row (``tq rejects WORKSPACE --export FILE.csv``).
  ``strict=True`` refuses the whole import instead, listing every problem.
* One import is one transaction. Parquet files of process data are written to
  ``.tq/staging/<batch>`` first and moved in only after the SQL transaction
  (which records the batch in ``imports``) has committed; opening a workspace
  finishes or undoes an interrupted import (see ``store/_workspace.py``). On any
  failure before the commit nothing is written.
* Idempotent: a row whose key is stored with the same content is skipped; with a
  different content it is rejected as a conflict unless ``update=True``. New rows
  append. Process rows have no id: their key is their content plus its
  occurrence number within the source file.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from .. import __version__
from .._base import Result
from .._errors import InputError, Problem, StoreError
from .._schema import TABLE_NAMES, table
from ..store._frames import SQL_TIMESTAMP_FORMAT
from ..store._models import IMPORT_COLUMN, KEY_COLUMN, Import, needs_surrogate_key, utcnow
from ..store._workspace import OCCURRENCE_COLUMN, Workspace, open_workspace
from ._dates import strftime_format
from ._mapping import ImportMapping, apply_values, load_mapping
from ._read import TableFile, discover, read_table_file
from ._validate import TableOutcome, Validation, validate_workspace

#: progress(table, step): step is one of reading, checking, checked, writing, done
Progress = Callable[[str, str], None]

MAX_PROBLEMS = 10_000


@dataclass(frozen=True)
class TableCounts:
    """What happened to one table's file."""

    file: str
    rows: int = 0
    loaded: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0


@dataclass(frozen=True)
class ImportReport(Result):
    """The outcome of an import: counts per table, every problem, warnings, duration."""

    workspace: str
    source: str
    #: the import batch written; None when nothing was written (all skipped, or refused)
    batch_id: str | None
    tables: dict[str, TableCounts] = field(default_factory=dict)
    #: the problems (at most 10,000; ``problem_count`` has the total)
    problems: tuple[Problem, ...] = ()
    problem_count: int = 0
    warnings: tuple[Problem, ...] = ()
    duration_s: float = 0.0
    strict: bool = False
    update: bool = False
    #: True when ``strict`` refused the import (nothing written)
    refused: bool = False

    @property
    def ok(self) -> bool:
        """Everything loaded (or was already there): no problem at all."""
        return self.problem_count == 0

    @property
    def loaded(self) -> int:
        return sum(t.loaded + t.updated for t in self.tables.values())

    @property
    def rejected(self) -> int:
        return sum(t.rejected for t in self.tables.values())

    @property
    def skipped(self) -> int:
        return sum(t.skipped for t in self.tables.values())


class ImportRefusedError(InputError):
    """A strict import found problems and wrote nothing; ``report`` lists them all."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(
            f"import refused (--strict): {report.problem_count} problem(s); nothing was written",
            list(report.problems),
        )


def import_workspace(
    workspace: str | Path | Workspace,
    source: str | Path | None = None,
    *,
    strict: bool = False,
    update: bool = False,
    db_url: str | None = None,
    progress: Progress | None = None,
    mapping: ImportMapping | str | Path | None = None,
    date_format: str | None = None,
) -> ImportReport:
    """Import the table files of a workspace folder (or of ``source``) into its store.

    Returns an :class:`ImportReport`; rows with problems are rejected (kept in the
    store's ``rejects`` table) while valid rows load. With ``strict=True`` any
    problem refuses the whole import (:class:`ImportRefusedError`, nothing written).
    ``mapping`` (a mapping file or :class:`ImportMapping`) renames the user's files,
    columns and values; ``date_format`` (``DD.MM.YYYY``) reads day-first dates beside
    ISO 8601 ones. Raises :class:`~totalquality.InputError` when there is nothing to
    import (or the mapping or date format is wrong) and
    :class:`~totalquality.StoreError` when the store cannot be written.
    """
    started = time.perf_counter()
    if mapping is not None and not isinstance(mapping, ImportMapping):
        mapping = load_mapping(mapping)
    if date_format is not None:
        strftime_format(date_format)  # a wrong format is refused before anything is read
    own = not isinstance(workspace, Workspace)
    ws = workspace if isinstance(workspace, Workspace) else open_workspace(workspace, db_url)
    try:
        folder = Path(source) if source is not None else ws.path
        reading = _Reading(folder, progress, mapping, date_format)
        return _import(ws, reading, strict, update, started)
    finally:
        if own:
            ws.close()


@dataclass(frozen=True)
class _Reading:
    """Where the files are and how to read them."""

    folder: Path
    progress: Progress | None = None
    mapping: ImportMapping | None = None
    date_format: str | None = None


def read_folder(
    folder: Path,
    progress: Progress | None = None,
    mapping: ImportMapping | None = None,
    date_format: str | None = None,
) -> tuple[dict[str, TableFile], list[Problem], list[Problem]]:
    """Read every table file of a folder: ({table: file}, folder errors, folder warnings).

    ``mapping`` renames files, columns and values; ``date_format`` (or the mapping's) is
    the format of day-first dates.
    """
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    mapping = mapping or ImportMapping()
    paths, errors, warnings = discover(folder, mapping.files())
    if not paths and not errors:
        raise InputError(
            f"{folder}: no workspace table files found (expected files such as orders.csv, "
            f"measurements.parquet or customers.xlsx; tables: {', '.join(TABLE_NAMES)})"
        )
    files: dict[str, TableFile] = {}
    for name in TABLE_NAMES:
        if name in paths:
            if progress:
                progress(name, "reading")
            rules = mapping.for_table(name)
            source = read_table_file(paths[name], name, columns=rules.columns)
            apply_values(source, rules.values)
            source.date_format = rules.date_format or date_format or mapping.date_format
            files[name] = source
    return files, errors, warnings


def _import(
    ws: Workspace, reading: _Reading, strict: bool, update: bool, started: float
) -> ImportReport:
    folder, progress = reading.folder, reading.progress
    # the lock covers reading the files too: an analysis started meanwhile waits for the
    # whole import instead of reading a store the import has not filled yet
    with ws.import_lock():
        files, errors, warnings = read_folder(
            folder, progress, reading.mapping, reading.date_format
        )
        ws.refresh()
        validation = validate_workspace(
            files, ws, update=update, errors=errors, warnings=warnings, progress=progress
        )
        if strict and validation.problem_count:
            report = _report(ws, folder, None, validation, strict, update, started, refused=True)
            raise ImportRefusedError(report)
        batch = _write(ws, folder, validation, strict, update, progress)
    if progress:
        for name in validation.tables:
            progress(name, "done")
    return _report(ws, folder, batch, validation, strict, update, started)


def _report(
    ws: Workspace,
    folder: Path,
    batch: str | None,
    validation: Validation,
    strict: bool,
    update: bool,
    started: float,
    refused: bool = False,
) -> ImportReport:
    counts = {
        name: TableCounts(
            file=o.file,
            rows=o.rows,
            loaded=0 if refused or o.insert is None else o.insert.height,
            updated=0 if refused or o.update is None else o.update.height,
            skipped=o.skipped,
            rejected=o.rejected,
        )
        for name, o in validation.tables.items()
    }
    warnings = list(validation.warnings)
    for o in validation.tables.values():
        warnings.extend(o.warnings)
    return ImportReport(
        workspace=str(ws.path),
        source=str(folder),
        batch_id=batch,
        tables=counts,
        problems=tuple(validation.problems(MAX_PROBLEMS)),
        problem_count=validation.problem_count,
        warnings=tuple(warnings),
        duration_s=time.perf_counter() - started,
        strict=strict,
        update=update,
        refused=refused,
    )


# ----------------------------------------------------------------------------- writing


def _write(
    ws: Workspace,
    folder: Path,
    validation: Validation,
    strict: bool,
    update: bool,
    progress: Progress | None,
) -> str | None:
    """Write one batch atomically; None when there is nothing to write."""
    outcomes = validation.tables
    anything = validation.errors or any(
        o.loaded or o.rejects.height or o.file_problems for o in outcomes.values()
    )
    if not anything:
        return None
    batch = ws.new_batch_id()
    staging = ws.staging_dir(batch)
    try:
        for name, o in outcomes.items():
            if table(name).process_data and o.insert is not None and o.insert.height:
                if progress:
                    progress(name, "writing")
                _stage_parquet(staging, name, o.insert, batch)
        with ws.engine.begin() as conn:
            counts = {
                name: {"loaded": o.loaded, "skipped": o.skipped, "rejected": o.rejected}
                for name, o in outcomes.items()
            }
            conn.execute(
                sa.insert(Import.__table__).values(  # type: ignore[arg-type]
                    id=batch,
                    source=str(folder),
                    status="committed",
                    strict=strict,
                    update=update,
                    counts=counts,
                    rejected_rows=sum(o.rejected for o in outcomes.values()),
                    tq_version=__version__,
                )
            )
            for name, o in outcomes.items():
                if table(name).process_data:
                    continue
                if progress and o.loaded:
                    progress(name, "writing")
                if o.update is not None and o.update.height:
                    _delete_keys(conn, name, o.update)
                    _insert_sql(conn, name, o.update, batch)
                if o.insert is not None and o.insert.height:
                    _insert_sql(conn, name, o.insert, batch)
            _insert_rejects(conn, batch, validation)
            conn.execute(
                sa.update(Import.__table__)  # type: ignore[arg-type]
                .where(Import.__table__.c.id == batch)  # type: ignore[attr-defined]
                .values(finished_at=utcnow())
            )
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, sa.exc.SQLAlchemyError | OSError):
            raise StoreError(
                f"the import could not be written; nothing was stored ({exc})"
            ) from exc
        raise
    ws.move_staged(batch)
    return batch


def _stage_parquet(staging: Path, name: str, frame: pl.DataFrame, batch: str) -> None:
    spec = table(name)
    ts = next(c.name for c in spec.columns if c.type == "timestamp" and c.required)
    data = frame.select(
        *spec.column_names,
        pl.col(OCCURRENCE_COLUMN).cast(pl.Int64),
        pl.lit(batch).alias(IMPORT_COLUMN),
        (pl.col(ts).dt.year() * 100 + pl.col(ts).dt.month()).alias("__month"),
    )
    for (month,), part in data.partition_by("__month", as_dict=True, include_key=False).items():
        target = staging / name / f"month={int(month) // 100:04d}-{int(month) % 100:02d}"
        target.mkdir(parents=True, exist_ok=True)
        part.write_parquet(target / f"{batch}.parquet", compression="zstd", statistics=True)


def _sql_ready(frame: pl.DataFrame, name: str, batch: str) -> pl.DataFrame:
    """Typed rows → the column values the database driver takes (text timestamps, ...)."""
    spec = table(name)
    exprs: list[pl.Expr] = []
    if needs_surrogate_key(spec):
        exprs.append(_surrogate_key(spec.key).alias(KEY_COLUMN))
    for c in spec.columns:
        col = pl.col(c.name)
        if c.type == "timestamp":
            col = col.dt.strftime(SQL_TIMESTAMP_FORMAT)
        elif c.type == "date":
            col = col.dt.strftime("%Y-%m-%d")
        exprs.append(col.alias(c.name))
    exprs.append(pl.lit(batch).alias(IMPORT_COLUMN))
    return frame.select(exprs)


def _surrogate_key(key: tuple[str, ...]) -> pl.Expr:
    # unit/record separators cannot occur in ids typed by a person; NUL marks a missing value
    return pl.concat_str([pl.col(k).fill_null("\x00") for k in key], separator="\x1f")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _executemany(conn: sa.Connection, sql_qmark: str, rows: Any, columns: list[str]) -> None:
    raw = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        cursor = raw.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(sql_qmark, rows)
        finally:
            cursor.close()
    else:
        with raw.cursor() as cursor:  # type: ignore[union-attr]
            cursor.executemany(sql_qmark.replace("?", "%s"), list(rows))


def _insert_sql(conn: sa.Connection, name: str, frame: pl.DataFrame, batch: str) -> None:
    # rows in key order fill the primary-key B-tree from left to right (fewer page splits)
    data = _sql_ready(frame.sort(list(table(name).key), nulls_last=True), name, batch)
    cols = data.columns
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        copy_sql = f"COPY {_q(name)} ({', '.join(_q(c) for c in cols)}) FROM STDIN (FORMAT csv)"
        payload = data.write_csv(include_header=False, null_value="", quote_style="non_numeric")
        with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:  # type: ignore[union-attr]
            copy.write(payload.encode("utf-8"))
        return
    sql = (
        f"INSERT INTO {_q(name)} ({', '.join(_q(c) for c in cols)}) "
        f"VALUES ({', '.join('?' for _ in cols)})"
    )
    _executemany(conn, sql, data.iter_rows(buffer_size=50_000), cols)


def _delete_keys(conn: sa.Connection, name: str, frame: pl.DataFrame) -> None:
    spec = table(name)
    if needs_surrogate_key(spec):
        keys = frame.select(_surrogate_key(spec.key).alias(KEY_COLUMN))
        where = f"{_q(KEY_COLUMN)} = ?"
    else:
        keys = frame.select(list(spec.key))
        where = " AND ".join(f"{_q(k)} = ?" for k in spec.key)
    _executemany(conn, f"DELETE FROM {_q(name)} WHERE {where}", keys.iter_rows(), keys.columns)


def _insert_rejects(conn: sa.Connection, batch: str, validation: Validation) -> None:
    frames = []
    for name, o in validation.tables.items():
        if o.rejects.height:
            frames.append(
                o.rejects.select(
                    pl.lit(batch).alias("import_id"),
                    pl.lit(name).alias("table_name"),
                    pl.lit(o.file).alias("file"),
                    pl.col("row"),
                    pl.col("column"),
                    pl.col("message").alias("reason"),
                    pl.col("value"),
                    pl.col("raw"),
                )
            )
    if validation.errors:
        frames.append(
            pl.DataFrame(
                {
                    "import_id": [batch] * len(validation.errors),
                    "table_name": [""] * len(validation.errors),
                    "file": [p.file for p in validation.errors],
                    "row": [None] * len(validation.errors),
                    "column": [None] * len(validation.errors),
                    "reason": [str(p.message) for p in validation.errors],
                    "value": [None] * len(validation.errors),
                    "raw": [None] * len(validation.errors),
                },
                schema_overrides={
                    "row": pl.Int64,
                    "column": pl.String,
                    "value": pl.String,
                    "raw": pl.String,
                },
            )
        )
    if not frames:
        return
    data = pl.concat(frames, how="vertical_relaxed")
    cols = data.columns
    sql = (
        f"INSERT INTO rejects ({', '.join(_q(c) for c in cols)}) "
        f"VALUES ({', '.join('?' for _ in cols)})"
    )
    _executemany(conn, sql, data.iter_rows(buffer_size=50_000), cols)


# ----------------------------------------------------------------------------- rejects


def rejects_frame(ws: Workspace, batch: str | None = "last") -> pl.DataFrame:
    """Rejected rows of one import (``"last"``: the newest import; None: every import)."""
    from ..store._models import Reject

    with ws.session() as s:
        query = sa.select(
            Reject.import_id,
            Reject.table_name,
            Reject.file,
            Reject.row,
            Reject.column,
            Reject.reason,
            Reject.value,
            Reject.raw,
        ).order_by(Reject.import_id, Reject.table_name, Reject.row, Reject.id)
        if batch == "last":
            last = s.scalar(
                sa.select(Import.id)
                .where(Import.rejected_rows > 0)
                .order_by(Import.id.desc())
                .limit(1)
            )
            if last is None:
                last = s.scalar(sa.select(Import.id).order_by(Import.id.desc()).limit(1))
            query = query.where(Reject.import_id == last)
        elif batch is not None:
            query = query.where(Reject.import_id == batch)
        rows = s.execute(query).all()
    schema = {
        "import_id": pl.String,
        "table": pl.String,
        "file": pl.String,
        "row": pl.Int64,
        "column": pl.String,
        "reason": pl.String,
        "value": pl.String,
        "raw": pl.String,
    }
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def export_rejects(ws: Workspace, out: str | Path, batch: str | None = "last") -> int:
    """Write rejected rows to a CSV safe to open in a spreadsheet; returns the row count.

    Every text cell that a spreadsheet could run as a formula is prefixed with ``'``.
    """
    from ._validate import neutralise_frame

    frame = neutralise_frame(rejects_frame(ws, batch))
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(b"\xef\xbb\xbf")  # BOM: spreadsheet programs then read UTF-8 correctly
            frame.write_csv(fh)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return frame.height


__all__ = [
    "ImportRefusedError",
    "ImportReport",
    "TableCounts",
    "TableOutcome",
    "export_rejects",
    "import_workspace",
    "read_folder",
    "rejects_frame",
]
