"""Validation of workspace tables: every check vectorised over whole columns.

Two stages:

* :func:`check_rows` — one file on its own: required columns and values, types
  (ids, text, whole numbers, numbers, ISO 8601 timestamps, dates, booleans),
  lengths, allowed values, patterns, ranges and the impossible combinations within
  a row (``delivered_at`` before ``ordered_at``, ``lsl >= usl``, more passed than
  inspected, ...). Polars expressions over whole columns; the rare timestamp that
  is not in the column's dominant format goes to DuckDB's ISO 8601 parser.
* :func:`validate_workspace` — the files together and against the store, in
  reference order: dangling references (to rows of this import or already
  stored), duplicate keys in a file (the first row wins; a later row with the
  same content is skipped, with different content rejected), conflicts with
  stored rows (same key, different content: rejected unless ``update``), answers
  outside their item's scale, and the content key of process rows.

Every problem names the file, the 1-based data row, the column and the value, and
says what was expected. Text that a spreadsheet would run as a formula
(``=cmd|...``, ``+``, ``-``, ``@``) is kept as text; it is counted in a warning and
neutralised whenever it is exported (:func:`neutralise_formula`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import polars as pl

from .._errors import Problem
from .._i18n import msg
from .._schema import TABLES, Column, Table, table
from ..store._frames import POLARS_TYPES, empty_frame
from ..store._workspace import OCCURRENCE_COLUMN
from ._dates import DAY_FIRST_LOOK, timestamp_formats
from ._read import ROW, TableFile

PROBLEM_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "column": pl.String(),
    "message": pl.String(),
    "value": pl.String(),
}
REJECT_SCHEMA: dict[str, pl.DataType] = {**PROBLEM_SCHEMA, "raw": pl.String()}

_NULL_MARKERS = ["", "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "None", "none", "#N/A"]
_TIMESTAMP_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
)
_TRUE = ["true", "t", "yes", "y", "1"]
_FALSE = ["false", "f", "no", "n", "0"]
_KANO_KINDS = ("kano_functional", "kano_dysfunctional")
#: text a spreadsheet may execute; a plain signed number is not a formula
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?$")

_EXPECTED = {
    "id": "an identifier (text)",
    "string": "text",
    "integer": "a whole number",
    "number": "a number (e.g. 12.5)",
    "timestamp": "an ISO 8601 date or date-time (e.g. 2025-11-03 or 2025-11-03T14:05:00+02:00)",
    "date": "an ISO 8601 date (YYYY-MM-DD)",
    "boolean": "true or false",
}
_PATTERN_HINTS = {
    r"^[A-Z]{2}$": "an ISO 3166-1 alpha-2 country code (e.g. EE, PL)",
    r"^[a-z]{2}$": "an ISO 639-1 language code (e.g. et, pl, en)",
}


def neutralise_formula(value: Any) -> Any:
    """Text safe to open in a spreadsheet: a leading ``'`` before ``= + - @`` (OWASP).

    Plain signed numbers (``-1.5``) are left alone: they cannot run as a formula.
    Non-text values pass through unchanged.
    """
    if isinstance(value, str) and FORMULA_START.match(value) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of a frame neutralised (:func:`neutralise_formula`), vectorised."""
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            col = pl.col(name)
            risky = col.str.contains(FORMULA_START.pattern) & ~col.str.contains(
                _PLAIN_NUMBER.pattern
            )
            exprs.append(pl.when(risky).then(pl.lit("'") + col).otherwise(col).alias(name))
    return frame.with_columns(exprs) if exprs else frame


# ============================================================================ stage 1


@dataclass
class CheckedTable:
    """One file after the checks that need nothing but the file."""

    table: str
    file: str
    #: ``_row`` + every column of the table, typed; all rows (also the bad ones)
    typed: pl.DataFrame
    #: one row per problem (PROBLEM_SCHEMA)
    problems: pl.DataFrame
    #: problems that make the whole file unusable (a missing required column)
    file_problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _empty_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def _is_free_text(column: Column) -> bool:
    return column.type == "string" and (column.max_length or 0) >= 1000


def _text_expr(name: str, dtype: pl.DataType, column: Column) -> pl.Expr:
    """The column as normalised text: trimmed (except free text), empty → null."""
    col = pl.col(name)
    if dtype != pl.String:
        if isinstance(dtype, pl.Float32 | pl.Float64) and column.type in ("id", "string"):
            # Parquet/xlsx ids stored as numbers: 123.0 → "123"
            col = (
                pl.when(col.is_finite() & (col == col.round(0)))
                .then(col.cast(pl.Int64, strict=False).cast(pl.String))
                .otherwise(col.cast(pl.String))
            )
        else:
            col = col.cast(pl.String)
    if _is_free_text(column):
        return pl.when(col.str.strip_chars() == "").then(None).otherwise(col)
    col = col.str.strip_chars()
    if column.type in ("id", "string"):
        out = pl.when(col == "").then(None).otherwise(col)
        if column.pattern == r"^[A-Z]{2}$":
            out = out.str.to_uppercase()
        elif column.pattern == r"^[a-z]{2}$":
            out = out.str.to_lowercase()
        return out
    return pl.when(col.is_in(_NULL_MARKERS)).then(None).otherwise(col)


