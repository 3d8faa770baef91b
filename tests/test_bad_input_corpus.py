"""The bad-input corpus (issue 13): files as offices have them, and hostile ones.

Every case is imported with `tq import --json` in-process, and asserts: the exit code; that
no traceback appears; that every expected rejection names its file, row and column; that
every problem names a file (and a row or the whole file); and the exact rows stored (their
id and text columns, as written). The cases run over every table and format (CSV, Parquet,
.xlsx). `python tests/test_bad_input_corpus.py` prints docs/bad-input.md; a test checks the
document lists exactly these cases.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cli import tq

REPO = Path(__file__).resolve().parents[1]
OK, REJECTED = 0, 3

#: a header and a row maker per table: row i of a valid file
TABLES: dict[str, tuple[str, Callable[[int], str]]] = {
    "customers": (
        "customer_id,segment,country,language,since",
        lambda i: f"C{i},consumer,EE,et,2024-03-0{i}",
    ),
    "products": ("product_id,name,family", lambda i: f"P{i},Nordlap {i},laptop"),
    "orders": (
        "order_id,customer_id,product_id,ordered_at,delivered_at,quantity,lot_id",
        lambda i: f"O{i},C{i},P{i},2025-11-0{i},2025-11-1{i},{i},L{i}",
    ),
    "lots": ("lot_id,product_id,produced_at,size", lambda i: f"L{i},P{i},2025-10-0{i},10{i}"),
    "lot_parts": (
        "lot_id,part,supplier_id,supplier_lot_id",
        lambda i: f"L{i},battery,SUP-{i},B-{i}",
    ),
    "stages": ("stage_id,name,sequence", lambda i: f"S{i},Stage {i},{i}0"),
    "characteristics": (
        "characteristic_id,stage_id,name,unit,lsl,target,usl,subgroup_size",
        lambda i: f"K{i},S{i},Peak {i},C,235,245,255,5",
    ),
    "measurements": (
        "characteristic_id,measured_at,value,subgroup,lot_id",
        lambda i: f"K{i},2025-11-03T08:00:0{i},24{i}.5,G{i},L{i}",
    ),
    "inspections": (
        "stage_id,inspected_at,lot_id,inspected,passed_first_time,defective,defects",
        lambda i: f"S{i},2025-11-0{i},L{i},100,9{i},{i},{i}",
    ),
    "defects": (
        "stage_id,found_at,lot_id,defect_type,count,supplier_id",
        lambda i: f"S{i},2025-11-0{i}T11:20:00,L{i},cold joint {i},{i},SUP-{i}",
    ),
    "requirements": (
        "requirement_id,name,dimension,stage_id",
        lambda i: f"REQ-{i},Battery lasts {i} hours,reliability,S{i}",
    ),
    "items": (
        "item_id,kind,requirement_id,block,scale_min,scale_max,text",
        lambda i: f"I-{i},rating,REQ-{i},,1,5,Question {i}?",
    ),
    "responses": (
        "response_id,answered_at,customer_id,order_id,product_id,language,nps,csat,ces,comment",
        lambda i: f"R-{i},2025-11-2{i}T18:02:00Z,C{i},O{i},P{i},et,{i + 5},{i},{i},Comment {i}",
    ),
    "answers": ("response_id,item_id,value", lambda i: f"R-{i},I-{i},{i}"),
    "complaints": (
        "complaint_id,received_at,customer_id,order_id,product_id,channel,language,text,severity",
        lambda i: f"X-{i},2025-12-0{i},C{i},O{i},P{i},email,pl,Complaint text {i},{i}",
    ),
}
ROWS = 4  # rows per generated file


def _text_columns(table: str) -> list[str]:
    """The id and text columns of a table: compared exactly as written."""
    from totalquality._schema import table as spec

    return [c.name for c in spec(table).columns if c.type in ("id", "string")]


def _fields(table: str, i: int) -> list[str]:
    return TABLES[table][1](i).split(",")


def _expected_rows(table: str, kept: list[int]) -> list[tuple[str, ...]]:
    header = TABLES[table][0].split(",")
    cols = _text_columns(table)
    rows = [dict(zip(header, _fields(table, i), strict=True)) for i in kept]
    return sorted(tuple(r.get(c) or "" for c in cols) for r in rows)


@dataclass(frozen=True)
class Case:
    """One bad (or awkward) input, what `tq import` must answer, and what must be stored."""

    name: str
    table: str
    fmt: str
    about: str
    write: Callable[[Path], None]
    exit_code: int
    #: (file, row, column) every expected rejection names (row/column None: whole file)
    problems: tuple[tuple[str, int | None, str | None], ...] = ()
    #: rows stored in ``table`` (id and text columns as written), sorted
    stored: list[tuple[str, ...]] = field(default_factory=list)
    args: tuple[str, ...] = ()
    #: a text every problem list must hold (a message's key words)
    says: str = ""


def _csv(table: str, lines: list[str], ending: str = "\n", encoding: str = "utf-8"):
    def write(folder: Path) -> None:
        (folder / f"{table}.csv").write_bytes(ending.join(lines).encode(encoding) + ending.encode())

    return write


def _lines(table: str) -> list[str]:
    return [TABLES[table][0]] + [TABLES[table][1](i) for i in range(1, ROWS + 1)]


def _generic_csv_cases(table: str) -> list[Case]:
    """The structural faults every table's CSV gets: one broken row among good ones."""
    header = TABLES[table][0].split(",")
    file = f"{table}.csv"
    good = _expected_rows(table, [1, 2, 3, 4])
    others = _expected_rows(table, [1, 3, 4])
    cases = []

    def mutate(change: Callable[[list[str]], list[str]]) -> list[str]:
        lines = _lines(table)
        lines[2] = ",".join(change(lines[2].split(",")))
        return lines

    unclosed = mutate(lambda f: [f[0], '"' + f[1], *f[2:]])
    cases.append(
        Case(
            f"{table}-unclosed-quote",
            table,
            "csv",
            "a quote that never closes in row 2: only that row is lost",
            _csv(table, unclosed),
            REJECTED,
            ((file, 2, header[1]),),
            others,
            says="never closed",
        )
    )
    semicolons = _lines(table)
    semicolons[2] = semicolons[2].replace(",", ";")
    cases.append(
        Case(
            f"{table}-semicolon-row",
            table,
            "csv",
            "a semicolon-separated row in a comma-separated file",
            _csv(table, semicolons),
            REJECTED,
            ((file, 2, header[0]),),
            others,
            says="separated by semicolons",
        )
    )
    cases.append(
        Case(
            f"{table}-cr-line-ends",
            table,
            "csv",
            "old Mac line ends (CR only): every row read",
            _csv(table, _lines(table), "\r"),
            OK,
            (),
            good,
        )
    )
    long_row = mutate(lambda f: [*f, "extra", "more"])
    cases.append(
        Case(
            f"{table}-long-row",
            table,
            "csv",
            "a row with two fields more than the header",
            _csv(table, long_row),
            REJECTED,
            ((file, 2, None),),
            others,
            says="fields but the header has",
        )
    )
    short = mutate(lambda f: f[:1])
    cases.append(
        Case(
            f"{table}-short-row",
            table,
            "csv",
            "a row that ends after its first field",
            _csv(table, short),
            REJECTED,
            ((file, 2, header[1]),),
            others,
            says="of the header's",
        )
    )
    after_quote = mutate(lambda f: [f[0], f'"{f[1]}"x', *f[2:]])
    cases.append(
        Case(
            f"{table}-text-after-quote",
            table,
            "csv",
            'text after the closing quote ("value"x)',
            _csv(table, after_quote),
            REJECTED,
            ((file, 2, header[1]),),
            others,
            says="follows the closing quote",
        )
    )
    mixed = _lines(table)
    cases.append(
        Case(
            f"{table}-mixed-line-ends",
            table,
            "csv",
            "CRLF, LF and CR line ends in one file",
            lambda folder, lines=mixed: (folder / file).write_bytes(
                (
                    lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + "\r\n".join(lines[3:])
                ).encode()
            ),
            OK,
            (),
            good,
        )
    )
    return cases


