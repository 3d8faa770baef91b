"""Statistical process control for every characteristic of a workspace at once.

The single-chart classes (``_charts.py``/``_rules.py``) chart one characteristic from
numpy arrays. A plant has hundreds or thousands of characteristics and millions of
measurements; looping over them in Python is slow and memory-hungry. This module
expresses the whole computation — subgroup statistics, phase I X̄-R limits, the Nelson
(or Western Electric) run rules and capability — as Ibis expressions that the columnar
engine runs for all characteristics at once: group-bys, hash joins and window functions,
no Python loop per point or per characteristic. The expressions use only portable
constructs (``ibis.ifelse`` instead of boolean casts or ``FILTER`` clauses; ROW_NUMBER and
LAG over windows) so that the same expression runs on DuckDB (the default here) or PySpark,
PostgreSQL, ... The run rules look at the last k points ("9 in a row above", "2 of 3
beyond 2σ"): every indicator a rule needs is one bit of an integer, the integer's previous 14
values are fetched with LAG, and bitwise AND/OR over them answer "all of" / "any of" the last
k points for every indicator at once — one window pass instead of one framed SUM per rule.
The rules that flag a point are again bits of one integer (``flags``), so the table of
points stays narrow; rule columns, names and limits are added only for the points exported.

Definitions (R qcc 3.0, the package's reference implementation):

* subgroups: the ``subgroup`` column of the measurements; or consecutive groups of the
  characteristic's ``subgroup_size`` in ``measured_at`` order; or time buckets. Rows need
  not be sorted: they are ordered by ``measured_at`` (ties broken by ``value``, so the
  result does not depend on the order the rows arrive in). Subgroups are ordered by their
  first ``measured_at`` (consecutive groups by their number; named subgroups starting at
  the same time by their key).
* phase I (limits are estimated from it): all subgroups (default), the first N subgroups
  of each characteristic, the first fraction of them, or the subgroups that start before
  a date. Later subgroups are phase II: judged against the phase I limits, not used to
  estimate them. Known standards (center, sigma) can replace the estimates.
* center = Σ n_i x̄_i / Σ n_i over phase I; sigma = UWAVE-R = mean(R_i / d2(n_i)) over phase
  I subgroups with n_i ≥ 2 (d2 from ``_constants``: qcc's table). A characteristic whose
  phase I subgroups all have one value is charted as individuals: sigma = mean moving
  range / d2(2).
* limits per point: center ± k·sigma/√n_i (per-point limits for varying n); the summary
  reports the limits for the characteristic's modal n. R chart: center Σ n_i R_i / Σ n_i,
  limits max(0, center ∓ k·d3(n_i)·sigma) (qcc).
* rules act on the standardized statistic z_i = (x̄_i − center)/(sigma/√n_i); the point
  flagged is the one that completes the pattern (qcc ``qccRulesViolating*``). A point
  counts as *on* a boundary — the center line, a zone limit or a control limit — when it
  is within ``tolerance`` (default 1e-9) of it in z units: it is then neither beyond it
  nor on either side. With gauge-resolution data a subgroup mean can equal the center
  exactly, and engines that sum in different orders differ by an ulp; the tolerance
  makes every engine (and the single-chart ``_rules`` module, which uses the same
  convention) agree. Trends (rules 3, 4) use the increments of the plotted mean
  standardized by sigma, with the same tolerance for "no change".
* capability (phase I data): Cp = (USL − LSL)/(6σ), Cpk = min(USL − μ, μ − LSL)/(3σ) with
  σ the within sigma above; Pp/Ppk the same with the overall sample standard deviation of
  all phase I values (pooled exactly from the subgroup statistics); Cpm with the target
  (default the mid-specification); 95 % limits of Cp (χ²) and Cpk (Bissell), as qcc;
  expected ppm outside the specification (normal model, within and overall sigma) and
  observed ppm; Ppk over all the data (phase I and II) for the performance of the whole
  period.
* a sigma of 0 (no within-subgroup variation) leaves z undefined: such a characteristic
  is not judged by the rules (a warning names it).
"""

from __future__ import annotations

import datetime as _dt
import math
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError, SmallSampleWarning
from ._rules import NELSON, RULE_DESCRIPTIONS, SEVERITY, TOLERANCE, normalize_rules

#: the order of subgroups unless told otherwise: first time, consecutive number, key
ORDER: tuple[str, ...] = ("time", "seq", "key")

#: |z| within this distance of a boundary (center line, zone or control limit) counts as on
#: it — the single-chart rules' convention (``_rules.TOLERANCE``)
ON_LINE_TOLERANCE = TOLERANCE

#: below this many phase I subgroups the limits are too uncertain to trust (AIAG: 20–25)
MIN_PHASE1_SUBGROUPS = 20

#: which pattern test each rule code of ``_rules`` is (codes and numbering as qcc)
_TEST_OF_RULE: dict[str, str] = {
    "WE1": "beyond",  # 1 point beyond k sigma
    "N1": "beyond",
    "WE2": "two_of_three",  # 2 of 3 beyond 2 sigma, same side
    "N5": "two_of_three",
    "WE3": "four_of_five",  # 4 of 5 beyond 1 sigma, same side
    "N6": "four_of_five",
    "WE4": "run8",  # 8 in a row on one side of the center line
    "N2": "run9",  # 9 in a row on one side
    "N3": "trend",  # 6 in a row steadily increasing or decreasing
    "N4": "alternating",  # 14 in a row alternating up and down
    "N7": "hugging",  # 15 in a row within 1 sigma
    "N8": "mixture",  # 8 in a row beyond 1 sigma, both sides, none within
}

SUBGROUPING = ("auto", "column", "consecutive", "time")
_TIME_UNITS = {
    "hour": "h",
    "h": "h",
    "day": "D",
    "d": "D",
    "week": "W",
    "w": "W",
    "month": "M",
    "m": "M",
}


def parse_rules(rules: str | Iterable[str | int] | None) -> tuple[str, ...]:
    """Rule codes (``"N1"``…``"N8"``, ``"WE1"``…``"WE4"``) in order of severity.

    Accepts ``"nelson"`` (all eight Nelson rules, the default here), ``"we"`` (Western
    Electric 1–4), codes (``"WE1,WE4"``, ``["N3"]``) and Nelson rule numbers (``"1,2,5"``).
    """
    if rules is None:
        return NELSON
    if isinstance(rules, str):
        items: list[str | int] = [p for p in rules.replace(" ", "").split(",") if p]
    else:
        items = list(rules)
    codes: list[str] = []
    for item in items:
        text = str(item).strip()
        codes.append(f"N{text}" if text.isdigit() else text)
    try:
        normal = normalize_rules(codes)
    except InputError:
        raise InputError(
            f"rules must be 'nelson', 'we', rule codes such as 'WE1,WE4' or Nelson rule "
            f"numbers such as '1,2,5' (got {rules!r})"
        ) from None
    if not normal:
        raise InputError("no rules given")
    return tuple(c for c in SEVERITY if c in normal)


# --------------------------------------------------------------------------- inputs


def _as_ibis(table: Any, name: str) -> Any:
    import ibis
    import ibis.expr.types as ir

    if table is None:
        return None
    if isinstance(table, ir.Table):
        return table
    if isinstance(table, pd.DataFrame):
        frame = table
    elif hasattr(table, "to_pandas"):
        frame = table.to_pandas()
    else:
        raise InputError(f"{name} must be a data frame or an Ibis table (got {type(table)!r})")
    return ibis.memtable(_clean_frame(frame))