def _parse_expr(
    text: pl.Expr, column: Column, decimal_comma: bool, ts_formats: list[str]
) -> pl.Expr:
    kind = column.type
    if kind in ("id", "string"):
        return text
    if kind in ("number", "integer"):
        if decimal_comma:
            text = (
                pl.when(text.str.contains(r"^[+-]?\d*,\d+$"))
                .then(text.str.replace(",", ".", literal=True))
                .otherwise(text)
            )
        as_float = text.cast(pl.Float64, strict=False)
        as_float = pl.when(as_float.is_finite()).then(as_float).otherwise(None)
        if kind == "number":
            return as_float
        as_int = text.cast(pl.Int64, strict=False)
        whole = as_float.is_not_null() & (as_float == as_float.round(0)) & (as_float.abs() < 9e18)
        return pl.coalesce(as_int, pl.when(whole).then(as_float.cast(pl.Int64)).otherwise(None))
    if kind == "timestamp":
        if not ts_formats:
            return pl.lit(None, dtype=pl.Datetime("us"))
        return pl.coalesce(
            text.str.to_datetime(f, time_unit="us", strict=False, exact=True) for f in ts_formats
        )
    if kind == "date":
        day_formats = [*(f for f in ts_formats if "%H" not in f), "%Y-%m-%d"]
        return pl.coalesce(text.str.to_date(f, strict=False, exact=True) for f in day_formats)
    if kind == "boolean":
        low = text.str.to_lowercase()
        return (
            pl.when(low.is_in(_TRUE))
            .then(pl.lit(True))
            .when(low.is_in(_FALSE))
            .then(pl.lit(False))
            .otherwise(pl.lit(None, dtype=pl.Boolean))
        )
    raise ValueError(kind)  # pragma: no cover


def _native_expr(name: str, dtype: pl.DataType, column: Column) -> pl.Expr | None:
    """A typed (Parquet) column converted without a round trip through text, or None."""
    col = pl.col(name)
    if column.type == "timestamp":
        if isinstance(dtype, pl.Datetime):
            if dtype.time_zone:
                col = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
            return col.cast(pl.Datetime("us"))
        if dtype == pl.Date:
            return col.cast(pl.Datetime("us"))
        return None
    if column.type == "date" and isinstance(dtype, pl.Date | pl.Datetime):
        return col.cast(pl.Date)
    if column.type == "number" and dtype.is_numeric():
        f = col.cast(pl.Float64)
        return pl.when(f.is_finite()).then(f).otherwise(None)
    if column.type == "integer" and dtype.is_integer():
        return col.cast(pl.Int64, strict=False)
    if column.type == "integer" and dtype.is_float():
        return pl.when(col.is_finite() & (col == col.round(0))).then(
            col.cast(pl.Int64, strict=False)
        )
    if column.type == "boolean" and dtype == pl.Boolean:
        return col
    return None


def _choose_timestamp_format(values: pl.Series) -> str | None:
    """The format most of a sample parses with (the fast path); None when none fits."""
    sample = values.drop_nulls().head(500)
    if sample.len() == 0:
        return None
    best, hits = None, 0
    for fmt in _TIMESTAMP_FORMATS:
        n = sample.str.to_datetime(fmt, time_unit="us", strict=False, exact=True).count()
        if n > hits:
            best, hits = fmt, n
            if n == sample.len():
                break
    return best


def parse_timestamps_duckdb(values: pl.Series) -> pl.Series:
    """ISO 8601 text → naive UTC timestamps (offsets converted, naive taken as UTC).

    DuckDB's parser takes every ISO 8601 variant (``T`` or space, fractions, ``Z``,
    ``+02:00``, ``+0200``, date only); what it cannot read, or an infinite value,
    becomes null.
    """
    import duckdb

    frame = pl.DataFrame({"i": pl.int_range(0, values.len(), eager=True), "s": values})
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.register("frame", frame)
        out = con.sql(
            "SELECT CASE WHEN isfinite(t) THEN timezone('UTC', t) END AS t FROM "
            "(SELECT i, TRY_CAST(s AS TIMESTAMPTZ) AS t FROM frame) ORDER BY i"
        ).pl()
    finally:
        con.close()
    return out.get_column("t").cast(pl.Datetime("us")).alias(values.name)


def _problem(
    frame: pl.DataFrame, bad: pl.Expr, column: str | None, message: str | pl.Expr, value: pl.Expr
) -> pl.DataFrame:
    text = pl.lit(message) if isinstance(message, str) else message
    return frame.filter(bad).select(
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.lit(column, dtype=pl.String).alias("column"),
        text.cast(pl.String).alias("message"),
        value.cast(pl.String).alias("value"),
    )


