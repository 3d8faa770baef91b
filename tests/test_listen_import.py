"""Importing workspaces: nothing lost, one transaction, idempotent, strict, recoverable."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import polars as pl
import pytest

from totalquality import InputError, StoreError
from totalquality.listen import (
    ImportRefusedError,
    export_rejects,
    import_workspace,
    rejects_frame,
)
from totalquality.store import open_workspace

TABLE_FILES = {
    "customers": "customer_id,segment,country,language,since\n"
    "C1,consumer,EE,et,2024-01-05\nC2,business,PL,pl,2024-02-01\nC3,education,LV,en,\n"
    "C4,consumer,FI,en,2024-03-01\n",
    "products": "product_id,name,family\nP1,Air 13,laptop\nP2,Mini,desktop\n",
    "lots": "lot_id,product_id,produced_at,size\nL1,P1,2025-01-02,100\nL2,P2,2025-01-03,50\n",
    "orders": "order_id,customer_id,product_id,ordered_at,delivered_at,quantity,lot_id\n"
    "O1,C1,P1,2025-01-05T10:00:00,2025-01-08T12:00:00,1,L1\n"
    "O2,C2,P2,2025-01-06,2025-01-09,2,L2\n"
    "O3,C3,P1,2025-01-07,,1,L1\n"
    "O4,C4,P2,2025-01-07,2025-01-10,,\n",
    "stages": "stage_id,name,sequence\nS10,SMT,10\nS20,Reflow,20\n",
    "characteristics": "characteristic_id,stage_id,name,unit,lsl,target,usl,subgroup_size\n"
    "K1,S10,Paste height,um,100,125,150,5\nK2,S20,Peak temperature,C,235,245,255,5\n",
    "measurements": "characteristic_id,measured_at,value,subgroup,lot_id\n"
    "K1,2025-01-02T08:00:00,124.5,G1,L1\nK1,2025-01-02T08:00:00,124.5,G1,L1\n"
    "K1,2025-01-02T08:01:00,126.0,G1,L1\nK2,2025-02-03T09:00:00,245.2,G2,L2\n",
    "inspections": "stage_id,inspected_at,lot_id,inspected,passed_first_time,defective,defects\n"
    "S10,2025-01-02,L1,100,97,3,4\nS20,2025-01-03,L2,50,50,0,0\n",
    "items": "item_id,kind,requirement_id,block,scale_min,scale_max,text\n"
    "Q1,kano_functional,,,1,5,If the laptop is light\nQ2,rating,,,1,7,Overall\n",
    "responses": "response_id,answered_at,customer_id,order_id,language,nps,csat,ces,comment\n"
    'R1,2025-01-20,C1,O1,et,9,5,2,"Väga hea, kiire tarne"\n'
    "R2,2025-01-21,C2,O2,pl,3,2,6,Bateria słaba\n"
    "R3,2025-01-22,C3,O3,en,7,4,3,\n",
    "answers": "response_id,item_id,value\nR1,Q1,1\nR1,Q2,6\nR2,Q1,4\nR2,Q2,2\n",
    "complaints": "complaint_id,received_at,customer_id,order_id,channel,language,text,severity\n"
    "X1,2025-01-25,C2,O2,email,pl,Bateria trzyma tylko godzinę,4\n",
}
ROWS = {name: text.count("\n") - 1 for name, text in TABLE_FILES.items()}


def make_workspace(folder: Path, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (files or TABLE_FILES).items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def _counts(folder: Path) -> dict[str, int]:
    with open_workspace(folder) as ws:
        return {n: k for n, k in ws.counts().items() if k}


def _snapshot(folder: Path) -> dict[str, list]:
    with open_workspace(folder) as ws:
        return {n: sorted(map(str, ws.polars(n).rows())) for n in ws.names()}


def test_a_clean_workspace_loads_every_row(workspace):
    report = import_workspace(workspace)
    assert report.ok and report.problem_count == 0 and report.batch_id
    assert {n: c.loaded for n, c in report.tables.items()} == ROWS
    assert _counts(workspace) == ROWS
    with open_workspace(workspace) as ws:
        orders = ws.polars("orders")
        assert orders.schema["ordered_at"] == pl.Datetime("us")
        assert orders.filter(pl.col("order_id") == "O4").get_column("quantity").item() == 1
        responses = ws.pandas("responses")
        assert "Väga hea, kiire tarne" in responses["comment"].tolist()


def test_reimport_is_idempotent_and_new_rows_append(workspace):
    import_workspace(workspace)
    before = _snapshot(workspace)
    again = import_workspace(workspace)
    assert again.loaded == 0 and again.problem_count == 0
    assert again.batch_id is None  # nothing to write, no batch recorded
    assert again.skipped == sum(ROWS.values())
    assert _snapshot(workspace) == before

    with open(workspace / "customers.csv", "a", encoding="utf-8") as fh:
        fh.write("C5,business,DE,en,2025-01-01\n")
    with open(workspace / "measurements.csv", "a", encoding="utf-8") as fh:
        fh.write("K1,2025-01-02T08:00:00,124.5,G1,L1\n")  # a third identical measurement
    more = import_workspace(workspace)
    assert more.tables["customers"].loaded == 1 and more.tables["customers"].skipped == 4
    assert more.tables["measurements"].loaded == 1 and more.tables["measurements"].skipped == 4
    assert _counts(workspace)["customers"] == 5
    assert _counts(workspace)["measurements"] == 5


def test_changed_content_is_a_conflict_unless_update(workspace):
    import_workspace(workspace)
    text = TABLE_FILES["customers"].replace("C2,business,PL", "C2,education,PL")
    (workspace / "customers.csv").write_text(text, encoding="utf-8")
    report = import_workspace(workspace)
    (p,) = report.problems
    assert (p.file, p.row, p.column, p.value) == ("customers.csv", 2, "customer_id", "C2")
    assert "already stored with different content (segment)" in p.message
    assert "--update" in p.message
    updated = import_workspace(workspace, update=True)
    assert updated.tables["customers"].updated == 1 and updated.ok
    with open_workspace(workspace) as ws:
        seg = ws.polars("customers").filter(pl.col("customer_id") == "C2").get_column("segment")
        assert seg.item() == "education"
        assert ws.count("customers") == 4


def corrupt(folder: Path) -> None:
    """A wrong type in one row, a missing required column, a dangling reference, a duplicate id."""
    inspections = (folder / "inspections.csv").read_text(encoding="utf-8")
    (folder / "inspections.csv").write_text(
        inspections.replace("S20,2025-01-03,L2,50,50", "S20,2025-01-03,L2,fifty,50"),
        encoding="utf-8",
    )
    complaints = TABLE_FILES["complaints"].replace(",text,", ",body,")
    (folder / "complaints.csv").write_text(complaints, encoding="utf-8")
    with open(folder / "lots.csv", "a", encoding="utf-8") as fh:
        fh.write("L3,P9,2025-01-04,10\n")  # P9 is not a product
    with open(folder / "products.csv", "a", encoding="utf-8") as fh:
        fh.write("P1,Air 13 (2025),laptop\n")  # duplicate id, other content


def test_a_corrupted_workspace_gives_one_clear_message_per_problem(workspace, tmp_path):
    corrupt(workspace)
    report = import_workspace(workspace)
    found = {(p.file, p.row, p.column) for p in report.problems}
    assert found == {
        ("inspections.csv", 2, "inspected"),
        ("complaints.csv", None, "text"),
        ("lots.csv", 3, "product_id"),
        ("products.csv", 3, "product_id"),
    }
    by_file = {p.file: p for p in report.problems}
    assert "expected a whole number" in by_file["inspections.csv"].message
    assert by_file["inspections.csv"].value == "fifty"
    assert "required column 'text' is missing" in by_file["complaints.csv"].message
    assert "refers to product_id 'P9', which is not in products" in by_file["lots.csv"].message
    assert "duplicate product_id 'P1'" in by_file["products.csv"].message

    # every valid row is kept
    assert _counts(workspace) == {
        **{n: k for n, k in ROWS.items() if n != "complaints"},
        "inspections": ROWS["inspections"] - 1,
    }

    # the rejects are stored and exportable
    with open_workspace(workspace) as ws:
        rejects = rejects_frame(ws)
        assert set(rejects.get_column("file")) == {
            "inspections.csv",
            "complaints.csv",
            "lots.csv",
            "products.csv",
        }
        raw = rejects.filter(pl.col("file") == "lots.csv").get_column("raw").item()
        assert '"lot_id":"L3"' in raw and '"product_id":"P9"' in raw
        out = tmp_path / "rejects.csv"
        assert export_rejects(ws, out) == 4
    with open(out, encoding="utf-8-sig", newline="") as fh:
        exported = list(csv.DictReader(fh))
    assert {r["file"] for r in exported} == {
        "inspections.csv",
        "complaints.csv",
        "lots.csv",
        "products.csv",
    }


def test_rejected_formula_values_are_neutralised_on_export(workspace, tmp_path):
    (workspace / "stages.csv").write_text(
        "stage_id,name,sequence\nS10,SMT,10\nS20,Reflow,20\n=HYPERLINK(1),Evil,=1+1\n",
        encoding="utf-8",
    )
    import_workspace(workspace)
    out = tmp_path / "rejects.csv"
    with open_workspace(workspace) as ws:
        export_rejects(ws, out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["file"] == "stages.csv"]
    assert row["value"] == "'=1+1"
    assert not any(v.startswith(("=", "+", "@")) for v in row.values() if v)


def test_strict_refuses_everything_and_lists_every_problem(workspace):
    corrupt(workspace)
    with pytest.raises(ImportRefusedError) as info:
        import_workspace(workspace, strict=True)
    exc = info.value
    assert isinstance(exc, InputError)
    assert exc.report.refused and exc.report.problem_count == 4
    assert len(exc.problems) == 4 and "nothing was written" in str(exc)
    assert _counts(workspace) == {}
    with open_workspace(workspace) as ws:
        assert ws.status().imports == 0


def test_a_failure_mid_import_leaves_nothing(workspace, monkeypatch):
    from totalquality.listen import _import

    real = _import._insert_sql
    calls = []

    def failing(conn, name, frame, batch):
        calls.append(name)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(conn, name, frame, batch)

    monkeypatch.setattr(_import, "_insert_sql", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_workspace(workspace)
    assert len(calls) == 3
    assert _counts(workspace) == {}
    tq = workspace / ".tq"
    assert not list((tq / "process").rglob("*.parquet")) if (tq / "process").exists() else True
    assert not (tq / "staging").exists() or not any((tq / "staging").iterdir())
    with open_workspace(workspace) as ws:
        assert ws.status().imports == 0 and ws.status().rejects == 0
    monkeypatch.setattr(_import, "_insert_sql", real)
    assert import_workspace(workspace).loaded == sum(ROWS.values())


def test_a_database_error_is_a_store_error(workspace, monkeypatch):
    import sqlalchemy as sa

    from totalquality.listen import _import

    def broken(*args, **kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(_import, "_insert_rejects", broken)
    with pytest.raises(StoreError, match="nothing was stored"):
        import_workspace(workspace)
    assert _counts(workspace) == {}


def test_an_import_interrupted_after_commit_is_completed_on_open(workspace, monkeypatch):
    from totalquality.store import Workspace

    monkeypatch.setattr(Workspace, "move_staged", lambda self, batch: None)
    report = import_workspace(workspace)
    staged = workspace / ".tq" / "staging" / str(report.batch_id)
    assert list(staged.rglob("*.parquet"))  # the crash: files still staged
    monkeypatch.undo()
    with open_workspace(workspace) as ws:  # recovery on open moves them in
        assert ws.count("measurements") == ROWS["measurements"]
        assert ws.status().last_import["status"] == "complete"
    assert not staged.exists()


def test_unfinished_staging_and_orphan_files_are_cleaned_on_open(workspace):
    import_workspace(workspace)
    tq = workspace / ".tq"
    ghost = tq / "staging" / "20990101T000000000000-dead00" / "measurements" / "month=2025-01"
    ghost.mkdir(parents=True)
    (ghost / "20990101T000000000000-dead00.parquet").write_bytes(b"half written")
    orphan_dir = tq / "process" / "measurements" / "month=2025-01"
    orphan_dir.mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"characteristic_id": ["K1"]}).write_parquet(orphan_dir / "unknown-batch.parquet")
    with open_workspace(workspace) as ws:
        assert ws.count("measurements") == ROWS["measurements"]
    assert not (tq / "staging" / "20990101T000000000000-dead00").exists()
    assert not (orphan_dir / "unknown-batch.parquet").exists()


def test_import_from_another_folder(tmp_path):
    source = make_workspace(tmp_path / "exports")
    ws_dir = tmp_path / "ws"
    ws_dir.mkdir()
    report = import_workspace(ws_dir, source=source)
    assert report.ok and _counts(ws_dir) == ROWS
    assert report.source == str(source)


def test_nothing_to_import_is_a_clear_input_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no workspace table files found"):
        import_workspace(empty)
    with pytest.raises(StoreError, match="no such workspace folder"):
        import_workspace(tmp_path / "missing")


def test_two_files_for_one_table_refuse_only_that_table(workspace):
    shutil.copy(workspace / "stages.csv", workspace / "Stages.xlsx")
    report = import_workspace(workspace)
    assert any("stages" in p.message and "keep one" in p.message for p in report.problems)
    counts = _counts(workspace)
    assert "stages" not in counts and counts["customers"] == ROWS["customers"]


def test_the_demo_workspace_loads_every_table(demo_dir, tmp_path):
    copy = tmp_path / "demo"
    shutil.copytree(demo_dir, copy, ignore=shutil.ignore_patterns(".tq"))
    report = import_workspace(copy)
    assert report.problem_count == 0, report.problems[:5]
    files = {p.stem for p in copy.glob("*.csv")}
    assert set(report.tables) == files
    for name, c in report.tables.items():
        assert c.loaded == c.rows > 0, name
    again = import_workspace(copy)
    assert again.loaded == 0 and again.problem_count == 0


def test_a_corrupted_demo_copy_keeps_every_valid_row(demo_dir, tmp_path):
    copy = tmp_path / "demo"
    shutil.copytree(demo_dir, copy, ignore=shutil.ignore_patterns(".tq"))
    responses = pl.read_csv(copy / "responses.csv", infer_schema=False)
    answered = set(pl.read_csv(copy / "answers.csv", infer_schema=False)["response_id"])
    index = next(i for i, r in enumerate(responses["response_id"]) if r in answered)
    n = responses.height
    broken = responses.with_columns(
        pl.when(pl.int_range(pl.len()) == index)
        .then(pl.lit("eleven"))
        .otherwise(pl.col("nps"))
        .alias("nps")
    )
    broken.write_csv(copy / "responses.csv")
    report = import_workspace(copy)
    assert report.tables["responses"].loaded == n - 1
    problems = [(p.file, p.row, p.column) for p in report.problems]
    assert problems == [("responses.csv", index + 1, "nps")]
    # the answers of that response are fine themselves: loaded, with a warning
    assert report.tables["answers"].rejected == 0
    assert any(w.file == "answers.csv" and w.column == "response_id" for w in report.warnings)


DOC = Path(__file__).resolve().parents[1] / "docs" / "import-format.md"


def test_the_documented_examples_import_cleanly(tmp_path):
    import re

    from totalquality._schema import TABLES

    text = DOC.read_text(encoding="utf-8")
    blocks = dict(re.findall(r"`(\w+)\.csv`:\n\n```csv\n(.*?)\n```", text, flags=re.S))
    assert set(blocks) == {t.name for t in TABLES}
    for t in TABLES:
        for c in t.columns:
            assert f"`{c.name}`" in text, (t.name, c.name)
    folder = make_workspace(tmp_path / "doc", {n: b + "\n" for n, b in blocks.items()})
    report = import_workspace(folder)
    assert report.problem_count == 0, report.problems
    assert all(c.loaded == c.rows > 0 for c in report.tables.values())