def _clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    # naive UTC timestamps: time zones and text timestamps would differ between engines
    out = frame.copy()
    for col in ("measured_at",):
        if col in out.columns:
            ts = pd.to_datetime(out[col], utc=True, format="mixed")
            out[col] = ts.dt.tz_convert(None)
    for col in ("characteristic_id", "subgroup", "stage_id"):
        if col in out.columns:
            out[col] = out[col].astype("string")
    return out


def _measurements(m: Any) -> Any:
    import ibis

    missing = [c for c in ("characteristic_id", "measured_at", "value") if c not in m.columns]
    if missing:
        raise InputError(f"measurements needs the column(s) {', '.join(missing)}")
    ts = m.measured_at
    if not ts.type().is_timestamp():
        ts = ts.cast("timestamp")
    cols = {
        "characteristic_id": m.characteristic_id.cast("string"),
        "measured_at": ts,
        "value": m.value.cast("float64"),
        "subgroup": (
            m.subgroup.cast("string") if "subgroup" in m.columns else ibis.null().cast("string")
        ),
    }
    return m.select(**cols).filter(lambda t: t.value.notnull() & t.characteristic_id.notnull())


def _characteristics(c: Any, measurements: Any) -> Any:
    import ibis

    if c is None:
        c = measurements.select("characteristic_id").distinct()
    if "characteristic_id" not in c.columns:
        raise InputError("characteristics needs the column characteristic_id")

    def col(name: str, dtype: str) -> Any:
        return c[name].cast(dtype) if name in c.columns else ibis.null().cast(dtype)

    return c.select(
        characteristic_id=c.characteristic_id.cast("string"),
        stage_id=col("stage_id", "string"),
        lsl=col("lsl", "float64"),
        usl=col("usl", "float64"),
        target=col("target", "float64"),
        subgroup_size=col("subgroup_size", "int64"),
    )


def _ordered(**spec: Any) -> Any:
    """A window for ROW_NUMBER/LAG. Their result ignores the frame, but DuckDB builds the
    default whole-partition frame at a cost (~20% of the run): a running frame is cheaper.
    Ibis drops the frame where a backend rejects one (Spark)."""
    import ibis

    return ibis.cumulative_window(**spec)


def _when(cond: Any, value: Any) -> Any:
    """``value`` where ``cond`` holds, else NULL (portable; no FILTER clause)."""
    import ibis

    return ibis.ifelse(cond, value, ibis.null())


def _flag(cond: Any) -> Any:
    import ibis

    return ibis.ifelse(cond, 1, 0)


# --------------------------------------------------------------------------- expressions


def keyed_measurements(
    measurements: Any,
    characteristics: Any,
    *,
    subgroups: str = "column",
    subgroup_size: int | None = None,
    bucket: str = "day",
) -> Any:
    """Measurements with their subgroup: ``key`` (text) and ``seq`` (consecutive number).

    Consecutive subgroups join the characteristics (for ``subgroup_size``) and carry
    ``lsl``/``usl`` along; the other modes leave the rows as they are (no join).
    """
    import ibis

    m = measurements
    if subgroups == "column":
        return m.mutate(key=m.subgroup)
    if subgroups == "time":
        unit = _TIME_UNITS.get(bucket.lower())
        if unit is None:
            raise InputError(f"bucket must be one of hour, day, week, month (got {bucket!r})")
        return m.mutate(key=m.measured_at.truncate(unit).cast("string"))
    if subgroups != "consecutive":
        raise InputError(f"subgroups must be one of {', '.join(SUBGROUPING)} (got {subgroups!r})")
    m = m.left_join(
        characteristics.select("characteristic_id", "lsl", "usl", "subgroup_size"),
        "characteristic_id",
    ).select("characteristic_id", "measured_at", "value", "subgroup", "lsl", "usl", "subgroup_size")
    if subgroup_size is not None:
        size: Any = ibis.literal(int(subgroup_size), "int64")
    else:
        size = m.subgroup_size.fill_null(1)
        size = ibis.ifelse(size < 1, 1, size)
    rn = ibis.row_number().over(
        _ordered(group_by=m.characteristic_id, order_by=[m.measured_at, m.value])
    )
    # row_number() is 0-based in Ibis: rows 0..size-1 form the first subgroup
    return m.mutate(seq=(rn / size).floor().cast("int64"))


def subgroup_expression(
    measurements: Any,
    characteristics: Any,
    *,
    subgroups: str = "column",
    subgroup_size: int | None = None,
    bucket: str = "day",
) -> Any:
    """One row per subgroup: n, mean, min, max, range, sd and first time.

    ``measurements``/``characteristics`` are normalised Ibis tables (see ``_measurements``,
    ``_characteristics``); ``subgroups`` is ``column``, ``consecutive`` or ``time``.
    Consecutive subgroups (which join the characteristics anyway) also count the values
    below LSL and above USL; the other modes leave that to :func:`out_of_spec_expression`
    for the few subgroups whose min or max is outside the limits, instead of joining every
    measurement to its limits.
    """
    import ibis

    k = keyed_measurements(
        measurements,
        characteristics,
        subgroups=subgroups,
        subgroup_size=subgroup_size,
        bucket=bucket,
    )
    # the mean as sum / n: the engine counts the rows once (AVG counts them again; measured
    # ~0.1 s of 1.2 on 10 million rows)
    aggs = {
        "n": k.count(),
        "total": k.value.sum(),
        "vmin": k.value.min(),
        "vmax": k.value.max(),
        "sd": k.value.std(how="sample"),
        "time": k.measured_at.min(),
    }
    if subgroups == "consecutive":
        g = k.group_by(["characteristic_id", "seq"]).aggregate(
            **aggs,
            below_lsl=_flag(k.value < k.lsl).sum(),
            above_usl=_flag(k.value > k.usl).sum(),
        )
        g = g.mutate(key=g.seq.cast("string"))
        extra = ["below_lsl", "above_usl"]
    else:
        g = k.group_by(["characteristic_id", "key"]).aggregate(**aggs)
        g = g.mutate(seq=ibis.literal(0, "int64"))
        extra = []
    cols = ["characteristic_id", "key", "seq", "n", "mean", "vmin", "vmax", "range", "sd", "time"]
    g = g.mutate(range=g.vmax - g.vmin, mean=g.total / g.n.cast("float64"))
    return g.select(*cols, *extra)


def suspect_expression(stats: Any, characteristics: Any) -> Any:
    """Subgroups whose smallest or largest value is outside the specification limits."""
    spec = characteristics.select("characteristic_id", "lsl", "usl")
    j = stats.inner_join(spec, "characteristic_id")
    return j.filter((j.vmin < j.lsl) | (j.vmax > j.usl)).select(
        "characteristic_id", "key", "lsl", "usl"
    )