def _parquet_case(table: str) -> Case:
    """A Parquet file whose row 2 lacks its id: that row rejected, the others typed as given."""
    import polars as pl

    header = TABLES[table][0].split(",")

    def write(folder: Path) -> None:
        rows = [_fields(table, i) for i in range(1, ROWS + 1)]
        data = {h: [r[j] or None for r in rows] for j, h in enumerate(header)}
        data[header[0]][1] = None
        pl.DataFrame(data).write_parquet(folder / f"{table}.parquet")

    return Case(
        f"{table}-parquet-missing-id",
        table,
        "parquet",
        "a Parquet row without its required first column",
        write,
        REJECTED,
        ((f"{table}.parquet", 2, header[0]),),
        _expected_rows(table, [1, 3, 4]),
        says="a value is required",
    )


def _xlsx_case(table: str) -> Case:
    """An .xlsx row with a value beyond the header: rejected; the others read."""
    from openpyxl import Workbook

    def write(folder: Path) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(TABLES[table][0].split(","))
        for i in range(1, ROWS + 1):
            fields = [f or None for f in _fields(table, i)]
            sheet.append([*fields, "stray"] if i == 2 else fields)
        book.save(folder / f"{table}.xlsx")

    return Case(
        f"{table}-xlsx-beyond-header",
        table,
        "xlsx",
        "an .xlsx row with a value right of the last header column",
        write,
        REJECTED,
        ((f"{table}.xlsx", 2, None),),
        _expected_rows(table, [1, 3, 4]),
        says="beyond the",
    )


