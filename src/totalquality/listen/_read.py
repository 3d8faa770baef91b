"""Reading workspace table files (CSV, Parquet, one sheet of .xlsx) into raw frames.

A reader never raises for a user's file: what cannot be read becomes a
:class:`~totalquality.Problem` in the returned :class:`TableFile`. The frame it
returns keeps every value as given (CSV and .xlsx values as text, Parquet columns
with their own types); typing and checking is the validator's job. Every frame
carries ``_row``, the 1-based data row of the file (header = row 0), so a problem
found later still points at the line the user sees.

CSV fast path: Polars reads the whole file in parallel. When Polars refuses the
file (too many fields on a line, stray quotes) the file is read again with
Python's tolerant ``csv`` module, row by row, so each broken row is reported
with its number and every other row is kept.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .._errors import Problem
from .._schema import TABLE_NAMES, table

ROW = "_row"
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx")
_SNIFF_BYTES = 64 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"


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
    #: rows the reader itself could not split into fields: (row, message, raw text)
    bad_rows: list[tuple[int, str, str]] = field(default_factory=list)
    #: the file was semicolon-separated, so "1,5" in a number column means 1.5
    decimal_comma: bool = False
    format: str = "csv"

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def usable(self) -> bool:
        return self.frame is not None and not self.problems


def discover(folder: Path) -> tuple[dict[str, Path], list[Problem], list[Problem]]:
    """The table files in ``folder``: ({table: path}, errors, warnings).

    Names match case-insensitively (``Orders.CSV`` is the orders table). Two files
    for one table are an error for that table (which one is meant is unknown);
    other files are reported as ignored, never fatal.
    """
    found: dict[str, list[Path]] = {}
    warnings: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.startswith("~$") or path.is_dir():
            continue
        stem, suffix = path.stem.lower(), path.suffix.lower()
        if stem in TABLE_NAMES and suffix in TABLE_SUFFIXES:
            found.setdefault(stem, []).append(path)
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
    errors: list[Problem] = []
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


def read_table_file(path: Path, table_name: str | None = None) -> TableFile:
    """Read one table file; never raises for bad content (see :class:`TableFile`)."""
    path = Path(path)
    name = table_name or path.stem.lower()
    suffix = path.suffix.lower()
    result = TableFile(name, path, format=suffix.lstrip("."))
    try:
        if suffix == ".csv":
            _read_csv(result)
        elif suffix == ".parquet":
            _read_parquet(result)
        elif suffix == ".xlsx":
            _read_xlsx(result)
        else:
            result.problems.append(Problem(path.name, f"unsupported file type {suffix!r}"))
    except OSError as exc:
        result.problems.append(Problem(path.name, f"cannot read the file: {exc.strerror or exc}"))
        result.frame = None
    if result.frame is not None and not result.problems:
        _normalise_columns(result)
    return result


# ----------------------------------------------------------------------------- columns


def normalise_column_name(name: Any) -> str:
    """Header cell → column name: trimmed, lower case, spaces and dashes as ``_``."""
    text = "" if name is None else str(name)
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _normalise_columns(result: TableFile) -> None:
    assert result.frame is not None
    frame = result.frame
    raw_names = [c for c in frame.columns if c != ROW]
    names = [normalise_column_name(c) for c in raw_names]
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    duplicated = sorted(n for n, k in seen.items() if k > 1 and n)
    if duplicated:
        result.problems.append(
            Problem(
                result.file,
                f"the header names column(s) {', '.join(duplicated)} more than once; "
                "each column may appear only once",
            )
        )
        result.frame = None
        return
    known = set(table(result.table).column_names)
    renamed: dict[str, str] = {}
    for raw, n in zip(raw_names, names, strict=True):
        if not n:
            n = f"column_{raw_names.index(raw) + 1}"
        renamed[raw] = n
        if n not in known:
            result.warnings.append(
                Problem(
                    result.file,
                    f"unknown column ignored (columns of {result.table}: "
                    f"{', '.join(table(result.table).column_names)})",
                    column=n,
                )
            )
    frame = frame.rename(renamed)
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
    path = result.path
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if not head.strip(b" \t\r\n" + _UTF8_BOM):
        result.problems.append(Problem(path.name, "the file is empty (expected a header line)"))
        return
    data: bytes | None = None  # set when the file had to be re-encoded in memory
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = path.read_bytes().decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            result.problems.append(
                Problem(path.name, f"the file starts like UTF-16 but is not valid UTF-16 ({exc})")
            )
            return
        result.warnings.append(Problem(path.name, "read as UTF-16; UTF-8 is preferred"))
        head = data[:_SNIFF_BYTES]
    elif _invalid_utf8(head):
        bad = _first_invalid_utf8(path)
        if bad is not None:
            data = _decode_fallback(result, bad)
            head = data[:_SNIFF_BYTES]
    header_text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    delimiter = _detect_delimiter(header_text)
    result.decimal_comma = delimiter == ";"
    header = _parse_header(header_text, delimiter)
    source: Any = io.BytesIO(data) if data is not None else path
    try:
        frame = pl.read_csv(
            source,
            separator=delimiter,
            infer_schema=False,
            has_header=True,
            new_columns=None,
            raise_if_empty=False,
            encoding="utf8",
        )
        if header is not None and len(header) == frame.width:
            frame = frame.rename(dict(zip(frame.columns, header, strict=True)))
        elif header is not None:
            raise pl.exceptions.ComputeError("header and data widths differ")
        result.frame = frame.with_columns(pl.int_range(1, frame.height + 1).alias(ROW))
    except (pl.exceptions.PolarsError, ValueError, OverflowError, IndexError) as exc:
        if data is None and "utf-8" in str(exc).lower():
            # Polars checks UTF-8 as it reads: only a refused file is scanned for the offset
            bad = _first_invalid_utf8(path)
            if bad is not None:
                data = _decode_fallback(result, bad)
                _read_csv_decoded(result, data, delimiter)
                return
        raw = data if data is not None else path.read_bytes()
        _read_csv_tolerant(result, raw.decode("utf-8", errors="replace"), delimiter)


def _invalid_utf8(head: bytes) -> bool:
    """Whether the first bytes are not UTF-8 (a multi-byte character cut at the end is fine)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 4
    return False


