"""Mapping files: an office's own file names, column names, values and date format.

``tq import --map mapping.yaml`` renames the user's columns and values to the workspace
format before anything is checked; ``tq map FOLDER`` proposes such a file from the
headers (and a preview of the first rows as they would be imported)::

    date_format: DD.MM.YYYY          # for every table (optional)
    tables:
      customers:
        file: Kliendid.csv           # a file whose name is not the table's (optional)
        columns:                     # header as written → workspace column
          Kliendi nr: customer_id
          Segment: segment
        values:                      # workspace column → {value as written: value}
          segment:
            Eraisik: consumer
            Ettevõte: business

Only ``yaml.safe_load`` reads the file; every mistake in it is reported at once, each
naming its place (``tables.customers.columns.Kliendi nr``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .._errors import InputError, Problem
from .._schema import TABLE_NAMES, table
from ._dates import strftime_format
from ._read import ROW, TABLE_SUFFIXES, TableFile, normalise_column_name, read_table_file


@dataclass(frozen=True)
class TableMapping:
    """How one table's file is named and written."""

    table: str
    file: str | None = None
    #: header as written → workspace column
    columns: dict[str, str] = field(default_factory=dict)
    #: workspace column → {value as written: workspace value}
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_format: str | None = None


@dataclass(frozen=True)
class ImportMapping:
    """A whole mapping file."""

    source: str = ""
    date_format: str | None = None
    tables: dict[str, TableMapping] = field(default_factory=dict)

    def files(self) -> dict[str, str]:
        """Table → file name, for tables whose file has another name."""
        return {t: m.file for t, m in self.tables.items() if m.file}

    def for_table(self, name: str) -> TableMapping:
        return self.tables.get(name) or TableMapping(name)


_TOP_KEYS = {"date_format", "tables"}
_TABLE_KEYS = {"file", "columns", "values", "date_format"}


class _Checker:
    """Collects every mistake of a mapping file, each with where it is."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def say(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.source, message, column=where))

    def date_format(self, where: str, value: Any) -> str | None:
        if value is None:
            return None
        try:
            strftime_format(str(value))
        except InputError as exc:
            self.say(where, str(exc))
            return None
        return str(value)

    def text_map(self, where: str, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.say(where, "expected a list of `as written: workspace name` lines")
            return {}
        return {str(k): "" if v is None else str(v) for k, v in value.items()}


def load_mapping(path: str | Path) -> ImportMapping:
    """Read and check a mapping file; InputError listing every mistake in it."""
    import yaml

    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"cannot read the mapping file {file}: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{file.name} is not a readable YAML mapping file ({exc})") from None
    check = _Checker(file.name)
    if not isinstance(data, dict):
        raise InputError(f"{file.name}: expected `tables:` with one entry per table")
    for key in set(data) - _TOP_KEYS:
        check.say(str(key), f"unknown key (a mapping file has {', '.join(sorted(_TOP_KEYS))})")
    tables: dict[str, TableMapping] = {}
    raw_tables = data.get("tables") or {}
    if not isinstance(raw_tables, dict):
        check.say("tables", "expected one entry per table")
        raw_tables = {}
    for name, entry in raw_tables.items():
        mapped = _table_mapping(check, str(name), entry)
        if mapped is not None:
            tables[mapped.table] = mapped
    mapping = ImportMapping(
        file.name, check.date_format("date_format", data.get("date_format")), tables
    )
    if check.problems:
        raise InputError(
            f"the mapping file {file.name} has {len(check.problems)} mistake(s); nothing was "
            "imported",
            check.problems,
        )
    return mapping


def _table_mapping(check: _Checker, name: str, entry: Any) -> TableMapping | None:
    where = f"tables.{name}"
    if name not in TABLE_NAMES:
        check.say(where, f"no such table (tables: {', '.join(TABLE_NAMES)})")
        return None
    if not isinstance(entry, dict):
        check.say(where, "expected file, columns, values or date_format under the table")
        return None
    for key in set(entry) - _TABLE_KEYS:
        check.say(f"{where}.{key}", f"unknown key ({', '.join(sorted(_TABLE_KEYS))})")
    known = table(name).column_names
    columns = check.text_map(f"{where}.columns", entry.get("columns"))
    for header, target in columns.items():
        if target not in known:
            check.say(
                f"{where}.columns.{header}",
                f"{target!r} is not a column of {name} (columns: {', '.join(known)})",
            )
    for target in {t for t in columns.values() if list(columns.values()).count(t) > 1}:
        check.say(f"{where}.columns", f"more than one header is mapped to {target!r}")
    values: dict[str, dict[str, str]] = {}
    raw_values = entry.get("values") or {}
    if not isinstance(raw_values, dict):
        check.say(f"{where}.values", "expected `column:` entries, each with its values")
        raw_values = {}
    for column, pairs in raw_values.items():
        if str(column) not in known:
            check.say(f"{where}.values.{column}", f"{column!r} is not a column of {name}")
        values[str(column)] = check.text_map(f"{where}.values.{column}", pairs)
    file = entry.get("file")
    if file is not None and (Path(str(file)).name != str(file) or str(file) in ("", ".", "..")):
        check.say(f"{where}.file", "a file name in the folder (no folders, no ..)")
        file = None
    return TableMapping(
        name,
        None if file is None else str(file),
        columns,
        values,
        check.date_format(f"{where}.date_format", entry.get("date_format")),
    )


def apply_values(source: TableFile, values: Mapping[str, Mapping[str, str]]) -> None:
    """Rename values as written (compared trimmed) to the workspace's, column by column."""
    if source.frame is None or not values:
        return
    exprs = []
    for column, pairs in values.items():
        if column not in source.frame.columns or not pairs:
            continue
        col = pl.col(column).cast(pl.String, strict=False)
        key = col.str.strip_chars()
        renamed = key.replace(list(pairs), list(pairs.values()))
        exprs.append(pl.when(key.is_in(list(pairs))).then(renamed).otherwise(col).alias(column))
    if exprs:
        source.frame = source.frame.with_columns(exprs)


