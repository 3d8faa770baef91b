"""The store: migrations, SQLite settings, the Workspace as a TableSource, PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
import sqlalchemy as sa

from totalquality import MissingTableError, StoreError, TableSource
from totalquality._schema import TABLES
from totalquality.listen import import_workspace
from totalquality.store import (
    ANALYSIS_NEEDS,
    PROCESS_TABLES,
    WORKSPACE_TABLES,
    Action,
    ActionHistory,
    ControlLimits,
    Topic,
    TopicAssignment,
    head_revision,
    init_workspace,
    metadata,
    open_workspace,
)
from totalquality.store._engine import current_revision, upgrade

FILES = {
    "stages": "stage_id,name,sequence\nS10,SMT,10\nS20,Reflow,20\n",
    "characteristics": "characteristic_id,stage_id,lsl,target,usl\nK1,S10,1,2,3\n",
    "measurements": "characteristic_id,measured_at,value,subgroup\n"
    "K1,2025-01-31T23:30:00,2.1,G1\nK1,2025-02-01T00:30:00+01:00,1.9,G1\n"
    "K1,2025-02-02T08:00:00,2.0,G2\n",
    "responses": "response_id,answered_at,nps,comment\nR1,2025-01-05,9,\nR2,2025-01-06,,bad\n",
}


def _workspace(folder: Path, files: dict[str, str] = FILES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_migrations_run_once_and_match_the_models(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    assert current_revision(ws.engine) == head_revision() == "0003"
    assert upgrade(ws.engine) is False  # already current: nothing runs
    ws.close()
    with open_workspace(tmp_path / "ws") as again:  # opening again changes nothing
        assert current_revision(again.engine) == head_revision()
        from alembic.autogenerate import compare_metadata
        from alembic.runtime.migration import MigrationContext

        with again.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == [], "models changed without a migration: " + repr(diff[:3])


def test_every_workspace_sql_table_comes_from_the_schema():
    for spec in TABLES:
        if spec.process_data:
            assert spec.name not in WORKSPACE_TABLES
            continue
        columns = set(WORKSPACE_TABLES[spec.name].columns.keys())
        assert set(spec.column_names) <= columns
        assert columns - set(spec.column_names) <= {"_import", "_key"}


def test_sqlite_runs_in_wal_with_busy_timeout_and_foreign_keys(tmp_path):
    with init_workspace(tmp_path / "ws") as ws:
        assert ws.db_file.exists() and ws.db_file.parent.name == ".tq"
        with ws.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    with init_workspace(tmp_path / "ws") as ws, ws.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer totalquality"):
        open_workspace(tmp_path / "ws")


def test_opening_a_missing_folder_or_a_bad_url_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no such workspace folder"):
        open_workspace(tmp_path / "nope")
    (tmp_path / "ws").mkdir()
    with pytest.raises(StoreError, match="unsupported database"):
        open_workspace(tmp_path / "ws", db_url="mysql://x@localhost/db")
    with pytest.raises(StoreError, match="not a database URL"):
        open_workspace(tmp_path / "ws", db_url="::not a url::")


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    other = tmp_path / "elsewhere.db"
    monkeypatch.setenv("TQ_DATABASE_URL", f"sqlite:///{other}")
    with init_workspace(tmp_path / "ws") as ws:
        assert ws.database.endswith("elsewhere.db")
    assert other.exists()


def test_workspace_is_a_table_source(tmp_path):
    folder = _workspace(tmp_path / "ws")
    assert import_workspace(folder).ok
    with open_workspace(folder) as ws:
        assert isinstance(ws, TableSource)
        assert ws.names() == ["stages", "characteristics", "measurements", "responses"]
        assert ws.has("measurements") and not ws.has("orders") and not ws.has("nonsense")
        with pytest.raises(MissingTableError):
            ws.pandas("orders")
        with pytest.raises(MissingTableError):
            ws.ibis("orders")

        m = ws.pandas("measurements")
        assert isinstance(m, pd.DataFrame) and len(m) == 3
        assert sorted(m["measured_at"].tolist()) == [
            pd.Timestamp("2025-01-31 23:30"),
            pd.Timestamp("2025-01-31 23:30"),  # +01:00 converted to UTC
            pd.Timestamp("2025-02-02 08:00"),
        ]
        r = ws.ibis("responses")
        assert str(r.schema()["answered_at"]).startswith("timestamp")
        assert str(r.schema()["nps"]) == "int64"
        assert r.nps.mean().execute() == 9
        expr = ws.ibis("measurements").group_by("characteristic_id").agg(n=lambda t: t.count())
        assert expr.execute().to_dict("records") == [{"characteristic_id": "K1", "n": 3}]
        # process rows are partitioned by month of their timestamp
        months = sorted(p.parent.name for p in ws.process_files("measurements"))
        assert months == ["month=2025-01", "month=2025-02"]


def test_sqlite_tables_with_null_led_columns_reach_arrow_typed(tmp_path):
    """ADBC infers types from the first rows; a NULL-led column must still come out typed."""
    rows = "".join(f"R{i},2025-01-01,,\n" for i in range(3000)) + "R9999,2025-01-02,7,late text\n"
    folder = _workspace(
        tmp_path / "ws", {"responses": "response_id,answered_at,nps,comment\n" + rows}
    )
    import_workspace(folder)
    with open_workspace(folder) as ws:
        frame = ws.polars("responses")
        assert frame.schema["nps"] == pl.Int64 and frame.schema["comment"] == pl.String
        assert frame.filter(pl.col("response_id") == "R9999").row(0, named=True)["nps"] == 7


def test_sessions_reach_the_application_tables(tmp_path):
    with init_workspace(tmp_path / "ws") as ws:
        with ws.session() as s, s.begin():
            topic = Topic(label="Battery", labels={"et": "Aku", "pl": "Bateria"}, key_terms=["aku"])
            s.add(topic)
            s.flush()
            s.add(TopicAssignment(topic_id=topic.id, source_table="complaints", source_id="X1"))
            action = Action(subject="stage:S40", kind="corrective", owner="Mari")
            action.history.append(ActionHistory(who="Mari", what="status", old=None, new="plan"))
            s.add(action)
            s.add(
                ControlLimits(
                    characteristic_id="K1", version=1, reason="baseline", payload={"ucl": 3.1}
                )
            )
        with ws.session() as s:
            assert s.scalars(sa.select(Topic.labels)).one() == {"et": "Aku", "pl": "Bateria"}
            got = s.scalars(sa.select(Action)).one()
            assert got.status == "plan" and got.effective is None and len(got.history) == 1
            assert isinstance(got.created_at, dt.datetime)
        with pytest.raises(sa.exc.IntegrityError), ws.session() as s, s.begin():
            s.add(ControlLimits(characteristic_id="K1", version=1))


def test_status_says_what_each_analysis_misses(tmp_path):
    folder = _workspace(tmp_path / "ws")
    import_workspace(folder)
    with open_workspace(folder) as ws:
        status = ws.status()
    assert status.tables["measurements"] == 3 and status.tables["orders"] == 0
    assert status.analyses["spc"] == {"ready": True, "missing": []}
    assert status.analyses["kano"] == {"ready": False, "missing": ["items", "answers"]}
    assert status.analyses["text"]["ready"]  # responses are there
    assert set(status.analyses) == set(ANALYSIS_NEEDS)
    assert status.imports == 1 and status.last_import["status"] == "complete"
    assert status.to_dict()["tables"]["responses"] == 2


def test_process_tables_are_the_parquet_ones():
    assert set(PROCESS_TABLES) == {t.name for t in TABLES if t.process_data}


POSTGRES_URL = os.environ.get("TQ_TEST_POSTGRES_URL")


@pytest.mark.skipif(
    not POSTGRES_URL, reason="set TQ_TEST_POSTGRES_URL to a scratch PostgreSQL database"
)
def test_postgresql_store_round_trip(tmp_path):
    assert POSTGRES_URL is not None
    engine = sa.create_engine(sa.engine.make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:  # a scratch database: start empty
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    folder = _workspace(tmp_path / "ws")
    report = import_workspace(folder, db_url=POSTGRES_URL)
    assert report.ok
    again = import_workspace(folder, db_url=POSTGRES_URL)
    assert again.loaded == 0 and again.problem_count == 0
    with open_workspace(folder, db_url=POSTGRES_URL) as ws:
        assert not ws.is_sqlite and "postgresql" in ws.database
        assert ws.count("responses") == 2
        frame = ws.polars("responses").sort("response_id")
        assert frame.get_column("answered_at").to_list()[0] == dt.datetime(2025, 1, 5)
        assert frame.get_column("nps").to_list() == [9, None]
        assert ws.ibis("stages").count().execute() == 2
    # the store's URL is remembered without its password
    config = (folder / ".tq" / "workspace.json").read_text()
    assert "postgresql" in config and (
        sa.engine.make_url(POSTGRES_URL).password is None
        or sa.engine.make_url(POSTGRES_URL).password not in config
    )


def test_the_recorded_database_url_has_no_password():
    from totalquality.store._workspace import _masked

    url = sa.engine.make_url(
        "postgresql+psycopg://quality:s3cret-pw@db.local:5433/tq?sslmode=require"
    )
    assert _masked(url) == "postgresql+psycopg://quality@db.local:5433/tq?sslmode=require"
