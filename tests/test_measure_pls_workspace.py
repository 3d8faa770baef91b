"""The satisfaction index from workspace tables (items + answers), the section and `tq index`.

The workspace here is the plspm ``mobile`` data (Tenenhaus et al. 2005; items on
0–100) written in the import format, so the index must equal R plspm 0.5.1's
``rescale()`` mean of SAT for scaled = FALSE, centroid: 71.249582
(tests/reference/satisfaction/EXPECTED.md §2b).
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest
from typer.testing import CliRunner

from totalquality._base import to_jsonable
from totalquality._errors import InputError, InsufficientDataError
from totalquality._tables import InMemoryTables
from totalquality.measure._pls_model import (
    ECSI_LVS,
    ECSI_PATHS,
    ecsi_construct,
    ecsi_model,
    indicator_data,
)
from totalquality.measure._pls_section import run_index_section

PREFIX_TO_BLOCK = {
    "ima": "IMAG",
    "exp": "EXPE",
    "qua": "QUAL",
    "val": "VAL",
    "sat": "SAT",
    "com": "COM",
    "loy": "LOY",
}
# EXPECTED.md §2b: rescale() means, scaled = FALSE, centroid (R plspm 0.5.1)
MOBILE_MEANS = {
    "image": 72.685085,
    "expectation": 72.324910,
    "quality": 74.584308,
    "value": 61.584113,
    "satisfaction": 71.249582,
    "complaints": 67.423120,
    "loyalty": 69.292284,
}


@pytest.fixture(scope="module")
def mobile_tables(reference_dir) -> dict[str, pd.DataFrame]:
    mobile = pd.read_csv(reference_dir / "satisfaction" / "ecsi_mobile_phone.csv")
    cols = [c for c in mobile.columns if c != "id"]
    items = pd.DataFrame(
        {
            "item_id": cols,
            "kind": "indicator",
            "block": [PREFIX_TO_BLOCK[c[:3]] for c in cols],
            "scale_min": 0.0,
            "scale_max": 100.0,
        }
    )
    # a Kano item in the same survey must be ignored
    items = pd.concat(
        [items, pd.DataFrame([{"item_id": "k1", "kind": "kano_functional", "block": None}])]
    )
    answers = mobile.melt(id_vars="id", var_name="item_id", value_name="value").rename(
        columns={"id": "response_id"}
    )
    answers["response_id"] = "R" + answers["response_id"].astype(str)
    kano = pd.DataFrame({"response_id": answers["response_id"].unique(), "item_id": "k1"})
    answers = pd.concat([answers, kano.assign(value=1)], ignore_index=True)
    return {"items": items, "answers": answers}


def _section(tables: dict[str, pd.DataFrame], **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # caveats are checked through section.warnings
        return run_index_section(InMemoryTables(tables), **kw)


def test_block_names_map_to_ecsi_constructs():
    assert ecsi_construct("IMAG") == "image"
    assert ecsi_construct(" Perceived quality ") == "quality"
    assert ecsi_construct("CUSA") == "satisfaction"
    assert ecsi_construct("comp") == "complaints"
    assert ecsi_construct("delivery") is None


def test_indicator_matrix_from_items_and_answers(mobile_tables):
    ind = indicator_data(mobile_tables["items"], mobile_tables["answers"])
    assert ind.data.shape == (250, 24)
    assert ind.n_dropped == 0
    assert ind.blocks["satisfaction"] == ("sat1", "sat2", "sat3")
    assert ind.blocks["complaints"] == ("comp",)
    assert ind.scale_max["qua7"] == 100.0
    assert "k1" not in ind.data.columns


def test_ecsi_model_keeps_the_standard_arrows():
    spec = ecsi_model({lv: [f"{lv}1", f"{lv}2"] for lv in ECSI_LVS})
    assert spec.paths == ECSI_PATHS
    assert len(spec.paths) == 12
    assert list(spec.blocks) == list(ECSI_LVS)


def test_ecsi_model_without_complaints_and_expectation():
    spec = ecsi_model({lv: ["x"] for lv in ("image", "quality", "value", "satisfaction")})
    assert set(spec.paths) == {
        ("image", "satisfaction"),
        ("quality", "value"),
        ("quality", "satisfaction"),
        ("value", "satisfaction"),
    }
    assert "complaints" in spec.notes[0] and "loyalty" in spec.notes[0]
    with pytest.raises(InsufficientDataError, match="satisfaction"):
        ecsi_model({"image": ["a"], "loyalty": ["b"]})
    with pytest.raises(InputError, match="not ECSI"):
        ecsi_model({"satisfaction": ["a"], "delight": ["b"]})


def test_section_index_equals_plspm_rescale(mobile_tables):
    """0–100 index of satisfaction = plspm rescale() mean on 0–100 items (EXPECTED.md §2b)."""
    sec = _section(mobile_tables, n_boot=100, seed=5)
    assert sec.name == "index" and not sec.missing_tables
    assert sec.summary["index"] == pytest.approx(71.249582, abs=1e-6)
    for lv, mean in MOBILE_MEANS.items():
        assert sec.results["indices"][lv] == pytest.approx(mean, abs=1e-6)
    assert sec.summary["r2"] == pytest.approx(0.671739, abs=1e-6)  # §2b R² SAT
    assert sec.summary["gof"] == pytest.approx(0.464526, abs=1e-6)  # §2b GoF
    assert sec.summary["index_ci_low"] < sec.summary["index"] < sec.summary["index_ci_high"]
    # §2a reliability: EXPE α 0.45 and LOY α 0.47 < 0.7; IMAG and EXPE AVE < 0.5
    assert set(sec.summary["reliability_problems"]) == {"image", "expectation", "loyalty"}
    assert any("expectation: Cronbach's alpha" in w for w in sec.warnings)
    assert any("image: AVE" in w for w in sec.warnings)
    json.dumps(to_jsonable(sec.to_dict()))


def test_section_path_diagram(mobile_tables):
    sec = _section(mobile_tables, n_boot=0)
    fig = sec.figures["index_path_diagram"]
    arrows = [a for a in fig["layout"]["annotations"] if a.get("showarrow")]
    labels = [a["text"] for a in fig["layout"]["annotations"] if not a.get("showarrow")]
    assert len(arrows) == 12 and len(labels) == 12
    assert "0.54" in labels  # satisfaction → complaints 0.540019 (§2b)
    nodes = fig["data"][0]
    assert len(nodes["x"]) == 7
    # left to right: image first, loyalty last
    x = dict(
        zip(
            [t.split("</b>")[0].removeprefix("<b>") for t in nodes["text"]], nodes["x"], strict=True
        )
    )
    assert x["image"] < x["satisfaction"] < x["loyalty"]


def test_section_drops_incomplete_respondents(mobile_tables):
    answers = mobile_tables["answers"]
    holes = answers.drop(answers.index[(answers["item_id"] == "sat2")][:4])
    sec = _section({**mobile_tables, "answers": holes}, n_boot=0)
    assert sec.summary["n_respondents"] == 246 and sec.summary["n_dropped"] == 4
    assert any("dropped 4 of 250" in w for w in sec.warnings)
    imputed = _section({**mobile_tables, "answers": holes}, n_boot=0, missing="mean")
    assert imputed.summary["n_respondents"] == 250


def test_section_degrades_gracefully(mobile_tables):
    sec = _section({"items": mobile_tables["items"]})
    assert sec.missing_tables == ("answers",) and sec.summary["available"] is False
    no_indicators = mobile_tables["items"].assign(kind="rating")
    sec = _section({**mobile_tables, "items": no_indicators})
    assert sec.summary["available"] is False and "indicator" in sec.warnings[0]


def test_benchmark_finding(mobile_tables):
    sec = _section(mobile_tables, n_boot=100, seed=1, benchmark=80)
    (finding,) = sec.findings
    assert finding.kind == "score_below_benchmark" and finding.significant
    assert not _section(mobile_tables, n_boot=0, benchmark=60).findings


def test_cli_index_json(tmp_path, mobile_tables):
    from totalquality.cli import app

    for name, frame in mobile_tables.items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    result = CliRunner().invoke(app, ["index", str(tmp_path), "--boot", "50", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["summary"]["index"] == pytest.approx(71.249582, abs=1e-6)
    assert len(payload["results"]["paths"]) == 12
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "items.csv").write_text("item_id,kind,block\nq1,rating,\n")
    (empty / "answers.csv").write_text("response_id,item_id,value\nr1,q1,3\n")
    result = CliRunner().invoke(app, ["index", str(empty)])
    assert result.exit_code == 4  # not enough data, as a message and not a traceback
    assert "indicator" in result.output


def test_demo_workspace_index(demo_dir):
    """On the demo company the section runs; with indicator items it yields a 0–100 index."""
    from totalquality.cli._workspace_io import read_table_files

    tables = read_table_files(demo_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sec = run_index_section(tables, n_boot=50, seed=0)
    items = tables.pandas("items") if tables.has("items") else pd.DataFrame()
    has_indicators = not items.empty and (items["kind"] == "indicator").any()
    if has_indicators:
        assert sec.summary["available"], sec.warnings
        assert 0 <= sec.summary["index"] <= 100
        lo, hi = sec.summary["index_ci_low"], sec.summary["index_ci_high"]
        assert lo <= sec.summary["index"] <= hi
        assert sec.figures["index_path_diagram"]["data"]
    else:
        assert sec.summary["available"] is False
        assert sec.warnings
