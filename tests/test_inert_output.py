"""Every user string is inert in the CLI (issue 13, point 4): `[/]` or `[link=…]` in a value,
a header, a segment, an action title set through the API, or an id crashed `tq import`,
`tq rejects`, `tq satisfaction`, `tq analyze` and `tq actions list` with a Rich MarkupError;
a characteristic id such as `../../x/pwned` made `tq spc --out DIR` write outside DIR."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from _cli import tq
from _tiny_actions import K1, build_tiny_workspace
from totalquality.report import chart_file_name, script_json
from totalquality.web import create_app

CLOSE = "[/]"
LINK = "[link=https://example.invalid]evil[/link]"
BOLD = "[bold]loud"


def said(result) -> str:
    return " ".join(result.output.split())


@pytest.fixture(autouse=True)
def wide_console():
    """Tables wide enough that no value is folded across lines (the test reads them whole)."""
    from totalquality.cli._app import console, err_console

    widths = console.width, err_console.width
    console.width = err_console.width = 400
    yield
    console.width, err_console.width = widths


@pytest.fixture(scope="module")
def markup_ws(tmp_path_factory) -> Path:
    """Customers and responses whose segment, ids, header and comments are Rich markup."""
    ws = build_tiny_workspace(tmp_path_factory.mktemp("inert") / "ws")
    rng = np.random.default_rng(3)
    segments = [CLOSE, LINK, BOLD]
    customers = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(60)],
            "segment": [segments[i % 3] for i in range(60)],
        }
    )
    customers.to_csv(ws / "customers.csv", index=False)
    days = pd.date_range("2026-01-01", periods=60, freq="D").strftime("%Y-%m-%d")
    responses = pd.DataFrame(
        {
            "response_id": [f"R{i}{CLOSE}" for i in range(60)],
            "answered_at": days,
            "customer_id": customers["customer_id"],
            "nps": rng.integers(0, 11, 60),
            "comment": [f"{LINK} {BOLD} comment {i}" for i in range(60)],
        }
    )
    responses.to_csv(ws / "responses.csv", index=False)
    # a rejected row whose value and header are markup, so problems print them
    (ws / "products.csv").write_text(f"product_id,name,{BOLD}\nP1,{CLOSE},x\n")
    (ws / "lots.csv").write_text(f"lot_id,produced_at,size\nL1,2026-01-01,{LINK}\n")
    return ws


@pytest.fixture(scope="module")
def imported(markup_ws) -> Path:
    result = tq("import", markup_ws)
    assert result.exit_code == 3, result.output  # the lot's size is rejected
    assert LINK in said(result) and f"column '{BOLD}': unknown column ignored" in said(result)
    return markup_ws


def test_import_prints_markup_as_written(imported):
    again = tq("import", imported)
    assert again.exit_code == 3 and "Traceback" not in again.output


def test_rejects_and_status_print_markup_as_written(imported):
    rejects = tq("rejects", imported)
    assert rejects.exit_code == 0 and LINK in said(rejects)
    status = tq("status", imported)
    assert status.exit_code == 0


def test_satisfaction_by_a_markup_segment(imported):
    result = tq("satisfaction", imported, "--by", "segment")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert CLOSE in text and "[link=https://example.invalid]evil" in text and BOLD in text


def test_an_action_title_set_through_the_api_lists_in_the_cli(imported):
    client = TestClient(create_app(imported))
    title = f"{CLOSE} {LINK} {BOLD}"
    created = client.post("/api/actions", json={"key": K1, "title": title, "owner": CLOSE})
    assert created.status_code == 201
    listed = tq("actions", "list", imported)
    assert listed.exit_code == 0, listed.output
    assert title in said(listed)
    shown = tq("actions", "show", imported, created.json()["action_id"])
    assert shown.exit_code == 0 and title in said(shown)


@pytest.mark.slow
def test_analyze_with_markup_everywhere(imported, tmp_path):
    result = tq("analyze", imported, "--out", tmp_path / "report")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report" / "report.html").exists()


def test_a_hostile_characteristic_id_writes_its_chart_inside_out(tmp_path):
    files = build_tiny_workspace(tmp_path / "ws")
    hostile = {"K1": "../../x/pwned", "K2": str(tmp_path / "abs" / "pwned")}
    for name in ("characteristics.csv", "measurements.csv"):
        frame = pd.read_csv(files / name)
        frame["characteristic_id"] = frame["characteristic_id"].replace(hostile)
        frame.to_csv(files / name, index=False)
    out = tmp_path / "deep" / "charts"
    for cid in hostile.values():
        result = tq("spc", files, "-c", cid, "--out", out, "--json")
        assert result.exit_code == 0, result.output
        (chart,) = json.loads(result.stdout)["charts"]
        assert Path(chart).parent == out and Path(chart).name == chart_file_name(cid)
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    outside = {p for p in written if p.parts[0] not in ("ws", "deep")}
    assert outside == set() and not (tmp_path / "x").exists()
    assert not (tmp_path / "abs").exists()
    shutil.rmtree(out)


@pytest.mark.parametrize(
    "key", ["../../x/pwned", "/etc/passwd", "..", "", "a/b", "A-B", "a-b", "C:\\evil", "ü ł õ"]
)
def test_chart_file_names_are_plain_names(key):
    name = chart_file_name(key)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.endswith(".html") and len(name) < 90


def test_chart_file_names_keep_ids_apart():
    assert chart_file_name("A-B") != chart_file_name("a-b") != chart_file_name("A/B")


def test_script_json_has_no_markup_and_parses_back():
    value = {"name": "<!--<script></script>&amp;\u2028", "n": [1, 2]}
    text = script_json(value)
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == value
