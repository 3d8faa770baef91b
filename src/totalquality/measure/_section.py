"""Section runners of the measure step for whole workspaces.

* :func:`run_section` → "satisfaction": NPS, CSAT and CES overall, per segment,
  country, language and product, per period, trends with significance-aware
  flags, change points (finding ``segment_decline``) and comparisons with
  user-supplied targets/benchmarks (finding ``score_below_benchmark``).
* :func:`run_requirements_section` → "requirements": Kano (with the shift of
  categories over time: finding ``emerging_requirement`` for a requirement that
  becomes must-be), perception − expectation gaps (``requirement_gap``), the
  importance–performance grid, key drivers of NPS/CSAT and must-be requirements
  that are not met (``unmet_basic_requirement``).

Both degrade gracefully: they run what the available tables allow and list what
is missing.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InsufficientDataError, SmallSampleWarning, TotalQualityError
from .._findings import Finding
from .._section import SectionResult
from .._stats import bh_adjust, proportion_difference
from .._tables import TableSource
from ._benchmarking import compare_groups_with_value, compare_scores
from ._common import timestamps
from ._drivers import KeyDriverAnalysis
from ._gaps import GapAnalysis, importance_performance
from ._kano import KanoAnalysis
from ._plots_satisfaction import (
    driver_bars_figure,
    ipa_figure,
    kano_map_figure,
    score_trend_figure,
)
from ._scores import ces, change_points, csat, grouped_scores, nps, score_trend

GROUP_COLUMNS = ("segment", "country", "language", "product_id")
_METRIC_LABEL = {"nps": "NPS", "csat": "CSAT", "ces": "CES", "csat_mean": "mean CSAT"}


def _response_frame(tables: TableSource) -> pd.DataFrame:
    """Responses with the customer's segment, country and language joined on."""
    r = tables.pandas("responses").copy()
    r["answered_at"] = timestamps(r["answered_at"])
    r = r[r["answered_at"].notna()]
    if tables.has("customers") and "customer_id" in r.columns:
        c = tables.pandas("customers")
        keep = [k for k in ("customer_id", "segment", "country", "language") if k in c.columns]
        c = c[keep].drop_duplicates("customer_id").rename(columns={"language": "customer_language"})
        r = r.merge(c, on="customer_id", how="left")
        if "customer_language" in r.columns:
            if "language" in r.columns:
                r["language"] = r["language"].fillna(r["customer_language"])
            else:
                r["language"] = r["customer_language"]
            r = r.drop(columns=["customer_language"])
    for col in ("nps", "csat", "ces"):
        if col in r.columns:
            r[col] = pd.to_numeric(r[col], errors="coerce")
    return r


