"""`tq index`: the customer-satisfaction index (ECSI model, PLS path modelling)."""

from __future__ import annotations

import warnings
from pathlib import Path

import typer

from .._errors import InsufficientDataError
from ._app import DbOption, JsonOption, Output, QuietOption, Table, app, esc, guarded
from ._workspace_io import open_tables


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


@app.command("index")
@guarded
def index_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    boot: int = typer.Option(
        200, "--boot", min=0, help="Bootstrap replicates for the intervals (0 = none)."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of the bootstrap."),
    scaled: bool = typer.Option(
        False,
        "--scaled/--unscaled",
        help="Standardise the items first (plspm's default); unscaled suits one shared scale.",
    ),
    scheme: str = typer.Option(
        "centroid", "--scheme", help="Inner weighting scheme: centroid, factorial or path."
    ),
    missing: str = typer.Option(
        "drop", "--missing", help="Incomplete respondents: drop, or mean (impute item means)."
    ),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Customer-satisfaction index (0–100) with the ECSI model, paths, R² and reliability."""
    from ..measure._pls_section import run_index_section

    out = Output(json_out, quiet)
    tables = open_tables(workspace, db)
    with warnings.catch_warnings():
        # the caveats are recorded in the section and printed below as notes
        warnings.simplefilter("ignore")
        section = run_index_section(
            tables, n_boot=boot, seed=seed, scaled=scaled, scheme=scheme, missing=missing
        )
    if not section.summary.get("available"):
        reason = "; ".join(section.warnings) or "no indicator items"
        raise InsufficientDataError(f"no satisfaction index for {workspace}: {reason}")
    summary = section.summary
    model = section.results["model"]
    ci = ""
    if summary.get("index_ci_low") is not None:
        level = round(100 * summary["confidence"])
        ci = f" ({level}% CI {summary['index_ci_low']:.1f} – {summary['index_ci_high']:.1f})"
    out.info(
        f"[bold]Customer satisfaction index: {summary['index']:.1f}[/]{ci}  "
        f"n = {summary['n_respondents']}, GoF {summary['gof']:.3f}"
    )

    blocks = Table(title="Constructs")
    for col in ("construct", "index 0–100", "interval", "R²", "α", "DG ρ", "AVE"):
        blocks.add_column(col, justify="left" if col == "construct" else "right")
    for b in model["blocks"]:
        interval = f"{b['index_ci'][0]:.1f} – {b['index_ci'][1]:.1f}" if b.get("index_ci") else "–"
        blocks.add_row(
            b["block"],
            _fmt(b["index"], 1),
            interval,
            _fmt(b["r2"]) if b["endogenous"] else "",
            _fmt(b["cronbach_alpha"]),
            _fmt(b["dg_rho"]),
            _fmt(b["ave"]),
        )
    out.print(blocks)

    paths = Table(title="Path coefficients")
    for col in ("from", "to", "coefficient", "p", "interval"):
        paths.add_column(col, justify="left" if col in ("from", "to") else "right")
    for p in model["paths"]:
        interval = f"{p['ci_low']:.3f} – {p['ci_high']:.3f}" if p.get("ci_low") is not None else "–"
        paths.add_row(
            p["source"], p["target"], _fmt(p["coefficient"]), _fmt(p["p_value"], 4), interval
        )
    out.print(paths)
    for w in section.warnings:
        out.info(f"[yellow]note:[/] {esc(w)}")
    out.data(
        {
            "summary": summary,
            "results": section.results,
            "warnings": list(section.warnings),
            "findings": [f.to_dict() for f in section.findings],
        }
    )
