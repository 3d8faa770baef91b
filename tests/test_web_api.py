"""The REST API: status, results, recommendations and sections, with clear errors."""

import numpy as np
import pandas as pd
from fastapi.testclient import TestClient

from totalquality import InMemoryTables
from totalquality.web import create_app


def _tables() -> InMemoryTables:
    rng = np.random.default_rng(0)
    weeks = pd.date_range("2026-01-05", periods=30, freq="W-MON", tz="UTC")
    load = np.linspace(100, 400, 30).astype(int)
    fail = rng.binomial(load, np.where(load > 250, 0.15, 0.02))
    ins = pd.DataFrame(
        {
            "stage_id": "S50",
            "inspected_at": weeks,
            "inspected": load,
            "passed_first_time": load - fail,
        }
    )
    return InMemoryTables({"inspections": ins})


def test_api_serves_results_and_recommendations():
    client = TestClient(create_app(tables=_tables()))
    assert client.get("/api/health").json()["status"] == "ok"
    status = client.get("/api/status").json()
    assert status["tables"]["inspections"]["rows"] == 30
    assert status["tables"]["orders"]["present"] is False
    recs = client.get("/api/recommendations").json()
    assert recs[0]["kind"] == "growth_strain" and recs[0]["subject_id"] == "S50"
    assert client.get("/api/recommendations/1").json()["rank"] == 1
    assert client.get("/api/recommendations/99").status_code == 404
    assert client.get("/api/sections/growth").json()["name"] == "growth"
    assert "no section" in client.get("/api/sections/nope").json()["detail"]
    assert client.post("/api/analyze").json()["recommendations"] >= 1
    results = client.get("/api/results").json()
    assert results["schema_version"].startswith("1.")
    page = client.get("/?lang=pl")
    assert page.status_code == 200 and 'data-lang="pl"' in page.text