def _records(df: pd.DataFrame, drop: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    out = df.drop(columns=[c for c in drop if c in df.columns])
    return out.to_dict(orient="records")  # type: ignore[return-value]


def _finish(
    name: str,
    t0: float,
    timings: dict[str, float],
    warn: list[str],
    summary: dict[str, Any],
    results: dict[str, Any],
    findings: list[Finding],
    figures: dict[str, dict[str, Any]],
    missing: tuple[str, ...],
) -> SectionResult:
    """The section's result, with its total time and each warning once."""
    timings["total"] = time.perf_counter() - t0
    return SectionResult(
        name=name,
        summary=summary,
        results=results,
        findings=tuple(findings),
        warnings=tuple(dict.fromkeys(warn)),
        figures=figures,
        missing_tables=missing,
        timings=timings,
    )


def _month(ts: Any) -> str:
    return pd.Timestamp(ts).strftime("%Y-%m")


# ---------------------------------------------------------------------------------------------
# satisfaction
# ---------------------------------------------------------------------------------------------


def run_section(
    tables: TableSource,
    *,
    by: tuple[str, ...] | None = None,
    period: str = "month",
    decline_by: str = "segment",
    targets: Mapping[str, float] | None = None,
    benchmarks: Mapping[str, float] | None = None,
    nps_method: str = "adjusted_wald",
    alpha: float = 0.05,
    level: float = 0.95,
    min_n: int = 30,
    **_: Any,
) -> SectionResult:
    """Customer scores for a whole workspace (section "satisfaction").

    ``targets``/``benchmarks`` map a metric (``nps`` on −1…1, ``csat`` top-2-box
    share, ``csat_mean``, ``ces``, ``ces_easy``) to the value to compare with.
    """
    name = "satisfaction"
    if not tables.has("responses"):
        return SectionResult(
            name=name,
            missing_tables=("responses",),
            warnings=("no survey responses: customer scores cannot be computed",),
        )
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    frame = _response_frame(tables)
    missing = tuple(t for t in ("customers",) if not tables.has(t))
    metrics = [m for m in ("nps", "csat", "ces") if m in frame.columns and frame[m].notna().any()]
    if not metrics:
        return SectionResult(
            name=name,
            missing_tables=missing,
            warnings=("the responses carry no nps, csat or ces answers",),
        )
    warn: list[str] = []
    results: dict[str, Any] = {"period": period, "nps_scale": "-1..1 (x100 for points)"}
    summary: dict[str, Any] = {"responses": len(frame)}
    figures: dict[str, dict[str, Any]] = {}
    findings: list[Finding] = []

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SmallSampleWarning)
        overall: dict[str, Any] = {}
        if "nps" in metrics:
            overall["nps"] = nps(frame["nps"].dropna(), method=nps_method, level=level)  # type: ignore[arg-type]
        if "csat" in metrics:
            c = csat(frame["csat"].dropna(), level=level)
            overall["csat"], overall["csat_mean"] = c["share"], c["mean"]
        if "ces" in metrics:
            c = ces(frame["ces"].dropna(), level=level)
            overall["ces"], overall["ces_easy"] = c["mean"], c["easy"]
        results["overall"] = {k: v.to_dict() for k, v in overall.items()}
        for k, v in overall.items():
            summary[k] = v.estimate
            summary[f"{k}_ci"] = [v.ci_low, v.ci_high]
            summary[f"{k}_n"] = v.n
        timings["overall"] = time.perf_counter() - t0

        t1 = time.perf_counter()
        dims = [d for d in (by or GROUP_COLUMNS) if d in frame.columns and frame[d].notna().any()]
        opts = {"nps_method": nps_method, "level": level, "min_n": min_n}
        grouped: dict[str, pd.DataFrame] = {}
        for d in dims:
            grouped[d] = grouped_scores(frame, d, **opts)  # type: ignore[arg-type]
            results[f"by_{d}"] = _records(grouped[d])
        per_period = grouped_scores(frame, None, period=period, **opts)  # type: ignore[arg-type]
        results["by_period"] = _records(per_period)
        timings["grouped"] = time.perf_counter() - t1

        t2 = time.perf_counter()
        trend_key = (
            decline_by if decline_by in frame.columns and frame[decline_by].notna().any() else None
        )
        trends: dict[str, Any] = {}
        cps: dict[str, pd.DataFrame] = {}
        for m in ("nps", "csat"):
            if m not in metrics:
                continue
            try:
                tr = score_trend(frame, m, trend_key, period=period, alpha=alpha, level=level)  # type: ignore[arg-type]
            except InsufficientDataError as exc:
                warn.append(f"{m} trend: {exc}")
                continue
            trends[m] = tr
            results[f"trend_{m}"] = _records(tr.table)
            results[f"slopes_{m}"] = _records(tr.slopes)
            if trend_key is not None:
                try:
                    cps[m] = change_points(frame, m, trend_key, period=period, alpha=alpha)  # type: ignore[arg-type]
                    results[f"change_points_{m}"] = _records(cps[m])
                except InsufficientDataError as exc:
                    warn.append(f"{m} change points: {exc}")
        timings["trends"] = time.perf_counter() - t2
    warn.extend(dict.fromkeys(str(w.message) for w in caught))

    # figures
    if "nps" in per_period.columns:
        figures["nps_trend"] = score_trend_figure(per_period, "nps", title="NPS by " + period)
    if "nps" in trends and trend_key is not None:
        figures[f"nps_trend_by_{trend_key}"] = score_trend_figure(
            trends["nps"].table,
            "nps",
            trend_key,
            title=f"NPS by {trend_key} and {period} (band: 95 % interval; x: significant change)",
            flags=trends["nps"].table,
        )
    if "csat" in per_period.columns:
        figures["csat_trend"] = score_trend_figure(
            per_period, "csat", title="CSAT (top-2-box share)"
        )

    # segment_decline findings
    if trend_key is not None and cps:
        findings.extend(_decline_findings(frame, tables, trend_key, cps, trends, period))
        summary["declining_" + trend_key] = sorted({f.subject_id for f in findings})

    # benchmark comparisons
    comparisons: dict[str, Any] = {}
    for kind, values in (("target", targets or {}), ("benchmark", benchmarks or {})):
        for metric, value in values.items():
            if metric not in overall:
                warn.append(f"{kind} for {metric!r} ignored: no such score in the data")
                continue
            comp = compare_scores(overall[metric], **{kind: value})[kind]
            comparisons[f"{kind}_{metric}"] = comp.to_dict()
            group_rows: list[dict[str, Any]] = []
            if trend_key is not None and trend_key in grouped:
                gcomp = compare_groups_with_value(grouped[trend_key], metric, value, reference=kind)
                group_rows = _records(
                    gcomp[
                        [
                            trend_key,
                            metric,
                            "difference",
                            "difference_ci_low",
                            "difference_ci_high",
                            "p_value",
                            "verdict",
                        ]
                    ]
                )
                comparisons[f"{kind}_{metric}_by_{trend_key}"] = group_rows
            if comp.verdict == "below":
                findings.append(_benchmark_finding(metric, kind, comp, None, len(frame)))
            for row in group_rows:
                if row["verdict"] == "below" and comp.verdict != "below" and trend_key:
                    findings.append(
                        _benchmark_finding(metric, kind, comp, (trend_key, row), len(frame))
                    )
    if comparisons:
        results["comparisons"] = comparisons
    return _finish(name, t0, timings, warn, summary, results, findings, figures, missing)


