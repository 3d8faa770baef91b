"""Plotly figures (as plain dicts, ``fig.to_dict()``) for the SPC chart results.

Shewhart charts show the statistic against per-point limits drawn as steps, the ±1σ and
±2σ zones shaded, the points flagged by a rule marked (red: beyond limits, orange: run or
zone rule; the hover text names the rule), and a dotted line between phase I and phase II.
Inputs are passed as lists so the dicts hold plain JSON values.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ._rules import BEYOND_LIMIT_RULES, RULE_DESCRIPTIONS

_CHART_NAMES = {
    "xbar": "X̄ chart",
    "R": "R chart",
    "S": "S chart",
    "xbar.one": "Individuals chart",
    "MR": "Moving-range chart",
    "p": "p chart",
    "np": "np chart",
    "c": "c chart",
    "u": "u chart",
}
_ZONE_FILL = ("rgba(94,129,172,0.10)", "rgba(94,129,172,0.18)", "rgba(94,129,172,0.28)")
_BEYOND = "#d62728"
_RUN = "#ff7f0e"


def _list(values: Any) -> list[Any]:
    out = []
    for v in np.asarray(values, dtype=float).tolist():
        out.append(None if v is None or not np.isfinite(v) else v)
    return out


def _phase_boundary(fig: go.Figure, phase: tuple[str, ...], row: int | None = None) -> None:
    n1 = sum(1 for p in phase if p == "I")
    if 0 < n1 < len(phase):
        kwargs: dict[str, Any] = {"row": row, "col": 1} if row is not None else {}
        fig.add_vline(x=n1 + 0.5, line_dash="dot", line_color="grey", **kwargs)
        if row in (None, 1):
            fig.add_annotation(
                x=(n1 + 1) / 2,
                y=1.0,
                yref="paper",
                text="Phase I",
                showarrow=False,
                yanchor="bottom",
            )
            fig.add_annotation(
                x=n1 + (len(phase) - n1 + 1) / 2,
                y=1.0,
                yref="paper",
                text="Phase II",
                showarrow=False,
                yanchor="bottom",
            )


def _add_shewhart(fig: go.Figure, result: Any, row: int | None = None) -> None:
    kw: dict[str, Any] = {"row": row, "col": 1} if row is not None else {}
    legend = row in (None, 1)  # one legend entry per line type in stacked charts
    x = list(range(1, len(result.statistics) + 1))
    ids = [str(v) for v in result.sample_ids]
    center = float(result.center)
    lcl = np.asarray(result.lcl, dtype=float)
    ucl = np.asarray(result.ucl, dtype=float)
    sd = np.asarray(result.point_sigma, dtype=float)
    step = result.nsigmas / 3.0
    # zones: shaded bands between center ± j σ (clipped to the limits), innermost darkest
    for j, fill in zip((3, 2, 1), _ZONE_FILL, strict=True):
        hi = np.minimum(center + j * step * sd, ucl) if j < 3 else ucl
        lo = np.maximum(center - j * step * sd, lcl) if j < 3 else lcl
        fig.add_trace(
            go.Scatter(
                x=x,
                y=_list(hi),
                mode="lines",
                line={"width": 0, "shape": "hvh"},
                hoverinfo="skip",
                showlegend=False,
            ),
            **kw,
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=_list(lo),
                mode="lines",
                line={"width": 0, "shape": "hvh"},
                fill="tonexty",
                fillcolor=fill,
                hoverinfo="skip",
                name=f"±{j}σ zone" if j < 3 else "in control",
                showlegend=False,
            ),
            **kw,
        )
    for name, y, dash in (("UCL", ucl, "dash"), ("LCL", lcl, "dash")):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=_list(y),
                mode="lines",
                name=name,
                showlegend=legend,
                line={"color": "#444", "dash": dash, "shape": "hvh", "width": 1},
            ),
            **kw,
        )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[center] * len(x),
            mode="lines",
            name="CL",
            showlegend=legend,
            line={"color": "#444", "width": 1},
        ),
        **kw,
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_list(result.statistics),
            mode="lines+markers",
            name="statistic",
            showlegend=legend,
            line={"color": "#1f3b5c"},
            marker={"size": 5},
            customdata=ids,
            hovertemplate="sample %{customdata}<br>%{y}<extra></extra>",
        ),
        **kw,
    )
    codes = list(result.point_codes)
    for kind, color, symbol in (("beyond", _BEYOND, "circle"), ("run", _RUN, "square")):
        pts = [
            i
            for i, c in enumerate(codes)
            if c is not None and ((c in BEYOND_LIMIT_RULES) == (kind == "beyond"))
        ]
        if not pts:
            continue
        fig.add_trace(
            go.Scatter(
                x=[x[i] for i in pts],
                y=[float(result.statistics[i]) for i in pts],
                mode="markers",
                name="beyond limits" if kind == "beyond" else "run rule",
                marker={"color": color, "size": 9, "symbol": symbol},
                text=[f"{codes[i]}: {RULE_DESCRIPTIONS[codes[i]]}" for i in pts],
                customdata=[ids[i] for i in pts],
                hovertemplate="sample %{customdata}<br>%{y}<br>%{text}<extra></extra>",
            ),
            **kw,
        )
    _phase_boundary(fig, result.phase, row)


def control_chart_figure(result: Any, title: str | None = None) -> dict[str, Any]:
    """Figure dict of one Shewhart chart result."""
    fig = go.Figure()
    _add_shewhart(fig, result)
    fig.update_layout(
        title=title or _CHART_NAMES.get(result.chart, result.chart),
        xaxis_title="sample (position)",
        yaxis_title=_CHART_NAMES.get(result.chart, result.chart).replace(" chart", ""),
        template="plotly_white",
    )
    return fig.to_dict()


def paired_chart_figure(result: Any, title: str | None = None) -> dict[str, Any]:
    """Figure dict of a location chart above its dispersion chart."""
    loc, disp = result.location, result.dispersion
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=(_CHART_NAMES[loc.chart], _CHART_NAMES[disp.chart]),
    )
    _add_shewhart(fig, loc, row=1)
    _add_shewhart(fig, disp, row=2)
    fig.update_layout(title=title, template="plotly_white", height=650)
    fig.update_xaxes(title_text="sample (position)", row=2, col=1)
    return fig.to_dict()


def ewma_figure(result: Any, title: str | None = None) -> dict[str, Any]:
    """Figure dict of an EWMA chart: statistics (light), EWMA, time-varying limits."""
    x = list(range(1, len(result.ewma) + 1))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_list(result.ucl),
            mode="lines",
            name="UCL",
            line={"color": "#444", "dash": "dash", "width": 1},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_list(result.lcl),
            mode="lines",
            name="LCL",
            line={"color": "#444", "dash": "dash", "width": 1},
            fill="tonexty",
            fillcolor=_ZONE_FILL[0],
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[result.center] * len(x),
            mode="lines",
            name="CL",
            line={"color": "#444", "width": 1},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_list(result.statistics),
            mode="markers",
            name="statistic",
            marker={"color": "#9aa5b1", "size": 5, "symbol": "cross"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_list(result.ewma),
            mode="lines+markers",
            name="EWMA",
            line={"color": "#1f3b5c"},
            marker={"size": 5},
        )
    )
    bad = [p - 1 for p in result.violations]
    if bad:
        fig.add_trace(
            go.Scatter(
                x=[x[i] for i in bad],
                y=[float(result.ewma[i]) for i in bad],
                mode="markers",
                name="beyond limits",
                marker={"color": _BEYOND, "size": 9},
            )
        )
    _phase_boundary(fig, result.phase)
    fig.update_layout(
        title=title or f"EWMA chart (λ = {result.lam:g})",
        xaxis_title="sample (position)",
        template="plotly_white",
    )
    return fig.to_dict()


def cusum_figure(result: Any, title: str | None = None) -> dict[str, Any]:
    """Figure dict of a standardized CUSUM chart with its decision boundaries."""
    x = list(range(1, len(result.upper) + 1))
    h = result.decision_interval
    fig = go.Figure()
    fig.add_hrect(y0=-h, y1=h, fillcolor=_ZONE_FILL[0], line_width=0)
    fig.add_hline(y=h, line_dash="dash", line_color="#444", annotation_text="UDB")
    fig.add_hline(y=-h, line_dash="dash", line_color="#444", annotation_text="LDB")
    fig.add_trace(
        go.Scatter(
            x=x, y=_list(result.upper), mode="lines+markers", name="C⁺", line={"color": "#1f3b5c"}
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x, y=_list(result.lower), mode="lines+markers", name="C⁻", line={"color": "#5e81ac"}
        )
    )
    for name, pts, y in (
        ("upper signal", result.upper_signals, result.upper),
        ("lower signal", result.lower_signals, result.lower),
    ):
        if pts:
            fig.add_trace(
                go.Scatter(
                    x=list(pts),
                    y=[float(y[p - 1]) for p in pts],
                    mode="markers",
                    name=name,
                    marker={"color": _BEYOND, "size": 9},
                )
            )
    _phase_boundary(fig, result.phase)
    fig.update_layout(
        title=title or "CUSUM chart",
        xaxis_title="sample (position)",
        yaxis_title="cumulative sum (standard errors)",
        template="plotly_white",
    )
    return fig.to_dict()


def t2_figure(result: Any, title: str | None = None) -> dict[str, Any]:
    """Figure dict of a Hotelling T² chart (UCL in phase I, UPL in phase II)."""
    x = list(range(1, len(result.statistics) + 1))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_list(result.limit),
            mode="lines",
            name="UCL / UPL",
            line={"color": "#444", "dash": "dash", "shape": "hvh"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_list(result.statistics),
            mode="lines+markers",
            name="T²",
            line={"color": "#1f3b5c"},
            customdata=[str(v) for v in result.sample_ids],
            hovertemplate="sample %{customdata}<br>T² %{y}<extra></extra>",
        )
    )
    bad = [p - 1 for p in result.beyond_limits]
    if bad:
        fig.add_trace(
            go.Scatter(
                x=[x[i] for i in bad],
                y=[float(result.statistics[i]) for i in bad],
                mode="markers",
                name="beyond limit",
                marker={"color": _BEYOND, "size": 9},
            )
        )
    _phase_boundary(fig, result.phase)
    fig.update_layout(
        title=title or "Hotelling T² chart",
        xaxis_title="sample (position)",
        yaxis_title="T²",
        template="plotly_white",
    )
    return fig.to_dict()


def oc_figure(curve: Any, what: str = "beta", title: str | None = None) -> dict[str, Any]:
    """Figure dict of OC curves (β or ARL)."""
    values = np.asarray(curve.beta if what == "beta" else curve.arl, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    fig = go.Figure()
    for j in range(values.shape[1]):
        label = f"n = {curve.sizes[j]:g}" if j < len(curve.sizes) else None
        fig.add_trace(go.Scatter(x=_list(curve.x), y=_list(values[:, j]), mode="lines", name=label))
    fig.update_layout(
        title=title or f"OC curve, {curve.chart} chart",
        xaxis_title=curve.x_label,
        yaxis_title="probability of not detecting (β)" if what == "beta" else "ARL",
        template="plotly_white",
    )
    return fig.to_dict()