def _fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_rows(spec: Table, source: TableFile) -> CheckedTable:
    """Check one file against its table's columns and row rules (no other table needed)."""
    assert source.frame is not None
    file, frame = source.file, source.frame
    warnings = list(source.warnings)
    missing = [c.name for c in spec.columns if c.required and c.name not in frame.columns]
    if missing:
        have = ", ".join(source.headers.get(c, c) for c in frame.columns if c != ROW)
        problems = [
            Problem(
                file,
                f"required column '{name}' is missing (the header has: {have or 'nothing'}); "
                "no row of this file can be loaded without it",
                column=name,
            )
            for name in missing
        ]
        return CheckedTable(
            spec.name,
            file,
            empty_frame(spec, {ROW: pl.Int64()}),
            _empty_problems(),
            problems,
            warnings,
        )
    present = [c for c in spec.columns if c.name in frame.columns]
    schema = frame.schema
    text_name = {c.name: f"__raw_{c.name}" for c in present}
    # values as the user wrote them, for every message (never trimmed or re-cased)
    shown_name = {c.name: f"__shown_{c.name}" for c in present}
    work = frame.with_columns(
        *(_text_expr(c.name, schema[c.name], c).alias(text_name[c.name]) for c in present),
        *(_shown_expr(c.name, schema[c.name]).alias(shown_name[c.name]) for c in present),
    )
    work = _typed(work, spec, source, text_name)
    found: list[pl.DataFrame] = []
    for c in present:
        found.extend(
            _column_problems(work, c, text_name[c.name], shown_name[c.name], source.date_format)
        )
    for check in spec.checks:
        rule = ROW_CHECKS.get(check)
        if rule is not None:
            found.extend(rule(work, shown_name))
    warnings.extend(_formula_warnings(file, work, present, text_name))
    typed_frame = work.select(pl.col(ROW), *[pl.col(c.name) for c in spec.columns])
    problem_frame = pl.concat(found) if found else _empty_problems()
    return CheckedTable(spec.name, file, typed_frame, problem_frame, [], warnings)


def _shown_expr(name: str, dtype: pl.DataType) -> pl.Expr:
    """A column as text exactly as read (for messages)."""
    col = pl.col(name)
    return col if dtype == pl.String else col.cast(pl.String, strict=False)


def _typed(
    work: pl.DataFrame, spec: Table, source: TableFile, text_name: dict[str, str]
) -> pl.DataFrame:
    """Every column of the table typed; a column the file lacks takes its default."""
    schema = work.schema
    user_formats = timestamp_formats(source.date_format)
    ts_formats = {
        name: [*user_formats, *filter(None, [_choose_timestamp_format(work.get_column(raw))])]
        for name, raw in text_name.items()
        if spec.column(name).type == "timestamp"
        and _native_expr(name, schema[name], spec.column(name)) is None
    }
    typed_exprs = []
    for c in spec.columns:
        if c.name not in text_name:
            typed_exprs.append(pl.lit(c.default, dtype=POLARS_TYPES[c.type]).alias(c.name))
            continue
        native = _native_expr(c.name, schema[c.name], c)
        if native is not None:
            if c.default is not None:
                absent = pl.col(c.name).is_null()
                native = pl.when(absent).then(pl.lit(c.default)).otherwise(native)
            typed_exprs.append(native.alias(c.name))
        else:
            text = pl.col(text_name[c.name])
            formats = ts_formats.get(c.name) or user_formats
            parsed = _parse_expr(text, c, source.decimal_comma, formats)
            if c.default is not None:  # an empty cell takes the column's default
                parsed = pl.when(text.is_null()).then(pl.lit(c.default)).otherwise(parsed)
            typed_exprs.append(parsed.cast(POLARS_TYPES[c.type]).alias(c.name))
    # typed values replace the columns as read (all expressions see the values as read)
    work = work.with_columns(typed_exprs)
    # timestamps in no format tried: DuckDB's ISO 8601 parser, only for those rows
    for name in ts_formats:
        raw_text, typed_ts = pl.col(text_name[name]), pl.col(name)
        todo = work.select(pl.int_range(pl.len()).alias("__i"), raw_text, typed_ts).filter(
            raw_text.is_not_null() & typed_ts.is_null()
        )
        if todo.height:
            fixed = parse_timestamps_duckdb(todo.get_column(text_name[name]))
            column = work.get_column(name).scatter(todo.get_column("__i"), fixed)
            work = work.with_columns(column)
    return work


def _type_message(column: Column, text: pl.Expr, date_format: str | None) -> str | pl.Expr:
    """What a value of the column's type looks like; a hint for day-first dates."""
    expected = f"expected {_EXPECTED[column.type]}"
    if column.type not in ("timestamp", "date") or date_format:
        return expected
    hint = str(
        msg(
            "{expected}; for day-first dates such as 26.09.2025 import with --date-format "
            "DD.MM.YYYY (or date_format in a mapping file)",
            expected=expected,
        )
    )
    return pl.when(text.str.contains(DAY_FIRST_LOOK)).then(pl.lit(hint)).otherwise(pl.lit(expected))


