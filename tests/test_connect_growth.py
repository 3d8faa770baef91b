"""Growth vs quality: a stage whose yield falls above a load is flagged, a steady one is not."""

import numpy as np
import pandas as pd

from totalquality.connect import GrowthQuality


def _inspections(seed: int, strained: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2026-01-05", periods=52, freq="W-MON", tz="UTC")
    rows = []
    for i, w in enumerate(weeks):
        load = int(150 + (150 * i / 51) + rng.normal(0, 15))  # volume grows over the year
        for stage in ("S1", "S2"):
            p = 0.03
            if strained and stage == "S2" and load > 230:
                p = 0.03 + 0.0008 * (load - 230)
            p = float(np.clip(p * rng.lognormal(0, 0.15), 0, 1))  # overdispersion
            inspected = load
            failed = rng.binomial(inspected, p)
            rows.append((stage, w + pd.Timedelta(days=2), inspected, inspected - failed))
    return pd.DataFrame(
        rows, columns=["stage_id", "inspected_at", "inspected", "passed_first_time"]
    )


def test_strained_stage_is_flagged_with_start_load():
    res = GrowthQuality().fit(_inspections(1, strained=True)).result_
    flagged = {s.stage_id: s for s in res.flagged()}
    assert set(flagged) == {"S2"}
    s2 = flagged["S2"]
    assert 180 <= s2.start_load <= 280
    assert s2.fpy_above < s2.fpy_below


def test_no_strain_no_flag():
    for seed in (2, 3, 4, 5):
        res = GrowthQuality().fit(_inspections(seed, strained=False)).result_
        assert res.flagged() == []
