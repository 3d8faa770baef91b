"""`tq analyze` during an import waits for it (or says an import is running); a store with no
rows is never analysed into an empty report with exit 0 (issue 13, point 7)."""

from __future__ import annotations

import fcntl
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from _cli import tq
from _tiny_actions import build_tiny_workspace
from totalquality.cli._app import EXIT_INPUT, EXIT_STORE
from totalquality.listen import _import, import_workspace
from totalquality.store import init_workspace


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return build_tiny_workspace(tmp_path_factory.mktemp("consistent") / "files")


def _copy(files: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(files, ws)
    return ws


def _lock_is_held(ws: Path) -> bool:
    with open(ws / ".tq" / "import.lock", "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return False


def test_analyze_during_a_first_import_waits_for_it(files, tmp_path, monkeypatch):
    ws = _copy(files, tmp_path)
    init_workspace(ws).close()  # the store exists, empty, as at the start of a first import
    slow_read = _import.read_folder

    def read_slowly(*args, **kwargs):
        time.sleep(1.5)  # a big file being read: the store is still empty meanwhile
        return slow_read(*args, **kwargs)

    monkeypatch.setattr(_import, "read_folder", read_slowly)
    importer = threading.Thread(target=import_workspace, args=(ws,))
    importer.start()
    deadline = time.monotonic() + 10
    while not _lock_is_held(ws):
        assert time.monotonic() < deadline, "the import never took its lock"
        time.sleep(0.02)
    result = tq("analyze", ws, "--out", tmp_path / "report", "--json")
    importer.join()
    assert result.exit_code == 0, result.output
    recs = json.loads((tmp_path / "report" / "results.json").read_text("utf-8"))
    assert recs["sections"]["process"]["summary"]  # the analysis saw the imported rows


def test_analyze_says_an_import_is_running_when_it_runs_too_long(files, tmp_path, monkeypatch):
    ws = _copy(files, tmp_path)
    import_workspace(ws)
    monkeypatch.setenv("TQ_IMPORT_WAIT", "0.3")
    with open(ws / ".tq" / "import.lock", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # an import holding the workspace
        try:
            result = tq("analyze", ws, "--out", tmp_path / "report")
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    assert result.exit_code == EXIT_STORE
    assert "an import into" in " ".join(result.output.split()) and "is running" in result.output
    assert not (tmp_path / "report" / "report.html").exists()


def test_an_empty_store_is_not_analysed_into_an_empty_report(tmp_path):
    ws = tmp_path / "ws"
    init_workspace(ws).close()
    result = tq("analyze", ws, "--out", tmp_path / "report")
    assert result.exit_code == EXIT_INPUT
    assert "no imported rows" in " ".join(result.output.split())
    assert not (tmp_path / "report" / "report.html").exists()
