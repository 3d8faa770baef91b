"""Shared fixtures: reference data locations and the demo workspace (generated once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Published reference data (with EXPECTED.md / README.md naming every source), copied into the
# repository so a clean clone tests against it; TQ_REFERENCE_DIR overrides it.
REFERENCE = Path(os.environ.get("TQ_REFERENCE_DIR", REPO / "tests" / "reference"))


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return REFERENCE


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default demo workspace (seed 42, scale 1), generated once per test session."""
    from totalquality.demo import generate

    out = tmp_path_factory.mktemp("demo") / "workspace"
    generate(out, seed=42, scale=1.0, healthy=False)
    return out


@pytest.fixture(scope="session")
def healthy_demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo company with no problems built in."""
    from totalquality.demo import generate

    out = tmp_path_factory.mktemp("healthy") / "workspace"
    generate(out, seed=7, scale=1.0, healthy=True)
    return out


@pytest.fixture
def sample_run():
    """A small AnalysisRun with one finding, a figure, a table and a caveat."""
    import pandas as pd
    import plotly.graph_objects as go

    from totalquality import Finding
    from totalquality._pipeline import AnalysisRun
    from totalquality._section import SectionResult
    from totalquality.improve import rank_findings

    f = Finding(
        kind="growth_strain",
        subject_type="stage",
        subject_id="S50",
        title="S50 strains",
        action="add capacity",
        evidence={
            "start_load": 260.0,
            "label": {"en": "rattle", "et": "logisemine", "pl": "grzechotanie"},
        },
        impact={"weeks": 8},
        confidence=0.99,
        severity=0.6,
        source="growth",
    )
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4])).to_dict()
    sec = SectionResult(
        name="growth",
        summary={"stages_tested": 7},
        findings=(f,),
        figures={"fpy": fig},
        results={"rows": pd.DataFrame({"a": [1, 2]})},
        warnings=("small sample",),
    )
    return AnalysisRun(
        sections={"growth": sec},
        recommendations=tuple(rank_findings([f])),
        expectations=(),
        timings={"growth": 0.1},
    )