# ----------------------------------------------------------------------------- proposing

#: what people call the workspace's columns (en, et, pl), normalised like headers
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer",
        "customer_no",
        "client_id",
        "klient",
        "kliendi_nr",
        "kliendi_id",
        "kliendikood",
        "id_klienta",
        "nr_klienta",
        "klient_id",
    ),
    "order_id": (
        "order",
        "order_no",
        "order_number",
        "tellimus",
        "tellimuse_nr",
        "zamowienie",
        "zamówienie",
        "nr_zamowienia",
        "nr_zamówienia",
    ),
    "product_id": (
        "product",
        "product_code",
        "sku",
        "toode",
        "tootekood",
        "toote_kood",
        "produkt",
        "kod_produktu",
    ),
    "ordered_at": (
        "order_date",
        "ordered",
        "tellimuse_kuupäev",
        "data_zamowienia",
        "data_zamówienia",
    ),
    "delivered_at": ("delivery_date", "delivered", "tarne_kuupäev", "tarnitud", "data_dostawy"),
    "quantity": ("qty", "kogus", "ilosc", "ilość"),
    "country": ("riik", "kraj"),
    "language": ("keel", "jezyk", "język", "lang"),
    "since": ("customer_since", "klient_alates", "klient_od"),
    "complaint_id": (
        "complaint",
        "complaint_no",
        "kaebus",
        "kaebuse_nr",
        "reklamatsioon",
        "reklamacja",
        "nr_reklamacji",
    ),
    "received_at": (
        "received",
        "date",
        "kuupäev",
        "laekunud",
        "data",
        "data_zgloszenia",
        "data_zgłoszenia",
    ),
    "text": ("description", "kirjeldus", "tekst", "treść", "tresc", "opis"),
    "comment": ("kommentaar", "komentarz", "remarks"),
    "severity": ("raskusaste", "tõsidus", "waga", "priorytet", "priority"),
    "channel": ("kanal", "kanał"),
    "response_id": ("response", "vastus", "vastuse_nr", "odpowiedz", "odpowiedź"),
    "answered_at": ("answered", "vastatud", "data_odpowiedzi"),
    "name": ("nimi", "nimetus", "nazwa"),
    "segment": ("kliendigrupp", "grupa"),
}