def out_of_spec_expression(
    measurements: Any,
    characteristics: Any,
    suspects: Any,
    *,
    subgroups: str = "column",
    bucket: str = "day",
    below: float | None = None,
    above: float | None = None,
) -> Any:
    """Values below LSL / above USL in the ``suspects`` subgroups (characteristic_id, key,
    lsl, usl; :func:`suspect_expression`).

    ``below``/``above`` (optional) pre-filter the rows by value before the join: only a
    value below the largest suspect LSL or above the smallest suspect USL can be out of
    specification.
    """
    k = keyed_measurements(measurements, characteristics, subgroups=subgroups, bucket=bucket)
    if below is not None or above is not None:
        cond = None
        if below is not None:
            cond = k.value < below
        if above is not None:
            cond = (k.value > above) if cond is None else (cond | (k.value > above))
        k = k.filter(cond)
    sus = suspects.select("characteristic_id", "key", "lsl", "usl")
    j = k.inner_join(sus, ["characteristic_id", "key"])
    return j.group_by(["characteristic_id", "key"]).aggregate(
        below_lsl=_flag(j.value < j.lsl).sum(), above_usl=_flag(j.value > j.usl).sum()
    )


def constants_table(n_values: Iterable[int]) -> pd.DataFrame:
    """d2(n), d3(n) for the subgroup sizes present (qcc's tables; exact beyond them)."""
    from ._constants import d2, d3

    ns = sorted({int(n) for n in n_values if n is not None and int(n) >= 2})
    if not ns:
        return pd.DataFrame(
            {"n": pd.Series([], dtype="int64"), "d2": pd.Series([], dtype="float64")}
        ).assign(d3=pd.Series([], dtype="float64"))
    arr = np.asarray(ns)
    return pd.DataFrame({"n": arr.astype("int64"), "d2": d2(arr), "d3": d3(arr)})


def phase_expression(
    stats: Any,
    constants: Any,
    phase1: int | float | str | _dt.date | _dt.datetime | None = None,
    *,
    order: Sequence[str] = ORDER,
) -> Any:
    """Subgroups with d2/d3 of their size and the ``phase1`` flag.

    ``phase1``: None (all subgroups), a whole number N (the first N subgroups of each
    characteristic), a fraction in (0, 1) (that share of each characteristic's subgroups,
    rounded up) or a date (the subgroups starting before it). The first two need the order:
    the result then has ``index``.
    """
    import ibis

    s = stats.left_join(constants, stats.n == constants.n).select(
        stats, d2=constants.d2, d3=constants.d3
    )
    if _phase_by_count(phase1):
        window = _ordered(group_by="characteristic_id", order_by=order_keys_of(s, order))
        tied: Any = ibis.literal(True)
        for key in order:
            tied = tied & (s[key] == s[key].lag().over(window))
        s = s.mutate(index=ibis.row_number().over(window), tied=tied.fill_null(False))
        if isinstance(phase1, float):
            if not 0.0 < phase1 <= 1.0:
                raise InputError(f"a phase I fraction must be in (0, 1] (got {phase1})")
            total = s.index.count().over(ibis.window(group_by="characteristic_id"))
            s = s.mutate(total=total)
            return s.mutate(phase1=s.index < (s.total * phase1).ceil()).drop("total")
        count = int(phase1)  # type: ignore[arg-type]
        if count < 1:
            raise InputError(f"phase1 must be at least 1 subgroup (got {phase1!r})")
        return s.mutate(phase1=s.index < count)
    if phase1 is None:
        return s.mutate(phase1=ibis.literal(True))
    if isinstance(phase1, bool):
        raise InputError(
            f"phase1 must be a number of subgroups, a fraction or a date (got {phase1})"
        )
    try:
        cut = pd.Timestamp(phase1)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(
            f"phase1 must be a number of subgroups, a fraction or a date (got {phase1!r})"
        ) from None
    if cut.tzinfo is not None:
        cut = cut.tz_convert("UTC").tz_localize(None)
    return s.mutate(phase1=s.time < ibis.literal(cut.to_pydatetime(), "timestamp"))


def _phase_by_count(phase1: Any) -> bool:
    return isinstance(phase1, (int, float, np.integer, np.floating)) and not isinstance(
        phase1, bool
    )


def estimates_expression(
    phased: Any,
    *,
    individuals: bool = True,
    order: Sequence[str] = ORDER,
    standards: Any = None,
) -> Any:
    """Phase I center, sigma, R-chart center and capability sums per characteristic.

    ``individuals=False`` promises that no subgroup has a single value (skips the
    moving-range branch, which needs a sort). ``standards`` (characteristic_id, center,
    sigma; either may be NULL) replaces the estimates by known values — a standard given
    by the customer, or limits frozen from an earlier period.
    """
    import ibis

    part = "characteristic_id"
    s = phased
    # phase I estimates per characteristic: a hash aggregate, joined back
    xr = s.phase1 & (s.n >= 2)
    est = s.group_by(part).aggregate(
        center=_when(s.phase1, s.n * s.mean).sum() / _when(s.phase1, s.n).sum(),
        sigma_r=_when(xr, s.range / s.d2).mean(),
        r_center=_when(xr, s.n * s.range).sum() / _when(xr, s.n).sum(),
        max_n1=_when(s.phase1, s.n).max(),
        # for capability and the summary (phase I values)
        n_values=_when(s.phase1, s.n).sum(),
        ss_within=_when(xr, (s.n - 1) * s.sd * s.sd).sum(),
        # all data (phase I and II): the process performance over the whole period
        n_all=s.n.sum(),
        sum_all=(s.n * s.mean).sum(),
        ss_within_all=_when(s.n >= 2, (s.n - 1) * s.sd * s.sd).sum(),
    )
    if individuals:
        # phase I is a prefix of the time order, so consecutive phase I points are
        # consecutive points: mean moving range of 2 over phase I / d2(2)
        one = s.filter(s.phase1).select(part, "time", "seq", "key", "mean")
        prev = one.mean.lag().over(_ordered(group_by=part, order_by=order_keys_of(one, order)))
        one = one.mutate(mr=(one.mean - prev).abs())
        mr = one.group_by(part).aggregate(sigma_mr=one.mr.mean() / 1.128)
        est = est.left_join(mr, part).select(est, mr.sigma_mr)
    else:
        est = est.mutate(sigma_mr=ibis.null().cast("float64"))
    est = est.mutate(sigma=ibis.ifelse(est.max_n1 < 2, est.sigma_mr, est.sigma_r))
    if standards is not None:
        std = standards
        est = est.left_join(std, part).select(
            *[est[c] for c in est.columns if c not in ("center", "sigma")],
            center=std.center.coalesce(est.center),
            sigma=std.sigma.coalesce(est.sigma),
        )
    est = est.mutate(
        individuals=est.max_n1 < 2,
        # a small integer id: sorting and joining on it is much cheaper than on text (and on
        # 4 bytes a little cheaper than on 8: measured 0.35 vs 0.38 s for the rules' sort)
        cid=ibis.row_number().over(_ordered(order_by=est[part])).cast("int32"),
    )
    return est.drop("sigma_r", "sigma_mr", "max_n1")


