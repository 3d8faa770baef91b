"""Splitting CSV text into rows: fast when the file is sound, honest when it is not.

A CSV file from an office can be broken in ways a permissive parser hides: a quote
that never closes swallows every later row into one field, a row split by a line
break inside an unquoted value becomes two short rows, a semicolon-separated row in
a comma-separated file becomes one long id, old Macs end lines with a bare CR. Each
of these is found per row here and the row is rejected with its row, line and
column, while the rows around it are kept.

* **Fast path.** One pass of Polars over the file's lines checks that every line has
  exactly the header's number of fields (quoted fields removed first) and that the
  line endings are LF or CRLF. Only then does Polars read the file in parallel, and its
  row count must match the line count.
* **Careful path.** Otherwise the text is split record by record in Python. A quoted
  field may span lines only when its record ends with the header's number of fields
  and none of the lines it swallows reads as a row of its own; else the quote is
  taken as unclosed, the line where it opened is rejected and reading resumes on the
  next line.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from .._i18n import Message, msg

#: a quoted field may be this long at most (the longest text column allows 100,000)
_MAX_QUOTED = 1_000_000
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": msg("commas"), ";": msg("semicolons"), "\t": msg("tabs")}


@dataclass(frozen=True)
class BadRow:
    """A row the reader could not split into the header's fields."""

    row: int
    message: Message
    #: the line(s) as written in the file
    raw: str
    #: the header name of the column where the row goes wrong, when there is one
    column: str | None = None


@dataclass
class ParsedCsv:
    """The rows of a CSV file as text (``None`` for an empty field) and what was rejected."""

    header: list[str]
    delimiter: str
    #: the values, one list per header column
    columns: list[list[str | None]] = field(default_factory=list)
    #: the 1-based data row of each value (the header is row 0)
    rows: list[int] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    #: a frame Polars read directly (fast path); ``columns`` is unused then
    frame: pl.DataFrame | None = None

    def to_frame(self, row_column: str) -> pl.DataFrame:
        """Values in header order as text columns named ``__c0, __c1, …`` plus the row."""
        if self.frame is not None:
            names = {c: f"__c{i}" for i, c in enumerate(self.frame.columns)}
            out = self.frame.rename(names)
            return out.with_columns(pl.int_range(1, out.height + 1).alias(row_column))
        series = [
            pl.Series(f"__c{i}", values, dtype=pl.String) for i, values in enumerate(self.columns)
        ]
        return pl.DataFrame(series).with_columns(pl.Series(row_column, self.rows, dtype=pl.Int64))


class HeaderError(ValueError):
    """The header line cannot be read; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def detect_delimiter(header_line: str) -> str:
    """The most frequent of comma, semicolon and tab outside quotes (comma when none)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 0 else ","


def parse_csv(data: bytes, last_is_text: bool = False) -> ParsedCsv:
    """Split UTF-8 CSV bytes (no byte-order mark) into header and rows.

    ``last_is_text``: the last column holds free text, so a one-field line after a
    whole row is most likely the rest of that row's text, broken by a line break.
    Raises :class:`HeaderError` when the header line cannot be read.
    """
    first_end = re.search(rb"\r\n|\r|\n", data)
    header_line = (data[: first_end.start()] if first_end else data).decode("utf-8")
    delimiter = detect_delimiter(header_line)
    header = _split_header(header_line, delimiter)
    fast = _fast(data, delimiter, header)
    if fast is not None:
        return fast
    return _careful(data.decode("utf-8"), delimiter, header, last_is_text)


def _split_header(line: str, delimiter: str) -> list[str]:
    record = _parse_record(line, 0, delimiter, _unquoted_pattern(delimiter))
    if record.unclosed is not None:
        raise HeaderError(msg("the header line has a quote that is never closed"))
    if record.after_quote is not None:
        raise HeaderError(msg("the header line has text after a closing quote"))
    return [f.replace("\ufeff", "") for f in record.fields]


# ----------------------------------------------------------------------------- fast path