def _column_for(header: str, columns: tuple[str, ...]) -> str | None:
    """The workspace column a header most likely means, or None."""
    n = normalise_column_name(header)
    if n in columns:
        return n
    for column in columns:
        if n in SYNONYMS.get(column, ()):
            return column
    close = difflib.get_close_matches(n, columns, n=1, cutoff=0.8)
    return close[0] if close else None


def _guess(header: list[str], stem: str) -> tuple[str | None, dict[str, str]]:
    """The table a file most likely holds and its header's mapping."""
    best: tuple[int, str | None, dict[str, str]] = (0, None, {})
    for name in TABLE_NAMES:
        columns = table(name).column_names
        mapped: dict[str, str] = {}
        for h in header:
            target = _column_for(h, columns)
            if target and target not in mapped.values():
                mapped[h] = target
        if not set(table(name).required_columns) <= set(mapped.values()):
            continue
        score = len(mapped) + (5 if normalise_column_name(stem) == name else 0)
        if score > best[0]:
            best = (score, name, mapped)
    return best[1], best[2]


_DATE = re.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4})")


def _date_format(values: pl.Series) -> str | None:
    """``DD.MM.YYYY`` (or ``MM/DD/YYYY``) when the sample's dates are written so."""
    parts = [m for v in values.drop_nulls().head(200).to_list() if (m := _DATE.match(str(v)))]
    if not parts:
        return None
    sep = parts[0].group(2)
    month_first = any(int(m.group(3)) > 12 for m in parts) and all(
        int(m.group(1)) <= 12 for m in parts
    )
    return f"MM{sep}DD{sep}YYYY" if month_first else f"DD{sep}MM{sep}YYYY"


@dataclass(frozen=True)
class Proposal:
    """A proposed mapping, the files it could not place, and previews of the mapped rows."""

    mapping: ImportMapping
    unplaced: list[str]
    previews: dict[str, pl.DataFrame]


def propose_mapping(folder: Path, rows: int = 3) -> Proposal:
    """A mapping for the table files of ``folder`` from their headers, with previews."""
    tables: dict[str, TableMapping] = {}
    previews: dict[str, pl.DataFrame] = {}
    unplaced: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or path.suffix.lower() not in TABLE_SUFFIXES:
            continue
        raw = read_table_file(path, "customers")  # any table: only the header is wanted
        if raw.frame is None or not raw.header or not path.is_file():
            unplaced.append(path.name)
            continue
        name, columns = _guess(raw.header, path.stem)
        if name is None or name in tables:
            unplaced.append(path.name)
            continue
        source = read_table_file(path, name, columns=columns)
        if source.frame is None:
            unplaced.append(path.name)
            continue
        spec = table(name)
        stamps = [c.name for c in spec.columns if c.type == "timestamp"]
        formats = {
            _date_format(source.frame.get_column(c)) for c in stamps if c in source.frame.columns
        }
        formats.discard(None)
        tables[name] = TableMapping(
            name,
            None if path.stem.lower() == name else path.name,
            {h: t for h, t in columns.items() if normalise_column_name(h) != t},
            {},
            next(iter(formats)) if len(formats) == 1 else None,
        )
        shown = [c for c in spec.column_names if c in source.frame.columns]
        previews[name] = source.frame.select(ROW, *shown).head(rows)
    return Proposal(ImportMapping("", None, tables), unplaced, previews)


def mapping_yaml(mapping: ImportMapping) -> str:
    """The mapping as a YAML file with a comment saying how to use it."""
    import yaml

    data: dict[str, Any] = {}
    if mapping.date_format:
        data["date_format"] = mapping.date_format
    data["tables"] = {}
    for name, m in mapping.tables.items():
        entry: dict[str, Any] = {}
        if m.file:
            entry["file"] = m.file
        if m.columns:
            entry["columns"] = dict(m.columns)
        if m.values:
            entry["values"] = {c: dict(v) for c, v in m.values.items()}
        if m.date_format:
            entry["date_format"] = m.date_format
        data["tables"][name] = entry
    head = (
        "# Proposed by `tq map`: check every line, then `tq import WORKSPACE --map THIS_FILE`.\n"
        "# columns: header as written → workspace column; values: column → {as written: value}\n"
    )
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


__all__ = [
    "ImportMapping",
    "Proposal",
    "TableMapping",
    "apply_values",
    "load_mapping",
    "mapping_yaml",
    "propose_mapping",
]
