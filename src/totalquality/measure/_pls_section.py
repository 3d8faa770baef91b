"""Section runner "index": the ECSI customer-satisfaction index of a workspace.

Builds the respondents × items matrix from ``items`` (indicator items with an
ECSI block) and ``answers``, fits the default ECSI model with PLS-PM and reports
the 0–100 satisfaction index with its bootstrap interval, the path coefficients,
R², reliability caveats and a path diagram.

The default is ``scaled=False``: ECSI/ACSI indices are computed from items that
share one answer scale, and unstandardised estimation keeps the weights on that
scale (plspm's ``rescale()`` examples use it too).
"""

from __future__ import annotations

import time
from typing import Any

from .._errors import InsufficientDataError
from .._findings import Finding
from .._section import SectionResult
from .._tables import TableSource
from ._pls import PLSPathModel, PLSResult
from ._pls_model import ECSI_LVS, ecsi_model, indicator_data

NAME = "index"
REQUIRED = ("items", "answers")

#: node positions of the ECSI constructs in the path diagram (x left → right)
_ECSI_LAYOUT: dict[str, tuple[float, float]] = {
    "image": (0.0, 1.5),
    "expectation": (1.0, 0.0),
    "quality": (1.2, -1.8),
    "value": (2.4, -1.4),
    "satisfaction": (3.0, 0.2),
    "complaints": (4.0, 1.6),
    "loyalty": (5.0, 0.2),
}