def _decline_findings(
    frame: pd.DataFrame,
    tables: TableSource,
    key: str,
    cps: dict[str, pd.DataFrame],
    trends: dict[str, Any],
    period: str,
) -> list[Finding]:
    out: list[Finding] = []
    declines: dict[str, dict[str, Any]] = {}
    for m, cp in cps.items():
        for row in cp[cp["direction"] == "significant decline"].to_dict(orient="records"):
            declines.setdefault(str(row[key]), {})[m] = row
    customers = None
    if tables.has("customers"):
        cust = tables.pandas("customers")
        if key in cust.columns:
            customers = cust.groupby(key)["customer_id"].nunique()
    for seg, by_metric in sorted(declines.items()):
        lead_metric = "nps" if "nps" in by_metric else next(iter(by_metric))
        lead = by_metric[lead_metric]
        since = pd.Timestamp(lead["since"])
        change = float(lead["change"])
        if lead_metric == "nps":
            what = f"NPS fell by {abs(change) * 100:.0f} points"
        else:
            what = f"{_METRIC_LABEL.get(lead_metric, lead_metric)} fell by {abs(change) * 100:.0f} percentage points"
        flagged = trends[lead_metric].table
        flagged = flagged[
            (flagged[key].astype(str) == seg) & (flagged["flag"] == "significant decline")
        ]
        evidence: dict[str, Any] = {
            "metric": lead_metric,
            "since": since.date().isoformat(),
            "before": float(lead["before"]),
            "after": float(lead["after"]),
            "change": change,
            "p_value": float(lead["p_value"]),
            "q_value": float(lead["q_value"]),
            "n_before": int(lead["n_before"]),
            "n_after": int(lead["n_after"]),
            "test": "two-sample Wald test at the best split, Bonferroni over splits, BH across "
            + key,
            "periods_flagged_vs_baseline": [_month(p) for p in flagged["period"]],
            "other_metrics": {
                m: {
                    "change": float(r["change"]),
                    "since": pd.Timestamp(r["since"]).date().isoformat(),
                    "q_value": float(r["q_value"]),
                }
                for m, r in by_metric.items()
                if m != lead_metric
            },
        }
        seg_rows = frame[(frame[key].astype(str) == seg) & (frame["answered_at"] >= since)]
        impact: dict[str, Any] = {"responses": len(seg_rows)}
        if customers is not None and seg in customers.index:
            impact["customers"] = int(customers.loc[seg])
        elif "customer_id" in frame.columns:
            impact["customers"] = int(
                frame.loc[frame[key].astype(str) == seg, "customer_id"].nunique()
            )
        out.append(
            Finding(
                kind="segment_decline",
                subject_type="segment"
                if key == "segment"
                else ("product" if key == "product_id" else "segment"),
                subject_id=seg,
                title=f"{what} for {key} '{seg}' since {_month(since)}",
                action=(
                    f"Find out what changed for '{seg}' customers around {_month(since)}: read their "
                    "comments and complaints from then, and ask a sample of detractors"
                ),
                evidence=evidence,
                impact=impact,
                confidence=float(np.clip(1 - lead["q_value"], 0, 1)),
                severity=float(
                    np.clip(abs(change) / (0.5 if lead_metric == "nps" else 0.25), 0.1, 1)
                ),
                source="satisfaction",
                significant=True,
                related={key: seg},
            )
        )
    return out


