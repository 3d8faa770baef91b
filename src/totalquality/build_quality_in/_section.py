"""The "process" report section: SPC on every characteristic, capability, yield, defects,
suppliers — and the findings they lead to.

What runs depends on the tables the workspace has (each part degrades on its own):

=================  ======================================================================
measurements       control charts of every characteristic (at scale, in the columnar
                   engine); with characteristics also capability
inspections        first-pass yield per stage and period, rolled throughput yield (stages
                   give the flow order)
defects            defect Pareto, overall and per stage
defects, lots,     defect rates of suppliers and supplier lots (traceability)
lot_parts
=================  ======================================================================

**When is a characteristic out of control?** With all eight Nelson rules an in-control
process signals now and then: about 2.4 % of its subgroups are flagged, in episodes (runs
of consecutive flagged points) starting about every 67 subgroups. Flagging every
characteristic that has a flagged point would bury the real problems in false alarms, so a
characteristic is reported as out of control when its number of flagged subgroups is
improbably high for an in-control process of its length. The null rates of the chosen rules
(independent normal subgroup means) are found by simulating the single-chart rules once per
rule set; the flagged count is compound Poisson (episodes × their lengths), its tail taken
from the negative binomial with the same mean and variance; the p-values are adjusted
across characteristics (Benjamini–Hochberg). Every flagged point is still listed.
"""

from __future__ import annotations

import time
import warnings
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from .._errors import TotalQualityWarning
from .._findings import Finding
from .._section import SectionResult
from .._tables import TableSource
from ._at_scale import RULE_DESCRIPTIONS, ControlChartsAtScale, SpcAtScaleResult, parse_rules

#: default phase I: the first third of each characteristic's subgroups (a stable reference
#: period is what the limits should describe; at least 20–25 subgroups, Montgomery)
DEFAULT_PHASE1 = 1.0 / 3.0