def points_expression(
    phased: Any,
    estimates: Any,
    *,
    nsigmas: float = 3.0,
    rules: str | Iterable[str | int] | None = "nelson",
    tolerance: float = ON_LINE_TOLERANCE,
    order: Sequence[str] = ORDER,
) -> Any:
    """Subgroups (``cid`` of the estimates, ``index``, ``key``, ...) with phase, z, the rules
    that flag them (``flags``: bit i set when rule ``parse_rules(rules)[i]`` does) and
    ``r_beyond`` (the range is beyond the R chart limits).

    ``phased`` comes from :func:`phase_expression`, ``estimates`` from
    :func:`estimates_expression`. Pure Ibis: runs on any backend with window functions.
    The table stays narrow because it has a row per subgroup: limits, rule columns and
    names are added by :func:`export_points` for the points that are shown.

    Cost: the estimates are joined (hash joins) and the rules need one window level, sorted
    on (characteristic, order keys): the position, the packed indicators of the previous
    points and the previous means (the steps of trends), all from ``LAG`` over that one
    sort.
    """
    import ibis

    codes = parse_rules(rules)
    k = float(nsigmas)
    tol = float(tolerance)
    part = "characteristic_id"
    s = phased
    est = estimates
    by_count = "index" in s.columns
    needed = {_TEST_OF_RULE[c] for c in codes}
    ph = phased
    j = ph.inner_join(est, part)
    # point-wise 0/1 indicators of the standardized mean, before the sort
    z = _when(est.sigma > 0, (ph.mean - est.center) / (est.sigma / ph.n.cast("float64").sqrt()))
    zone2, zone1 = 2.0 * k / 3.0, k / 3.0  # qcc: the zones scale with nsigmas
    indicator = {
        "above": z > tol,
        "below": z < -tol,
        "up2": z - zone2 > tol,
        "down2": z + zone2 < -tol,
        "up1": z - zone1 > tol,
        "down1": z + zone1 < -tol,
        "inside1": (z - zone1 <= tol) & (z + zone1 >= -tol),
    }
    # The rules look at the last w points (w ≤ 15). Every indicator a rule needs is one bit
    # of an integer; LAG fetches that integer for the previous points (cheaper than framed
    # SUMs in DuckDB, and portable) and bitwise AND/OR over them answer "all of the last w"
    # and "any of the last w" for every indicator at once.
    bits: list[str] = []
    widest = 1
    if "run9" in needed or "run8" in needed:
        bits += ["above", "below"]
        widest = 9 if "run9" in needed else 8
    if "two_of_three" in needed:
        bits += ["up2", "down2"]
        widest = max(widest, 3)
    if "four_of_five" in needed or "mixture" in needed:
        bits += ["up1", "down1"]
        widest = max(widest, 8 if "mixture" in needed else 5)
    if "mixture" in needed:
        bits += ["outside1"]
    if "hugging" in needed:
        bits += ["inside1"]
        widest = 15
    indicator["outside1"] = indicator["up1"] | indicator["down1"]
    bit = {name: 1 << i for i, name in enumerate(bits)}
    mask: Any = ibis.literal(0, "int32")  # 4 bytes through the sort and its 14 LAGs
    for name in bits:
        mask = mask + ibis.ifelse(indicator[name], ibis.literal(bit[name], "int32"), 0)
    # beyond the R chart limits (qcc: max(0, center ∓ k·d3·sigma)): point-wise, so before the
    # sort, which then carries a flag instead of d3
    r_lcl = ibis.greatest(est.r_center - k * ph.d3 * est.sigma, 0.0)
    r_ucl = est.r_center + k * ph.d3 * est.sigma
    r_beyond = (ph.n >= 2) & (
        (ph.range - r_ucl > tol * est.sigma) | (r_lcl - ph.range > tol * est.sigma)
    )
    # the rows that go through the sort stay narrow (each column carried costs): the
    # estimates are joined again after it
    s = j.select(
        est.cid,
        ph.key,
        *([ph.seq] if "seq" in order and not by_count else []),
        ph.time,
        ph.n,
        ph.mean,
        ph.range,
        ph.phase1,
        *([ph.index, ph.tied] if by_count else []),
        mask=mask,
        r_beyond=_flag(r_beyond),
    )

    # The one sort: position, ties between subgroups starting at the same time (only then
    # does the order need the key, which is expensive to sort on: see ``order_keys_of``),
    # the indicators of the previous points and the previous means. Trends (rules 3, 4)
    # use the steps between consecutive means: the steps of the last points come from the
    # last means, so they need no second sort.
    window = _ordered(group_by="cid", order_by=s.index if by_count else order_keys_of(s, order))
    level: dict[str, Any] = {}
    if not by_count:  # (a phase I by count found the position and the ties in its own sort)
        tied: Any = ibis.literal(True)
        for key in order:
            tied = tied & (s[key] == s[key].lag().over(window))
        level["index"] = ibis.row_number().over(window)
        level["tied"] = tied.fill_null(False)
    # before the first point LAG gives 0: no indicator set, so no window is complete early
    level.update({f"mask_{i}": s.mask.lag(i, 0).over(window) for i in range(1, widest)})
    # means back: 6 in a row (rule 3) = the last 5 steps; 14 alternating (rule 4) = 12
    # changes of direction over the last 13 steps
    back = 13 if "alternating" in needed else 5 if "trend" in needed else 0
    level.update({f"mean_{i}": s.mean.lag(i).over(window) for i in range(1, back + 1)})
    s = s.mutate(**level)
    s = s.inner_join(est, "cid").select(s, est.center, est.sigma)

    # all of / any of the last w points, each chain built once
    masks = [s.mask, *(s[f"mask_{i}"] for i in range(1, widest))]
    chains: dict[str, Any] = {}
    every: Any = s.mask
    for w in range(2, widest + 1):
        every = every & masks[w - 1]
        if w in (8, 9, 15):
            chains[f"all{w}"] = every
    if "mixture" in needed:
        any8: Any = s.mask
        for m in masks[1:8]:
            any8 = any8 | m
        chains["any8"] = any8
    # each step of the plotted means, newest first, in sigma units; a step within the
    # tolerance is no change, and before the first point there is no step (NULL compares
    # false)
    means = [s.mean, *(s[f"mean_{i}"] for i in range(1, back + 1))]
    steps = {f"step_{i}": (means[i] - means[i + 1]) / s.sigma for i in range(back)}
    se = s.sigma / s.n.cast("float64").sqrt()
    s = s.mutate(**chains, **steps, z=_when(s.sigma > 0, (s.mean - s.center) / se))

    def has(value: Any, *names: str) -> Any:
        wanted = sum(bit[n] for n in names)
        return (value & wanted) != 0

    # the indicators of the current point and the 4 before it (0 where not fetched)
    m0, m1, m2, m3, m4 = (masks + [ibis.literal(0, "int64")] * 4)[:5]
    up = [s[f"step_{i}"] > tol for i in range(back)]
    down = [s[f"step_{i}"] < -tol for i in range(back)]
    z = s.z
    tests: dict[str, Any] = {}
    if "beyond" in needed:
        tests["beyond"] = (z - k > tol) | (z + k < -tol)
    for name, length in (("run9", 9), ("run8", 8)):
        if name in needed:  # every one of the last points above, or every one below
            tests[name] = has(s[f"all{length}"], "above", "below")
    if "trend" in needed:  # 6 points = the last 5 steps all up or all down
        tests["trend"] = _all(up[:5]) | _all(down[:5])
    if "alternating" in needed:
        # 14 points = 13 steps, each in the other direction than the one before
        tests["alternating"] = _all([up[i] if i % 2 else down[i] for i in range(13)]) | _all(
            [down[i] if i % 2 else up[i] for i in range(13)]
        )
    if "two_of_three" in needed:
        # the completing point is itself beyond (qcc), and one of the two before it
        tests["two_of_three"] = (s.index >= 2) & has(m0 & (m1 | m2), "up2", "down2")
    if "four_of_five" in needed:
        # the completing point is beyond, and at least 3 of the 4 before it
        three_of_four = (m1 & m2 & (m3 | m4)) | (m3 & m4 & (m1 | m2))
        tests["four_of_five"] = (s.index >= 4) & has(m0 & three_of_four, "up1", "down1")
    if "hugging" in needed:
        tests["hugging"] = has(s.all15, "inside1")
    if "mixture" in needed:  # 8 beyond 1 sigma, on both sides
        tests["mixture"] = has(s.all8, "outside1") & has(s.any8, "up1") & has(s.any8, "down1")

    # the rules that flag each point, one bit per rule (bit i = codes[i]): one integer to
    # store instead of a column per rule, the count and the name of the first rule — those
    # are derived from it for the few points that are exported (:func:`export_points`)
    flags = _sum([ibis.ifelse(tests[_TEST_OF_RULE[c]], 1 << i, 0) for i, c in enumerate(codes)])
    return s.select(
        "cid",
        "index",
        "key",
        "time",
        "n",
        "mean",
        "range",
        "phase1",
        "z",
        "tied",
        "r_beyond",
        flags=flags,
    )