def _benchmark_finding(
    metric: str, kind: str, comp: Any, group: tuple[str, dict[str, Any]] | None, n: int
) -> Finding:
    label = _METRIC_LABEL.get(metric, metric)
    if group is None:
        subject_type, subject_id, est = "segment", "all", comp.estimate
        diff, lo, hi, p = comp.difference, comp.ci_low, comp.ci_high, comp.p_value
        who = "overall"
    else:
        key, row = group
        subject_type = "product" if key == "product_id" else "segment"
        subject_id, est = str(row[key]), row[metric]
        diff, lo, hi, p = (
            row["difference"],
            row["difference_ci_low"],
            row["difference_ci_high"],
            row["p_value"],
        )
        who = f"for {key} '{subject_id}'"
    return Finding(
        kind="score_below_benchmark",
        subject_type=subject_type,
        subject_id=subject_id,
        title=f"{label} {who} is below the {kind} ({est:.3g} vs {comp.value:.3g})",
        action=f"Close the gap to the {kind}: start with the requirements that drive {label}",
        evidence={
            "metric": metric,
            "reference": kind,
            "value": comp.value,
            "estimate": est,
            "difference": diff,
            "ci_low": lo,
            "ci_high": hi,
            "p_value": p,
        },
        impact={"responses": n},
        confidence=float(np.clip(1 - p, 0, 1)),
        severity=float(np.clip(abs(diff) / (0.3 if metric == "nps" else 0.2), 0.1, 1)),
        source="satisfaction",
        significant=True,
    )


# ---------------------------------------------------------------------------------------------
# requirements
# ---------------------------------------------------------------------------------------------


def _answer_frame(tables: TableSource) -> pd.DataFrame:
    """Answers with item kind, requirement, scale, and the response's time and scores."""
    a = tables.pandas("answers")[["response_id", "item_id", "value"]].copy()
    items = tables.pandas("items")
    keep = [
        c for c in ("item_id", "kind", "requirement_id", "scale_min", "scale_max") if c in items
    ]
    a = a.merge(items[keep], on="item_id", how="inner")
    a["value"] = pd.to_numeric(a["value"], errors="coerce")
    if tables.has("responses"):
        r = _response_frame(tables)
        cols = [c for c in ("response_id", "answered_at", "nps", "csat", "segment") if c in r]
        a = a.merge(r[cols], on="response_id", how="left")
    return a


def _wide(a: pd.DataFrame, kinds: tuple[str, ...]) -> pd.DataFrame:
    """One row per response and requirement, one column per item kind."""
    sub = a[a["kind"].isin(kinds) & a["requirement_id"].notna() & a["value"].notna()]
    if sub.empty:
        return pd.DataFrame()
    w = sub.pivot_table(
        index=["response_id", "requirement_id"], columns="kind", values="value", aggfunc="first"
    )
    w.columns.name = None
    w = w.reset_index()
    extra = [c for c in ("answered_at", "nps", "csat", "segment") if c in a.columns]
    if extra:
        w = w.merge(
            a.drop_duplicates("response_id")[["response_id", *extra]], on="response_id", how="left"
        )
    return w