def _write_text(name: str, text: str, encoding: str = "utf-8"):
    def write(folder: Path) -> None:
        (folder / name).write_bytes(text.encode(encoding))

    return write


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "customers.csv")
    _write_text("products.csv", "product_id,name\nP1,Air\n")(folder)


def _directory(folder: Path) -> None:
    (folder / "customers.csv").mkdir()
    _write_text("products.csv", "product_id,name\nP1,Air\n")(folder)


def _link_out(folder: Path) -> None:
    outside = folder.parent / "outside.csv"
    outside.write_text("customer_id,segment\nSECRET,root\n")
    (folder / "customers.csv").symlink_to(outside)
    _write_text("products.csv", "product_id,name\nP1,Air\n")(folder)


def _link_in(folder: Path) -> None:
    (folder / "data").mkdir()
    (folder / "data" / "export.csv").write_text("customer_id,segment\nC1,consumer\n")
    (folder / "customers.csv").symlink_to(Path("data") / "export.csv")


def _parquet_nested(kind: str):
    def write(folder: Path) -> None:
        import polars as pl

        tags = [["a"], ["b", "c"]] if kind == "list" else [{"a": 1}, {"a": 2}]
        column = "segment" if kind == "list" else "extra"
        pl.DataFrame({"customer_id": ["C1", "C2"], column: tags}).write_parquet(
            folder / "customers.parquet"
        )

    return write


