"""Growth vs quality: does a stage's first-pass yield fall as its load grows?

Per stage and week: load = units inspected, failures = inspected − passed first
time. A quasi-binomial GLM of the failure rate on load (overdispersion is the
rule in real weekly yields; ignoring it gives false alarms) tests whether quality
degrades with volume; Benjamini–Hochberg controls the false-discovery rate over
stages. For a flagged stage a hinge model, logit(p) = a + b·max(0, load − t),
locates the load ``t`` at which the degradation starts.
"""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm

from .._base import Analysis, Result
from .._errors import InputError
from .._stats import bh_adjust


@dataclass(frozen=True)
class StageStrain(Result):
    stage_id: str
    weeks: int
    slope_per_100_units: float
    p_value: float
    q_value: float
    significant: bool
    start_load: float | None
    fpy_below: float | None
    fpy_above: float | None
    weeks_above: int
    units_above: int
    max_load: float


@dataclass(frozen=True)
class GrowthResult(Result):
    stages: tuple[StageStrain, ...]
    weekly: pd.DataFrame
    alpha: float
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def flagged(self) -> list[StageStrain]:
        return [s for s in self.stages if s.significant]


class GrowthQuality(Analysis):
    """Flag stages whose first-pass yield degrades as volume grows.

    Parameters
    ----------
    period : pandas offset alias for the load period ("W" weekly by default).
    alpha : false-discovery rate over stages.
    min_periods : fewest periods a stage needs to be tested.
    """

    required_tables = ("inspections",)

    def __init__(self, period: str = "W", alpha: float = 0.05, min_periods: int = 8) -> None:
        self.period = period
        self.alpha = alpha
        self.min_periods = min_periods

    def fit(self, inspections: pd.DataFrame) -> GrowthQuality:
        for col in ("stage_id", "inspected_at", "inspected", "passed_first_time"):
            if col not in inspections.columns:
                raise InputError(f"inspections needs the column {col!r}")
        df = inspections.assign(
            stage_id=inspections["stage_id"].astype(str),
            t=pd.to_datetime(inspections["inspected_at"], utc=True).dt.tz_convert(None),
        )
        df["period"] = df["t"].dt.to_period(self.period).dt.start_time
        weekly = df.groupby(["stage_id", "period"], as_index=False).agg(
            load=("inspected", "sum"), passed=("passed_first_time", "sum")
        )
        weekly["failures"] = weekly["load"] - weekly["passed"]
        weekly["fpy"] = weekly["passed"] / weekly["load"].where(weekly["load"] > 0)
        notes: list[str] = []
        # The first and last periods are usually partial: they would fake low loads.
        first, last = weekly["period"].min(), weekly["period"].max()
        weekly = weekly[(weekly["period"] > first) & (weekly["period"] < last)]
        rows = []
        for stage, grp in weekly.groupby("stage_id"):
            grp = grp[grp["load"] > 0]
            if len(grp) < self.min_periods:
                notes.append(f"stage {stage}: only {len(grp)} periods, not tested")
                continue
            rows.append(self._fit_stage(str(stage), grp))
        q = bh_adjust([r["p_value"] for r in rows]) if rows else np.array([])
        stages = []
        for r, qv in zip(rows, q, strict=True):
            significant = bool(qv <= self.alpha and r["slope"] > 0)
            start = r["start_load"] if significant else None
            stages.append(
                StageStrain(
                    stage_id=r["stage_id"],
                    weeks=r["weeks"],
                    slope_per_100_units=float(r["slope"] * 100),
                    p_value=float(r["p_value"]),
                    q_value=float(qv),
                    significant=significant,
                    start_load=start,
                    fpy_below=r["fpy_below"] if significant else None,
                    fpy_above=r["fpy_above"] if significant else None,
                    weeks_above=r["weeks_above"] if significant else 0,
                    units_above=r["units_above"] if significant else 0,
                    max_load=float(r["max_load"]),
                )
            )
        self.result_ = GrowthResult(
            stages=tuple(sorted(stages, key=lambda s: (not s.significant, s.q_value, s.stage_id))),
            weekly=weekly.reset_index(drop=True),
            alpha=self.alpha,
            warnings=tuple(notes),
        )
        return self

    @staticmethod
    def _fit_stage(stage: str, grp: pd.DataFrame) -> dict:
        load = grp["load"].to_numpy(float)
        fail = grp["failures"].to_numpy(float)
        endog = np.column_stack([fail, load - fail])
        x = sm.add_constant(load)
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            model = sm.GLM(endog, x, family=sm.families.Binomial())
            # quasi-binomial: inflate the variance by the Pearson χ² overdispersion (never
            # below 1). statsmodels' scale="X2" mis-scales two-column binomial data.
            first_fit = model.fit()
            phi = max(1.0, float(first_fit.pearson_chi2 / first_fit.df_resid))
            fit = model.fit(scale=phi)
        slope = float(fit.params[1])
        # one-sided: only a failure rate that rises with load is strain
        p_two = float(fit.pvalues[1])
        p = p_two / 2 if slope > 0 else 1 - p_two / 2
        # where it starts: the load threshold of the best step model,
        # logit(p) = a + b·[load > t], over loads between the 20th and 95th percentiles
        best_t, best_dev = None, np.inf
        for t in np.unique(np.quantile(load, np.linspace(0.2, 0.95, 31))):
            step = (load > t).astype(float)
            if step.sum() < 2 or step.sum() > len(step) - 2:
                continue
            with _warnings.catch_warnings():
                _warnings.simplefilter("ignore")
                try:
                    f = sm.GLM(endog, sm.add_constant(step), family=sm.families.Binomial()).fit()
                except Exception:
                    continue
            if f.params[1] > 0 and f.deviance < best_dev:
                best_t, best_dev = float(t), float(f.deviance)
        above = load > best_t if best_t is not None else np.zeros(len(load), bool)
        fpy = 1 - fail / load
        return {
            "stage_id": stage,
            "weeks": len(grp),
            "slope": slope,
            "p_value": p,
            "start_load": best_t,
            "fpy_below": float(np.average(fpy[~above], weights=load[~above]))
            if (~above).any()
            else None,
            "fpy_above": float(np.average(fpy[above], weights=load[above]))
            if above.any()
            else None,
            "weeks_above": int(above.sum()),
            "units_above": int(load[above].sum()),
            "max_load": float(load.max()),
        }
