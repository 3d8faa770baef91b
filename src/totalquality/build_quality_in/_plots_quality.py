"""Plotly figure dicts for capability, Pareto, yield trend and supplier comparison.

Every function returns ``fig.to_dict()`` (plain data, JSON-able with ``to_jsonable``) so reports
and the web UI can embed it without recomputing. Histograms are binned here (``np.histogram``)
so the figure stays small however many measurements there are.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from scipy import stats

from .._errors import InputError
from ._capability import CapabilityResult
from ._pareto import ParetoResult
from ._suppliers import SupplierQualityResult
from ._yield import YieldResult

_SPEC = "#c0392b"
_TARGET = "#27ae60"
_BAR = "#5b8db8"
_LINE = "#2c3e50"


def capability_histogram(
    values: Any, result: CapabilityResult, title: str = "Process capability"
) -> dict[str, Any]:
    """Histogram (density) with the fitted curve, LSL/USL/target lines and the key indices."""
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    if x.size == 0:
        raise InputError("no finite values to plot")
    density, edges = np.histogram(x, bins="auto", density=True)
    if edges.size > 81:  # keep the figure readable and small
        density, edges = np.histogram(x, bins=80, density=True)
    fig = go.Figure()
    fig.add_bar(
        x=((edges[:-1] + edges[1:]) / 2).tolist(),
        y=density.tolist(),
        width=np.diff(edges).tolist(),
        marker_color=_BAR,
        opacity=0.75,
        name="measurements",
    )
    marks = [v for v in (result.lsl, result.usl, result.target) if v is not None]
    lo, hi = float(min(x.min(), *marks)), float(max(x.max(), *marks))
    pad = 0.1 * (hi - lo if hi > lo else 1.0)
    grid = np.linspace(lo - pad, hi + pad, 250)
    for label, sd, dash in (
        ("normal (within σ)", result.sigma_within, "solid"),
        ("normal (overall σ)", result.sigma_overall, "dot"),
    ):
        curve = _curve(grid, result, sd)
        if curve is not None:
            fig.add_scatter(
                x=grid.tolist(),
                y=curve.tolist(),
                mode="lines",
                name=label,
                line={"color": _LINE, "dash": dash},
            )
    for value, label, color, dash in (
        (result.lsl, "LSL", _SPEC, "dash"),
        (result.usl, "USL", _SPEC, "dash"),
        (result.target, "Target", _TARGET, "dot"),
    ):
        if value is not None:
            fig.add_vline(
                x=value,
                line={"color": color, "dash": dash, "width": 2},
                annotation_text=label,
                annotation_position="top",
            )
    idx = result.indices
    shown = [
        f"{name} = {idx[name].value:.3g}"
        for name in ("Cp", "Cp_k", "Pp", "Pp_k")
        if np.isfinite(idx[name].value)
    ]
    fig.update_layout(
        title={"text": f"{title}<br><sup>n = {result.n}; {', '.join(shown)}</sup>"},
        xaxis_title="value",
        yaxis_title="density",
        bargap=0,
        template="plotly_white",
        legend={"orientation": "h"},
    )
    return fig.to_dict()


def _curve(grid: np.ndarray, result: CapabilityResult, sd: float) -> np.ndarray | None:
    if not (sd > 0) or result.method == "percentile":
        return None
    if result.method == "boxcox" and result.boxcox_lambda is not None:
        # Density of x when the Box-Cox transform of x is normal: φ(T(x)) · |dT/dx|.
        lam = result.boxcox_lambda
        pos = grid > 0
        out = np.zeros_like(grid)
        g = grid[pos]
        t = np.log(g) if lam == 0 else (g**lam - 1) / lam
        out[pos] = stats.norm.pdf(t, result.center, sd) * g ** (lam - 1)
        return out
    return np.asarray(stats.norm.pdf(grid, result.center, sd))


def pareto_chart(
    pareto: ParetoResult | pd.DataFrame,
    group: Any = None,
    title: str = "Defect Pareto",
    top: int | None = 20,
) -> dict[str, Any]:
    """Bars of defect counts (vital few highlighted) and the cumulative share line.

    For a grouped Pareto pass ``group`` (the group key, e.g. a stage id, or a tuple for several
    keys) to pick one group; without it the first group is drawn.
    """
    table, keys, cut = _pareto_table(pareto)
    if keys:
        if group is None:
            first = table.iloc[0]
            group = tuple(first[k] for k in keys) if len(keys) > 1 else first[keys[0]]
        wanted = group if isinstance(group, tuple) else (group,)
        mask = np.ones(len(table), dtype=bool)
        for k, v in zip(keys, wanted, strict=False):
            mask &= (table[k] == v).to_numpy()
        table = table[mask]
        title = f"{title} — {', '.join(str(v) for v in wanted)}"
    table = table.sort_values("rank")
    if top is not None:
        table = table.head(top)
    colors = [_SPEC if v else _BAR for v in table["vital"]]
    fig = go.Figure()
    fig.add_bar(
        x=table["defect_type"].astype(str).tolist(),
        y=table["count"].tolist(),
        marker_color=colors,
        name="defects",
    )
    fig.add_scatter(
        x=table["defect_type"].astype(str).tolist(),
        y=(100 * table["cumulative_share"]).tolist(),
        mode="lines+markers",
        name="cumulative %",
        yaxis="y2",
        line={"color": _LINE},
    )
    fig.add_hline(
        y=100 * cut, line={"dash": "dot", "color": "grey"}, yref="y2", annotation_text=f"{cut:.0%}"
    )
    fig.update_layout(
        title={"text": title},
        yaxis={"title": "defects"},
        yaxis2={"title": "cumulative %", "overlaying": "y", "side": "right", "range": [0, 105]},
        template="plotly_white",
        legend={"orientation": "h"},
    )
    return fig.to_dict()


def _pareto_table(pareto: ParetoResult | pd.DataFrame) -> tuple[pd.DataFrame, list[str], float]:
    if isinstance(pareto, ParetoResult):
        keys = [*pareto.by, *(["period"] if pareto.period else [])]
        return pareto.table, keys, pareto.vital_share
    needed = {"defect_type", "count", "cumulative_share", "rank", "vital"}
    if not needed <= set(pareto.columns):
        raise InputError(f"a Pareto table needs the columns {', '.join(sorted(needed))}")
    extra = [c for c in pareto.columns if c not in needed | {"share"}]
    return pareto, extra, 0.8


def yield_trend(
    fpy: YieldResult | pd.DataFrame,
    title: str = "First-pass yield",
    group_column: str | None = "stage_id",
) -> dict[str, Any]:
    """FPY per period with its interval as a shaded band, one line per group."""
    table = fpy.table if isinstance(fpy, YieldResult) else fpy
    if "period" not in table.columns:
        raise InputError("a yield trend needs FPY per period (first_pass_yield(..., period=...))")
    fig = go.Figure()
    groups = (
        table.groupby(group_column, sort=True)
        if group_column and group_column in table.columns
        else [("all", table)]
    )
    for name, part in groups:
        part = part.sort_values("period")
        xs = [pd.Timestamp(p).isoformat() for p in part["period"]]
        label = str(name[0] if isinstance(name, tuple) else name)
        fig.add_scatter(
            x=xs + xs[::-1],
            y=part["fpy_upper"].tolist() + part["fpy_lower"].tolist()[::-1],
            fill="toself",
            mode="lines",
            line={"width": 0},
            opacity=0.2,
            hoverinfo="skip",
            showlegend=False,
            legendgroup=label,
            name=f"{label} interval",
        )
        fig.add_scatter(
            x=xs,
            y=part["fpy"].tolist(),
            mode="lines+markers",
            name=label,
            legendgroup=label,
            customdata=part[["inspected", "passed_first_time"]].to_numpy().tolist(),
            hovertemplate="%{x}<br>FPY %{y:.1%}<br>%{customdata[1]} of %{customdata[0]}",
        )
    fig.update_layout(
        title={"text": title},
        yaxis={"title": "first-pass yield", "tickformat": ".0%"},
        xaxis_title="period",
        template="plotly_white",
    )
    return fig.to_dict()


def supplier_comparison(
    result: SupplierQualityResult,
    level: str = "suppliers",
    title: str | None = None,
    top: int | None = 40,
) -> dict[str, Any]:
    """Rates with interval error bars; significant suppliers / flagged lots in red.

    ``level="lots"`` draws supplier lots (worst first, at most ``top``) with the rest-of-population
    rate as a marker for comparison.
    """
    if level not in ("suppliers", "lots"):
        raise InputError(f"level must be 'suppliers' or 'lots', got {level!r}")
    unit = "defects per unit" if result.measure == "rate" else "defective fraction"
    if level == "suppliers":
        t = result.suppliers
        labels = (
            t["supplier_id"].astype(str)
            + (" (" + t["group"].astype(str) + ")" if "group" in t.columns else "")
        ).tolist()
        red = (t["significant"] & (t["direction"] == "above")).tolist()
    else:
        t = result.lots.sort_values("rate", ascending=False)
        if top is not None:
            t = t.head(top)
        labels = (t["supplier_lot_id"].astype(str) + " / " + t["supplier_id"].astype(str)).tolist()
        red = t["flagged"].tolist()
    fig = go.Figure()
    fig.add_scatter(
        x=labels,
        y=t["rate"].tolist(),
        mode="markers",
        marker={"color": [_SPEC if r else _BAR for r in red], "size": 9},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": (t["rate_upper"] - t["rate"]).tolist(),
            "arrayminus": (t["rate"] - t["rate_lower"]).tolist(),
        },
        name=unit,
    )
    fig.add_scatter(
        x=labels,
        y=t["rest_rate"].tolist(),
        mode="markers",
        marker={"symbol": "line-ew-open", "size": 16, "color": _LINE},
        name="rest of population",
    )
    fig.update_layout(
        title={"text": title or f"Incoming quality by {level[:-1].replace('_', ' ')}"},
        yaxis_title=unit,
        template="plotly_white",
        legend={"orientation": "h"},
    )
    return fig.to_dict()