def _scale_of(a: pd.DataFrame, kind: str) -> tuple[float, float] | None:
    s = a[a["kind"] == kind]
    if s.empty or "scale_min" not in s or s["scale_min"].isna().all():
        return None
    return float(pd.to_numeric(s["scale_min"]).min()), float(pd.to_numeric(s["scale_max"]).max())


def run_requirements_section(
    tables: TableSource,
    *,
    target: str = "nps",
    period: str = "month",
    alpha: float = 0.05,
    level: float = 0.95,
    n_boot: int = 1000,
    random_state: int = 0,
    ipa_crosshairs: str | tuple[float, float] = "mean",
    points: Mapping[str, float] | None = None,
    min_n: int = 30,
    **_: Any,
) -> SectionResult:
    """Kano, gaps, importance–performance and key drivers (section "requirements")."""
    name = "requirements"
    need = ("items", "answers")
    missing = tuple(t for t in (*need, "requirements", "responses") if not tables.has(t))
    if any(not tables.has(t) for t in need):
        return SectionResult(
            name=name,
            missing_tables=missing,
            warnings=("no survey items/answers: requirement analyses cannot run",),
        )
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    a = _answer_frame(tables)
    names: dict[str, str] = {}
    dims: dict[str, str] = {}
    if tables.has("requirements"):
        req = tables.pandas("requirements")
        names = dict(zip(req["requirement_id"].astype(str), req["name"].astype(str), strict=True))
        if "dimension" in req:
            dims = {
                str(k): str(v)
                for k, v in zip(req["requirement_id"], req["dimension"], strict=True)
                if pd.notna(v)
            }
    results: dict[str, Any] = {"requirement_names": names}
    summary: dict[str, Any] = {}
    figures: dict[str, dict[str, Any]] = {}
    warn: list[str] = []
    kano_res = gap_res = driver_res = ipa_res = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SmallSampleWarning)
        # Kano
        kw = _wide(a, ("kano_functional", "kano_dysfunctional", "importance"))
        if {"kano_functional", "kano_dysfunctional"} <= set(kw.columns):
            kdata = kw.dropna(subset=["kano_functional", "kano_dysfunctional"])
            has_time = "answered_at" in kdata and kdata["answered_at"].notna().any()
            try:
                kano = KanoAnalysis(alpha=alpha, min_n=min_n).fit(
                    kdata,
                    requirement="requirement_id",
                    functional="kano_functional",
                    dysfunctional="kano_dysfunctional",
                    importance="importance"
                    if "importance" in kdata and kdata["importance"].notna().any()
                    else None,
                    by="segment" if "segment" in kdata and kdata["segment"].notna().any() else None,
                    time_column="answered_at" if has_time else None,
                    period=period if has_time else None,
                )
                kano_res = kano.result_
                results["kano"] = _records(kano_res.table)
                if kano_res.by_group is not None:
                    results["kano_by_segment"] = _records(kano_res.by_group)
                if kano_res.by_period is not None:
                    results["kano_by_period"] = _records(kano_res.by_period)
                if kano_res.shifts is not None:
                    results["kano_shifts"] = _records(kano_res.shifts)
                summary["kano"] = dict(
                    zip(kano_res.table["requirement"], kano_res.table["category_rule"], strict=True)
                )
                figures["kano_map"] = kano_map_figure(kano_res.table, names)
            except TotalQualityError as exc:
                warn.append(f"Kano: {exc}")
        timings["kano"] = time.perf_counter() - t0

        # gaps
        t1 = time.perf_counter()
        gw = _wide(a, ("expectation", "perception", "importance"))
        if {"expectation", "perception"} <= set(gw.columns):
            gdata = gw.dropna(subset=["expectation", "perception"]).copy()
            gdata["dimension"] = gdata["requirement_id"].astype(str).map(dims)
            try:
                gap = GapAnalysis(level=level, min_n=min_n).fit(
                    gdata,
                    respondent="response_id",
                    requirement="requirement_id",
                    dimension="dimension" if gdata["dimension"].notna().any() else None,
                    importance="importance"
                    if "importance" in gdata and gdata["importance"].notna().any()
                    else None,
                    points=points,
                )
                gap_res = gap.result_
                results["gaps"] = _records(gap_res.requirements)
                if gap_res.dimensions is not None:
                    results["gap_dimensions"] = _records(gap_res.dimensions)
                results["servqual"] = gap_res.servqual
                summary["servqual"] = gap_res.servqual
            except TotalQualityError as exc:
                warn.append(f"gaps: {exc}")
        timings["gaps"] = time.perf_counter() - t1

        # key drivers: outcome per response vs perception (or rating) per requirement
        t2 = time.perf_counter()
        perf_kind = (
            "perception"
            if (a["kind"] == "perception").any()
            else ("rating" if (a["kind"] == "rating").any() else None)
        )
        if perf_kind is not None and target in a.columns:
            pw = _wide(a, (perf_kind,))
            X = pw.pivot_table(
                index="response_id", columns="requirement_id", values=perf_kind, aggfunc="first"
            )
            y = a.drop_duplicates("response_id").set_index("response_id")[target].reindex(X.index)
            complete = X.notna().all(axis=1) & y.notna()
            if complete.sum() < 0.5 * len(X):
                warn.append(
                    f"key drivers: only {int(complete.sum())} of {len(X)} responses rate every "
                    "requirement and give the outcome (listwise deletion)"
                )
            try:
                drv = KeyDriverAnalysis(n_boot=n_boot, level=level, random_state=random_state).fit(
                    X, y.rename(target)
                )
                driver_res = drv.result_
                results["drivers"] = {
                    "target": target,
                    "r2": driver_res.r2,
                    "n": driver_res.n,
                    "drivers": _records(driver_res.table),
                }
                figures["drivers"] = driver_bars_figure(
                    driver_res.table, "lmg", names, target.upper()
                )
            except TotalQualityError as exc:
                warn.append(f"key drivers: {exc}")
        timings["drivers"] = time.perf_counter() - t2

        # importance–performance
        t3 = time.perf_counter()
        if perf_kind is not None:
            perf = a[a["kind"] == perf_kind].groupby("requirement_id")["value"].mean()
            imp_stated = a[a["kind"] == "importance"].groupby("requirement_id")["value"].mean()
            if not imp_stated.empty:
                imp, imp_source = imp_stated, "stated importance (mean)"
            elif driver_res is not None:
                imp = (
                    driver_res.table.set_index("driver")["lmg_pct"]
                    if "lmg_pct" in driver_res.table
                    else driver_res.table.set_index("driver")["johnson_pct"]
                )
                imp_source = f"derived importance (% of R² of {target})"
            else:
                imp = None
            if imp is not None:
                ipa_df = pd.DataFrame({"importance": imp, "performance": perf}).dropna()
                ipa_df.index.name = "requirement"
                try:
                    scale = _scale_of(a, perf_kind)
                    ipa_res = importance_performance(
                        ipa_df.reset_index(), crosshairs=ipa_crosshairs, scale=scale
                    )
                    results["ipa"] = {
                        "importance_source": imp_source,
                        "crosshairs": ipa_res.crosshairs,
                        "importance_crosshair": ipa_res.importance_crosshair,
                        "performance_crosshair": ipa_res.performance_crosshair,
                        "table": _records(ipa_res.table),
                    }
                    figures["ipa"] = ipa_figure(
                        ipa_res.table,
                        ipa_res.importance_crosshair,
                        ipa_res.performance_crosshair,
                        names,
                    )
                except TotalQualityError as exc:
                    warn.append(f"IPA: {exc}")
        timings["ipa"] = time.perf_counter() - t3
    warn.extend(dict.fromkeys(str(w.message) for w in caught))

    findings = _requirement_findings(
        a, kano_res, gap_res, ipa_res, driver_res, names, perf_kind, alpha
    )
    return _finish(name, t0, timings, warn, summary, results, findings, figures, missing)