def _column_problems(
    work: pl.DataFrame, c: Column, text_col: str, shown_col: str, date_format: str | None
) -> list[pl.DataFrame]:
    """Required values, types, lengths, allowed values, patterns and ranges of one column."""
    text, typed, shown = pl.col(text_col), pl.col(c.name), pl.col(shown_col)
    found = []
    if c.required:
        found.append(_problem(work, text.is_null(), c.name, "a value is required", shown))
    if c.type not in ("id", "string"):
        bad_type = text.is_not_null() & typed.is_null()
        found.append(_problem(work, bad_type, c.name, _type_message(c, text, date_format), shown))
    if c.max_length is not None:
        length = text.str.len_chars()
        too_long = pl.format("is {} characters long; at most {} allowed", length, c.max_length)
        found.append(_problem(work, length > c.max_length, c.name, too_long, shown))
    if c.allowed is not None:
        not_allowed = typed.is_not_null() & ~typed.is_in(list(c.allowed))
        expected = f"expected one of: {', '.join(c.allowed)}"
        found.append(_problem(work, not_allowed, c.name, expected, shown))
    if c.pattern is not None:
        hint = _PATTERN_HINTS.get(c.pattern, f"text matching {c.pattern}")
        mismatch = typed.is_not_null() & ~typed.str.contains(c.pattern)
        found.append(_problem(work, mismatch, c.name, f"expected {hint}", shown))
    if c.minimum is not None:
        low = f"must be at least {_fmt_num(c.minimum)}"
        found.append(_problem(work, typed < c.minimum, c.name, low, shown))
    if c.maximum is not None:
        high = f"must be at most {_fmt_num(c.maximum)}"
        found.append(_problem(work, typed > c.maximum, c.name, high, shown))
    return found


def _formula_warnings(
    file: str, work: pl.DataFrame, present: list[Column], raw_name: dict[str, str]
) -> list[Problem]:
    out = []
    for c in present:
        if c.type not in ("id", "string"):
            continue
        text = pl.col(raw_name[c.name])
        first = text.str.slice(0, 1)
        candidates = work.select(text).filter(first.is_in(["=", "+", "-", "@", "\t", "\r"]))
        n = candidates.height
        if n:
            n = int(candidates.select((~text.str.contains(_PLAIN_NUMBER.pattern)).sum()).item())
        if n:
            out.append(
                Problem(
                    file,
                    f"{n} value(s) start with =, +, -, @ or a tab, which a spreadsheet could run "
                    "as a formula; they are stored as text and neutralised (prefixed with ') "
                    "whenever exported",
                    column=c.name,
                )
            )
    return out


def _compare(
    work: pl.DataFrame,
    low: str,
    high: str,
    raw: dict[str, str],
    strict: bool,
    column: str,
    text: str,
) -> pl.DataFrame:
    a, b = pl.col(low), pl.col(high)
    bad = (a >= b) if strict else (a > b)
    shown = pl.format(text, pl.col(raw[low]), pl.col(raw[high]))
    return _problem(
        work, a.is_not_null() & b.is_not_null() & bad, column, shown, pl.col(raw[column])
    )


def _check_delivered(work: pl.DataFrame, raw: dict[str, str]) -> list[pl.DataFrame]:
    if "delivered_at" not in raw or "ordered_at" not in raw:
        return []
    d, o = pl.col("delivered_at"), pl.col("ordered_at")
    msg = pl.format(
        "delivered_at ({}) is before ordered_at ({})",
        pl.col(raw["delivered_at"]),
        pl.col(raw["ordered_at"]),
    )
    return [
        _problem(
            work,
            d.is_not_null() & o.is_not_null() & (d < o),
            "delivered_at",
            msg,
            pl.col(raw["delivered_at"]),
        )
    ]


def _check_lsl_usl(work: pl.DataFrame, raw: dict[str, str]) -> list[pl.DataFrame]:
    if "lsl" not in raw or "usl" not in raw:
        return []
    return [_compare(work, "lsl", "usl", raw, True, "lsl", "lsl ({}) must be less than usl ({})")]


def _check_target(work: pl.DataFrame, raw: dict[str, str]) -> list[pl.DataFrame]:
    if "target" not in raw:
        return []
    out = []
    if "lsl" in raw:
        out.append(
            _compare(
                work,
                "lsl",
                "target",
                raw,
                False,
                "target",
                "target below lsl: lsl ({}) > target ({})",
            )
        )
    if "usl" in raw:
        out.append(
            _compare(
                work,
                "target",
                "usl",
                raw,
                False,
                "target",
                "target above usl: target ({}) > usl ({})",
            )
        )
    return out


def _check_passed(work: pl.DataFrame, raw: dict[str, str]) -> list[pl.DataFrame]:
    if "passed_first_time" not in raw or "inspected" not in raw:
        return []
    return [
        _compare(
            work,
            "passed_first_time",
            "inspected",
            raw,
            False,
            "passed_first_time",
            "passed_first_time ({}) is greater than inspected ({})",
        )
    ]


def _check_defective(work: pl.DataFrame, raw: dict[str, str]) -> list[pl.DataFrame]:
    if "defective" not in raw or "inspected" not in raw:
        return []
    return [
        _compare(
            work,
            "defective",
            "inspected",
            raw,
            False,
            "defective",
            "defective ({}) is greater than inspected ({})",
        )
    ]


