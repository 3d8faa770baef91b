"""Validation rules: types, ranges, timestamps, impossible values, keys and references."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from totalquality import Problem
from totalquality._schema import TABLES, json_schema, table
from totalquality.listen import neutralise_formula, neutralise_frame, validate_workspace
from totalquality.listen._read import TableFile, read_table_file
from totalquality.listen._validate import (
    CROSS_TABLE_CHECKS,
    ROW_CHECKS,
    check_rows,
    occurrence_numbers,
    parse_timestamps_duckdb,
    reference_order,
)

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "src/totalquality/listen/workspace.schema.json"


def _file(tmp_path: Path, name: str, text: str) -> TableFile:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    return read_table_file(path, name)


def _check(tmp_path: Path, name: str, text: str):
    return check_rows(table(name), _file(tmp_path, name, text))


def _problems(checked) -> list[tuple[int, str, str]]:
    return sorted(checked.problems.select("row", "column", "message").rows())


def test_every_schema_rule_is_implemented():
    rules = {check for t in TABLES for check in t.checks}
    assert rules == set(ROW_CHECKS) | set(CROSS_TABLE_CHECKS)


def test_shipped_json_schema_is_up_to_date():
    """Regenerate with: tq schema --out src/totalquality/listen/workspace.schema.json"""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema()


def test_shipped_json_schema_is_a_valid_schema_and_accepts_a_row():
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    order = {"$ref": "#/$defs/orders", "$defs": schema["$defs"]}
    jsonschema.validate(
        {"order_id": "O1", "customer_id": "C1", "ordered_at": "2025-01-01", "quantity": 2}, order
    )


def test_reference_order_puts_targets_first():
    order = reference_order()
    for t in TABLES:
        for c in t.columns:
            if c.references:
                assert order.index(c.references.split(".")[0]) < order.index(t.name)


def test_timestamps_every_iso_form_to_naive_utc(tmp_path):
    rows = [
        "2025-11-01",
        "2025-11-01T08:00:00",
        "2025-11-01 08:00",
        "2025-11-01T08:00:00.250Z",
        "2025-11-01T10:00:00+02:00",
        "2025-11-01T10:00:00+0200",
        "2025-11-01T03:00:00-05:00",
    ]
    text = "order_id,customer_id,ordered_at\n" + "".join(
        f"O{i},C1,{v}\n" for i, v in enumerate(rows)
    )
    checked = _check(tmp_path, "orders", text)
    assert checked.problems.is_empty()
    got = checked.typed.get_column("ordered_at").to_list()
    eight = dt.datetime(2025, 11, 1, 8)
    assert got == [
        dt.datetime(2025, 11, 1),
        eight,
        eight,
        eight + dt.timedelta(milliseconds=250),
        eight,
        eight,
        eight,
    ]


def test_bad_timestamps_are_rejected_with_what_was_expected(tmp_path):
    text = "order_id,customer_id,ordered_at\nO1,C1,2025-02-30\nO2,C1,yesterday\nO3,C1,1/2/2025\n"
    checked = _check(tmp_path, "orders", text)
    rows = checked.problems.sort("row").rows(named=True)
    assert [r["row"] for r in rows] == [1, 2, 3]
    assert all(r["column"] == "ordered_at" and "ISO 8601" in r["message"] for r in rows)
    assert [r["value"] for r in rows] == ["2025-02-30", "yesterday", "1/2/2025"]


def test_parse_timestamps_duckdb_directly():
    out = parse_timestamps_duckdb(
        pl.Series(["2025-01-01T12:00:00+01:00", "nope", None, "infinity"])
    )
    assert out.to_list() == [dt.datetime(2025, 1, 1, 11), None, None, None]


def test_numbers_and_whole_numbers(tmp_path):
    text = (
        "stage_id,inspected_at,inspected,passed_first_time,defective\n"
        "S1,2025-01-01,10,9,1\n"
        "S1,2025-01-01,10.0,9,\n"  # 10.0 is a whole number
        "S1,2025-01-01,10.5,9,\n"
        "S1,2025-01-01,ten,9,\n"
        "S1,2025-01-01,-1,0,\n"
    )
    checked = _check(tmp_path, "inspections", text)
    assert _problems(checked) == [
        (3, "inspected", "expected a whole number"),
        (4, "inspected", "expected a whole number"),
        (5, "inspected", "must be at least 0"),
        (5, "passed_first_time", "passed_first_time (0) is greater than inspected (-1)"),
    ]
    assert checked.typed.get_column("inspected").to_list()[:2] == [10, 10]


def test_non_finite_numbers_are_rejected(tmp_path):
    text = "characteristic_id,measured_at,value\nK,2025-01-01,inf\nK,2025-01-01,NaN\nK,2025-01-01,1e3\n"
    checked = _check(tmp_path, "measurements", text)
    # "NaN" is a missing-value marker: then the required value is missing
    assert _problems(checked) == [
        (1, "value", "expected a number (e.g. 12.5)"),
        (2, "value", "a value is required"),
    ]
    assert checked.typed.get_column("value").to_list()[2] == 1000.0


def test_decimal_comma_in_semicolon_files(tmp_path):
    text = "characteristic_id;measured_at;value\nK;2025-01-01;12,5\nK;2025-01-01;-0,25\n"
    checked = _check(tmp_path, "measurements", text)
    assert checked.problems.is_empty()
    assert checked.typed.get_column("value").to_list() == [12.5, -0.25]


def test_ranges_allowed_values_and_patterns(tmp_path):
    text = (
        "response_id,answered_at,nps,csat,ces,language\n"
        "R1,2025-01-01,10,5,7,ET\n"  # language case is normalised
        "R2,2025-01-01,11,0,8,est\n"
    )
    checked = _check(tmp_path, "responses", text)
    assert _problems(checked) == [
        (2, "ces", "must be at most 7"),
        (2, "csat", "must be at least 1"),
        (2, "language", "expected an ISO 639-1 language code (e.g. et, pl, en)"),
        (2, "nps", "must be at most 10"),
    ]
    assert checked.typed.get_column("language").to_list()[0] == "et"
    items = _check(tmp_path, "items", "item_id,kind\nI1,rating\nI2,favourite\n")
    (problem,) = items.problems.rows(named=True)
    assert problem["row"] == 2 and problem["message"].startswith("expected one of: kano_functional")


def test_required_values_and_columns(tmp_path):
    checked = _check(tmp_path, "orders", "order_id,customer_id,ordered_at\n,C1,2025-01-01\n")
    assert _problems(checked) == [(1, "order_id", "a value is required")]
    missing = _check(tmp_path, "orders", "order_id,ordered_at\nO1,2025-01-01\n")
    (p,) = missing.file_problems
    assert p.column == "customer_id" and "required column 'customer_id' is missing" in p.message


def test_over_long_ids_are_rejected(tmp_path):
    checked = _check(tmp_path, "products", f"product_id\n{'x' * 201}\nok\n")
    assert _problems(checked) == [(1, "product_id", "is 201 characters long; at most 200 allowed")]


@pytest.mark.parametrize(
    ("name", "text", "column", "fragment"),
    [
        (
            "inspections",
            "stage_id,inspected_at,inspected,passed_first_time\nS1,2025-01-01,10,12\n",
            "passed_first_time",
            "passed_first_time (12) is greater than inspected (10)",
        ),
        (
            "inspections",
            "stage_id,inspected_at,inspected,passed_first_time,defective\nS1,2025-01-01,10,5,11\n",
            "defective",
            "defective (11) is greater than inspected (10)",
        ),
        (
            "orders",
            "order_id,customer_id,ordered_at,delivered_at\nO1,C1,2025-01-05,2025-01-02\n",
            "delivered_at",
            "delivered_at (2025-01-02) is before ordered_at (2025-01-05)",
        ),
        (
            "characteristics",
            "characteristic_id,stage_id,lsl,usl\nK,S1,10,10\n",
            "lsl",
            "lsl (10) must be less than usl (10)",
        ),
        (
            "characteristics",
            "characteristic_id,stage_id,lsl,target,usl\nK,S1,1,5,4\n",
            "target",
            "target above usl",
        ),
        (
            "items",
            "item_id,kind,scale_min,scale_max\nI1,rating,5,1\n",
            "scale_min",
            "scale_min (5) must be less than scale_max (1)",
        ),
    ],
)
def test_impossible_values(tmp_path, name, text, column, fragment):
    checked = _check(tmp_path, name, text)
    (p,) = checked.problems.rows(named=True)
    assert p["row"] == 1 and p["column"] == column and fragment in p["message"]


def _validate(tmp_path: Path, files: dict[str, str], **kw):
    folder = tmp_path / "v"
    folder.mkdir(exist_ok=True)
    read = {}
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
        read[name] = read_table_file(folder / f"{name}.csv", name)
    return validate_workspace(read, **kw)


def test_kano_and_scale_checks_use_the_items(tmp_path):
    v = _validate(
        tmp_path,
        {
            "items": "item_id,kind,scale_min,scale_max\nK1,kano_functional,,\nS1,rating,1,7\n",
            "answers": "response_id,item_id,value\nR1,K1,5\nR1,S1,7\nR2,K1,6\nR2,S1,0\nR3,K1,2.5\n",
        },
    )
    rows = v.tables["answers"].rejects.select("row", "column", "message").rows()
    assert [r[0] for r in rows] == [3, 4, 5]
    assert "Kano question" in rows[0][2] and "outside the scale 1..7 of item 'S1'" in rows[1][2]
    assert v.tables["answers"].insert is not None and v.tables["answers"].insert.height == 2


def test_dangling_references_name_the_row_and_why(tmp_path):
    v = _validate(
        tmp_path,
        {
            "customers": "customer_id,country\nC1,EE\nC2,Estonia\n",
            "orders": "order_id,customer_id,ordered_at\nO1,C1,2025-01-01\nO2,C2,2025-01-01\n"
            "O3,C9,2025-01-01\n",
        },
    )
    orders = v.tables["orders"]
    (p,) = orders.problems()
    assert (p.file, p.row, p.column, p.value) == ("orders.csv", 3, "customer_id", "C9")
    assert p.message == "refers to customer_id 'C9', which is not in customers"
    # O2's customer row was rejected for its own mistake (reported there, once): O2 itself
    # is fine, loads, and a warning says it will join once customers.csv row 2 is fixed
    assert orders.insert is not None
    assert orders.insert.get_column("order_id").to_list() == ["O1", "O2"]
    (w,) = [w for w in orders.warnings if w.column == "customer_id"]
    assert "1 row(s) refer to customer_id values whose rows in customers.csv were rejected" in (
        w.message
    )


def test_references_to_absent_tables_are_not_checked(tmp_path):
    v = _validate(tmp_path, {"orders": "order_id,customer_id,ordered_at\nO1,C404,2025-01-01\n"})
    assert v.problem_count == 0


def test_duplicate_ids_first_row_wins(tmp_path):
    v = _validate(
        tmp_path,
        {"customers": "customer_id,segment\nC1,consumer\nC2,business\nC1,consumer\nC2,education\n"},
    )
    c = v.tables["customers"]
    assert c.skipped == 1  # row 3 repeats row 1 exactly
    (p,) = c.problems()
    assert isinstance(p, Problem)
    assert (p.file, p.row, p.column, p.value) == ("customers.csv", 4, "customer_id", "C2")
    assert "row 2 has the same key with different content (segment)" in p.message
    assert c.insert is not None and c.insert.get_column("segment").to_list() == [
        "consumer",
        "business",
    ]


def test_formula_injection_is_kept_and_warned(tmp_path):
    v = _validate(tmp_path, {"customers": "customer_id,segment\nC1,=cmd|' /C calc'!A0\nC2,-5\n"})
    c = v.tables["customers"]
    assert c.insert is not None
    assert c.insert.get_column("segment").to_list() == ["=cmd|' /C calc'!A0", "-5"]
    (w,) = [w for w in c.warnings if w.column == "segment"]
    assert w.message.startswith("1 value(s) start with =")


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-1.5", "-1.5"),
        ("+48 123", "'+48 123"),
        ("plain", "plain"),
        (12, 12),
    ],
)
def test_neutralise_formula(value, safe):
    assert neutralise_formula(value) == safe


def test_neutralise_frame_matches_the_scalar_rule():
    values = ["=1+1", "-1.5", "ok", None, "@x", "+3"]
    frame = neutralise_frame(pl.DataFrame({"a": values, "n": [1, 2, 3, 4, 5, 6]}))
    assert frame.get_column("a").to_list() == [neutralise_formula(v) for v in values]
    assert frame.get_column("n").to_list() == [1, 2, 3, 4, 5, 6]


def test_occurrence_numbers_match_a_plain_count():
    rng = np.random.default_rng(3)
    frame = pl.DataFrame({"a": rng.integers(0, 5, 2000), "b": rng.choice(["x", "y", None], 2000)})
    expected: dict[tuple, int] = {}
    want = []
    for row in frame.rows():
        expected[row] = expected.get(row, 0) + 1
        want.append(expected[row])
    assert occurrence_numbers(frame, ["a", "b"]).to_list() == want


def test_parquet_types_are_converted(tmp_path):
    frame = pl.DataFrame(
        {
            "order_id": [1.0, 2.0],
            "customer_id": [10, 11],
            "ordered_at": pl.Series(
                [dt.datetime(2025, 1, 1, 10), dt.datetime(2025, 1, 1, 11)]
            ).dt.replace_time_zone("Europe/Tallinn"),
            "quantity": [1.0, 2.5],
        }
    )
    frame.write_parquet(tmp_path / "orders.parquet")
    checked = check_rows(table("orders"), read_table_file(tmp_path / "orders.parquet"))
    assert checked.typed.get_column("order_id").to_list() == ["1", "2"]
    assert checked.typed.get_column("ordered_at").to_list()[0] == dt.datetime(2025, 1, 1, 8)
    assert _problems(checked) == [(2, "quantity", "expected a whole number")]