def _requirement_findings(
    a: pd.DataFrame,
    kano: Any,
    gap: Any,
    ipa: Any,
    drivers: Any,
    names: dict[str, str],
    perf_kind: str | None,
    alpha: float,
) -> list[Finding]:
    out: list[Finding] = []
    kano_cat: dict[str, str] = {}
    shifted: dict[str, dict[str, Any]] = {}
    if kano is not None:
        kano_cat = dict(
            zip(kano.table["requirement"].astype(str), kano.table["category_rule"], strict=True)
        )
        if kano.shifts is not None:
            for row in kano.shifts.to_dict(orient="records"):
                if row["significant"]:
                    shifted[str(row["requirement"])] = row
    gaps: dict[str, dict[str, Any]] = {}
    if gap is not None:
        gaps = {str(r["requirement"]): r for r in gap.requirements.to_dict(orient="records")}
        q = gap.requirements["q_value"].to_numpy(float)
        for r, qq in zip(gaps.values(), q, strict=True):
            r["q_value"] = qq
    quadrant: dict[str, str] = {}
    if ipa is not None:
        quadrant = dict(zip(ipa.table["name"].astype(str), ipa.table["quadrant"], strict=True))
    weights: dict[str, float] = {}
    if drivers is not None and "lmg_pct" in drivers.table:
        weights = dict(
            zip(drivers.table["driver"].astype(str), drivers.table["lmg_pct"], strict=True)
        )
    respondents = (
        a.groupby("requirement_id")["response_id"].nunique()
        if not a.empty
        else pd.Series(dtype=int)
    )
    detractor_signal = _detractor_signal(a, perf_kind)

    # emerging: a requirement whose Kano category shifted significantly
    for req, row in sorted(shifted.items()):
        label = names.get(req, req)
        since = pd.Timestamp(row["split_at"])
        becomes_basic = row["after"] in ("M", "O")
        out.append(
            Finding(
                kind="emerging_requirement",
                subject_type="requirement",
                subject_id=req,
                title=f"'{label}' moved from Kano category {row['before']} to {row['after']} from {_month(since)}",
                action=(
                    f"Treat '{label}' as {'a basic requirement' if row['after'] == 'M' else 'an expected feature'}: "
                    "plan it into products and check that current products meet it"
                    if becomes_basic
                    else f"Re-check the role of '{label}' for customers"
                ),
                evidence={
                    "kano_shift": f"{row['before']}→{row['after']}",
                    "since": since.date().isoformat(),
                    "chi2": row["split_chi2"],
                    "p_value": row["split_p"],
                    "q_value": row["split_q"],
                    "test": "χ² of category counts before vs after the best split, Bonferroni over "
                    "splits, BH across requirements",
                },
                impact={"respondents": int(respondents.get(req, 0))},
                confidence=float(np.clip(1 - row["split_q"], 0, 1)),
                severity=0.7 if row["after"] == "M" else 0.5,
                source="kano",
                significant=True,
                related={"requirement": req},
            )
        )

    for req in sorted(set(kano_cat) | set(gaps)):
        label = names.get(req, req)
        cat = kano_cat.get(req)
        shift = shifted.get(req)
        now_basic = cat == "M" or (shift is not None and shift["after"] == "M")
        g = gaps.get(req)
        shortfall = g is not None and g["ci_high"] < 0 and g["q_value"] < alpha
        det = detractor_signal.get(req)
        # "many detractors": a sizable group rates it poorly and most of them are detractors
        many_detractors = (
            det is not None
            and det["p_value"] < alpha
            and det["difference"] > 0
            and det["p1"] >= 0.5
            and det["low_share"] >= 0.15
        )
        evidence: dict[str, Any] = {"kano_category": cat}
        if shift is not None:
            evidence["kano_shift"] = f"{shift['before']}→{shift['after']}"
            evidence["since"] = pd.Timestamp(shift["split_at"]).date().isoformat()
        if g is not None:
            evidence.update(
                gap=g["gap"],
                gap_ci=[g["ci_low"], g["ci_high"]],
                gap_q_value=g["q_value"],
                expectation=g["expectation"],
                perception=g["perception"],
                n=int(g["n"]),
                sign_convention="gap = perception − expectation; negative = shortfall",
            )
        if req in quadrant:
            evidence["ipa_quadrant"] = quadrant[req]
        if req in weights:
            evidence["driver_share_pct"] = weights[req]
        if det is not None:
            evidence["detractor_share_low_perception"] = det["p1"]
            evidence["detractor_share_others"] = det["p2"]
            evidence["low_perception_share"] = det["low_share"]
        impact = {"respondents": int(respondents.get(req, 0))}
        if now_basic and (shortfall or many_detractors):
            q = g["q_value"] if shortfall and g is not None else det["p_value"]  # type: ignore[index]
            out.append(
                Finding(
                    kind="unmet_basic_requirement",
                    subject_type="requirement",
                    subject_id=req,
                    title=f"Basic requirement '{label}' is not met"
                    + (f" (gap {g['gap']:+.2f})" if shortfall and g is not None else ""),
                    action=f"Fix '{label}' first: a must-be requirement that falls short only causes dissatisfaction",
                    evidence=evidence,
                    impact=impact,
                    confidence=float(np.clip(1 - q, 0, 1)),
                    severity=0.9,
                    source="kano",
                    significant=True,
                    related={"requirement": req},
                )
            )
        elif shortfall and g is not None:
            concentrate = quadrant.get(req) == "Concentrate here"
            out.append(
                Finding(
                    kind="requirement_gap",
                    subject_type="requirement",
                    subject_id=req,
                    title=f"'{label}' falls short of expectations (gap {g['gap']:+.2f})",
                    action=f"Raise performance on '{label}'"
                    + (
                        " — important and under-performing (IPA: concentrate here)"
                        if concentrate
                        else ""
                    ),
                    evidence=evidence,
                    impact=impact,
                    confidence=float(np.clip(1 - g["q_value"], 0, 1)),
                    severity=float(np.clip(abs(g["gap"]) / 2, 0.1, 1))
                    * (1.0 if concentrate else 0.7),
                    source="gaps",
                    significant=True,
                    related={"requirement": req},
                )
            )
    return out