def _check_scale(work: pl.DataFrame, raw: dict[str, str]) -> list[pl.DataFrame]:
    if "scale_min" not in raw or "scale_max" not in raw:
        return []
    return [
        _compare(
            work,
            "scale_min",
            "scale_max",
            raw,
            True,
            "scale_min",
            "scale_min ({}) must be less than scale_max ({})",
        )
    ]


#: the row rules of ``Table.checks`` (tests assert every rule in _schema is here)
ROW_CHECKS: dict[str, Callable[[pl.DataFrame, dict[str, str]], list[pl.DataFrame]]] = {
    "delivered_at >= ordered_at": _check_delivered,
    "lsl < usl": _check_lsl_usl,
    "lsl <= target <= usl": _check_target,
    "passed_first_time <= inspected": _check_passed,
    "defective <= inspected": _check_defective,
    "scale_min < scale_max": _check_scale,
}
#: rules that need another table; checked in validate_workspace
CROSS_TABLE_CHECKS = ("value within the item's scale_min..scale_max; Kano items 1..5",)


# ============================================================================ stage 2


class StoredData(Protocol):
    """What validation needs to know about rows already stored."""

    def count(self, name: str) -> int: ...

    def stored_frame(self, name: str, internal: bool = False) -> pl.DataFrame: ...

    def stored_parts(self, name: str) -> Iterable[pl.DataFrame]:
        """A process table's stored rows piece by piece, with ``_occurrence``."""
        ...


class NothingStored:
    """A store with no rows (validating files on their own)."""

    def count(self, name: str) -> int:
        return 0

    def stored_frame(self, name: str, internal: bool = False) -> pl.DataFrame:
        extra: dict[str, pl.DataType] = {OCCURRENCE_COLUMN: pl.Int64()} if internal else {}
        return empty_frame(table(name), extra)

    def stored_parts(self, name: str) -> Iterable[pl.DataFrame]:
        return []


@dataclass
class TableOutcome:
    """What an import will do with one table's file."""

    table: str
    file: str
    #: data rows in the file
    rows: int = 0
    #: typed rows to add (``_row`` + table columns, + ``_occurrence`` for process data)
    insert: pl.DataFrame | None = None
    #: typed rows replacing stored rows with the same key (``update=True`` only)
    update: pl.DataFrame | None = None
    #: rows already stored (same key and content) or repeated in the file
    skipped: int = 0
    #: one row per problem, with the raw row as JSON (REJECT_SCHEMA)
    rejects: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=REJECT_SCHEMA))
    #: problems refusing the whole file
    file_problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return (0 if self.insert is None else self.insert.height) + (
            0 if self.update is None else self.update.height
        )

    @property
    def rejected(self) -> int:
        """Rejected data rows (all of them when the whole file was refused)."""
        if self.file_problems:
            return self.rows
        return int(self.rejects.get_column("row").drop_nulls().n_unique())

    def problems(self, limit: int | None = None) -> list[Problem]:
        """Every problem (file-level ones first), as :class:`~totalquality.Problem`."""
        frame = self.rejects.sort("row", nulls_last=False)
        if limit is not None:
            frame = frame.head(max(limit, 0))
        return [
            Problem(self.file, r["message"], r["row"], r["column"], r["value"])
            for r in frame.iter_rows(named=True)
        ]

    @property
    def problem_count(self) -> int:
        return self.rejects.height


@dataclass
class Validation:
    """The outcome of validating a folder of table files against a store."""

    tables: dict[str, TableOutcome] = field(default_factory=dict)
    #: problems with the folder (two files for one table)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return len(self.errors) + sum(t.problem_count for t in self.tables.values())

    def problems(self, limit: int | None = None) -> list[Problem]:
        out = list(self.errors)
        for t in self.tables.values():
            if limit is not None and len(out) >= limit:
                break
            out.extend(t.problems(None if limit is None else limit - len(out)))
        return out


def reference_order(tables: Iterable[Table] = TABLES) -> list[str]:
    """Table names so that every referenced table comes before the tables referring to it."""
    specs = list(tables)
    deps = {
        t.name: {c.references.split(".")[0] for c in t.columns if c.references} - {t.name}
        for t in specs
    }
    order: list[str] = []
    while len(order) < len(specs):
        ready = [t.name for t in specs if t.name not in order and deps[t.name] <= set(order)]
        if not ready:  # pragma: no cover - a reference cycle in _schema
            raise ValueError("reference cycle in the workspace schema")
        order.extend(ready)
    return order


class _Known:
    """Accepted and rejected key values per table, built up in reference order."""

    def __init__(self, stored: StoredData, usable: set[str]) -> None:
        self.stored = stored
        self.usable = usable
        self.accepted: dict[str, pl.Series] = {}
        self.rejected: dict[str, pl.Series] = {}
        self.files: dict[str, str] = {}
        #: accepted incoming rows (insert + update) of tables other checks look into
        self.incoming: dict[str, pl.DataFrame] = {}
        self._stored_cache: dict[str, pl.DataFrame] = {}

    def stored_rows(self, name: str) -> pl.DataFrame:
        if name not in self._stored_cache:
            if self.stored.count(name):
                self._stored_cache[name] = self.stored.stored_frame(name)
            else:
                self._stored_cache[name] = empty_frame(table(name))
        return self._stored_cache[name]

    def keys(self, name: str, column: str) -> pl.Series | None:
        """Valid values of ``name.column``; None when the table is not in workspace or store."""
        if name in self.accepted:
            return self.accepted[name]
        if self.stored.count(name):
            return self.stored_rows(name).get_column(column).unique()
        return None


