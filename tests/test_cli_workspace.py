"""`tq init / import / status / rejects`: messages, JSON and exit codes, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _cli import tq

FILES = {
    "customers": "customer_id,segment,country\nC1,consumer,EE\nC2,business,PL\n",
    "orders": "order_id,customer_id,ordered_at,quantity\nO1,C1,2025-01-05,1\nO2,C2,2025-01-06,2\n",
}


def _folder(tmp_path: Path, files: dict[str, str] = FILES) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_init_creates_the_store(tmp_path):
    result = tq("init", tmp_path / "new")
    assert result.exit_code == 0 and "Workspace ready" in result.output
    assert (tmp_path / "new" / ".tq" / "store.db").exists()
    data = json.loads(tq("init", tmp_path / "new", "--json").output)
    assert data["database"].startswith("sqlite")


def test_import_status_and_json(tmp_path):
    folder = _folder(tmp_path)
    result = tq("import", folder)
    assert result.exit_code == 0, result.output
    assert "Everything loaded" in result.output and "customers" in result.output
    again = json.loads(tq("import", folder, "--json").output)
    assert again["exit_code"] == 0 and again["tables"]["customers"]["skipped"] == 2
    status = tq("status", folder)
    assert status.exit_code == 0 and "retention" in status.output and "not loaded" in status.output
    data = json.loads(tq("status", folder, "--json").output)
    assert data["tables"]["orders"] == 2 and data["analyses"]["retention"]["ready"] is True
    assert tq("import", folder, "--quiet").output == ""


def test_rejected_rows_exit_3_and_can_be_exported(tmp_path):
    files = dict(FILES)
    files["orders"] += "O3,C9,2025-01-07,1\nO4,C1,someday,=1+1\n"
    folder = _folder(tmp_path, files)
    result = tq("import", folder)
    assert result.exit_code == 3
    assert "2 row(s) rejected" in result.output and "tq rejects" in result.output
    assert "orders.csv, row 3, column 'customer_id'" in " ".join(result.output.split())
    shown = tq("rejects", folder)
    assert shown.exit_code == 0 and "someday" in shown.output
    out = tmp_path / "rejects.csv"
    exported = tq("rejects", folder, "--export", out)
    assert exported.exit_code == 0 and out.exists()
    text = out.read_text(encoding="utf-8-sig")
    assert "'=1+1" in text and ",=1+1" not in text
    data = json.loads(tq("rejects", folder, "--json").output)
    assert {r["row"] for r in data} == {3, 4}


def test_strict_refuses_with_exit_3_and_writes_nothing(tmp_path):
    files = dict(FILES)
    files["orders"] += "O3,C9,2025-01-07,1\n"
    folder = _folder(tmp_path, files)
    result = tq("import", folder, "--strict")
    assert result.exit_code == 3 and "Refused (--strict)" in result.output
    data = json.loads(tq("status", folder, "--json").output)
    assert data["tables"]["orders"] == 0 and data["imports"] == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("import", "{tmp}/missing"), 5, "no such workspace folder"),
        (("status", "{tmp}/missing"), 5, "no such workspace folder"),
        (("status", "{tmp}/empty"), 5, "has no store yet"),
        (("import", "{tmp}/empty"), 3, "no workspace table files found"),
        (("import", "{tmp}/empty", "--db", "mysql://x@y/z"), 5, "unsupported database"),
        (("rejects", "{tmp}/missing"), 5, "no such workspace folder"),
    ],
)
def test_user_mistakes_give_a_message_and_an_exit_code(tmp_path, args, code, message):
    (tmp_path / "empty").mkdir()
    result = tq(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == code, result.output
    assert message in " ".join(result.output.split())


def test_import_from_another_folder_creates_the_workspace(tmp_path):
    source = _folder(tmp_path)
    target = tmp_path / "new-ws"
    result = tq("import", target, "--from", source)
    assert result.exit_code == 0, result.output
    assert json.loads(tq("status", target, "--json").output)["tables"]["customers"] == 2


def test_serve_on_a_missing_folder_is_an_input_error(tmp_path):
    result = tq("serve", tmp_path / "nowhere")
    assert result.exit_code == 3
    assert "no such workspace folder" in result.output