def _detractor_signal(a: pd.DataFrame, perf_kind: str | None) -> dict[str, dict[str, Any]]:
    """Per requirement: detractor share among respondents rating it low vs the others."""
    if perf_kind is None or "nps" not in a.columns:
        return {}
    sub = a[(a["kind"] == perf_kind) & a["nps"].notna() & a["value"].notna()].copy()
    if sub.empty:
        return {}
    lo_scale = pd.to_numeric(sub.get("scale_min"), errors="coerce")
    hi_scale = pd.to_numeric(sub.get("scale_max"), errors="coerce")
    mid = ((lo_scale + hi_scale) / 2).fillna(
        sub.groupby("requirement_id")["value"].transform("median")
    )
    sub["low"] = sub["value"] < mid
    sub["det"] = sub["nps"] <= 6
    agg = (
        sub.groupby(["requirement_id", "low"])["det"]
        .agg(["sum", "count"])
        .unstack("low", fill_value=0)
    )
    out: dict[str, dict[str, Any]] = {}
    for req, row in agg.iterrows():
        try:
            x1, n1 = row[("sum", True)], row[("count", True)]
            x2, n2 = row[("sum", False)], row[("count", False)]
        except KeyError:
            continue
        if n1 < 10 or n2 < 10:
            continue
        d = proportion_difference(x1, n1, x2, n2)
        out[str(req)] = {
            "p1": d.p1,
            "p2": d.p2,
            "difference": d.difference,
            "p_value": d.p_value,
            "low_share": float(n1 / (n1 + n2)),
        }
    # BH across requirements
    q = bh_adjust([v["p_value"] for v in out.values()])
    for v, qq in zip(out.values(), q, strict=True):
        v["p_value"] = float(qq)
    return out