def order_keys_of(t: Any, order: Sequence[str] = ("time", "seq", "key")) -> list[Any]:
    """The columns that order the subgroups of a characteristic.

    Consecutive groups: their number (``seq``). Time buckets and named subgroups: the first
    time; named subgroups that start at the same time also need the key. Sorting on text is
    the most expensive part of the whole computation, so the key is only used when a tie
    turns up (see ``_run``).
    """
    return [t[c] for c in order]


def _all(terms: Sequence[Any]) -> Any:
    total = terms[0]
    for term in terms[1:]:
        total = total & term
    return total


def _sum(terms: Sequence[Any]) -> Any:
    import ibis

    total: Any = ibis.literal(0, "int64")
    for term in terms:
        total = total + term
    return total


def summary_expression(points: Any, codes: Sequence[str]) -> Any:
    """Per characteristic (``cid``) sums over the points of :func:`points_expression`: the
    one pass over all points that the summary needs; :func:`summary_frame` adds the rest."""
    p = points
    flagged = p.flags > 0
    agg = {
        "points": p.index.count(),
        "phase1_points": _flag(p.phase1).sum(),
        # Σ n (x̄ − center)² = σ² Σ z²: the deviations, not the raw sums, so nothing cancels
        "z2_phase1": _when(p.phase1, p.z * p.z).sum(),
        "z2_all": (p.z * p.z).sum(),
        "flagged_points": _flag(flagged).sum(),
        "r_beyond": p.r_beyond.sum(),
        "first_violation": _when(flagged, p.time).min(),
        "last_violation": _when(flagged, p.time).max(),
        "first_time": p.time.min(),
        "last_time": p.time.max(),
        "last_index": p.index.max(),
        "last_flagged_index": _when(flagged, p.index).max(),
    }
    for i, c in enumerate(codes):
        agg[c] = ((p.flags >> i) & 1).sum()
    return p.group_by("cid").aggregate(**agg)


def summary_frame(
    points: Any,
    estimates: Any,
    estimates_frame: pd.DataFrame,
    characteristics: Any,
    codes: Sequence[str],
    out_of_spec: Any = None,
) -> pd.DataFrame:
    """One row per characteristic (capability comes later, in ``_finish_summary``).

    The engine makes the passes over the points (:func:`summary_expression`, the subgroup
    sizes and the out-of-specification counts); what is joined to them has a row per
    characteristic, so it is merged here (compiling a query for it costs more than it).
    ``out_of_spec`` (characteristic_id, key, below_lsl, above_usl) counts the values out of
    specification in the subgroups that have any; the phase I ones are summed.
    ``estimates_frame`` is ``estimates`` as a data frame.
    """
    p = points
    out = summary_expression(p, codes).to_pandas()
    sums = [c for c in out.columns if c != "cid"]
    # modal subgroup size over all points (ties → the larger n)
    sizes = p.group_by(["cid", "n"]).aggregate(count=p.index.count()).to_pandas()
    modal = sizes.sort_values(["cid", "count", "n"], ascending=[True, False, False])
    modal = modal.drop_duplicates("cid")[["cid", "n"]].rename(columns={"n": "n_modal"})
    out = out.merge(modal, on="cid", how="left")
    e = estimates_frame
    out = (
        e[["cid", "characteristic_id"]]
        .merge(out, on="cid")
        .merge(e.drop(columns="characteristic_id"), on="cid")
    )
    out["chart"] = np.where(out["individuals"], "individuals", "xbar-r")
    sigma2 = out["sigma"] * out["sigma"]
    out["ss_between"] = out["z2_phase1"] * sigma2
    out["ss_center_all"] = out["z2_all"] * sigma2
    columns = [
        "characteristic_id",
        *sums,
        "n_modal",
        "chart",
        "center",
        "sigma",
        "r_center",
        "n_values",
        "ss_within",
        "n_all",
        "sum_all",
        "ss_within_all",
        "ss_between",
        "ss_center_all",
    ]
    out = out[columns]
    spec = None
    if out_of_spec is not None:
        o = out_of_spec.inner_join(
            estimates.select("characteristic_id", "cid"), "characteristic_id"
        )
        j = o.inner_join(p.select("cid", "key", "phase1"), ["cid", "key"])
        j = j.filter(j.phase1)
        spec = (
            j.group_by("characteristic_id")
            .aggregate(below_lsl=j.below_lsl.sum(), above_usl=j.above_usl.sum())
            .to_pandas()
        )
    if spec is not None and len(spec):
        out = out.merge(spec, on="characteristic_id", how="left")
        for col in ("below_lsl", "above_usl"):
            out[col] = out[col].fillna(0).astype("int64")
    else:
        out["below_lsl"] = 0
        out["above_usl"] = 0
    c = characteristics.to_pandas()
    c = c[["characteristic_id", "stage_id", "lsl", "usl", "target", "subgroup_size"]]
    return out.merge(c.astype({"characteristic_id": out["characteristic_id"].dtype}), how="left")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SpcAtScaleResult(Result):
    """Control charts of every characteristic.

    ``summary``: one row per characteristic — chart type, center, sigma, limits for the
    modal subgroup size, points, violations by rule, first/last violation time,
    capability (cp, cpk, pp, ppk, cpm, ppm). ``violations``: one row per point that
    breaks a rule (one 0/1 column per rule code, ``rule`` = the most serious) or lies
    beyond the R chart limits. ``points``: every point of the characteristics asked for
    (``chart_points``), for drawing charts.
    """

    summary: pd.DataFrame
    violations: pd.DataFrame
    points: pd.DataFrame
    rules: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def with_violations(self) -> pd.DataFrame:
        """Summary rows of the characteristics with at least one rule violation (an
        in-control process has some too: see the process section's test for when that is
        more than chance)."""
        return self.summary[self.summary["has_violations"]]

    def to_dict(self) -> dict[str, Any]:
        from .._base import to_jsonable

        return {
            "summary": to_jsonable(self.summary),
            "violations": to_jsonable(self.violations),
            "points": to_jsonable(self.points),
            "rules": list(self.rules),
            "rule_descriptions": {c: RULE_DESCRIPTIONS[c] for c in self.rules},
            "options": to_jsonable(self.options),
            "warnings": list(self.warnings),
        }