def run_index_section(
    tables: TableSource,
    *,
    n_boot: int = 200,
    seed: int | None = 0,
    scaled: bool = False,
    scheme: str = "centroid",
    missing: str = "drop",
    confidence: float = 0.95,
    benchmark: float | None = None,
    **_: Any,
) -> SectionResult:
    """The customer-satisfaction index of a workspace (ECSI model, PLS-PM).

    ``benchmark`` (0–100) turns an index below it into a ``score_below_benchmark``
    finding. Unknown options are ignored so that a common option set can be passed
    to every section.
    """
    missing_tables = tuple(t for t in REQUIRED if not tables.has(t))
    if missing_tables:
        return _unavailable(
            f"the satisfaction index needs the tables {', '.join(REQUIRED)}",
            missing_tables=missing_tables,
        )
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        ind = indicator_data(tables.pandas("items"), tables.pandas("answers"), missing=missing)
        spec = ecsi_model(ind.blocks)
    except InsufficientDataError as exc:
        return _unavailable(str(exc))
    timings["build"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    model = PLSPathModel(
        blocks=spec.blocks,
        paths=spec.paths,
        modes=spec.modes,
        scaled=scaled,
        scheme=scheme,
        n_boot=n_boot,
        seed=seed,
        confidence=confidence,
        scale_min=ind.scale_min,
        scale_max=ind.scale_max,
        target="satisfaction",
        missing="error",  # already handled while building the matrix
    )
    try:
        model.fit(ind.data)  # its caveats are warned and recorded in result_.warnings
    except InsufficientDataError as exc:
        return _unavailable(*ind.notes, *spec.notes, str(exc))
    timings["fit"] = time.perf_counter() - t0
    res: PLSResult = model.result_

    notes = tuple(dict.fromkeys((*ind.notes, *spec.notes, *res.warnings)))
    ipma = _ipma(res)
    sat = next(b for b in res.blocks if b.block == res.target)
    summary: dict[str, Any] = {
        "available": True,
        "index": res.index,
        "index_ci_low": res.index_ci[0] if res.index_ci else None,
        "index_ci_high": res.index_ci[1] if res.index_ci else None,
        "confidence": res.confidence,
        "target": res.target,
        "r2": sat.r2,
        "gof": res.gof,
        "n_respondents": res.n_respondents,
        "n_dropped": ind.n_dropped,
        "n_boot": res.n_boot,
        "converged": res.converged,
        "constructs": [b.block for b in res.blocks],
        "priority_driver": next((r["construct"] for r in ipma if r["concentrate_here"]), None),
        "reliability_problems": [
            b.block
            for b in res.blocks
            if b.mode == "A" and b.n_items > 1 and (b.cronbach_alpha < 0.7 or b.ave < 0.5)
        ],
    }
    results: dict[str, Any] = {
        "model": res.to_dict(),
        "indices": {b.block: b.index for b in res.blocks},
        "paths": [
            {"from": p.source, "to": p.target, "coefficient": p.coefficient, "p_value": p.p_value}
            for p in res.paths
        ],
        "r2": {b.block: b.r2 for b in res.blocks if b.endogenous},
        "ipma": ipma,
        "items_per_construct": {k: list(v) for k, v in spec.blocks.items()},
    }
    findings: list[Finding] = []
    if benchmark is not None and res.index is not None and res.index < benchmark:
        upper = res.index_ci[1] if res.index_ci else None
        findings.append(
            Finding(
                kind="score_below_benchmark",
                subject_type="segment",
                subject_id="all",
                title=f"Customer satisfaction index {res.index:.1f} is below the benchmark "
                f"{benchmark:.1f}",
                action=(
                    f"Improve {summary['priority_driver']}: it drives satisfaction most "
                    "and performs below the other drivers"
                    if summary["priority_driver"]
                    else "Improve the drivers with the largest effects on satisfaction"
                ),
                evidence={"index": res.index, "index_ci": res.index_ci, "benchmark": benchmark},
                impact={"respondents": res.n_respondents},
                confidence=0.9 if upper is not None and upper < benchmark else 0.5,
                severity=min(1.0, (benchmark - res.index) / 20.0),
                source="pls_index",
                significant=bool(upper is not None and upper < benchmark),
            )
        )
    t0 = time.perf_counter()
    figures = {"index_path_diagram": path_diagram(res)}
    timings["figure"] = time.perf_counter() - t0
    return SectionResult(
        name=NAME,
        summary=summary,
        results=results,
        findings=tuple(findings),
        warnings=notes,
        figures=figures,
        timings=timings,
    )


def _unavailable(*warnings: str, missing_tables: tuple[str, ...] = ()) -> SectionResult:
    """The section when no index could be computed, with the reasons as warnings."""
    return SectionResult(
        name=NAME,
        summary={"available": False},
        warnings=warnings,
        missing_tables=missing_tables,
    )


def _ipma(res: PLSResult) -> list[dict[str, Any]]:
    """Importance–performance of the target's antecedents (total effect vs 0–100 index).

    "Concentrate here" (Martilla & James 1977): importance above and performance
    below the mean of the antecedents.
    """
    total = {e.source: e.total for e in res.effects if e.target == res.target}
    perf = {b.block: b.index for b in res.blocks}
    pairs = [
        (lv, eff, p) for lv, eff in total.items() if eff != 0 and (p := perf.get(lv)) is not None
    ]
    if not pairs:
        return []
    mean_imp = sum(eff for _, eff, _ in pairs) / len(pairs)
    mean_perf = sum(p for _, _, p in pairs) / len(pairs)
    rows: list[dict[str, Any]] = [
        {
            "construct": lv,
            "importance": eff,
            "performance": p,
            "concentrate_here": eff > mean_imp and p < mean_perf,
        }
        for lv, eff, p in pairs
    ]
    rows.sort(key=lambda r: (not r["concentrate_here"], -r["importance"]))
    return rows


def _layout(res: PLSResult) -> dict[str, tuple[float, float]]:
    lvs = [b.block for b in res.blocks]
    if all(lv in _ECSI_LAYOUT for lv in lvs):
        return {lv: _ECSI_LAYOUT[lv] for lv in lvs}
    # generic: x = longest path from a source, y spread within each layer
    preds: dict[str, list[str]] = {lv: [] for lv in lvs}
    for p in res.paths:
        preds[p.target].append(p.source)
    depth: dict[str, int] = {}

    def d(lv: str) -> int:
        if lv not in depth:
            depth[lv] = 1 + max((d(q) for q in preds[lv]), default=-1)
        return depth[lv]

    layers: dict[int, list[str]] = {}
    for lv in lvs:
        layers.setdefault(d(lv), []).append(lv)
    pos = {}
    for x, members in layers.items():
        k = len(members)
        for i, lv in enumerate(members):
            # single nodes zigzag so that long arrows do not run through them
            y = (i - (k - 1) / 2) * 1.6 if k > 1 else ((x % 3) - 1) * 0.9
            pos[lv] = (float(x), y)
    return pos


def path_diagram(res: PLSResult) -> dict[str, Any]:
    """Plotly figure dict of the inner model: LVs left → right, arrows with coefficients."""
    import plotly.graph_objects as go

    pos = _layout(res)
    fig = go.Figure()
    for p in res.paths:
        (x0, y0), (x1, y1) = pos[p.source], pos[p.target]
        significant = p.p_value < 0.05
        fig.add_annotation(
            x=x1,
            y=y1,
            ax=x0,
            ay=y0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowsize=1.2,
            arrowwidth=1 + 4 * min(abs(p.coefficient), 1.0),
            arrowcolor="#2b6cb0" if significant else "#a0aec0",
            standoff=34,
            startstandoff=34,
            text="",
        )
        label = f"{p.coefficient:.2f}" + ("" if significant else " (n.s.)")
        if p.ci_low is not None and p.ci_high is not None:
            label += f"<br>[{p.ci_low:.2f}, {p.ci_high:.2f}]"
        fig.add_annotation(
            x=(x0 + x1) / 2,
            y=(y0 + y1) / 2,
            xref="x",
            yref="y",
            text=label,
            showarrow=False,
            font={"size": 11},
            bgcolor="rgba(255,255,255,0.85)",
        )
    names = [b.block for b in res.blocks]
    text = []
    hover = []
    for b in res.blocks:
        line = f"<b>{b.block}</b>"
        if b.index is not None:
            line += f"<br>{b.index:.1f}"
        if b.endogenous:
            line += f"<br>R² {b.r2:.2f}"
        text.append(line)
        hover.append(
            f"{b.block}: index {b.index if b.index is None else round(b.index, 1)}, "
            f"R² {b.r2:.3f}, α {b.cronbach_alpha:.2f}, AVE {b.ave:.2f}"
        )
    fig.add_trace(
        go.Scatter(
            x=[pos[n][0] for n in names],
            y=[pos[n][1] for n in names],
            mode="markers+text",
            text=text,
            textposition="middle center",
            hovertext=hover,
            hoverinfo="text",
            marker={
                "size": 78,
                "color": ["#f6ad55" if n == res.target else "#bee3f8" for n in names],
                "line": {"width": 1, "color": "#2d3748"},
            },
            showlegend=False,
        )
    )
    title = "Customer satisfaction index model (PLS path coefficients)"
    if res.index is not None:
        title += f": index {res.index:.1f}"
        if res.index_ci:
            title += f" [{res.index_ci[0]:.1f}, {res.index_ci[1]:.1f}]"
    fig.update_layout(
        title=title,
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="white",
        margin={"l": 20, "r": 20, "t": 60, "b": 20},
        height=480,
    )
    return fig.to_dict()


__all__ = ["ECSI_LVS", "path_diagram", "run_index_section"]
