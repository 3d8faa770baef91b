"""One regression test per defect of issue 13 not already pinned by the bad-input corpus
(tests/test_bad_input_corpus.py), the inert-output tests, the action and web tests, the
consistent-read tests and the browser test."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml

from _cli import tq
from totalquality.listen import import_workspace
from totalquality.store import open_workspace


def said(result) -> str:
    return " ".join(result.output.split())


def _stored(ws: Path, table: str, column: str) -> dict[str, str]:
    with open_workspace(ws) as store:
        frame = store.stored_frame(table)
    key = frame.columns[0]
    return dict(frame.select(key, column).iter_rows())


def test_an_unclosed_quote_is_one_rejected_row_and_never_everything_loaded(tmp_path):
    """54 of 59 valid rows were gone and `tq import` said "Everything loaded" with exit 0."""
    quote = '"'
    rows = [f"C-{i},{quote if i == 5 else ''}consumer" for i in range(1, 60)]
    (tmp_path / "customers.csv").write_text("customer_id,segment\n" + "\n".join(rows) + "\n")
    result = tq("import", tmp_path)
    assert result.exit_code == 3
    text = said(result)
    assert "Everything loaded" not in text and "every valid row was loaded" not in text
    assert "1 row(s) rejected" in text and "58 row(s) loaded" in text
    assert "customers.csv, row 5, column 'segment'" in text
    assert len(_stored(tmp_path, "customers", "segment")) == 58


def test_cr_only_line_ends_load_every_row(tmp_path):
    """CR-only files loaded 0 rows with exit 0, or were refused with 'pl_duplicated_0'."""
    (tmp_path / "customers.csv").write_bytes(b"customer_id,segment\rC1,a\rC2,b\rC3,c\r")
    result = tq("import", tmp_path)
    assert result.exit_code == 0 and "duplicated" not in result.output
    assert "Everything loaded: 3 row(s)" in said(result)
    assert _stored(tmp_path, "customers", "segment") == {"C1": "a", "C2": "b", "C3": "c"}


def test_a_reimport_says_what_was_skipped_not_everything_loaded(tmp_path):
    (tmp_path / "customers.csv").write_text("customer_id,segment\nC1,a\nC2,b\n")
    assert tq("import", tmp_path).exit_code == 0
    again = tq("import", tmp_path)
    assert again.exit_code == 0 and "Everything loaded" not in said(again)
    assert "0 row(s) loaded; 2 skipped" in said(again)


def test_polish_and_estonian_office_files_round_trip_exactly(tmp_path):
    """Polish Excel CSV was stored as "szko³a ¿ó³æ", Estonian as "õpetaja ðokk"."""
    texts = {
        "cp1250": ["szkoła żółć", "Łódź, ul. Piękna 5", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "gęś źrebię ńą"],
        "cp1257": ["õpetaja šokk", "Žanna Ülle Õun", "ÄÖÜ šž õ", "„jutumärgid“ – kriips"],
    }
    for encoding, values in texts.items():
        ws = tmp_path / encoding
        ws.mkdir()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(["complaint_id", "received_at", "text"])
        for i, value in enumerate(values):
            writer.writerow([f"X{i}", "2025-12-01", value])
        raw = buffer.getvalue().encode(encoding)
        (ws / "complaints.csv").write_bytes(raw)
        report = import_workspace(ws)
        assert report.ok, report.problems
        stored = _stored(ws, "complaints", "text")
        assert stored == {f"X{i}": v for i, v in enumerate(values)}
        for i in range(len(values)):  # back in the office's encoding: the same bytes
            assert stored[f"X{i}"].encode(encoding) in raw


def test_one_latin1_byte_never_garbles_the_utf8_rows(tmp_path):
    """One Latin-1 byte made the whole file be re-read: "kõrgkool" → "kÃµrgkool"."""
    data = "customer_id,segment\nC1,kõrgkool\nC2,ülikool\n".encode() + b"C3,caf\xe9\n"
    (tmp_path / "customers.csv").write_bytes(data)
    result = tq("import", tmp_path, "--json")
    assert result.exit_code == 3
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["row"] == 3 and "line 4" in problem["message"]
    assert "Ã" not in result.output
    with open_workspace(tmp_path) as store:
        assert not store.has("customers")  # nothing garbled was stored


def test_tq_map_proposes_a_mapping_previews_rows_and_it_imports(tmp_path):
    """Offices need day-first dates and their own column names: both were only rejected."""
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "Kliendid.csv").write_text(
        "Kliendi nr;Kliendigrupp;Riik;Klient alates\nK-1;Eraisik;ee;26.09.2025\n"
        "K-2;Ettevõte;PL;03.04.2024\n",
        encoding="utf-8",
    )
    (exports / "zamowienia.csv").write_text(
        "Nr zamówienia,Kliendi nr,Data zamówienia,Ilość\nZ1,K-1,26.09.2025 14:05,2\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.yaml"
    proposed = tq("map", exports, "--out", mapping)
    assert proposed.exit_code == 0, proposed.output
    text = said(proposed)
    assert "customers: the first rows under the workspace's column names" in text
    assert "K-1" in text and "26.09.2025" in text
    spec = yaml.safe_load(mapping.read_text("utf-8"))
    assert spec["tables"]["customers"]["file"] == "Kliendid.csv"
    assert spec["tables"]["customers"]["columns"]["Kliendi nr"] == "customer_id"
    assert spec["tables"]["customers"]["date_format"] == "DD.MM.YYYY"
    assert spec["tables"]["orders"]["columns"]["Nr zamówienia"] == "order_id"
    spec["tables"]["customers"]["values"] = {"segment": {"Eraisik": "consumer"}}
    mapping.write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")
    ws = tmp_path / "ws"
    result = tq("import", ws, "--from", exports, "--map", mapping)
    assert result.exit_code == 0, result.output
    assert _stored(ws, "customers", "segment") == {"K-1": "consumer", "K-2": "Ettevõte"}
    with open_workspace(ws) as store:
        since = dict(store.stored_frame("customers").select("customer_id", "since").iter_rows())
        ordered = store.stored_frame("orders").get_column("ordered_at").to_list()
    assert str(since["K-1"]) == "2025-09-26 00:00:00" and str(since["K-2"]) == "2024-04-03 00:00:00"
    assert str(ordered[0]) == "2025-09-26 14:05:00"


def test_a_wrong_date_format_is_refused_before_anything_is_read(tmp_path):
    (tmp_path / "customers.csv").write_text("customer_id\nC1\n")
    result = tq("import", tmp_path, "--date-format", "YYYY")
    assert result.exit_code == 3 and "needs a day, a month and a year" in said(result)
    assert not (tmp_path / ".tq" / "store.db").exists()


def test_the_rejects_export_neutralises_formulas_everywhere(tmp_path):
    (tmp_path / "lots.csv").write_text(
        "lot_id,produced_at,size\n=cmd|' /C calc'!A0,2025-01-01,@SUM(A1)\n+L2,2025-01-02,-5\n"
    )
    assert tq("import", tmp_path).exit_code == 3
    out = tmp_path / "rejects.csv"
    assert tq("rejects", tmp_path, "--export", out).exit_code == 0
    cells = [c for row in csv.reader(io.StringIO(out.read_text("utf-8-sig"))) for c in row]
    assert cells and all(not c or c[0] not in "=+@\t\r" for c in cells)
    assert "'@SUM(A1)" in cells  # the value as written, neutralised; raw rows are JSON ({…})