def _xlsx_values(folder: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "customers"
    sheet.append(["customer_id", "segment", "since"])
    sheet.append(["C1", "text", dt.datetime(2024, 3, 1, 9, 30)])
    sheet["B2"].value = "=cmd|' /C calc'!A0"
    sheet["B2"].data_type = "s"  # text that looks like a formula, as a user typed it
    sheet.append([1002, "[/] [link=https://example.invalid]x", dt.date(2024, 3, 2)])
    book.save(folder / "customers.xlsx")


def _mapping(text: str, files: dict[str, str]):
    def write(folder: Path) -> None:
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8")
        (folder.parent / "mapping.yaml").write_text(text, encoding="utf-8")

    return write


MAPPING_OK = """tables:
  customers:
    file: Kliendid.csv
    columns: {Kliendi nr: customer_id, Kliendigrupp: segment}
    values: {segment: {Eraisik: consumer, Ettevõte: business}}
"""
MAPPING_BAD = """tables:
  customers:
    file: ../secret.csv
    columns: {Kliendi nr: customer_idd}
  clients: {}
"""
KLIENDID = "Kliendi nr;Kliendigrupp\nK-1;Eraisik\nK-2;Ettevõte\n"
PL_TEXT = "Wentylator głośno pracuje — szkoła żółć; proszę o serwis"
ET_TEXT = "Õpetaja šokk: sülearvuti kuumeneb; žürii ütles „väga hea“"
SPLIT_RESPONSES = (
    "response_id,answered_at,comment\nR-1,2025-11-20,Fine\nR-2,2025-11-21,Screen is\n"
    "too dim\nR-3,2025-11-22,Good\n"
)


def _special_cases() -> list[Case]:
    c = "customers.csv"
    return [
        Case("encoding-cp1250-polish", "complaints", "csv", "a Polish Excel CSV (Windows-1250)",
             _write_text("complaints.csv", f"complaint_id,received_at,text\nX-1,2025-12-01,{PL_TEXT}\n", "cp1250"),
             OK, (), [("X-1", "", "", "", "", "", PL_TEXT)]),
        Case("encoding-cp1257-estonian", "complaints", "csv", "an Estonian Excel CSV (Windows-1257)",
             _write_text("complaints.csv", f"complaint_id,received_at,text\nX-1,2025-12-01,{ET_TEXT}\n", "cp1257"),
             OK, (), [("X-1", "", "", "", "", "", ET_TEXT)]),
        Case("encoding-cp1252-western", "customers", "csv", "Windows-1252 names (Müller, Café)",
             _write_text(c, "customer_id,segment\nC1,Müller Café\n", "cp1252"),
             OK, (), [("C1", "Müller Café", "", "")]),
        Case("encoding-utf16-bom", "customers", "csv", "UTF-16 with a byte-order mark",
             _write_text(c, "customer_id,segment\nC1,kõrgkool\n", "utf-16"),
             OK, (), [("C1", "kõrgkool", "", "")]),
        Case("encoding-utf16le-no-bom", "customers", "csv", "UTF-16 LE without a byte-order mark",
             _write_text(c, "customer_id,segment\nC1,łódź\n", "utf-16-le"),
             OK, (), [("C1", "łódź", "", "")]),
        Case("encoding-utf8-bom-semicolon-crlf", "customers", "csv", "Excel's CSV UTF-8 in an et/pl locale",
             _write_text(c, "\ufeffcustomer_id;segment\r\nC1;kõrgkool\r\nC2;szkoła\r\n"),
             OK, (), [("C1", "kõrgkool", "", ""), ("C2", "szkoła", "", "")]),
        Case("encoding-mixed", "customers", "csv", "valid UTF-8 with one Latin-1 byte: refused, naming its row",
             lambda f: (f / c).write_bytes("customer_id,segment\nC1,kõrgkool\nC2,caf".encode() + b"\xe9\n"),
             REJECTED, ((c, 2, None),), [], says="mixes encodings"),
        Case("encoding-ambiguous", "customers", "csv", "one letter that fits two code pages: refused",
             _write_text(c, "customer_id,segment\nC1,Muñoz\n", "cp1252"),
             REJECTED, ((c, None, None),), [], says="encoding cannot be told"),
        Case("encoding-binary", "customers", "csv", "random bytes named customers.csv",
             lambda f: (f / c).write_bytes(bytes(range(256)) * 4),
             REJECTED, ((c, None, None),), []),
        Case("day-first-without-format", "orders", "csv", "26.09.2025 without --date-format",
             _write_text("orders.csv", "order_id,customer_id,ordered_at\nO1,C1,2025-09-25\nO2,C1,26.09.2025\n"),
             REJECTED, (("orders.csv", 2, "ordered_at"),), [("O1", "C1", "", "")], says="--date-format"),
        Case("day-first-with-format", "orders", "csv", "26.09.2025 with --date-format DD.MM.YYYY",
             _write_text("orders.csv", "order_id,customer_id,ordered_at\nO1,C1,2025-09-25\nO2,C1,26.09.2025 14:05\n"),
             OK, (), [("O1", "C1", "", ""), ("O2", "C1", "", "")], args=("--date-format", "DD.MM.YYYY")),
        Case("markup-in-values-and-header", "customers", "csv", "[/] and [link=…] in values and a header",
             _write_text(c, "customer_id,segment,[bold]note\nC[/]1,[link=https://example.invalid]x,[/]\n"),
             OK, (), [("C[/]1", "[link=https://example.invalid]x", "", "")]),
        Case("formula-text", "products", "csv", "text a spreadsheet would run as a formula",
             _write_text("products.csv", "product_id,name\nP1,=cmd|' /C calc'!A0\nP2,@SUM(A1)\n"),
             OK, (), [("P1", "=cmd|' /C calc'!A0", ""), ("P2", "@SUM(A1)", "")]),
        Case("fifo", "customers", "csv", "a named pipe called customers.csv: no hang",
             _fifo, REJECTED, ((c, None, None),), [], says="not a regular file"),
        Case("directory", "customers", "csv", "a folder called customers.csv",
             _directory, REJECTED, ((c, None, None),), [], says="a folder"),
        Case("symlink-outside", "customers", "csv", "customers.csv links to a file outside the folder",
             _link_out, REJECTED, ((c, None, None),), [], says="outside the folder"),
        Case("symlink-inside", "customers", "csv", "customers.csv links to a file inside the folder",
             _link_in, OK, (), [("C1", "consumer", "", "")]),
        Case("empty-file", "customers", "csv", "an empty customers.csv",
             _write_text(c, ""), REJECTED, ((c, None, None),), [], says="empty"),
        Case("header-only", "customers", "csv", "a header and no rows",
             _write_text(c, "customer_id,segment\n"), OK, (), []),
        Case("duplicate-header", "customers", "csv", "a header naming a column twice",
             _write_text(c, "customer_id,Segment,segment\nC1,a,b\n"), REJECTED, ((c, None, None),), [],
             says="more than once"),
        Case("blank-and-space-lines", "customers", "csv", "blank and space-only lines between rows",
             _write_text(c, "customer_id,segment\nC1,a\n\n   \nC2,b\n"), OK, (), [("C1", "a", "", ""), ("C2", "b", "", "")]),
        Case("value-shown-as-written", "customers", "csv", "a bad country shown as written (' Estonia ')",
             _write_text(c, "customer_id,country\nC1,ee\nC2, Estonia \n"), REJECTED, ((c, 2, "country"),),
             [("C1", "", "EE", "")], says='" Estonia "'),
        Case("split-last-column", "responses", "csv", "a line break in an unquoted last value",
             _write_text("responses.csv", SPLIT_RESPONSES), REJECTED,
             (("responses.csv", 2, "comment"), ("responses.csv", 3, "comment")),
             [("R-1", "", "", "", "", "Fine"), ("R-3", "", "", "", "", "Good")], says="split over lines"),
        Case("split-middle-column", "complaints", "csv", "a line break in an unquoted middle value",
             _write_text("complaints.csv", "complaint_id,received_at,text,severity\nX-1,2025-12-01,ok,1\n"
                         "X-2,2025-12-02,Bateria\ntrzyma,2\nX-3,2025-12-03,fine,3\n"),
             REJECTED, (("complaints.csv", 2, "text"), ("complaints.csv", 3, "complaint_id")),
             [("X-1", "", "", "", "", "", "ok"), ("X-3", "", "", "", "", "", "fine")], says="split over lines"),
        Case("unclosed-quote-last-row", "customers", "csv", "an unclosed quote in the last row",
             _write_text(c, 'customer_id,segment\nC1,a\nC2,"b\n'), REJECTED, ((c, 2, "segment"),), [("C1", "a", "", "")]),
        Case("quote-closing-rows-later", "complaints", "csv", "a quote that closes three rows later",
             _write_text("complaints.csv", 'complaint_id,received_at,text\nX-1,2025-12-01,"broken\n'
                         'X-2,2025-12-02,fine\nX-3,2025-12-03,"\nX-4,2025-12-04,ok\n'),
             REJECTED, (("complaints.csv", 1, "text"), ("complaints.csv", 3, "text")),
             [("X-2", "", "", "", "", "", "fine"), ("X-4", "", "", "", "", "", "ok")]),
        Case("quoted-line-breaks", "complaints", "csv", "a properly quoted value with line breaks",
             _write_text("complaints.csv", 'complaint_id,received_at,text\nX-1,2025-12-01,"Line one,\nline two"\n'),
             OK, (), [("X-1", "", "", "", "", "", "Line one,\nline two")]),
        Case("inch-quote-in-value", "products", "csv", 'a quote inside an unquoted value (27" screen)',
             _write_text("products.csv", 'product_id,name\nP1,Monitor 27" wide\n'), OK, (), [("P1", 'Monitor 27" wide', "")]),
        Case("issue-59-rows", "customers", "csv", "the issue's file: one unclosed quote among 59 rows",
             _write_text(c, "customer_id,segment\n" + "".join(
                 f'C-{i},{chr(34) if i == 5 else ""}consumer\n' for i in range(1, 60))),
             REJECTED, ((c, 5, "segment"),), sorted((f"C-{i}", "consumer", "", "") for i in range(1, 60) if i != 5)),
        Case("parquet-list-column", "customers", "parquet", "a Parquet list column for segment",
             _parquet_nested("list"), REJECTED, (("customers.parquet", None, "segment"),), [], says="List"),
        Case("parquet-struct-unknown", "customers", "parquet", "an unknown Parquet struct column",
             _parquet_nested("struct"), OK, (), [("C1", "", "", ""), ("C2", "", "", "")]),
        Case("xlsx-formula-and-markup", "customers", "xlsx", "formula and markup text, numbers and dates in cells",
             _xlsx_values, OK, (), [("1002", "[/] [link=https://example.invalid]x", "", ""), ("C1", "=cmd|' /C calc'!A0", "", "")]),
        Case("duplicate-key", "products", "csv", "the same id twice with different content",
             _write_text("products.csv", "product_id,name\nP1,Air\nP1,Mini\nP2,Pro\n"),
             REJECTED, (("products.csv", 2, "product_id"),), [("P1", "Air", ""), ("P2", "Pro", "")]),
        Case("delivered-before-ordered", "orders", "csv", "delivered_at before ordered_at",
             _write_text("orders.csv", "order_id,customer_id,ordered_at,delivered_at\nO1,C1,2025-01-05,2025-01-02\nO2,C1,2025-01-05,\n"),
             REJECTED, (("orders.csv", 1, "delivered_at"),), [("O2", "C1", "", "")]),
        Case("id-too-long", "customers", "csv", "an id of 201 characters",
             _write_text(c, f"customer_id\n{'x' * 201}\nC2\n"), REJECTED, ((c, 1, "customer_id"),), [("C2", "", "", "")]),
        Case("nul-bytes", "customers", "csv", "NUL bytes inside a value",
             _write_text(c, "customer_id,segment\nC1,a\x00b\nC2,c\n"), OK, (), [("C1", "a\x00b", "", ""), ("C2", "c", "", "")]),
        Case("mapping", "customers", "csv", "a mapping file renames file, columns and values",
             _mapping(MAPPING_OK, {"Kliendid.csv": KLIENDID}), OK, (),
             [("K-1", "consumer", "", ""), ("K-2", "business", "", "")], args=("--map", "{mapping}")),
        Case("mapping-mistakes", "customers", "csv", "a mapping file with a path, a column and a table wrong",
             _mapping(MAPPING_BAD, {"Kliendid.csv": KLIENDID}), REJECTED,
             (("mapping.yaml", None, "tables.customers.file"), ("mapping.yaml", None, "tables.clients")),
             [], args=("--map", "{mapping}")),
    ]  # fmt: skip


def corpus() -> list[Case]:
    cases: list[Case] = []
    for name in TABLES:
        cases.extend(_generic_csv_cases(name))
        cases.append(_parquet_case(name))
        cases.append(_xlsx_case(name))
    return cases + _special_cases()


CASES = corpus()


def _stored(ws: Path, table: str) -> list[tuple[str, ...]]:
    from totalquality.store import open_workspace

    if not (ws / ".tq" / "store.db").exists():
        return []
    with open_workspace(ws) as store:
        frame = store.stored_frame(table)
    cols = _text_columns(table)
    return sorted(tuple(r[c] or "" for c in cols) for r in frame.select(cols).iter_rows(named=True))


def _problems(result) -> list[dict]:
    """The problems of `tq import --json`, or those of a refused mapping file (stderr)."""
    try:
        return json.loads(result.stdout)["problems"]
    except (ValueError, KeyError):
        lines = [
            line.strip()[2:] for line in result.output.splitlines() if line.strip().startswith("- ")
        ]
        out = []
        for line in lines:  # "mapping.yaml, column 'tables.x': …"
            file, _, rest = line.partition(", column '")
            out.append({"file": file, "row": None, "column": rest.split("'", 1)[0]})
        return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    case.write(ws)
    args = [a.replace("{mapping}", str(tmp_path / "mapping.yaml")) for a in case.args]
    result = tq("import", ws, "--json", *args)
    assert result.exit_code == case.exit_code, result.output
    problems = _problems(result)
    found = {(p["file"], p["row"], p["column"]) for p in problems}
    for expected in case.problems:
        assert expected in found, (expected, problems)
    assert all(p["file"] for p in problems)  # every problem names its file
    if case.says:
        assert case.says in result.output, result.output
    assert _stored(ws, case.table) == case.stored


def test_the_corpus_is_large_and_covers_every_table_and_format() -> None:
    from totalquality._schema import TABLE_NAMES

    assert len(CASES) >= 100
    assert {c.table for c in CASES} == set(TABLE_NAMES)
    assert {c.fmt for c in CASES} == {"csv", "parquet", "xlsx"}
    assert len({c.name for c in CASES}) == len(CASES)


def corpus_markdown() -> str:
    """docs/bad-input.md: the corpus and what `tq import` answers to each case."""
    lines = [
        "# The bad-input corpus",
        "",
        "`tests/test_bad_input_corpus.py` imports each file below with `tq import --json` and",
        "asserts the exit code, that no traceback appears, that each rejection names its file,",
        "row and column, and the exact rows stored (id and text columns as written). Every",
        "case passes: 0 tracebacks, 0 valid rows lost or altered, 0 garbage rows stored. Row",
        "numbers count data rows (the header is row 0). Regenerate this page with",
        "`python tests/test_bad_input_corpus.py > docs/bad-input.md`.",
        "",
        f"{len(CASES)} cases over {len(TABLES)} tables; the seven CSV faults and the Parquet",
        "and .xlsx cases are run for every table, each with one broken row among four.",
        "",
        "| case | table | format | input | exit | rejected (file, row, column) | rows stored |",
        "|---|---|---|---|---:|---|---:|",
    ]
    for c in CASES:
        where = "; ".join(
            f"{f}, {'file' if r is None else f'row {r}'}{'' if col is None else f', {col}'}"
            for f, r, col in c.problems
        )
        about = c.about.replace("|", "\\|")
        lines.append(
            f"| {c.name} | {c.table} | {c.fmt} | {about} | {c.exit_code} | {where or '–'} "
            f"| {len(c.stored)} |"
        )
    return "\n".join(lines) + "\n"


def test_docs_list_the_corpus() -> None:
    assert (REPO / "docs" / "bad-input.md").read_text("utf-8") == corpus_markdown()


if __name__ == "__main__":
    sys.stdout.write(corpus_markdown())
