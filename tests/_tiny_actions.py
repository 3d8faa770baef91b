"""The tiny workspace the action tests share: characteristic K1 sits 0.30 off target until
2026-04-01 and 0.05 off after it (a real improvement); K2 alternates 0.1/0.3 off target
throughout (no effect)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

K1 = "process_out_of_control:characteristic:K1"
K2 = "process_out_of_control:characteristic:K2"
START = "2026-04-01"


def build_tiny_workspace(folder: Path) -> Path:
    """Stages, characteristics and daily measurements of K1 (improves) and K2 (does not)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    days = pd.date_range("2026-01-01 08:00", "2026-06-30 08:00", freq="D")
    after = days >= pd.Timestamp(START)
    k1 = 10 + np.where(after, 0.05, 0.30) + rng.normal(0, 0.05, len(days))
    k2 = 10 + np.resize([0.1, 0.3], len(days))
    pd.DataFrame({"stage_id": ["S10"], "name": ["Milling"], "sequence": [10]}).to_csv(
        folder / "stages.csv", index=False
    )
    pd.DataFrame(
        {
            "characteristic_id": ["K1", "K2"],
            "stage_id": "S10",
            "name": ["Bore diameter", "Face depth"],
            "lsl": 9.0,
            "target": 10.0,
            "usl": 11.0,
        }
    ).to_csv(folder / "characteristics.csv", index=False)
    pd.concat(
        [
            pd.DataFrame({"characteristic_id": "K1", "measured_at": days, "value": k1.round(4)}),
            pd.DataFrame({"characteristic_id": "K2", "measured_at": days, "value": k2.round(4)}),
        ]
    ).to_csv(folder / "measurements.csv", index=False, date_format="%Y-%m-%dT%H:%M:%S")
    return folder
