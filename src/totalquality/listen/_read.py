"""Reading workspace table files (CSV, Parquet, one sheet of .xlsx) into raw frames.

A reader never raises for a user's file: what cannot be read becomes a
:class:`~totalquality.Problem` in the returned :class:`TableFile`. The frame it
returns keeps every value as written (CSV and .xlsx values as text, untrimmed;
Parquet columns with their own types); typing and checking is the validator's job.
Every frame carries ``_row``, the 1-based data row of the file (header = row 0), so a
problem found later still points at the row the user sees.

Only regular files inside the folder are read: a named pipe (which would block the
reader), a folder named like a table, or a link to a file outside the folder is
refused with a message. CSV text encodings are told apart in :mod:`._encoding`;
rows are split (and broken rows found, one by one) in :mod:`._csv`.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .._errors import Problem
from .._i18n import Message, msg
from .._schema import TABLE_NAMES, table
from ._csv import BadRow, HeaderError, parse_csv
from ._encoding import decode

ROW = "_row"
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx")


@dataclass
class TableFile:
    """One table file as read: the raw frame plus what went wrong reading it."""

    table: str
    path: Path
    #: None when the file could not be read at all (see ``problems``)
    frame: pl.DataFrame | None = None
    #: problems that make the whole file unusable
    problems: list[Problem] = field(default_factory=list)
    #: things the user should know that do not stop the import
    warnings: list[Problem] = field(default_factory=list)
    #: rows the reader itself could not split into the header's fields
    bad_rows: list[BadRow] = field(default_factory=list)
    #: the file was semicolon-separated, so "1,5" in a number column means 1.5
    decimal_comma: bool = False
    format: str = "csv"
    #: the header cells as the user wrote them (the frame's columns are ``__c0, __c1, …``
    #: until they are named after it)
    header: list[str] = field(default_factory=list)
    #: column name in ``frame`` → the header as the user wrote it
    headers: dict[str, str] = field(default_factory=dict)
    #: the user's date format (``DD.MM.YYYY``) for timestamps that are not ISO 8601
    date_format: str | None = None

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def usable(self) -> bool:
        return self.frame is not None and not self.problems


def _not_a_file(path: Path, root: Path) -> Message | None:
    """Why ``path`` must not be read as a table file (None: it is a regular file inside)."""
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                return msg(
                    "a link to {target}, outside the folder being imported: refused; copy the "
                    "file into the folder instead",
                    target=str(target),
                )
        mode = path.stat().st_mode
    except OSError as exc:
        return msg("cannot read the file: {reason}", reason=exc.strerror or str(exc))
    if stat.S_ISDIR(mode):
        return msg("a folder named like a table file, not a file: put the table in a file")
    if not stat.S_ISREG(mode):
        return msg(
            "not a regular file (a named pipe, socket or device): refused; save the table as a file"
        )
    return None


def discover(
    folder: Path, named: Mapping[str, str] | None = None
) -> tuple[dict[str, Path], list[Problem], list[Problem]]:
    """The table files in ``folder``: ({table: path}, errors, warnings).

    Names match case-insensitively (``Orders.CSV`` is the orders table); ``named``
    maps tables to files of other names (a mapping file's ``file:``). Two files for one
    table are an error for that table (which one is meant is unknown); so is a table
    file that is not a regular file inside the folder. Other files are reported as
    ignored, never fatal.
    """
    root = folder.resolve()
    by_file = {f.lower(): t for t, f in (named or {}).items()}
    found: dict[str, list[Path]] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.startswith("~$"):
            continue
        stem, suffix = path.stem.lower(), path.suffix.lower()
        name = by_file.get(path.name.lower()) or (stem if suffix in TABLE_SUFFIXES else None)
        if name in TABLE_NAMES:
            refused = _not_a_file(path, root)
            if refused is not None:
                errors.append(Problem(path.name, refused))
            else:
                found.setdefault(name, []).append(path)
        elif path.is_dir():
            if path.name.lower() in TABLE_NAMES:
                warnings.append(
                    Problem(
                        path.name,
                        msg(
                            "ignored: a folder; table files are read from the workspace folder "
                            "itself ({table}.csv, {table}.parquet or {table}.xlsx)",
                            table=path.name.lower(),
                        ),
                    )
                )
        elif stem in TABLE_NAMES:
            warnings.append(
                Problem(
                    path.name,
                    f"ignored: {suffix or 'no extension'} is not a table format "
                    "(use .csv, .parquet or .xlsx)",
                )
            )
        else:
            warnings.append(
                Problem(
                    path.name,
                    "ignored: not a workspace table (file names are <table>.csv|.parquet|.xlsx; "
                    f"tables: {', '.join(TABLE_NAMES)})",
                )
            )
    tables: dict[str, Path] = {}
    for name, paths in found.items():
        if len(paths) > 1:
            errors.append(
                Problem(
                    paths[0].name,
                    f"table {name} is given {len(paths)} times "
                    f"({', '.join(p.name for p in paths)}); keep one file per table",
                )
            )
        else:
            tables[name] = paths[0]
    return tables, errors, warnings


def read_table_file(
    path: Path,
    table_name: str | None = None,
    *,
    columns: Mapping[str, str] | None = None,
) -> TableFile:
    """Read one table file; never raises for bad content (see :class:`TableFile`).

    ``columns`` renames headers as the user wrote them to workspace columns (a
    mapping file); other headers are matched case-insensitively.
    """
    path = Path(path)
    name = table_name or path.stem.lower()
    suffix = path.suffix.lower()
    result = TableFile(name, path, format=suffix.lstrip("."))
    refused = _not_a_file(path, path.parent.resolve())
    if refused is not None:
        result.problems.append(Problem(path.name, refused))
        return result
    try:
        if suffix == ".parquet":
            _read_parquet(result)
        elif suffix == ".xlsx":
            _read_xlsx(result)
        else:
            _read_csv(result)
    except OSError as exc:
        result.problems.append(Problem(path.name, f"cannot read the file: {exc.strerror or exc}"))
        result.frame = None
    if result.frame is not None and not result.problems:
        _normalise_columns(result, columns or {})
    return result


# ----------------------------------------------------------------------------- columns


def normalise_column_name(name: Any) -> str:
    """Header cell → column name: trimmed, lower case, spaces and dashes as ``_``."""
    text = "" if name is None else str(name)
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _name_header(result: TableFile, header: list[str], renames: Mapping[str, str]) -> None:
    """Name the frame's ``__c<i>`` columns after the header, or refuse a header naming one twice."""
    assert result.frame is not None
    mapped = {normalise_column_name(k): v for k, v in renames.items()}
    names = []
    for i, raw in enumerate(header):
        n = normalise_column_name(raw)
        names.append(mapped.get(n) or n or f"column_{i + 1}")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        result.problems.append(
            Problem(
                result.file,
                msg(
                    "the header names column(s) {columns} more than once; each column may "
                    "appear only once",
                    columns=", ".join(twice),
                ),
            )
        )
        result.frame = None
        return
    result.frame = result.frame.rename({f"__c{i}": n for i, n in enumerate(names)})
    result.headers = {n: str(raw) for n, raw in zip(names, header, strict=True)}


def _normalise_columns(result: TableFile, renames: Mapping[str, str]) -> None:
    _name_header(result, result.header, renames)
    if result.frame is None:
        return
    frame = result.frame
    known = set(table(result.table).column_names)
    for n in frame.columns:
        if n != ROW and n not in known:
            result.warnings.append(
                Problem(
                    result.file,
                    f"unknown column ignored (columns of {result.table}: "
                    f"{', '.join(table(result.table).column_names)})",
                    column=result.headers.get(n, n),
                )
            )
    # a row whose every cell is empty (a blank line, an empty spreadsheet row) is not data
    data_cols = [c for c in frame.columns if c != ROW]
    if data_cols and frame.height:
        blank = pl.all_horizontal([pl.col(c).is_null() for c in data_cols])
        n_blank = int(frame.select(blank.sum()).item())
        if n_blank:
            frame = frame.filter(~blank)
            result.warnings.append(Problem(result.file, f"{n_blank} empty row(s) ignored"))
    result.frame = frame


# ----------------------------------------------------------------------------- CSV


def _read_csv(result: TableFile) -> None:
    data = result.path.read_bytes()
    space = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not data[:4096].strip(space) and not data.strip(space):  # (no copy of a big file)
        result.problems.append(Problem(result.file, "the file is empty (expected a header line)"))
        return
    decoded = decode(data)
    if decoded.data is None:
        assert decoded.refusal is not None
        row = None if decoded.line is None else max(decoded.line - 1, 1)
        result.problems.append(Problem(result.file, decoded.refusal, row=row))
        return
    if decoded.note is not None:
        result.warnings.append(Problem(result.file, decoded.note))
    try:
        parsed = parse_csv(decoded.data, last_is_text=_last_is_text(result.table, decoded.data))
    except HeaderError as exc:
        result.problems.append(Problem(result.file, exc.message, row=0))
        return
    result.decimal_comma = parsed.delimiter == ";"
    result.bad_rows = parsed.bad_rows
    result.header = parsed.header
    result.frame = parsed.to_frame(ROW)


def _last_is_text(table_name: str, data: bytes) -> bool:
    """Whether the header's last column is free text (where stray line breaks happen)."""
    end = data.find(b"\n")
    first = data[: end if end >= 0 else len(data)].decode("utf-8", errors="replace").rstrip("\r")
    last = normalise_column_name(re.split(r"[,;\t]", first)[-1].strip('"'))
    try:
        column = table(table_name).column(last)
    except KeyError:
        return False
    return column.type == "string"


# ----------------------------------------------------------------------------- Parquet, xlsx


def _read_parquet(result: TableFile) -> None:
    try:
        frame = pl.read_parquet(result.path)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        result.problems.append(
            Problem(result.file, f"not a readable Parquet file ({str(exc).splitlines()[0]})")
        )
        return
    known = set(table(result.table).column_names)
    keep: list[str] = []
    for name, dtype in frame.schema.items():
        plain = _plain_parquet_column(pl.col(name), dtype)
        if plain is not None:
            frame = frame.with_columns(plain)
            keep.append(name)
        elif normalise_column_name(name) in known:
            result.problems.append(
                Problem(
                    result.file,
                    msg(
                        "column '{column}' holds {dtype} values; a table column holds one plain "
                        "value per row (text, a number, a date or time): write it as such",
                        column=str(name),
                        dtype=str(dtype),
                    ),
                    column=str(name),
                )
            )
        else:
            result.warnings.append(
                Problem(
                    result.file,
                    msg("unknown column of type {dtype} ignored", dtype=str(dtype)),
                    column=str(name),
                )
            )
    if result.problems:
        return
    frame = frame.select(keep).rename({c: f"__c{i}" for i, c in enumerate(keep)})
    result.header = [str(c) for c in keep]
    result.frame = frame.with_columns(pl.int_range(1, frame.height + 1).alias(ROW))


def _plain_parquet_column(col: pl.Expr, dtype: pl.DataType) -> pl.Expr | None:
    """The column as a type the validator reads, or None for lists, structs, bytes, durations."""
    if dtype == pl.String or dtype == pl.Boolean or dtype == pl.Null:
        return col
    if isinstance(dtype, pl.Decimal):
        return col.cast(pl.Float64)
    if dtype.is_numeric() or isinstance(dtype, pl.Date | pl.Datetime):
        return col
    if isinstance(dtype, pl.Categorical | pl.Enum | pl.Time):
        return col.cast(pl.String)
    return None


def _cell_text(value: Any) -> str | None:
    """An .xlsx cell as the text a CSV export would hold."""
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def _read_xlsx(result: TableFile) -> None:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(result.path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        result.problems.append(
            Problem(result.file, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
        )
        return
    except Exception as exc:  # openpyxl on a damaged file: any error is the file's
        result.problems.append(
            Problem(result.file, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})")
        )
        return
    try:
        names = book.sheetnames
        chosen = next((n for n in names if n.strip().lower() == result.table), names[0])
        if len(names) > 1:
            result.warnings.append(
                Problem(
                    result.file,
                    f"the workbook has {len(names)} sheets; only sheet {chosen!r} was read",
                )
            )
        rows = book[chosen].iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            result.problems.append(Problem(result.file, "the sheet is empty (expected a header)"))
            return
        header = [_cell_text(c) or "" for c in header_cells]
        while header and not header[-1]:
            header.pop()
        width = len(header)
        if not width:
            result.problems.append(
                Problem(result.file, msg("the first row (the header) is empty"), row=0)
            )
            return
        columns: list[list[str | None]] = [[] for _ in range(width)]
        numbers: list[int] = []
        for number, cells in enumerate(rows, start=1):
            texts = [_cell_text(c) for c in cells[:width]]
            extra = [c for c in cells[width:] if c is not None]
            if extra:
                result.bad_rows.append(
                    BadRow(
                        number,
                        msg(
                            "the row has values beyond the {width} header columns",
                            width=str(width),
                        ),
                        "\t".join(_cell_text(c) or "" for c in cells),
                    )
                )
                continue
            numbers.append(number)
            for i in range(width):
                columns[i].append(texts[i] if i < len(texts) else None)
    finally:
        book.close()
    frame = pl.DataFrame([pl.Series(f"__c{i}", v, dtype=pl.String) for i, v in enumerate(columns)])
    result.header = header
    result.frame = frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64))