def _read_csv_decoded(result: TableFile, data: bytes, delimiter: str) -> None:
    """Read CSV bytes already re-encoded as UTF-8 (fast path, else the tolerant reader)."""
    try:
        frame = pl.read_csv(
            io.BytesIO(data), separator=delimiter, infer_schema=False, raise_if_empty=False
        )
        header = _parse_header(data[:_SNIFF_BYTES].decode("utf-8", errors="replace"), delimiter)
        if header is None or len(header) != frame.width:
            raise pl.exceptions.ComputeError("header and data widths differ")
        frame = frame.rename(dict(zip(frame.columns, header, strict=True)))
        result.frame = frame.with_columns(pl.int_range(1, frame.height + 1).alias(ROW))
    except (pl.exceptions.PolarsError, ValueError, OverflowError, IndexError):
        _read_csv_tolerant(result, data.decode("utf-8", errors="replace"), delimiter)


def _first_invalid_utf8(path: Path) -> tuple[int, int, int] | None:
    """(byte offset, byte value, line number) of the first invalid UTF-8 byte, else None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0  # bytes read before this chunk
    lines = 1
    with open(path, "rb") as fh:
        while chunk := fh.read(8 * 1024 * 1024):
            pending = decoder.getstate()[0]  # an incomplete character left from the last chunk
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                combined = pending + chunk
                line = lines + combined.count(b"\n", 0, exc.start)
                return offset - len(pending) + exc.start, combined[exc.start], line
            lines += chunk.count(b"\n")
            offset += len(chunk)
        pending = decoder.getstate()[0]
        if pending:
            return offset - len(pending), pending[0], lines
    return None


def _decode_fallback(result: TableFile, bad: tuple[int, int, int]) -> bytes:
    offset, value, line = bad
    raw = result.path.read_bytes()
    try:
        text, used = raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, used = raw.decode("latin-1"), "Latin-1"
    result.warnings.append(
        Problem(
            result.file,
            f"not UTF-8: byte 0x{value:02X} at byte offset {offset} (line {line}) is not valid "
            f"UTF-8; the file was read as {used}. Check accented letters (õ, ą, ł ...) and "
            "save the file as UTF-8 to be sure",
            row=max(line - 1, 1),
        )
    )
    return text.encode("utf-8")


def _detect_delimiter(header_text: str) -> str:
    """The delimiter of the header line: the most frequent of , ; and tab outside quotes."""
    first = header_text.split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 0 else ","


def _parse_header(header_text: str, delimiter: str) -> list[str] | None:
    try:
        reader = csv.reader(io.StringIO(header_text), delimiter=delimiter, strict=False)
        row = next(reader)
    except (csv.Error, StopIteration):
        return None
    return [c.replace("\ufeff", "") for c in row]


def _read_csv_tolerant(result: TableFile, text: str, delimiter: str) -> None:
    """Row-by-row CSV reading: every broken row is reported, every other row kept."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        result.problems.append(Problem(result.file, f"cannot read the header line ({exc})"))
        return
    width = len(header)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    rows: list[int] = []
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            result.bad_rows.append((number, f"cannot split the line into fields ({exc})", ""))
            continue
        number += 1
        if len(record) > width:
            result.bad_rows.append(
                (
                    number,
                    f"the row has {len(record)} fields but the header has {width} "
                    f"(a stray {delimiter!r} or quote?)",
                    delimiter.join(record),
                )
            )
            continue
        rows.append(number)
        for i in range(width):
            value = record[i] if i < len(record) else None
            columns[i].append(value if value != "" else None)
    names = [c.replace("\ufeff", "") or f"column_{i + 1}" for i, c in enumerate(header)]
    if len(set(names)) != len(names):
        result.problems.append(
            Problem(
                result.file,
                "the header names a column more than once; each column may appear only once",
            )
        )
        return
    frame = pl.DataFrame(
        [pl.Series(n, values, dtype=pl.String) for n, values in zip(names, columns, strict=True)]
    )
    result.frame = frame.with_columns(pl.Series(ROW, rows, dtype=pl.Int64))


