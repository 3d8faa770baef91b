"""`tq analyze` on table files that were never imported validates them as `tq import` does:
the analysis sees only valid rows, and the user is told which rows were left out and why."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from totalquality.cli import app
from totalquality.cli._workspace_io import read_table_files

runner = CliRunner()

ORDERS = """order_id,customer_id,ordered_at,quantity
O1,C1,2026-01-05,1
O2,C2,not a date,1
O3,C1,2026-02-01,2
"""
CUSTOMERS = "customer_id;segment;since\nC1;business;2025-01-01\nC2;consumer;2025-03-01\n"


def _folder(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "orders.csv").write_text(ORDERS, encoding="utf-8")
    (folder / "customers.csv").write_text(CUSTOMERS, encoding="utf-8-sig")
    return folder


def test_table_files_are_validated_as_on_import(tmp_path):
    tables = read_table_files(_folder(tmp_path))
    orders = tables.pandas("orders")
    assert sorted(orders["order_id"]) == ["O1", "O3"]  # the bad row is left out, the rest kept
    assert tables.rejected == 1
    problem = tables.problems[0]
    assert (problem.file, problem.row, problem.column) == ("orders.csv", 2, "ordered_at")
    assert str(tables.pandas("customers")["segment"].tolist()) == "['business', 'consumer']"


def test_analyze_says_which_rows_it_left_out(tmp_path):
    folder = _folder(tmp_path)
    result = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "1 row(s) of the table files are left out" in result.output
    assert "orders.csv" in result.output and "ordered_at" in result.output
    assert json.loads((tmp_path / "out" / "results.json").read_text())["errors"] == {}
