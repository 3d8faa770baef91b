"""Where and since when: an outcome worse in one place than in the rest of the company.

Reference: the conditional binomial model of a rate ratio given each stratum's events
(Breslow & Day 1980, vol. 1, ch. 4.4), checked here against statsmodels' Mantel–Haenszel
estimate of the same common odds ratio for rare events, and by simulation: planted local
changes are found with their place and start; healthy companies with seasonality and a
place that is always worse raise no alarm beyond the false-discovery rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from totalquality.connect._localize import LocalChanges


def _company(seed: int, *, plant: bool, n: int = 12_000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = pd.Timestamp("2025-03-01") + pd.to_timedelta(rng.uniform(0, 365, n), unit="D")
    country = rng.choice(["EE", "PL", "LV", "FI"], n, p=[0.4, 0.3, 0.2, 0.1])
    segment = rng.choice(["consumer", "business"], n, p=[0.7, 0.3])
    season = 1 + 0.5 * np.sin(t.day_of_year.to_numpy() / 365 * 2 * np.pi)
    rate = 0.03 * season * np.where(country == "LV", 2.0, 1.0)  # LV is always worse
    nps = rng.choice([-1.0, 0.0, 1.0], n, p=[0.2, 0.3, 0.5])
    if plant:
        rate = np.where((country == "PL") & (t >= pd.Timestamp("2025-10-01")), rate * 3, rate)
        hit = (segment == "business") & (t >= pd.Timestamp("2025-09-01")) & (rng.random(n) < 0.35)
        nps = np.where(hit, -1.0, nps)
    nps = np.where(rng.random(n) < 0.5, np.nan, nps)
    return pd.DataFrame(
        {
            "t": t,
            "country": country,
            "segment": segment,
            "complaint": (rng.random(n) < rate).astype(float),
            "nps": nps,
        }
    )


def _fit(frame: pd.DataFrame) -> pd.DataFrame:
    res = LocalChanges(min_shift={"nps": 0.1}).fit(
        frame,
        time="t",
        dimensions=["country", "segment"],
        rates=["complaint"],
        means={"nps": "down"},
    )
    return res.result_.significant()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_local_changes_are_found_with_their_place_and_start(seed: int) -> None:
    found = _fit(_company(seed, plant=True))
    claims = {(r.outcome, r.dimension, r.value) for r in found.itertuples()}
    assert claims == {("complaint", "country", "PL"), ("nps", "segment", "business")}
    pl = found[found["value"] == "PL"].iloc[0]
    assert pl["end"] is None and pl["change"] > 1.5
    assert pd.Timestamp("2025-07-01") <= pd.Timestamp(pl["start"]) <= pd.Timestamp("2025-10-10")
    business = found[found["value"] == "business"].iloc[0]
    assert abs(pd.Timestamp(business["start"]) - pd.Timestamp("2025-09-01")).days <= 14


def test_the_mirror_images_of_a_change_are_explained_away() -> None:
    """PL worse from October makes every other country relatively better from October."""
    res = LocalChanges().fit(
        _company(0, plant=True), time="t", dimensions=["country"], rates=["complaint"]
    )
    tests = res.result_.tests
    kept = tests[tests["significant"]]
    assert list(kept["value"]) == ["PL"]
    mirrors = tests[(tests["q_value"] <= 0.05) & ~tests["significant"]]
    assert mirrors["explained_by"].notna().all()


def test_healthy_companies_with_seasonality_and_a_worse_place_raise_few_alarms() -> None:
    claims = [len(_fit(_company(100 + s, plant=False, n=6000))) for s in range(40)]
    # every test of a company is corrected together at a 5 % false-discovery rate
    assert sum(c > 0 for c in claims) <= 4, claims


def test_the_rate_ratio_agrees_with_the_mantel_haenszel_estimate() -> None:
    from statsmodels.stats.contingency_tables import StratifiedTable

    from totalquality.connect._localize import _ConditionalBinomial

    rng = np.random.default_rng(5)
    n = rng.integers(50, 400, size=(1, 30)).astype(float)
    nr = rng.integers(200, 900, size=(1, 30)).astype(float)
    k = rng.binomial(n.astype(int), 0.02 * 2.0).astype(float)
    kr = rng.binomial(nr.astype(int), 0.02).astype(float)
    lam, _ = _ConditionalBinomial(n, k, nr, kr).solve(np.ones((1, 30), bool))
    tables = [
        np.array([[k[0, w], n[0, w] - k[0, w]], [kr[0, w], nr[0, w] - kr[0, w]]]) for w in range(30)
    ]
    mh = StratifiedTable(tables).oddsratio_pooled
    # for rare events the rate ratio and the odds ratio agree to a few per cent
    assert np.exp(lam[0, 0]) == pytest.approx(mh, rel=0.05)