def _raw_json(source: TableFile, rows: pl.Series) -> pl.DataFrame:
    assert source.frame is not None
    cols = [c for c in source.frame.columns if c != ROW]
    picked = source.frame.filter(pl.col(ROW).is_in(rows.implode()))
    if not cols:
        return picked.select(pl.col(ROW).alias("row"), pl.lit("{}").alias("raw"))
    # keyed by the header as written, values as read: the row as the user has it
    fields = [pl.col(c).cast(pl.String).alias(source.headers.get(c, c)) for c in cols]
    return picked.select(
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.struct(fields).struct.json_encode().alias("raw"),
    )


def validate_workspace(
    files: Mapping[str, TableFile],
    stored: StoredData | None = None,
    *,
    update: bool = False,
    errors: Iterable[Problem] = (),
    warnings: Iterable[Problem] = (),
    progress: Callable[[str, str], None] | None = None,
) -> Validation:
    """Validate the files of a workspace together and against the stored rows.

    ``progress(table, step)`` is called as each table is checked (for progress bars).
    """
    stored = stored or NothingStored()
    result = Validation(errors=list(errors), warnings=list(warnings))
    usable = {n for n, f in files.items() if f.usable}
    known = _Known(stored, usable)
    for name in reference_order():
        if name not in files:
            continue
        source = files[name]
        if progress:
            progress(name, "checking")
        outcome = _validate_one(table(name), source, stored, known, update)
        result.tables[name] = outcome
        # the raw frame has served (its rejected rows are in outcome.rejects): free it now,
        # so a 10M-row import does not hold every file's text until the end
        source.frame = None
        if progress:
            progress(name, "checked")
    return result


def _file_refused(spec: Table, source: TableFile, problems: list[Problem]) -> TableOutcome:
    rows = 0 if source.frame is None else source.frame.height + len(source.bad_rows)
    rejects = pl.DataFrame(
        {
            "row": [p.row for p in problems],
            "column": [p.column for p in problems],
            "message": [str(p.message) for p in problems],
            "value": [p.value for p in problems],
            "raw": [None] * len(problems),
        },
        schema=REJECT_SCHEMA,
    )
    return TableOutcome(
        spec.name,
        source.file,
        rows=rows,
        rejects=rejects,
        file_problems=problems,
        warnings=list(source.warnings),
    )


def _validate_one(
    spec: Table, source: TableFile, stored: StoredData, known: _Known, update: bool
) -> TableOutcome:
    if not source.usable:
        return _file_refused(spec, source, list(source.problems))
    checked = check_rows(spec, source)
    if checked.file_problems:
        return _file_refused(spec, source, checked.file_problems)
    known.files[spec.name] = source.file
    typed = checked.typed
    found: list[pl.DataFrame] = [checked.problems]
    bad_rows = checked.problems.get_column("row").unique()
    ok = typed.filter(~pl.col(ROW).is_in(bad_rows.implode())) if bad_rows.len() else typed

    # dangling references (to this import's rows or to stored rows). A row referring to
    # a row rejected in this import is not wrong itself: it loads (like a reference to a
    # table not given) and joins once the other row is fixed; a warning says so.
    warnings = list(checked.warnings)
    for c in spec.columns:
        if not c.references:
            continue
        target, target_col = c.references.split(".")
        valid = known.keys(target, target_col)
        if valid is None:
            continue
        col = pl.col(c.name)
        rejected = known.rejected.get(target)
        if rejected is not None and rejected.len():
            n_pending = int(
                ok.select(
                    (col.is_in(rejected.implode()) & ~col.is_in(valid.implode())).sum()
                ).item()
            )
            if n_pending:
                warnings.append(
                    Problem(
                        source.file,
                        f"{n_pending} row(s) refer to {target_col} values whose rows in "
                        f"{known.files.get(target, target)} were rejected; they were loaded "
                        "and will join once those rows are fixed and imported",
                        column=c.name,
                    )
                )
            valid = pl.concat([valid, rejected]).unique()
        bad = col.is_not_null() & ~col.is_in(valid.implode())
        message = pl.format(f"refers to {target_col} '{{}}', which is not in {target}", col)
        refs = _problem(ok, bad, c.name, message, col)
        if refs.height:
            found.append(refs)
            ok = ok.filter(~pl.col(ROW).is_in(refs.get_column("row").implode()))

    if spec.name == "answers":
        scale = _answer_scale_problems(ok, known)
        if scale.height:
            found.append(scale)
            ok = ok.filter(~pl.col(ROW).is_in(scale.get_column("row").implode()))

    skipped = 0
    update_rows: pl.DataFrame | None = None
    if spec.keyed_by_content:
        insert, skipped = _new_process_rows(spec, ok, stored)
    else:
        insert, update_rows, skipped, key_problems = _new_keyed_rows(spec, ok, known, update)
        found.extend(key_problems)
        kc = spec.key[0]
        if spec.name == "items":
            accepted = [insert] if update_rows is None else [insert, update_rows]
            known.incoming["items"] = pl.concat([f.select(spec.column_names) for f in accepted])
        if len(spec.key) == 1:
            keep = [known.stored_rows(spec.name).get_column(kc), insert.get_column(kc)]
            known.accepted[spec.name] = pl.concat(keep).unique()
    problems = pl.concat(found) if len(found) > 1 else found[0]
    if len(spec.key) == 1 and not spec.keyed_by_content:
        rejected_keys = typed.filter(pl.col(ROW).is_in(problems.get_column("row").implode()))
        known.rejected[spec.name] = rejected_keys.get_column(spec.key[0]).drop_nulls().unique()

    rejects = problems.join(
        _raw_json(source, problems.get_column("row").unique()), on="row", how="left"
    )
    if source.bad_rows:
        reader_rejects = pl.DataFrame(
            {
                "row": [b.row for b in source.bad_rows],
                "column": [b.column for b in source.bad_rows],
                "message": [str(b.message) for b in source.bad_rows],
                "value": [None] * len(source.bad_rows),
                "raw": [b.raw for b in source.bad_rows],
            },
            schema=REJECT_SCHEMA,
        )
        rejects = pl.concat([reader_rejects, rejects.select(list(REJECT_SCHEMA))])
    return TableOutcome(
        spec.name,
        source.file,
        rows=typed.height + len(source.bad_rows),
        insert=insert,
        update=update_rows,
        skipped=skipped,
        rejects=rejects.select(list(REJECT_SCHEMA)).sort("row"),
        warnings=warnings,
    )