def run_section(
    tables: TableSource,
    *,
    rules: str = "nelson",
    phase1: Any = DEFAULT_PHASE1,
    nsigmas: float = 3.0,
    capability_target: float = 1.33,
    fpy_target: float = 0.95,
    period: str = "month",
    alpha: float = 0.05,
    max_charts: int = 6,
    characteristic: str | None = None,
) -> SectionResult:
    """The process section for a whole workspace.

    ``rules``: "nelson", "we" or rule numbers/codes; ``phase1``: the reference period for
    the control limits (see :class:`ControlChartsAtScale`); ``capability_target``: Cpk
    below it is a finding; ``fpy_target``: first-pass yield below it is a finding;
    ``period``: week, month or quarter for trends; ``alpha``: false discovery rate of the
    out-of-control and supplier tests; ``max_charts``: control charts drawn (the worst
    characteristics first); ``characteristic``: chart only this characteristic.
    """
    missing: list[str] = []
    notes: list[str] = []
    findings: list[Finding] = []
    figures: dict[str, dict[str, Any]] = {}
    results: dict[str, Any] = {}
    summary: dict[str, Any] = {}
    timings: dict[str, float] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        if tables.has("measurements"):
            _control(
                tables,
                rules=rules,
                phase1=phase1,
                nsigmas=nsigmas,
                capability_target=capability_target,
                alpha=alpha,
                max_charts=max_charts,
                characteristic=characteristic,
                out=(results, summary, findings, figures, notes),
            )
        else:
            missing.append("measurements")
        timings["control_charts"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        if tables.has("inspections"):
            _yields(tables, fpy_target, period, (results, summary, findings, figures, notes))
        else:
            missing.append("inspections")
        timings["yield"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        if tables.has("defects"):
            _pareto(tables, (results, summary, findings, figures, notes))
            have = [t for t in ("lots", "lot_parts") if tables.has(t)]
            if len(have) == 2:
                _suppliers(tables, alpha, (results, summary, findings, figures, notes))
            else:
                missing.extend(t for t in ("lots", "lot_parts") if t not in have)
        else:
            missing.append("defects")
        timings["defects"] = time.perf_counter() - t0
    # statistical caveats travel with the result; library deprecation notices do not
    notes.extend(str(w.message) for w in caught if issubclass(w.category, TotalQualityWarning))
    return SectionResult(
        name="process",
        summary=summary,
        results=results,
        findings=tuple(findings),
        warnings=tuple(dict.fromkeys(notes)),
        figures=figures,
        missing_tables=tuple(dict.fromkeys(missing)),
        timings=timings,
    )


_Out = tuple[dict[str, Any], dict[str, Any], list[Finding], dict[str, dict[str, Any]], list[str]]


# --------------------------------------------------------------------------- control charts


@lru_cache(maxsize=16)
def null_alarm_rates(codes: tuple[str, ...], nsigmas: float = 3.0) -> tuple[float, float, float]:
    """(flagged points per subgroup, alarm episodes per subgroup, mean squared episode
    length) of an in-control process under the rules ``codes``.

    Simulated once per rule set (400,000 independent standard normal means, fixed seed)
    through the single-chart rules; an episode is a run of consecutive flagged points.
    """
    from ._rules import evaluate_rules

    z = np.random.default_rng(20240601).standard_normal(400_000)
    flags = evaluate_rules(z, codes, nsigmas=nsigmas)
    flagged = np.zeros(len(z), dtype=bool)
    for mask in flags.values():
        flagged |= mask
    starts = np.flatnonzero(flagged & ~np.r_[False, flagged[:-1]])
    ends = np.flatnonzero(flagged & ~np.r_[flagged[1:], False])
    lengths = (ends - starts + 1).astype(float)
    return float(flagged.mean()), len(starts) / len(z), float(np.mean(lengths**2))


def out_of_control_tests(
    summary: pd.DataFrame, codes: tuple[str, ...], nsigmas: float
) -> pd.DataFrame:
    """Flagged points, their null mean and variance, p-value and BH q-value per characteristic.

    Under the null the flagged points come in episodes (a compound Poisson count): mean
    m·p, variance m·λ·E[L²] for m subgroups, p flagged points and λ episodes per subgroup and
    episode length L. The upper tail is that of the negative binomial with the same mean
    and variance.
    """
    from scipy import stats

    p_point, p_episode, length2 = null_alarm_rates(tuple(codes), float(nsigmas))
    out = summary[["characteristic_id", "points", "flagged_points"]].copy()
    m = out["points"].to_numpy(dtype=float)
    mean = m * p_point
    var = np.maximum(m * p_episode * length2, mean * (1 + 1e-9))
    r = mean**2 / (var - mean)
    prob = mean / var
    k = out["flagged_points"].to_numpy(dtype=float)
    out["expected_flagged"] = mean
    out["p_value"] = np.where(k > 0, stats.nbinom.sf(k - 1, r, prob), 1.0)
    pvals = out["p_value"].to_numpy(dtype=float)
    out["q_value"] = stats.false_discovery_control(pvals) if len(out) else pvals
    return out.drop(columns=["points", "flagged_points"])


def _control(
    tables: TableSource,
    *,
    rules: str,
    phase1: Any,
    nsigmas: float,
    capability_target: float,
    alpha: float,
    max_charts: int,
    characteristic: str | None,
    out: _Out,
) -> None:
    results, summary, findings, figures, notes = out
    measurements = _engine_table(tables, "measurements")
    chars = _engine_table(tables, "characteristics") if tables.has("characteristics") else None
    if characteristic is not None:
        if isinstance(measurements, pd.DataFrame):
            keep = measurements["characteristic_id"].astype(str) == str(characteristic)
            measurements = measurements[keep]
        else:
            measurements = measurements.filter(
                measurements.characteristic_id.cast("string") == str(characteristic)
            )
    if chars is None:
        notes.append(
            "no characteristics table: no specification limits, so no capability; "
            "subgroups come from the measurements' subgroup column"
        )
    codes = parse_rules(rules)
    analysis = ControlChartsAtScale(
        rules=",".join(codes),
        phase1=phase1,
        nsigmas=nsigmas,
        capability_target=capability_target,
        # points of the most flagged characteristics, for charts of the ones out of control
        chart_points=3 * max(int(max_charts), 0),
    )
    res: SpcAtScaleResult = analysis.fit(measurements, chars).result_
    notes.extend(res.warnings)
    s = res.summary
    if s.empty:
        notes.append("the measurements hold no values to chart")
        return
    tests = out_of_control_tests(s, res.rules, nsigmas)
    s = s.merge(tests, on="characteristic_id", how="left")
    s["significant"] = s["q_value"] <= alpha
    # out of control: more flagged subgroups than an in-control process would show
    s["out_of_control"] = s["significant"]
    names = _names(tables)
    ooc = s[s["significant"]].sort_values(["q_value", "flagged_points"], ascending=[True, False])
    exposure = _exposure(tables, measurements, res, list(ooc["characteristic_id"]))
    for row in ooc.itertuples(index=False):
        findings.append(_ooc_finding(row, res, names, exposure.get(str(row.characteristic_id))))
    cap = s[s["cpk"].notna() & (s["cpk"] < capability_target)]
    for row in cap.itertuples(index=False):
        findings.append(_capability_finding(row, capability_target, names))

    # signals of the characteristics judged out of control, for tracing lots (connect)
    sig_ids = set(ooc["characteristic_id"])
    v = res.violations
    signals = v[v["characteristic_id"].isin(sig_ids) & (v["violations"] > 0)]
    stage_of = dict(zip(s["characteristic_id"], s["stage_id"], strict=False))
    results["signals"] = [
        {
            "characteristic_id": r.characteristic_id,
            "stage_id": stage_of.get(r.characteristic_id),
            "time": r.time,
            "subgroup": r.subgroup,
            "rule": r.rule,
        }
        for r in signals.itertuples(index=False)
    ]
    results["control_charts"] = s
    results["violations"] = v.head(20_000)
    results["rules"] = {c: RULE_DESCRIPTIONS[c] for c in res.rules}
    results["options"] = res.options
    summary.update(
        characteristics=len(s),
        out_of_control=ooc["characteristic_id"].tolist(),
        stages_out_of_control=sorted({str(x) for x in ooc["stage_id"].dropna()}),
        capability_below_target=cap["characteristic_id"].tolist(),
        rules=list(res.rules),
    )
    if len(v) > 20_000:
        notes.append(f"{len(v)} flagged points; the first 20,000 are listed")

    # control charts of the characteristics out of control (or the one asked for)
    have = set(res.points["characteristic_id"])
    chart_ids = [c for c in ooc["characteristic_id"] if c in have]
    if characteristic is not None:
        chart_ids = [c for c in s["characteristic_id"] if c in have]
    for cid in chart_ids[: max(int(max_charts), 0)]:
        pts = res.points[res.points["characteristic_id"] == cid]
        figures[f"control_{cid}"] = control_figure(pts, names.get(cid, cid))


def _engine_table(tables: TableSource, name: str) -> Any:
    """The table as an Ibis expression (computed where it lives); its data frame when the
    source cannot give one (``InMemoryTables.ibis`` breaks on ibis 12 + DuckDB 2.0's missing
    ``fetch_arrow_table``) — the analysis then registers the frame itself."""
    try:
        return tables.ibis(name)
    except (AttributeError, NotImplementedError):
        return tables.pandas(name)


def _names(tables: TableSource) -> dict[str, str]:
    if not tables.has("characteristics"):
        return {}
    ch = tables.pandas("characteristics")
    if "name" not in ch.columns:
        return {}
    named = ch[ch["name"].notna() & (ch["name"].astype(str).str.strip() != "")]
    # a characteristic without a name is called by its id alone, never "C-1 (nan)"
    return {
        str(k): f"{k} ({v})" for k, v in zip(named["characteristic_id"], named["name"], strict=True)
    }


def control_figure(points: pd.DataFrame, title: str) -> dict[str, Any]:
    """A Shewhart chart figure of one characteristic from the at-scale points."""
    from ._plots_charts import control_chart_figure

    p = points.sort_values("index")
    n = p["n"].to_numpy(dtype=float)
    sigma = p["sigma"].to_numpy(dtype=float)
    individuals = (p["chart"] == "individuals").all()
    chart = SimpleNamespace(
        chart="xbar.one" if individuals else "xbar",
        statistics=p["mean"].to_numpy(dtype=float),
        sample_ids=[
            f"{sg} ({pd.Timestamp(t):%Y-%m-%d})"
            for sg, t in zip(p["subgroup"], p["time"], strict=False)
        ],
        center=float(p["center"].iloc[0]),
        lcl=p["lcl"].to_numpy(dtype=float),
        ucl=p["ucl"].to_numpy(dtype=float),
        point_sigma=sigma / np.sqrt(n),
        nsigmas=float(((p["ucl"] - p["center"]) / (p["sigma"] / np.sqrt(p["n"]))).iloc[0]),
        point_codes=[r if isinstance(r, str) else None for r in p["rule"]],
        phase=tuple(p["phase"].astype(str)),
    )
    return control_chart_figure(chart, title=title)


def _rule_text(row: Any, codes: tuple[str, ...]) -> str:
    parts = [f"{c} ×{int(getattr(row, c))}" for c in codes if int(getattr(row, c)) > 0]
    return ", ".join(parts)


def _exposure(
    tables: TableSource, measurements: Any, res: SpcAtScaleResult, ids: list[str]
) -> dict[str, dict[str, int]]:
    """Lots, units, orders and customers behind the flagged subgroups of ``ids``.

    Needs subgroups named in the measurements (with their lot_id) and the lots table; the
    orders table adds the orders and customers those lots went to.
    """
    if not ids or res.options.get("subgroups") != "column" or not tables.has("lots"):
        return {}
    if "lot_id" not in measurements.columns:
        return {}
    v = res.violations
    flagged = v[v["characteristic_id"].isin(ids) & (v["violations"] > 0)]
    if isinstance(measurements, pd.DataFrame):
        m = measurements[measurements["characteristic_id"].astype(str).isin(ids)]
        pairs = m[["characteristic_id", "subgroup", "lot_id"]].drop_duplicates()
    else:
        m = measurements.filter(measurements.characteristic_id.cast("string").isin(ids))
        pairs = m.select("characteristic_id", "subgroup", "lot_id").distinct().to_pandas()
    pairs = pairs.astype({"characteristic_id": str, "subgroup": str}).dropna(subset=["lot_id"])
    hit = flagged[["characteristic_id", "subgroup"]].merge(
        pairs, on=["characteristic_id", "subgroup"]
    )
    lots = tables.pandas("lots")
    size = pd.to_numeric(lots.get("size"), errors="coerce") if "size" in lots else None
    sizes = (
        pd.Series(size.to_numpy() if size is not None else 1, index=lots["lot_id"].astype(str))
        .groupby(level=0)
        .first()
    )
    orders = tables.pandas("orders") if tables.has("orders") else None
    out: dict[str, dict[str, int]] = {}
    for cid, part in hit.groupby("characteristic_id"):
        lot_ids = set(part["lot_id"].astype(str))
        entry = {"lots": len(lot_ids), "units": int(sizes.reindex(list(lot_ids)).fillna(0).sum())}
        if orders is not None and "lot_id" in orders.columns:
            o = orders[orders["lot_id"].astype(str).isin(lot_ids)]
            entry["orders"] = len(o)
            if "customer_id" in o.columns:
                entry["customers"] = int(o["customer_id"].nunique())
        out[str(cid)] = entry
    return out


def _ooc_finding(
    row: Any,
    res: SpcAtScaleResult,
    names: dict[str, str],
    exposure: dict[str, int] | None = None,
) -> Finding:
    cid = str(row.characteristic_id)
    stage = None if pd.isna(row.stage_id) else str(row.stage_id)
    share = float(row.flagged_points) / max(int(row.points), 1)
    where = f" at stage {stage}" if stage else ""
    first = pd.Timestamp(row.first_violation)
    busiest = _busiest_month(res.violations, cid)
    evidence = {
        "points": int(row.points),
        "flagged_points": int(row.flagged_points),
        "expected_flagged": float(row.expected_flagged),
        "p_value": float(row.p_value),
        "q_value": float(row.q_value),
        "rules": {c: int(getattr(row, c)) for c in res.rules if int(getattr(row, c)) > 0},
        "first_violation": first.isoformat(),
        "last_violation": pd.Timestamp(row.last_violation).isoformat(),
        "busiest_month": busiest,
        "violation_in_last_point": bool(row.violation_in_last_point),
        "center": float(row.center),
        "sigma": float(row.sigma),
        "lcl": float(row.lcl),
        "ucl": float(row.ucl),
        "chart": str(row.chart),
    }
    return Finding(
        kind="process_out_of_control",
        subject_type="characteristic",
        subject_id=cid,
        title=(
            f"{names.get(cid, cid)}{where} is out of statistical control: "
            f"{int(row.flagged_points)} of {int(row.points)} subgroups flagged "
            f"({_rule_text(row, res.rules)}), most in {busiest}"
        ),
        action=(
            f"Find and remove the assignable cause{where}: look at what changed around "
            f"{busiest} (material, setup, tooling, operator), contain the affected lots, "
            "then recompute the limits from a stable period"
        ),
        evidence=evidence,
        # the lots measured in the flagged subgroups: units built, orders and customers
        impact={"subgroups": int(row.flagged_points), **(exposure or {})},
        confidence=float(np.clip(1.0 - row.q_value, 0.0, 1.0)),
        severity=float(np.clip(0.3 + 2.0 * share, 0.0, 1.0)),
        source="spc",
        significant=True,
        related={"stage": stage} if stage else {},
    )


def _busiest_month(violations: pd.DataFrame, cid: str) -> str:
    v = violations[(violations["characteristic_id"] == cid) & (violations["violations"] > 0)]
    if v.empty:
        return ""
    months = pd.to_datetime(v["time"]).dt.strftime("%Y-%m")
    counts = months.value_counts()
    return str(counts.index[0])


def _capability_finding(row: Any, target: float, names: dict[str, str]) -> Finding:
    cid = str(row.characteristic_id)
    stage = None if pd.isna(row.stage_id) else str(row.stage_id)
    significant = bool(np.isfinite(row.cpk_upper) and row.cpk_upper < target)
    unstable = bool(row.significant)
    caveat = " (process not in control: the index describes no stable process)" if unstable else ""
    return Finding(
        kind="capability_below_target",
        subject_type="characteristic",
        subject_id=cid,
        title=f"{names.get(cid, cid)}: Cpk = {row.cpk:.2f} below {target:g}{caveat}",
        action=(
            "Bring the process into control first, then reduce variation or re-centre it"
            if unstable
            else "Reduce variation and centre the process between the specification limits"
        ),
        evidence={
            "cpk": float(row.cpk),
            "cpk_lower": float(row.cpk_lower),
            "cpk_upper": float(row.cpk_upper),
            "cp": float(row.cp),
            "ppk": float(row.ppk),
            "ppk_all": float(row.ppk_all),
            "ppm_expected": float(row.ppm_expected),
            "ppm_observed": float(row.ppm_observed),
            "target": target,
            "phase1_points": int(row.phase1_points),
        },
        impact={"ppm_expected": float(row.ppm_expected)},
        confidence=0.9 if significant else 0.5,
        severity=float(np.clip((target - row.cpk) / target * 2.0, 0.0, 1.0)),
        source="capability",
        significant=significant,
        related={"stage": stage} if stage else {},
    )


# --------------------------------------------------------------------------- yield


def _yields(tables: TableSource, target: float, period: str, out: _Out) -> None:
    from ._yield import first_pass_yield, low_yield_findings, rolled_throughput_yield

    results, summary, findings, figures, notes = out
    insp = tables.pandas("inspections")
    stages = tables.pandas("stages") if tables.has("stages") else None
    fpy = first_pass_yield(insp, by="stage_id")
    trend = first_pass_yield(insp, by="stage_id", period=period)
    rty = rolled_throughput_yield(insp, stages)
    rty_trend = rolled_throughput_yield(insp, stages, period=period)
    notes.extend(fpy.warnings + rty.warnings)
    # judged on the whole data and on the latest period (a recent fall is what matters)
    seen: set[str] = set()
    for f in (
        *low_yield_findings(trend, target, source="yield"),
        *low_yield_findings(fpy, target, source="yield"),
    ):
        if f.subject_id not in seen:
            seen.add(f.subject_id)
            findings.append(f)
    results["yield"] = fpy.table
    results["yield_trend"] = trend.table
    results["rty"] = rty.table
    results["rty_trend"] = rty_trend.table
    worst = fpy.table.sort_values("fpy").iloc[0] if len(fpy.table) else None
    summary.update(
        rty=rty.rty,
        lowest_fpy_stage=None if worst is None else str(worst["stage_id"]),
        lowest_fpy=None if worst is None else float(worst["fpy"]),
        low_yield_stages=sorted(seen),
    )
    try:
        from ._plots_quality import yield_trend

        figures["yield_trend"] = yield_trend(trend, title=f"First-pass yield by {period}")
    except ImportError:  # plotting is optional for the numbers
        pass


# --------------------------------------------------------------------------- defects


def _pareto(tables: TableSource, out: _Out) -> None:
    from ._pareto import defect_pareto

    results, summary, _findings, figures, notes = out
    defects = tables.pandas("defects")
    overall = defect_pareto(defects)
    notes.extend(overall.warnings)
    results["pareto"] = overall.table
    if "stage_id" in defects.columns:
        results["pareto_by_stage"] = defect_pareto(defects, by="stage_id").table
    summary["vital_few_defects"] = list(overall.vital_few().get((), ()))
    from ._plots_quality import pareto_chart

    figures["pareto"] = pareto_chart(overall, title="Defect Pareto")


def _suppliers(tables: TableSource, alpha: float, out: _Out) -> None:
    from ._suppliers import incoming_quality

    results, summary, findings, figures, notes = out
    defects = tables.pandas("defects")
    if "supplier_id" not in defects.columns or defects["supplier_id"].isna().all():
        notes.append("defects name no supplier: supplier quality not assessed")
        return
    res = incoming_quality(defects, tables.pandas("lot_parts"), tables.pandas("lots"), alpha=alpha)
    notes.extend(res.warnings)
    findings.extend(res.findings(source="suppliers"))
    results["suppliers"] = res.suppliers
    results["supplier_lots"] = res.lots.sort_values("rate", ascending=False)
    flagged = res.flagged_lots
    summary["flagged_supplier_lots"] = flagged["supplier_lot_id"].astype(str).tolist()
    worse = res.suppliers[res.suppliers["significant"] & (res.suppliers["direction"] == "above")]
    summary["suppliers_worse_than_peers"] = worse["supplier_id"].astype(str).tolist()
    from ._plots_quality import supplier_comparison

    figures["supplier_lots"] = supplier_comparison(res, level="lots", top=30)
