"""Reading table files: CSV dialects and encodings, Parquet, .xlsx, folder discovery."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from totalquality.listen import discover, read_table_file
from totalquality.listen._read import ROW

ROWS = "customer_id,segment,country\nC1,consumer,EE\nC2,business,PL\n"


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _values(frame: pl.DataFrame | None) -> list[tuple]:
    assert frame is not None
    return frame.select(["customer_id", "segment", "country"]).rows()


@pytest.mark.parametrize(
    "content",
    [
        ROWS,
        "\ufeff" + ROWS,  # UTF-8 with BOM (Excel's "CSV UTF-8")
        ROWS.replace(",", ";"),  # semicolon (Excel in et/pl locales)
        ROWS.replace("\n", "\r\n"),  # Windows line ends
        "\ufeff" + ROWS.replace(",", ";").replace("\n", "\r\n"),
        ROWS.rstrip("\n"),  # no final newline
    ],
)
def test_csv_dialects_read_the_same(tmp_path, content):
    f = read_table_file(_write(tmp_path / "customers.csv", content))
    assert not f.problems
    assert _values(f.frame) == [("C1", "consumer", "EE"), ("C2", "business", "PL")]
    assert f.frame is not None and f.frame.get_column(ROW).to_list() == [1, 2]


def test_semicolon_file_takes_decimal_commas(tmp_path):
    assert read_table_file(_write(tmp_path / "customers.csv", ROWS.replace(",", ";"))).decimal_comma
    assert not read_table_file(_write(tmp_path / "customers.csv", ROWS)).decimal_comma


def test_a_windows_1252_file_is_read_with_a_warning_naming_the_encoding(tmp_path):
    data = "customer_id,segment,country\nC1,consumer,EE\nC2,Müller GmbH,DE\n".encode("cp1252")
    f = read_table_file(_write(tmp_path / "customers.csv", data))
    assert not f.problems
    (warning,) = [w for w in f.warnings if "not UTF-8" in str(w.message)]
    assert "Windows-1252" in str(warning.message) and "ü" in str(warning.message)
    assert _values(f.frame)[1] == ("C2", "Müller GmbH", "DE")


def test_utf16_with_bom_is_read(tmp_path):
    f = read_table_file(_write(tmp_path / "customers.csv", ROWS.encode("utf-16")))
    assert not f.problems and any("UTF-16" in str(w.message) for w in f.warnings)
    assert _values(f.frame)[0] == ("C1", "consumer", "EE")


def test_a_row_with_too_many_fields_is_reported_and_the_rest_kept(tmp_path):
    content = "customer_id,segment,country\nC1,consumer,EE\nC2,a,b,c,d\nC3,business,PL\n"
    f = read_table_file(_write(tmp_path / "customers.csv", content))
    assert not f.problems
    assert [b.row for b in f.bad_rows] == [2]
    assert "5 fields but the header has 3" in str(f.bad_rows[0].message)
    assert f.bad_rows[0].raw == "C2,a,b,c,d"  # the line as written
    assert f.frame is not None
    assert f.frame.get_column("customer_id").to_list() == ["C1", "C3"]
    assert f.frame.get_column(ROW).to_list() == [1, 3]  # row numbers survive the skip


def test_row_numbers_count_records_not_lines(tmp_path):
    content = 'customer_id,segment,country\nC1,"two\nlines",EE\nC2,business,PL\n'
    f = read_table_file(_write(tmp_path / "customers.csv", content))
    assert f.frame is not None
    assert f.frame.filter(pl.col("customer_id") == "C2").get_column(ROW).item() == 2


def test_short_rows_are_rejected_naming_the_column_they_end_before(tmp_path):
    content = "customer_id,segment,country\nC1\nC2,business,PL\nC3,,\n"
    f = read_table_file(_write(tmp_path / "customers.csv", content))
    (bad,) = f.bad_rows
    assert (bad.row, bad.column, bad.raw) == (1, "segment", "C1")
    assert "1 of the header's 3 fields (line 2)" in str(bad.message)
    assert _values(f.frame) == [("C2", "business", "PL"), ("C3", None, None)]


def test_blank_lines_are_ignored_with_a_warning(tmp_path):
    f = read_table_file(_write(tmp_path / "customers.csv", ROWS.replace("EE\n", "EE\n\n")))
    assert f.frame is not None and f.frame.height == 2
    assert f.frame.get_column(ROW).to_list() == [1, 3]
    assert any("empty row" in str(w.message) for w in f.warnings)


def test_empty_file_and_header_only(tmp_path):
    empty = read_table_file(_write(tmp_path / "customers.csv", b""))
    assert empty.problems and "empty" in str(empty.problems[0].message)
    header = read_table_file(_write(tmp_path / "customers.csv", "customer_id,segment\n"))
    assert not header.problems and header.frame is not None and header.frame.height == 0


def test_duplicate_header_is_a_file_problem(tmp_path):
    f = read_table_file(
        _write(tmp_path / "customers.csv", "customer_id,country,country\nC1,EE,PL\n")
    )
    assert f.problems and "more than once" in str(f.problems[0].message)
    assert not f.usable


def test_header_names_are_normalised_and_unknown_columns_reported(tmp_path):
    content = "Customer ID; Segment ;Country;Favourite colour\nC1;consumer;EE;blue\n"
    f = read_table_file(_write(tmp_path / "customers.csv", content))
    assert f.frame is not None
    assert set(f.frame.columns) >= {"customer_id", "segment", "country", "favourite_colour"}
    (unknown,) = [w for w in f.warnings if w.column == "Favourite colour"]  # as written
    assert "unknown column" in str(unknown.message)


def test_parquet_keeps_its_types(tmp_path):
    frame = pl.DataFrame(
        {
            "characteristic_id": ["C1", "C2"],
            "measured_at": [dt.datetime(2025, 1, 1, 8), dt.datetime(2025, 1, 1, 9)],
            "value": [1.5, 2.5],
        }
    )
    frame.write_parquet(tmp_path / "measurements.parquet")
    f = read_table_file(tmp_path / "measurements.parquet")
    assert f.usable and f.frame is not None
    assert f.frame.schema["measured_at"] == pl.Datetime("us")
    assert f.frame.get_column("value").to_list() == [1.5, 2.5]


def test_broken_parquet_is_a_file_problem(tmp_path):
    f = read_table_file(_write(tmp_path / "measurements.parquet", b"PAR1 not really"))
    assert f.problems and "not a readable Parquet file" in str(f.problems[0].message)


def test_xlsx_sheet_named_after_the_table(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Notes"
    first.append(["nothing", "here"])
    sheet = book.create_sheet("orders")
    sheet.append(["order_id", "customer_id", "ordered_at", "quantity"])
    sheet.append(["O1", 123, dt.datetime(2025, 1, 2, 10, 30), 2])
    sheet.append(["O2", "C9", dt.date(2025, 1, 3), 1.0])
    book.save(tmp_path / "orders.xlsx")
    f = read_table_file(tmp_path / "orders.xlsx")
    assert f.usable and f.frame is not None
    assert f.frame.select("order_id", "customer_id", "ordered_at", "quantity").rows() == [
        ("O1", "123", "2025-01-02T10:30:00", "2"),
        ("O2", "C9", "2025-01-03T00:00:00", "1"),
    ]
    assert any("only sheet 'orders'" in str(w.message) for w in f.warnings)


def test_broken_xlsx_is_a_file_problem(tmp_path):
    f = read_table_file(_write(tmp_path / "orders.xlsx", b"not a zip file"))
    assert f.problems and ".xlsx" in str(f.problems[0].message)


def test_discover_matches_names_and_reports_the_rest(tmp_path):
    _write(tmp_path / "Orders.CSV", "order_id\n")
    _write(tmp_path / "customers.csv", "customer_id\n")
    _write(tmp_path / "customers.xlsx", b"")
    _write(tmp_path / "notes.txt", "x")
    _write(tmp_path / "stages.xls", "x")
    _write(tmp_path / ".hidden.csv", "x")
    (tmp_path / ".tq").mkdir()
    tables, errors, warnings = discover(tmp_path)
    assert set(tables) == {"orders"}
    assert len(errors) == 1 and "customers" in str(errors[0].message)
    assert "keep one" in str(errors[0].message)
    ignored = {w.file for w in warnings}
    assert ignored == {"notes.txt", "stages.xls"}


def test_a_bad_byte_far_into_the_file_is_found(tmp_path):
    rows = "".join(f"C{i},consumer,EE\n" for i in range(20_000))
    data = ("customer_id,segment,country\n" + rows).encode() + b"C-last,caf\xe9,FR\n"
    f = read_table_file(_write(tmp_path / "customers.csv", data))
    (warning,) = [w for w in f.warnings if "not UTF-8" in str(w.message)]
    assert "é" in str(warning.message)
    assert f.frame is not None and f.frame.height == 20_001
    assert f.frame.get_column("segment").to_list()[-1] == "café"