class ControlChartsAtScale(Analysis):
    """X̄-R (or individuals) charts, run rules and capability for every characteristic.

    Parameters
    ----------
    subgroups : "auto" (the ``subgroup`` column when every row has one, else consecutive
        groups), "column", "consecutive" (``subgroup_size`` rows in time order) or "time".
    subgroup_size : size of consecutive subgroups; default each characteristic's
        ``subgroup_size`` (1 when absent).
    bucket : time bucket for ``subgroups="time"``: hour, day, week or month.
    phase1 : limits from all subgroups (None), the first N subgroups of each
        characteristic (int), the first fraction of them (float in (0, 1)) or the subgroups
        starting before a date.
    nsigmas : width of the control limits in sigma units.
    rules : "nelson" (all eight), "we" (Western Electric 1–4), codes "WE1,WE4" or Nelson
        rule numbers "1,2,5".
    tolerance : distance in z units within which a point counts as on a boundary.
    capability_target : Cpk below this marks ``capability_ok`` False.
    chart_points : also return every point of this many characteristics (those with the
        most violations first), for charts; "all" for every characteristic.
    """

    required_tables = ("measurements",)

    def __init__(
        self,
        *,
        subgroups: str = "auto",
        subgroup_size: int | None = None,
        bucket: str = "day",
        phase1: int | float | str | _dt.date | None = None,
        nsigmas: float = 3.0,
        rules: str | Sequence[int] = "nelson",
        tolerance: float = ON_LINE_TOLERANCE,
        capability_target: float = 1.33,
        chart_points: int | str = 0,
    ) -> None:
        self.subgroups = subgroups
        self.subgroup_size = subgroup_size
        self.bucket = bucket
        self.phase1 = phase1
        self.nsigmas = nsigmas
        self.rules = rules
        self.tolerance = tolerance
        self.capability_target = capability_target
        self.chart_points = chart_points

    def fit(
        self, measurements: Any, characteristics: Any = None, standards: Any = None
    ) -> ControlChartsAtScale:
        """Chart every characteristic of ``measurements`` (data frame or Ibis table).

        ``characteristics`` (optional) supplies stage_id, lsl, target, usl and
        subgroup_size per characteristic_id. ``standards`` (optional; characteristic_id,
        center, sigma) gives known center/sigma that replace the phase I estimates.
        """
        self.result_ = _run(self, measurements, characteristics, standards)
        self.summary_ = self.result_.summary
        self.violations_ = self.result_.violations
        return self


def spc_at_scale(
    measurements: Any, characteristics: Any = None, standards: Any = None, **options: Any
) -> SpcAtScaleResult:
    """Functional form of :class:`ControlChartsAtScale`: ``fit(...).result_``."""
    return ControlChartsAtScale(**options).fit(measurements, characteristics, standards).result_


def _choose_subgrouping(a: ControlChartsAtScale, has_subgroup_column: bool) -> str:
    if a.subgroups not in SUBGROUPING:
        raise InputError(f"subgroups must be one of {', '.join(SUBGROUPING)} (got {a.subgroups!r})")
    if a.subgroups != "auto":
        if a.subgroups == "column" and not has_subgroup_column:
            raise InputError("subgroups='column' needs a subgroup column in the measurements")
        return a.subgroups
    if a.subgroup_size is not None or not has_subgroup_column:
        return "consecutive"
    # the subgroup column, unless some rows lack one (checked on the subgroups, see _run)
    return "column"


def _run(
    a: ControlChartsAtScale, measurements: Any, characteristics: Any, standards: Any = None
) -> SpcAtScaleResult:
    import ibis

    t0 = time.perf_counter()
    timings: dict[str, float] = {}  # seconds per step, in order
    last = [t0]

    def lap(step: str) -> None:
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - last[0]
        last[0] = now

    codes = parse_rules(a.rules)
    if not (isinstance(a.nsigmas, (int, float)) and a.nsigmas > 0):
        raise InputError(f"nsigmas must be a positive number (got {a.nsigmas!r})")
    if a.subgroup_size is not None and int(a.subgroup_size) < 1:
        raise InputError(f"subgroup_size must be at least 1 (got {a.subgroup_size})")
    raw = _as_ibis(measurements, "measurements")
    if raw is None:
        raise InputError("measurements are required")
    m = _measurements(raw)
    c = _characteristics(_as_ibis(characteristics, "characteristics"), m)
    mode = _choose_subgrouping(a, "subgroup" in raw.columns)
    notes: list[str] = []
    cached: list[Any] = []

    def cache(expr: Any) -> Any:
        table, release = _materialise(expr)
        cached.append(release)
        return table

    try:
        stats = cache(
            subgroup_expression(
                m, c, subgroups=mode, subgroup_size=a.subgroup_size, bucket=a.bucket
            )
        )
        lap("subgroup_statistics")
        if a.subgroups == "auto" and mode == "column" and bool(stats.key.isnull().any().execute()):
            # some rows name no subgroup: consecutive groups of subgroup_size for all
            mode = "consecutive"
            stats = cache(subgroup_expression(m, c, subgroups=mode, bucket=a.bucket))
        lap("subgroup_statistics")
        out_of_spec: Any = None
        if mode == "consecutive":
            sus = stats.filter((stats.below_lsl > 0) | (stats.above_usl > 0))
            out_of_spec = sus.select("characteristic_id", "key", "below_lsl", "above_usl")
        else:
            # count the values out of specification, reading only the suspect subgroups
            suspects = cache(suspect_expression(stats, c))
            bounds = suspects.aggregate(
                n=suspects.count(), lo=suspects.lsl.max(), hi=suspects.usl.min()
            ).to_pandas()
            if int(bounds["n"].iloc[0]):
                out_of_spec = cache(
                    out_of_spec_expression(
                        m,
                        c,
                        suspects,
                        subgroups=mode,
                        bucket=a.bucket,
                        below=nan_or(bounds["lo"].iloc[0]),
                        above=nan_or(bounds["hi"].iloc[0]),
                    )
                )
        lap("out_of_specification")
        sizes = stats.select("n").distinct().to_pandas()["n"].dropna().tolist()
        if not sizes:
            raise InsufficientDataError("there are no measurements to chart")
        consts_frame = constants_table(sizes)
        consts = ibis.memtable(consts_frame)
        std = _standards(standards)
        # consecutive groups are ordered by their number; time buckets never start at the
        # same time; subgroups named in a column may, and then the key must break the tie:
        # charted once without it, again with it only if a tie turns up
        orders: list[tuple[str, ...]] = [("seq",)] if mode == "consecutive" else [("time",)]
        if mode == "column":
            orders.append(("time", "key"))
        for order in orders:
            phased = phase_expression(stats, consts, a.phase1, order=order)
            if _phase_by_count(a.phase1):
                phased = cache(phased)  # holds a sort; used twice
            est = cache(
                estimates_expression(
                    phased,
                    individuals=1 in {int(n) for n in sizes},
                    order=order,
                    standards=std,
                )
            )
            lap("limits")
            pts = cache(
                points_expression(
                    phased,
                    est,
                    nsigmas=float(a.nsigmas),
                    rules=codes,
                    tolerance=a.tolerance,
                    order=order,
                )
            )
            if order == orders[-1] or not bool(pts.tied.any().execute()):
                break
        lap("rules")
        est_frame = est.to_pandas()
        summary = summary_frame(pts, est, est_frame, c, codes, out_of_spec)
        lap("summary")
        violations = export_points(
            pts.filter((pts.flags > 0) | (pts.r_beyond == 1)),
            est_frame,
            consts_frame,
            codes,
            a.nsigmas,
        )
        lap("violations")
        summary = _finish_summary(summary, a, codes, notes)
        chart_ids = _chart_ids(summary, a.chart_points)
        if chart_ids:
            chosen = est_frame.loc[est_frame["characteristic_id"].isin(chart_ids), "cid"]
            points = export_points(
                pts.filter(pts.cid.isin(chosen.tolist())), est_frame, consts_frame, codes, a.nsigmas
            )
        else:
            points = violations.iloc[0:0].copy()
        lap("capability_and_charts")
    finally:
        for release in reversed(cached):
            release()
    for frame in (violations, points):
        _tidy_points(frame)
    timings["total"] = time.perf_counter() - t0
    for note in notes:
        warnings.warn(note, SmallSampleWarning, stacklevel=3)
    return SpcAtScaleResult(
        summary=summary,
        violations=violations,
        points=points,
        rules=codes,
        options={
            "subgroups": mode,
            "subgroup_size": a.subgroup_size,
            "bucket": a.bucket if mode == "time" else None,
            "phase1": a.phase1,
            "nsigmas": float(a.nsigmas),
            "tolerance": a.tolerance,
            "sigma": "UWAVE-R (mean R/d2); individuals: mean moving range/1.128",
        },
        warnings=tuple(notes),
        timings=timings,
    )


