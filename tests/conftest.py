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
