"""`tq satisfaction`, `tq kano` and `tq drivers`: what customers think."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .._errors import InputError, InsufficientDataError
from ._app import DbOption, JsonOption, Output, QuietOption, Table, app, esc, guarded
from ._workspace_io import open_tables

_BY_CHOICES = ("segment", "country", "language", "product", "product_id")
_PERIODS = ("week", "month", "quarter")


def _fmt(x: Any, points: bool = False, digits: int = 2) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "–"
    if v != v:  # NaN
        return "–"
    return f"{v * 100:+.0f}" if points else f"{v:.{digits}f}"


def _interval(lo: Any, hi: Any, points: bool = False, digits: int = 2) -> str:
    return f"{_fmt(lo, points, digits)} … {_fmt(hi, points, digits)}"


@app.command("satisfaction")
@guarded
def satisfaction_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    by: str = typer.Option("segment", "--by", help="Group by: " + ", ".join(_BY_CHOICES) + "."),
    period: str = typer.Option("month", "--period", help="Trend period: week, month or quarter."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """NPS, CSAT and CES with intervals, by group and period, with significant changes."""
    from ..measure._section import run_section

    if by not in _BY_CHOICES:
        raise InputError(f"--by must be one of {', '.join(_BY_CHOICES)}; got {by!r}")
    if period not in _PERIODS:
        raise InputError(f"--period must be one of {', '.join(_PERIODS)}; got {period!r}")
    key = "product_id" if by == "product" else by
    out = Output(json_out, quiet)
    tables = open_tables(workspace, db)
    res = run_section(tables, by=(key,), period=period, decline_by=key)
    if res.missing_tables and not res.results:
        raise InsufficientDataError(
            "; ".join(res.warnings) or f"missing table(s): {', '.join(res.missing_tables)}"
        )
    out.data(res.to_dict())
    overall = res.results.get("overall", {})
    t = Table(title=f"Scores ({res.summary.get('responses', 0)} responses)")
    for col in ("score", "value", "95 % interval", "n"):
        t.add_column(col)
    for m, label in (
        ("nps", "NPS (points)"),
        ("csat", "CSAT top-2-box"),
        ("csat_mean", "CSAT mean"),
        ("ces", "CES mean"),
        ("ces_easy", "CES easy share"),
    ):
        if m in overall:
            e = overall[m]
            pts = m == "nps"
            t.add_row(
                label,
                _fmt(e["estimate"], pts),
                _interval(e["ci_low"], e["ci_high"], pts),
                str(e["n"]),
            )
    out.print(t)
    rows = res.results.get(f"by_{key}", [])
    if rows:
        g = Table(title=f"By {by}")
        for col in (by, "NPS", "NPS interval", "n", "CSAT", "warning"):
            g.add_column(col)
        for r in rows:
            g.add_row(
                str(r.get(key)),
                _fmt(r.get("nps"), True),
                _interval(r.get("nps_ci_low"), r.get("nps_ci_high"), True),
                str(r.get("nps_n", "")),
                _fmt(r.get("csat")),
                str(r.get("warning") or ""),
            )
        out.print(g)
    for f in res.findings:
        out.info(f"[bold red]{esc(f.title)}[/] (q = {f.evidence.get('q_value', float('nan')):.2g})")
    if not res.findings:
        out.info("No significant declines.")
    for w in res.warnings[:5]:
        out.info(f"[yellow]note:[/] {esc(w)}")


@app.command("kano")
@guarded
def kano_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    period: str = typer.Option("month", "--period", help="Period for category shifts."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Kano category of every requirement, better/worse, and shifts over time."""
    from ..measure._section import run_requirements_section

    if period not in _PERIODS:
        raise InputError(f"--period must be one of {', '.join(_PERIODS)}; got {period!r}")
    out = Output(json_out, quiet)
    tables = open_tables(workspace, db)
    res = run_requirements_section(tables, period=period, n_boot=0)
    rows = res.results.get("kano")
    if not rows:
        raise InsufficientDataError(
            "no Kano answers (items of kind kano_functional/kano_dysfunctional) in the workspace"
            + (f"; missing table(s): {', '.join(res.missing_tables)}" if res.missing_tables else "")
        )
    names = res.results.get("requirement_names", {})
    payload = {
        "kano": rows,
        "shifts": res.results.get("kano_shifts", []),
        "findings": [f.to_dict() for f in res.findings if f.source == "kano"],
    }
    out.data(payload)
    t = Table(title="Kano categories")
    for col in ("requirement", "M", "O", "A", "I", "R", "Q", "category", "better", "worse", "Fong"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            names.get(r["requirement"], r["requirement"]),
            *(str(r[c]) for c in ("M", "O", "A", "I", "R", "Q")),
            str(r["category_rule"]),
            _fmt(r["better"]),
            _fmt(r["worse"]),
            "clear" if r["fong_significant"] else "mixed",
        )
    out.print(t)
    for s in payload["shifts"]:
        if s.get("significant"):
            out.info(
                f"[bold]{esc(names.get(s['requirement'], s['requirement']))}[/] moved {s['moved']} "
                f"from {str(s['split_at'])[:7]} (q = {s['split_q']:.2g})"
            )


@app.command("drivers")
@guarded
def drivers_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    target: str = typer.Option("nps", "--target", help="Outcome: nps or csat."),
    n_boot: int = typer.Option(1000, "--n-boot", help="Bootstrap replicates (0: none)."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the bootstrap."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Key drivers of NPS or CSAT: Johnson's relative weights and LMG/Shapley (% of R²)."""
    from ..measure._section import run_requirements_section

    if target not in ("nps", "csat"):
        raise InputError(f"--target must be nps or csat; got {target!r}")
    if n_boot < 0:
        raise InputError("--n-boot must be 0 or more")
    out = Output(json_out, quiet)
    tables = open_tables(workspace, db)
    res = run_requirements_section(tables, target=target, n_boot=n_boot, random_state=seed)
    drv = res.results.get("drivers")
    if not drv:
        notes = [w for w in res.warnings if "driver" in w]
        raise InsufficientDataError(
            "no key drivers: need perception or rating items per requirement and the "
            f"{target} answer of the same responses" + (f" ({'; '.join(notes)})" if notes else "")
        )
    out.data(drv)
    names = res.results.get("requirement_names", {})
    t = Table(title=f"Key drivers of {target.upper()} (R² = {drv['r2']:.3f}, n = {drv['n']})")
    for col in ("driver", "LMG %", "interval", "Johnson %", "interval"):
        t.add_column(col)
    for r in sorted(drv["drivers"], key=lambda r: -r.get("lmg_pct", 0)):
        t.add_row(
            names.get(r["driver"], r["driver"]),
            _fmt(r.get("lmg_pct"), digits=1),
            _interval(r.get("lmg_pct_ci_low"), r.get("lmg_pct_ci_high"), digits=1),
            _fmt(r.get("johnson_pct"), digits=1),
            _interval(r.get("johnson_pct_ci_low"), r.get("johnson_pct_ci_high"), digits=1),
        )
    out.print(t)