def _materialise(expr: Any) -> tuple[Any, Any]:
    """The table of ``expr``, computed once, and how to drop it.

    ``expr.cache()``, except on DuckDB: there Ibis creates an empty table and INSERTs into
    it, while CREATE TABLE AS SELECT is faster (measured: 0.79 s instead of 0.86 s for the
    2 million points of the benchmark).
    """
    import ibis

    backend = expr._find_backend(use_default=True)
    hooks = getattr(backend, "_run_pre_execute_hooks", None)
    if getattr(backend, "name", None) != "duckdb" or hooks is None:
        table = expr.cache()
        return table, table.release
    from ibis.backends.sql.datatypes import DuckDBType

    hooks(expr)  # registers the in-memory tables the query reads
    name = ibis.util.gen_name("tq_spc")
    # the column types Ibis expects (DuckDB would make INTEGER of a 0/1 flag, say)
    columns = ", ".join(
        f'CAST("{c}" AS {DuckDBType.to_string(t)}) AS "{c}"' for c, t in expr.schema().items()
    )
    backend.raw_sql(
        f'CREATE TEMP TABLE "{name}" AS SELECT {columns} FROM ({backend.compile(expr)})'
    )
    return backend.table(name), lambda: backend.drop_table(name, force=True)


def export_points(
    points: Any,
    estimates: pd.DataFrame,
    constants: pd.DataFrame,
    codes: Sequence[str],
    nsigmas: float = 3.0,
) -> pd.DataFrame:
    """Points of :func:`points_expression` as a data frame, in order, with their
    characteristic's chart, center and sigma, the limits, one 0/1 column per rule code,
    ``violations`` (how many rules flag the point) and ``rule`` (the most serious one).

    ``estimates`` (:func:`estimates_expression`) and ``constants`` (:func:`constants_table`)
    are data frames with a row per characteristic and per subgroup size: what comes from
    them is looked up here, for the exported points only, instead of joined in the engine.
    """
    out = (
        points.select(
            "cid",
            "index",
            "time",
            "n",
            "mean",
            "range",
            "z",
            "r_beyond",
            "flags",
            "phase1",
            subgroup="key",
        )
        .order_by(["cid", "index"])  # = characteristic_id order (cid numbers them so)
        .to_pandas()
    )
    row = estimates.set_index("cid").loc[out["cid"].to_numpy()]
    k = float(nsigmas)
    n = out["n"].to_numpy(dtype=np.int64)
    center, sigma = row["center"].to_numpy(float), row["sigma"].to_numpy(float)
    r_center = row["r_center"].to_numpy(float)
    d3 = constants.set_index("n")["d3"].reindex(n).to_numpy(float)  # NaN for n = 1
    se = sigma / np.sqrt(n.astype(float))
    flags = out["flags"].to_numpy(dtype=np.int64)
    bits = ((flags[:, None] >> np.arange(len(codes))) & 1).astype(np.int8)
    # the lowest bit set is the most serious rule (codes are in order of severity)
    first = np.where(flags > 0, np.argmax(bits, axis=1) if len(codes) else 0, -1)
    names = np.asarray([*codes, None], dtype=object)
    text = estimates["characteristic_id"].dtype
    r_lcl = np.fmax(r_center - k * d3 * sigma, 0.0)  # as SQL GREATEST: 0 where undefined
    columns: dict[str, Any] = {
        "characteristic_id": pd.array(row["characteristic_id"].to_numpy(), dtype=text),
        **{c: out[c].to_numpy() for c in ("index", "subgroup", "time", "n", "mean", "range")},
        "chart": pd.array(
            np.where(row["individuals"].to_numpy(bool), "individuals", "xbar-r"), dtype=text
        ),
        "center": center,
        "sigma": sigma,
        "z": out["z"].to_numpy(),
        "lcl": center - k * se,
        "ucl": center + k * se,
        "r_lcl": r_lcl,
        "r_ucl": r_center + k * d3 * sigma,
        "r_beyond": out["r_beyond"].to_numpy(),
        "violations": bits.sum(axis=1, dtype=np.int64),
        "rule": names[first],
        **{c: bits[:, i] for i, c in enumerate(codes)},
        "r_center": r_center,
        "phase": pd.array(np.where(out["phase1"].to_numpy(bool), "I", "II"), dtype=text),
    }
    frame = pd.DataFrame(columns)
    frame["subgroup"] = frame["subgroup"].astype(out["subgroup"].dtype)
    return frame


def _standards(standards: Any) -> Any:
    import ibis

    if standards is None:
        return None
    frame = standards.to_pandas() if hasattr(standards, "to_pandas") else standards
    if not isinstance(frame, pd.DataFrame) or "characteristic_id" not in frame.columns:
        raise InputError("standards must be a data frame with characteristic_id, center, sigma")
    out = pd.DataFrame({"characteristic_id": frame["characteristic_id"].astype(str)})
    for col in ("center", "sigma"):
        out[col] = pd.to_numeric(frame[col]) if col in frame else np.nan
        out[col] = out[col].astype("float64")
    if (out["sigma"] <= 0).any():
        raise InputError("standards: sigma must be positive")
    return ibis.memtable(out)


def _tidy_points(frame: pd.DataFrame) -> None:
    if "rule" in frame.columns:
        frame["rule"] = frame["rule"].astype(object).where(frame["rule"].notna(), None)


def _chart_ids(summary: pd.DataFrame, chart_points: int | str) -> list[str]:
    if isinstance(chart_points, str):
        if chart_points != "all":
            raise InputError(f"chart_points must be a number or 'all' (got {chart_points!r})")
        return summary["characteristic_id"].astype(str).tolist()
    if int(chart_points) <= 0:
        return []
    ranked = summary.sort_values(
        ["flagged_points", "cpk"], ascending=[False, True], na_position="last"
    )
    return ranked["characteristic_id"].astype(str).head(int(chart_points)).tolist()


