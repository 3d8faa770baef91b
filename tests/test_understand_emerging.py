"""Emerging topics/terms: a burst is found with the right start; stable timelines stay quiet.

Synthetic weekly timelines (binomial counts). Under no change, the Benjamini–Hochberg procedure
at level q keeps the probability of any false alarm at most q (Benjamini & Hochberg 1995),
and the Bonferroni correction over candidate start weeks is conservative on top of it.
BH q-values are checked against statsmodels' ``multipletests(method="fdr_bh")``.
"""

import datetime as dt

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from totalquality.understand import benjamini_hochberg, detect_bursts, emerging_terms

WEEKS = 52


def _timeline(rng, n_terms, base_share, totals, burst=None):
    counts = rng.binomial(totals[None, :], base_share, size=(n_terms, WEEKS))
    if burst is not None:
        row, start, share = burst
        counts[row, start:] = rng.binomial(totals[start:], share)
    return counts


def test_bh_matches_statsmodels():
    p = np.random.default_rng(1).uniform(size=200) ** 3
    assert np.allclose(benjamini_hochberg(p), multipletests(p, method="fdr_bh")[1])


@pytest.mark.parametrize("seed", range(5))
def test_burst_found_with_its_start(seed):
    rng = np.random.default_rng(seed)
    totals = rng.poisson(60, WEEKS)
    counts = _timeline(rng, 200, 0.01, totals, burst=(7, 39, 0.08))  # 1 % → 8 % from week 39
    res = detect_bursts(counts, totals)
    from totalquality.understand._emerging import _significant

    hits = _significant(res, 0.05, 10, 2)
    assert 7 in hits.index
    assert abs(int(hits.loc[7, "start"]) - 39) <= 1
    assert len(hits) <= 2  # at most one false alarm next to the true burst


def test_stable_timelines_raise_no_false_alarms_beyond_fdr():
    from totalquality.understand._emerging import _significant

    alarms = 0
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        totals = rng.poisson(60, WEEKS)
        shares = rng.uniform(0.002, 0.05, size=(300, 1))
        counts = rng.binomial(totals[None, :], shares)
        alarms += int(len(_significant(detect_bursts(counts, totals), 0.05, 10, 2)) > 0)
    # P(any false alarm) <= 0.05 per timeline; measured: 0 of 20
    assert alarms <= 1


def test_emerging_terms_reports_start_date_and_languages():
    rng = np.random.default_rng(3)
    start = dt.date(2026, 1, 5)
    lemmas, langs, dates = [], [], []
    words = {
        "en": ["battery", "screen", "delivery", "price", "keyboard"],
        "pl": ["bateria", "ekran", "dostawa", "cena", "klawiatura"],
    }
    for week in range(40):
        for lang in ("en", "pl"):
            for i in range(40):
                day = start + dt.timedelta(days=7 * week + int(i % 7))
                doc = [str(rng.choice(words[lang]))]
                if week >= 30 and rng.random() < 0.15:
                    doc.append("usb-c")
                lemmas.append(doc)
                langs.append(lang)
                dates.append(day.isoformat())
    res = emerging_terms(lemmas, langs, dates)
    assert [it.item for it in res.items] == ["usb-c"]
    item = res.items[0]
    assert item.languages == ("en", "pl")
    assert item.start_week == (start + dt.timedelta(weeks=30)).isoformat()
    assert item.started >= item.start_week
    assert item.q_value < 0.05 and item.share_before == 0.0


def test_too_short_history_warns_instead_of_testing():
    res = emerging_terms([["a"]] * 5, ["en"] * 5, ["2026-01-01"] * 5)
    assert res.items == () and res.warnings