def _number_text(expr: pl.Expr, missing: str) -> pl.Expr:
    """A number as people write it: 7 not 7.0."""
    return expr.cast(pl.String).str.replace(r"\.0$", "").fill_null(missing)


def _answer_scale_problems(ok: pl.DataFrame, known: _Known) -> pl.DataFrame:
    """Answers outside their item's scale; Kano answers outside 1..5."""
    cols = ["item_id", "kind", "scale_min", "scale_max"]
    parts = []
    incoming = known.incoming.get("items")
    if incoming is not None:
        parts.append(incoming.select(cols))
    if known.stored.count("items"):
        stored = known.stored_rows("items").select(cols)
        if incoming is not None:
            stored = stored.join(incoming.select("item_id"), on="item_id", how="anti")
        parts.append(stored)
    if not parts:
        return _empty_problems()
    items = pl.concat(parts)
    joined = ok.join(items, on="item_id", how="inner")
    v = pl.col("value")
    kano = pl.col("kind").is_in(list(_KANO_KINDS))
    kano_bad = kano & ((v < 1) | (v > 5) | (v != v.round(0)))
    lo, hi = pl.col("scale_min"), pl.col("scale_max")
    scale_bad = ~kano & ((lo.is_not_null() & (v < lo)) | (hi.is_not_null() & (v > hi)))
    first = _problem(
        joined,
        kano_bad,
        "value",
        pl.format(
            "item '{}' is a Kano question: answers are 1 (like), 2 (expect), 3 (neutral), "
            "4 (live with) or 5 (dislike)",
            pl.col("item_id"),
        ),
        v,
    )
    second = _problem(
        joined,
        scale_bad,
        "value",
        pl.format(
            "outside the scale {}..{} of item '{}'",
            _number_text(lo, "-inf"),
            _number_text(hi, "inf"),
            pl.col("item_id"),
        ),
        v,
    )
    return pl.concat([first, second])


def occurrence_numbers(frame: pl.DataFrame, columns: list[str]) -> pl.Series:
    """1 for the first row with its content, 2 for the second identical row, ... (file order).

    Most rows are unique: a 64-bit row hash sorted once finds the few rows that may
    repeat, and only those are numbered exactly by their content (a window over
    millions of distinct groups would cost ~100× more).
    """
    import numpy as np

    n = frame.height
    occurrence = np.ones(n, dtype=np.int64)
    if n < 2:
        return pl.Series(OCCURRENCE_COLUMN, occurrence)
    hashes = frame.select(columns).hash_rows().to_numpy()
    order = np.argsort(hashes)
    ordered = hashes[order]
    same_as_next = ordered[1:] == ordered[:-1]
    in_run = np.zeros(n, dtype=bool)
    in_run[1:] |= same_as_next
    in_run[:-1] |= same_as_next
    candidates = np.sort(order[in_run])
    if candidates.size:
        subset = frame[candidates].select(columns)
        exact = subset.select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(columns)
        ).to_series()
        occurrence[candidates] = exact.to_numpy()
    return pl.Series(OCCURRENCE_COLUMN, occurrence)