def _finish_summary(
    s: pd.DataFrame, a: ControlChartsAtScale, codes: Sequence[str], notes: list[str]
) -> pd.DataFrame:
    """Limits at the modal n, capability and flags — vectorised over characteristics."""
    from scipy.special import ndtr

    s = s.sort_values("characteristic_id").reset_index(drop=True)
    k = float(a.nsigmas)
    n_modal = s["n_modal"].astype("float64")
    se = s["sigma"].astype("float64") / np.sqrt(n_modal)
    s["lcl"] = s["center"] - k * se
    s["ucl"] = s["center"] + k * se
    from ._constants import d3 as _d3

    d3_modal = np.full(len(s), np.nan)
    ok = n_modal.to_numpy() >= 2
    if ok.any():
        d3_modal[ok] = _d3(n_modal.to_numpy()[ok].astype(int))
    s["r_lcl"] = np.maximum(s["r_center"] - k * d3_modal * s["sigma"], 0.0)
    s["r_ucl"] = s["r_center"] + k * d3_modal * s["sigma"]

    nv = s["n_values"].astype("float64")
    ss = s["ss_within"].fillna(0.0).astype("float64") + s["ss_between"].astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        s["sd_overall"] = np.sqrt(np.where(nv > 1, ss / (nv - 1), np.nan))
    lsl = s["lsl"].astype("float64").to_numpy()
    usl = s["usl"].astype("float64").to_numpy()
    mu = s["center"].astype("float64").to_numpy()
    target = s["target"].astype("float64").to_numpy()
    target = np.where(np.isnan(target), (lsl + usl) / 2.0, target)
    for prefix, sig in (("c", s["sigma"]), ("p", s["sd_overall"])):
        sd = sig.astype("float64").to_numpy()
        sd = np.where(sd > 0, sd, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            upper = (usl - mu) / (3.0 * sd)
            lower = (mu - lsl) / (3.0 * sd)
            s[f"{prefix}p"] = (usl - lsl) / (6.0 * sd)
            s[f"{prefix}pl"] = lower
            s[f"{prefix}pu"] = upper
            s[f"{prefix}pk"] = np.fmin(upper, lower)  # one-sided when one spec is absent
            if prefix == "c":  # Taguchi's Cpm (qcc: with the within sigma)
                s["cpm"] = s["cp"] / np.sqrt(1.0 + ((mu - target) / sd) ** 2)
            below = np.where(np.isnan(lsl), 0.0, ndtr((lsl - mu) / sd))
            above = np.where(np.isnan(usl), 0.0, ndtr((mu - usl) / sd))
            ppm = (below + above) * 1e6
            s["ppm_expected" if prefix == "c" else "ppm_expected_overall"] = np.where(
                np.isnan(sd) | (np.isnan(lsl) & np.isnan(usl)), np.nan, ppm
            )
    with np.errstate(divide="ignore", invalid="ignore"):
        obs = (s["below_lsl"] + s["above_usl"]).astype("float64") / nv * 1e6
    s["ppm_observed"] = np.where(np.isnan(lsl) & np.isnan(usl), np.nan, obs)

    # 95 % limits of Cp (chi-square) and Cpk (Bissell's normal approximation), as qcc
    from scipy.stats import chi2, norm

    dof = np.where(nv > 1, nv - 1.0, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        s["cp_lower"] = s["cp"] * np.sqrt(chi2.ppf(0.025, dof) / dof)
        s["cp_upper"] = s["cp"] * np.sqrt(chi2.ppf(0.975, dof) / dof)
        cpk = s["cpk"].to_numpy(dtype=float)
        half = norm.ppf(0.975) * np.sqrt(1.0 / (9.0 * nv * cpk**2) + 1.0 / (2.0 * dof))
        s["cpk_lower"] = cpk * (1.0 - half)
        s["cpk_upper"] = cpk * (1.0 + half)

    # performance over all the data (phase I and II): the mean and overall standard
    # deviation pooled exactly from the subgroups (deviations taken from the phase I center,
    # which is close to the overall mean, so nothing cancels)
    n_all = s["n_all"].astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_all = s["sum_all"].astype("float64") / n_all
        ss_between_all = s["ss_center_all"].astype("float64") - n_all * (mean_all - mu) ** 2
        ss_all = s["ss_within_all"].fillna(0.0).astype("float64") + ss_between_all
        sd_all = np.sqrt(np.where(n_all > 1, np.maximum(ss_all, 0.0) / (n_all - 1), np.nan))
        sd_all = np.where(sd_all > 0, sd_all, np.nan)
        s["mean_all"] = mean_all
        s["sd_all"] = sd_all
        s["ppk_all"] = np.fmin((usl - mean_all) / (3.0 * sd_all), (mean_all - lsl) / (3.0 * sd_all))

    s["has_violations"] = s["flagged_points"] > 0
    s["capability_ok"] = pd.array(
        [None if pd.isna(v) else bool(v >= float(a.capability_target)) for v in s["cpk"]],
        dtype="boolean",
    )
    rule_cols = list(codes)
    s[rule_cols] = s[rule_cols].astype("int64")
    s["phase1_points"] = s["phase1_points"].astype("int64")
    few = s.loc[s["phase1_points"] < MIN_PHASE1_SUBGROUPS, "characteristic_id"].tolist()
    if few:
        shown = ", ".join(map(str, few[:10])) + (" ..." if len(few) > 10 else "")
        notes.append(
            f"{len(few)} characteristic(s) have fewer than {MIN_PHASE1_SUBGROUPS} phase I "
            f"subgroups; their limits are uncertain: {shown}"
        )
    zero = s.loc[~(s["sigma"] > 0), "characteristic_id"].tolist()
    if zero:
        notes.append(
            f"{len(zero)} characteristic(s) have no within-subgroup variation (sigma 0 or "
            f"undefined); they are not charted: {', '.join(map(str, zero[:10]))}"
        )
    drop = [
        "ss_within",
        "ss_between",
        "last_flagged_index",
        "ss_center_all",
        "ss_within_all",
        "sum_all",
    ]
    s["violation_in_last_point"] = s["last_flagged_index"] == s["last_index"]
    s = s.drop(columns=[*drop, "last_index"])
    first = [
        "characteristic_id",
        "stage_id",
        "chart",
        "points",
        "phase1_points",
        "n_modal",
        "center",
        "sigma",
        "lcl",
        "ucl",
        "r_center",
        "r_lcl",
        "r_ucl",
        "has_violations",
        "flagged_points",
        *rule_cols,
        "r_beyond",
        "first_violation",
        "last_violation",
        "violation_in_last_point",
        "lsl",
        "target",
        "usl",
        "cp",
        "cpk",
        "pp",
        "ppk",
        "cpm",
        "cpk_lower",
        "cpk_upper",
        "capability_ok",
        "ppm_expected",
        "ppm_expected_overall",
        "ppm_observed",
    ]
    rest = [c for c in s.columns if c not in first]
    return s[first + rest]


def nan_or(value: Any) -> float | None:
    """A float, or None for missing values (for JSON-friendly scalars)."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


__all__ = [
    "ON_LINE_TOLERANCE",
    "ControlChartsAtScale",
    "SpcAtScaleResult",
    "constants_table",
    "estimates_expression",
    "export_points",
    "keyed_measurements",
    "out_of_spec_expression",
    "parse_rules",
    "phase_expression",
    "points_expression",
    "spc_at_scale",
    "subgroup_expression",
    "summary_expression",
    "summary_frame",
    "suspect_expression",
]