# ----------------------------------------------------------------------------- Parquet, xlsx


def _read_parquet(result: TableFile) -> None:
    try:
        frame = pl.read_parquet(result.path)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        result.problems.append(
            Problem(result.file, f"not a readable Parquet file ({str(exc).splitlines()[0]})")
        )
        return
    frame = frame.rename({c: str(c) for c in frame.columns})
    result.frame = frame.with_columns(pl.int_range(1, frame.height + 1).alias(ROW))


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
        columns: list[list[str | None]] = [[] for _ in range(width)]
        numbers: list[int] = []
        for number, cells in enumerate(rows, start=1):
            texts = [_cell_text(c) for c in cells[:width]]
            extra = [c for c in cells[width:] if c is not None]
            if extra:
                result.bad_rows.append(
                    (
                        number,
                        f"the row has values beyond the {width} header columns",
                        ";".join(_cell_text(c) or "" for c in cells),
                    )
                )
                continue
            numbers.append(number)
            for i in range(width):
                columns[i].append(texts[i] if i < len(texts) else None)
    finally:
        book.close()
    frame = pl.DataFrame([pl.Series(f"__c{i}", v, dtype=pl.String) for i, v in enumerate(columns)])
    if len(set(header)) != len(header):
        result.problems.append(
            Problem(result.file, "the header names a column more than once; keep each once")
        )
        return
    frame = frame.rename({f"__c{i}": (h or f"column_{i + 1}") for i, h in enumerate(header)})
    result.frame = frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64))