def content_hashes(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Two independent 64-bit hashes of each row's content (a 128-bit content key).

    Computed afresh on both sides in the same process, never stored, so the hash
    function may change between versions without breaking idempotency.
    """
    data = frame.select(columns)
    return pl.DataFrame(
        {
            "__h1": data.hash_rows(seed=0x7174),
            "__h2": data.hash_rows(seed=0x5155),
        }
    )


def _new_process_rows(
    spec: Table, ok: pl.DataFrame, stored: StoredData
) -> tuple[pl.DataFrame, int]:
    """Process rows not stored yet; the key is the content + occurrence number in the file."""
    content = list(spec.column_names)
    ok = ok.with_columns(occurrence_numbers(ok, content))
    if not stored.count(spec.name):
        return ok, 0
    # stored keys file by file: 16 bytes a row instead of the whole stored table.
    # One 64-bit join key (hash 1 mixed with the occurrence number), then hash 2 must
    # match too: a 128-bit comparison at the price of a one-column join (3× faster).
    parts = [
        _process_key(content_hashes(part, content), part.get_column(OCCURRENCE_COLUMN))
        for part in stored.stored_parts(spec.name)
    ]
    if not parts:
        return ok, 0
    have = pl.concat(parts)
    mine = _process_key(content_hashes(ok, content), ok.get_column(OCCURRENCE_COLUMN))
    mine = mine.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("__i"))
    matched = (
        mine.join(have, on="__k", how="inner", suffix="_stored")
        .filter(pl.col("__h2") == pl.col("__h2_stored"))
        .get_column("__i")
        .unique()
    )
    if matched.len() == 0:
        return ok, 0
    new = ok.filter(~pl.int_range(pl.len(), dtype=pl.Int64).is_in(matched.implode()))
    return new, ok.height - new.height


def _process_key(hashes: pl.DataFrame, occurrence: pl.Series) -> pl.DataFrame:
    mix = occurrence.cast(pl.UInt64) * 0x9E3779B97F4A7C15  # golden-ratio constant, wraps
    return pl.DataFrame({"__k": hashes.get_column("__h1") ^ mix, "__h2": hashes.get_column("__h2")})


def _differs(columns: list[str], suffix: str) -> pl.Expr:
    """Comma-separated names of the columns whose values differ between x and x<suffix>."""
    if not columns:
        return pl.lit("")
    parts = [
        pl.when(~pl.col(c).eq_missing(pl.col(c + suffix))).then(pl.lit(c)).otherwise(None)
        for c in columns
    ]
    return pl.concat_str(parts, separator=", ", ignore_nulls=True)


def _new_keyed_rows(
    spec: Table, ok: pl.DataFrame, known: _Known, update: bool
) -> tuple[pl.DataFrame, pl.DataFrame | None, int, list[pl.DataFrame]]:
    key = list(spec.key)
    content = [c for c in spec.column_names if c not in key]
    problems: list[pl.DataFrame] = []
    skipped = 0
    key_label = key[0] if len(key) == 1 else "(" + ", ".join(key) + ")"
    key_value = (
        pl.col(key[0]).cast(pl.String)
        if len(key) == 1
        else pl.concat_str([pl.col(k).cast(pl.String).fill_null("") for k in key], separator=", ")
    )

    # the same key twice in one file: the first row wins
    ok = ok.with_columns(pl.col(ROW).min().over(key).alias("__first"))
    later = ok.filter(pl.col(ROW) != pl.col("__first"))
    first = ok.filter(pl.col(ROW) == pl.col("__first")).drop("__first")
    if later.height:
        pair = later.join(
            first.select([*key, *content, pl.col(ROW).alias("__first_row")]),
            on=key,
            how="left",
            suffix="__first",
            nulls_equal=True,
        ).with_columns(_differs(content, "__first").alias("__diff"))
        same = pair.filter(pl.col("__diff") == "")
        skipped += same.height
        problems.append(
            _problem(
                pair,
                pl.col("__diff") != "",
                key[0],
                pl.format(
                    f"duplicate {key_label} '{{}}': row {{}} has the same key with different "
                    "content ({}); the first row was kept",
                    key_value,
                    pl.col("__first_row"),
                    pl.col("__diff"),
                ),
                key_value,
            )
        )

    # against the stored rows
    stored_rows = known.stored_rows(spec.name)
    update_rows: pl.DataFrame | None = None
    if stored_rows.height:
        have = stored_rows.select([*key, *content]).with_columns(pl.lit(True).alias("__stored"))
        pair = first.join(have, on=key, how="left", suffix="__stored", nulls_equal=True)
        pair = pair.with_columns(_differs(content, "__stored").alias("__diff"))
        in_store = pl.col("__stored").fill_null(False)
        unchanged = in_store & (pl.col("__diff") == "")
        changed = in_store & (pl.col("__diff") != "")
        skipped += int(pair.select(unchanged.sum()).item())
        if update:
            update_rows = pair.filter(changed).select(first.columns)
        else:
            problems.append(
                _problem(
                    pair,
                    changed,
                    key[0],
                    pl.format(
                        f"{key_label} '{{}}' is already stored with different content ({{}}); "
                        "import with --update to replace the stored row",
                        key_value,
                        pl.col("__diff"),
                    ),
                    key_value,
                )
            )
        first = pair.filter(~in_store).select(first.columns)
    return first, update_rows, skipped, problems