def _free_byte(data: bytes) -> str | None:
    for candidate in ("\x1f", "\x1e", "\x1d", "\x01"):
        if candidate.encode() not in data:
            return candidate
    return None


def _fast(data: bytes, delimiter: str, header: list[str]) -> ParsedCsv | None:
    """Polars' parallel reader, when every line is one sound row; else None."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # bare CR line endings
    if b'"' not in data:
        return _fast_unquoted(data, delimiter, header)
    separator = _free_byte(data)
    if separator is None:
        return None
    lines = _polars(data, separator, quote_char=None, has_header=False, new_columns=["line"])
    if lines is None:
        return None
    if lines.height <= 1:
        return ParsedCsv(header, delimiter, [[] for _ in header], [])
    line = pl.col("line")
    quotes_even = line.str.count_matches('"', literal=True) % 2 == 0
    fields = line.str.replace_all(r'"[^"]*"', "").str.count_matches(delimiter, literal=True)
    sound = quotes_even & (fields == len(header) - 1)
    if not lines.slice(1).select((line.is_null() | sound).all()).item():
        return None
    frame = _polars(data, delimiter, has_header=True, truncate_ragged_lines=False)
    if frame is None or frame.height != lines.height - 1 or frame.width != len(header):
        return None
    return ParsedCsv(header, delimiter, frame=frame)


def _fast_unquoted(data: bytes, delimiter: str, header: list[str]) -> ParsedCsv | None:
    """A file without quotes: Polars refuses a line with more fields than the header, and
    when the delimiters add up to the header's count on every row, no row has fewer either.

    One count of the delimiter byte is all the check costs (a blank line, which Polars
    reads as an empty row, sends the file to the careful path, which skips it).
    """
    frame = _polars(data, delimiter, has_header=True, truncate_ragged_lines=False)
    if frame is None or frame.width != len(header):
        return None
    if data.count(delimiter.encode()) != (len(header) - 1) * (frame.height + 1):
        return None
    return ParsedCsv(header, delimiter, frame=frame)


def _polars(data: bytes, separator: str, **options: Any) -> pl.DataFrame | None:
    """Polars' CSV reader on the bytes, every value as text; None when it refuses them."""
    try:
        return pl.read_csv(
            io.BytesIO(data),
            separator=separator,
            infer_schema=False,
            raise_if_empty=False,
            **options,
        )
    except (pl.exceptions.PolarsError, ValueError, OverflowError, IndexError):
        return None


# ----------------------------------------------------------------------------- careful path


@dataclass
class _Record:
    fields: list[str]
    end: int
    #: index of the field whose quote never closes (within the limit)
    unclosed: int | None = None
    #: index of a field with text after its closing quote
    after_quote: int | None = None


def _unquoted_pattern(delimiter: str) -> re.Pattern[str]:
    return re.compile(f"[^{re.escape(delimiter)}\\r\\n]*")


def _parse_record(text: str, pos: int, delimiter: str, unquoted: re.Pattern[str]) -> _Record:
    """One record from ``pos``: quoted fields may hold delimiters and line breaks."""
    fields: list[str] = []
    after_quote = None
    n = len(text)
    while True:
        if text.startswith('"', pos):
            m = _QUOTED.match(text, pos, min(n, pos + _MAX_QUOTED))
            if m is None:
                return _Record(fields, n, unclosed=len(fields))
            value, pos = m.group(1).replace('""', '"'), m.end()
            if pos < n and text[pos] not in (delimiter, "\r", "\n"):
                after_quote = len(fields) if after_quote is None else after_quote
                rest = unquoted.match(text, pos)
                assert rest is not None
                value, pos = text[m.start() : rest.end()], rest.end()
        else:
            m = unquoted.match(text, pos)
            assert m is not None
            value, pos = m.group(0), m.end()
        fields.append(value)
        if pos >= n:
            return _Record(fields, n, after_quote=after_quote)
        if text[pos] == delimiter:
            pos += 1
            continue
        pos += 2 if text.startswith("\r\n", pos) else 1
        return _Record(fields, pos, after_quote=after_quote)


