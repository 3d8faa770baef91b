"""Plotly figures (as plain dicts) for the satisfaction and requirements sections."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2")
_NPS_POINTS = 100.0  # NPS shown on the familiar −100…100 scale


def _fig(data: list[Any], layout: dict[str, Any]) -> dict[str, Any]:
    import plotly.graph_objects as go

    fig = go.Figure(data=data, layout=layout)
    return fig.to_dict()  # type: ignore[no-any-return]


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def score_trend_figure(
    table: pd.DataFrame,
    metric: str = "nps",
    group: str | None = None,
    *,
    title: str | None = None,
    flags: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Score per period with its interval as a shaded band, one line per group."""
    import plotly.graph_objects as go

    scale = _NPS_POINTS if metric == "nps" else 1.0
    traces: list[Any] = []
    groups = [(None, table)] if group is None else list(table.groupby(group, sort=True))
    for i, (name, sub) in enumerate(groups):
        sub = sub.sort_values("period")
        x = pd.to_datetime(sub["period"]).dt.strftime("%Y-%m-%d").tolist()
        colour = _COLOURS[i % len(_COLOURS)]
        label = str(name) if name is not None else metric.upper()
        lo = (sub[f"{metric}_ci_low"] * scale).tolist()
        hi = (sub[f"{metric}_ci_high"] * scale).tolist()
        traces.append(
            go.Scatter(
                x=x + x[::-1],
                y=hi + lo[::-1],
                fill="toself",
                fillcolor=_rgba(colour, 0.15),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=label,
            )
        )
        traces.append(
            go.Scatter(
                x=x,
                y=(sub[metric] * scale).tolist(),
                mode="lines+markers",
                name=label,
                line={"color": colour},
                legendgroup=label,
            )
        )
    if flags is not None and not flags.empty:
        sig = flags[flags["flag"] != "no significant change"]
        if not sig.empty:
            traces.append(
                go.Scatter(
                    x=pd.to_datetime(sig["period"]).dt.strftime("%Y-%m-%d").tolist(),
                    y=(sig[metric] * scale).tolist(),
                    mode="markers",
                    marker={"symbol": "x", "size": 11, "color": "black"},
                    name="significant change vs baseline",
                    text=sig["flag"].tolist(),
                )
            )
    ylab = "NPS (−100…100)" if metric == "nps" else metric.upper()
    return _fig(
        traces,
        {
            "title": {"text": title or f"{metric.upper()} by period ({ylab}), with 95 % interval"},
            "xaxis": {"title": {"text": "period"}},
            "yaxis": {"title": {"text": ylab}},
            "template": "plotly_white",
        },
    )


def kano_map_figure(table: pd.DataFrame, names: dict[str, str] | None = None) -> dict[str, Any]:
    """Better/worse map (Timko): x = |worse| (dissatisfaction if absent), y = better."""
    import plotly.graph_objects as go

    names = names or {}
    labels = [names.get(r, r) for r in table["requirement"]]
    x = np.abs(table["worse"].to_numpy(float))
    y = table["better"].to_numpy(float)
    text = [f"{lab} ({c})" for lab, c in zip(labels, table["category_rule"], strict=True)]
    scatter = go.Scatter(
        x=x.tolist(),
        y=y.tolist(),
        mode="markers+text",
        text=text,
        textposition="top center",
        marker={"size": 12},
        name="requirements",
    )
    quadrant_labels = [
        (0.25, 0.95, "Attractive"),
        (0.75, 0.95, "One-dimensional"),
        (0.25, 0.05, "Indifferent"),
        (0.75, 0.05, "Must-be"),
    ]
    return _fig(
        [scatter],
        {
            "title": {"text": "Kano better/worse map"},
            "xaxis": {"title": {"text": "worse (|dissatisfaction if absent|)"}, "range": [0, 1]},
            "yaxis": {"title": {"text": "better (satisfaction if present)"}, "range": [0, 1]},
            "shapes": [
                {"type": "line", "x0": 0.5, "x1": 0.5, "y0": 0, "y1": 1, "line": {"dash": "dot"}},
                {"type": "line", "x0": 0, "x1": 1, "y0": 0.5, "y1": 0.5, "line": {"dash": "dot"}},
            ],
            "annotations": [
                {"x": ax, "y": ay, "text": t, "showarrow": False, "opacity": 0.6}
                for ax, ay, t in quadrant_labels
            ],
            "template": "plotly_white",
        },
    )


