"""report.html is one self-contained file; results.json follows its versioned schema."""

import json

import jsonschema
import pandas as pd

from totalquality import InMemoryTables
from totalquality._pipeline import analyze
from totalquality.report import results_schema_text, write_report


def test_results_json_validates_against_schema(tmp_path, sample_run):
    paths = write_report(sample_run, tmp_path, workspace="w")
    doc = json.loads(paths["json"].read_text())
    jsonschema.validate(doc, json.loads(results_schema_text()))
    assert doc["recommendations"][0]["subject_id"] == "S50"
    assert doc["sections"]["growth"]["results"]["rows"] == [{"a": 1}, {"a": 2}]


def test_report_is_self_contained_and_trilingual(tmp_path, sample_run):
    paths = write_report(sample_run, tmp_path, workspace="w", language="et")
    import plotly.offline

    text = paths["html"].read_text()
    js = plotly.offline.get_plotlyjs()
    assert js in text  # plotly.js is inlined, not fetched
    own = text.replace(js, "")
    assert "<script src=" not in own and "http://" not in own and "https://" not in own
    assert 'data-lang="et"' in text
    for word in ("Soovitused", "Rekomendacje", "Recommendations", "logisemine", "grzechotanie"):
        assert word in text


def test_analyze_on_an_empty_workspace_reports_missing_tables():
    run = analyze(InMemoryTables({"products": pd.DataFrame({"product_id": ["P1"]})}))
    assert run.recommendations == ()
    for name in ("links", "growth", "retention"):
        assert run.sections[name].missing_tables