def _line_end(text: str, pos: int) -> tuple[int, int]:
    """(end of the line's text, start of the next line) from ``pos``."""
    m = _LINE_BREAK.search(text, pos)
    return (m.start(), m.end()) if m else (len(text), len(text))


def _breaks(text: str, start: int, end: int) -> int:
    return (
        text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    )


def _shape(value: str) -> str:
    """``R-0012`` → ``a-0``: the look of an id, to tell a row start from text."""
    return re.sub(r"[0-9]+", "0", re.sub(r"[^\W\d_]+", "a", value.strip()))


class _Reader:
    """Walks the text line by line, collecting rows and rejected rows."""

    def __init__(self, text: str, delimiter: str, header: list[str], last_is_text: bool) -> None:
        self.text, self.delimiter, self.header = text, delimiter, header
        self.width = len(header)
        self.last_is_text = last_is_text
        self.unquoted = _unquoted_pattern(delimiter)
        self.out = ParsedCsv(header, delimiter, [[] for _ in header], [])
        self.row = 0
        self.line = 1
        #: (row, line text) of the row just kept when it was one line: a one-field line
        #: after it may be the rest of its last value
        self.previous: tuple[int, str] | None = None

    def column(self, index: int) -> str | None:
        return self.header[index] if 0 <= index < self.width else None

    def keep(self, fields: list[str | None]) -> None:
        for i in range(self.width):
            value = fields[i] if i < len(fields) else None
            self.out.columns[i].append(value if value != "" else None)
        self.out.rows.append(self.row)

    def reject(self, message: Message, raw: str, column: int | None = None) -> None:
        name = None if column is None else self.column(column)
        self.out.bad_rows.append(BadRow(self.row, message, raw, name))

    def read(self) -> ParsedCsv:
        _, pos = _line_end(self.text, 0)  # past the header line
        while pos < len(self.text):
            pos = self.step(pos)
        return self.out

    def step(self, pos: int) -> int:
        """Read the row starting at ``pos``; returns where the next row starts."""
        self.row += 1
        self.line += 1
        end, next_line = _line_end(self.text, pos)
        line = self.text[pos:end]
        if not line.strip():
            self.keep([None] * self.width)  # an empty row: dropped later with a warning
            self.previous = None
            return next_line
        if '"' not in line:
            return self.single(line.split(self.delimiter), line, next_line)
        record = _parse_record(self.text, pos, self.delimiter, self.unquoted)
        if record.unclosed is None and _breaks(self.text, pos, record.end) <= 1:
            return self.single(record.fields, line, next_line, record.after_quote)
        if record.unclosed is None and self.spans_soundly(record, pos):
            self.keep(list(record.fields))
            self.line += _breaks(self.text, pos, record.end) - 1
            self.previous = None
            return record.end
        opened = _parse_record(line, 0, self.delimiter, self.unquoted).unclosed
        self.reject(
            msg(
                "a quote opened in this row (line {line}) is never closed, or closes only "
                "after taking in the rows below it; this row was not read, the rows after it were",
                line=str(self.line),
            ),
            line,
            opened,
        )
        self.previous = None
        return next_line

    def spans_soundly(self, record: _Record, pos: int) -> bool:
        """A multi-line record is sound when it has every field and swallows no row."""
        if len(record.fields) != self.width or record.after_quote is not None:
            return False
        inner = _LINE_BREAK.split(self.text[pos : record.end].rstrip("\r\n"))[1:-1]
        first = _shape(record.fields[0])
        for text in inner:
            parts = text.split(self.delimiter)
            if '"' not in text and len(parts) == self.width and _shape(parts[0]) == first:
                return False
        return True

    def single(
        self,
        fields: list[str],
        line: str,
        next_line: int,
        after_quote: int | None = None,
    ) -> int:
        if after_quote is not None:
            self.reject(
                msg(
                    "text follows the closing quote of a value (line {line}); quote the whole "
                    'value and double the quotes inside it ("like ""this""")',
                    line=str(self.line),
                ),
                line,
                after_quote,
            )
            self.previous = None
            return next_line
        if len(fields) == self.width:
            self.keep(list(fields))
            self.previous = (self.row, line)
            return next_line
        if len(fields) > self.width:
            self.too_many(fields, line)
            return next_line
        return self.too_few(fields, line, next_line)

    def too_many(self, fields: list[str], line: str) -> None:
        self.reject(
            msg(
                "the row has {count} fields but the header has {width} (line {line}): a "
                "delimiter inside a value that is not quoted, or a stray quote?",
                count=str(len(fields)),
                width=str(self.width),
                line=str(self.line),
            ),
            line,
            self.width,
        )
        self.previous = None

    def too_few(self, fields: list[str], line: str, next_line: int) -> int:
        other = self.other_delimiter(line)
        if other is not None:
            self.reject(
                msg(
                    "the row's fields are separated by {found} but the file's by {expected} "
                    "(line {line}); save every row with the same delimiter",
                    found=_DELIMITER_NAMES[other],
                    expected=_DELIMITER_NAMES[self.delimiter],
                    line=str(self.line),
                ),
                line,
                0,
            )
            self.previous = None
            return next_line
        joined = self.split_with_next(fields, line, next_line)
        if joined is not None:
            return joined
        if (
            len(fields) == 1
            and self.last_is_text
            and self.previous is not None
            and _shape(fields[0]) != _shape(self.previous[1].split(self.delimiter)[0])
        ):  # a lone value that does not look like the start of a row: the rest of the last
            self.split_from_previous(line)
            return next_line
        self.reject(
            msg(
                "the row has {count} of the header's {width} fields (line {line}): it ends "
                "before this column; a line break inside a value that is not quoted, or a "
                "missing delimiter?",
                count=str(len(fields)),
                width=str(self.width),
                line=str(self.line),
            ),
            line,
            len(fields),
        )
        self.previous = None
        return next_line

    def other_delimiter(self, line: str) -> str | None:
        """The delimiter a short row is really split by (a row pasted from another file)."""
        fields = len(line.split(self.delimiter))
        for other in _DELIMITERS:
            if other != self.delimiter and fields < len(line.split(other)) <= self.width:
                return other
        return None

    def split_with_next(self, fields: list[str], line: str, next_line: int) -> int | None:
        """A short row whose next line completes it: one row broken by a line break."""
        end, after = _line_end(self.text, next_line)
        following = self.text[next_line:end]
        if not following.strip() or '"' in following:
            return None
        rest = following.split(self.delimiter)
        if (
            len(fields) + len(rest) - 1 != self.width
            or len(rest) == self.width
            or _shape(rest[0]) == _shape(fields[0])
        ):
            return None  # the next line does not complete this one, or is a row itself
        broken = _split(self.line)
        self.reject(broken, line, len(fields) - 1)
        self.row += 1
        self.line += 1
        self.reject(broken, following, 0)
        self.previous = None
        return after

    def split_from_previous(self, line: str) -> None:
        """A lone field after a whole row: the rest of that row's last (text) value."""
        assert self.previous is not None
        row, previous_line = self.previous
        for values in self.out.columns:
            values.pop()
        self.out.rows.pop()
        broken = _split(self.line - 1)
        self.out.bad_rows.append(BadRow(row, broken, previous_line, self.header[-1]))
        self.reject(broken, line, self.width - 1)
        self.previous = None


def _split(line: int) -> Message:
    return msg(
        "one row is split over lines {line} and {next}: a line break inside a value that "
        'is not quoted; put the value in quotes ("…")',
        line=str(line),
        next=str(line + 1),
    )


def _careful(text: str, delimiter: str, header: list[str], last_is_text: bool) -> ParsedCsv:
    return _Reader(text, delimiter, header, last_is_text).read()


__all__ = ["BadRow", "HeaderError", "ParsedCsv", "detect_delimiter", "parse_csv"]