def ipa_figure(
    table: pd.DataFrame,
    importance_crosshair: float,
    performance_crosshair: float,
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Importance–performance grid with Martilla & James quadrant labels."""
    import plotly.graph_objects as go

    names = names or {}
    perf = table["performance"].to_numpy(float)
    imp = table["importance"].to_numpy(float)
    scatter = go.Scatter(
        x=perf.tolist(),
        y=imp.tolist(),
        mode="markers+text",
        text=[names.get(str(r), str(r)) for r in table["name"]],
        textposition="top center",
        marker={"size": 12},
        customdata=table["quadrant"].tolist(),
        hovertemplate="%{text}<br>performance %{x:.2f}<br>importance %{y:.2f}<br>%{customdata}",
        name="requirements",
    )
    x0, x1 = float(np.nanmin(perf)), float(np.nanmax(perf))
    y0, y1 = float(np.nanmin(imp)), float(np.nanmax(imp))
    padx = max((x1 - x0) * 0.15, 1e-3)
    pady = max((y1 - y0) * 0.15, 1e-3)
    x0, x1 = min(x0, performance_crosshair) - padx, max(x1, performance_crosshair) + padx
    y0, y1 = min(y0, importance_crosshair) - pady, max(y1, importance_crosshair) + pady
    ann = [
        (x0, y1, "Concentrate here", "left"),
        (x1, y1, "Keep up the good work", "right"),
        (x0, y0, "Low priority", "left"),
        (x1, y0, "Possible overkill", "right"),
    ]
    return _fig(
        [scatter],
        {
            "title": {"text": "Importance–performance analysis (Martilla & James 1977)"},
            "xaxis": {"title": {"text": "performance"}, "range": [x0, x1]},
            "yaxis": {"title": {"text": "importance"}, "range": [y0, y1]},
            "shapes": [
                {
                    "type": "line",
                    "x0": performance_crosshair,
                    "x1": performance_crosshair,
                    "y0": y0,
                    "y1": y1,
                    "line": {"dash": "dot"},
                },
                {
                    "type": "line",
                    "x0": x0,
                    "x1": x1,
                    "y0": importance_crosshair,
                    "y1": importance_crosshair,
                    "line": {"dash": "dot"},
                },
            ],
            "annotations": [
                {"x": ax, "y": ay, "text": t, "showarrow": False, "xanchor": xa, "opacity": 0.6}
                for ax, ay, t, xa in ann
            ],
            "template": "plotly_white",
        },
    )


def driver_bars_figure(
    table: pd.DataFrame,
    method: str = "lmg",
    names: dict[str, str] | None = None,
    target: str = "",
    title: str | None = None,
) -> dict[str, Any]:
    """Horizontal bars of each driver's share of R² (%) with bootstrap intervals.

    A share of R² has no sign: where the table has the drivers' ``correlation`` with the
    outcome, bars are coloured by whether the driver goes with a lower or a higher score.
    """
    import plotly.graph_objects as go

    names = names or {}
    t = table.sort_values(f"{method}_pct")
    labels = [names.get(str(d), str(d)) for d in t["driver"]]
    groups: list[tuple[str, Any, str | None]] = [("", np.ones(len(t), bool), None)]
    if "correlation" in t:
        lower = (t["correlation"] < 0).to_numpy()
        groups = [
            (f"goes with a lower {target or 'score'}", lower, "#d62728"),
            (f"goes with a higher {target or 'score'}", ~lower, "#1f77b4"),
        ]
    bars = []
    for name, mask, colour in groups:
        if not mask.any():
            continue
        part = t[mask]
        err: dict[str, Any] | None = None
        if f"{method}_pct_ci_low" in part:
            err = {
                "type": "data",
                "symmetric": False,
                "array": (part[f"{method}_pct_ci_high"] - part[f"{method}_pct"]).tolist(),
                "arrayminus": (part[f"{method}_pct"] - part[f"{method}_pct_ci_low"]).tolist(),
            }
        bars.append(
            go.Bar(
                x=part[f"{method}_pct"].tolist(),
                y=[lab for lab, m in zip(labels, mask, strict=True) if m],
                orientation="h",
                error_x=err,
                name=name or method,
                marker={"color": colour} if colour else None,
                showlegend=bool(name),
            )
        )
    label = {"lmg": "LMG / Shapley", "johnson": "Johnson's relative weight"}.get(method, method)
    heading = title or f"Key drivers of {target or 'the outcome'}"
    return _fig(
        bars,
        {
            "title": {"text": f"{heading}: {label}, % of R²"},
            "xaxis": {"title": {"text": "% of R²"}},
            # one category order for both colours: the largest share on top
            "yaxis": {"categoryorder": "array", "categoryarray": labels},
            "template": "plotly_white",
        },
    )
