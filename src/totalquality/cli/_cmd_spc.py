"""`tq spc`, `tq capability`, `tq yield` and `tq pareto`: production quality of a workspace."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import typer

from .._errors import InputError, InsufficientDataError
from .._tables import TableSource
from ._app import DbOption, JsonOption, Output, QuietOption, Table, app, esc, guarded, styled
from ._workspace_io import open_tables

_PERIODS = ("week", "month", "quarter")
_PARETO_BY = ("stage", "product", "period", "supplier", "none")

Phase1Option = typer.Option(
    "auto",
    "--phase1",
    help="Subgroups the limits are computed from: 'auto' (first third of each "
    "characteristic), 'all', a number N (first N), a fraction such as 0.25, or a date "
    "(subgroups before it).",
)


def _load_tables(path: Path, db: str | None = None) -> TableSource:
    """The workspace's tables: the imported store when there is one, else its files."""
    return open_tables(path, db)


def _phase1(text: str) -> Any:
    from ..build_quality_in._section import DEFAULT_PHASE1

    t = text.strip().lower()
    if t == "auto":
        return DEFAULT_PHASE1
    if t == "all":
        return None
    try:
        number = float(t)
    except ValueError:
        try:
            pd.Timestamp(text)
        except ValueError:
            raise InputError(
                f"--phase1 must be auto, all, a number of subgroups, a fraction or a date; "
                f"got {text!r}"
            ) from None
        return text
    if number.is_integer() and number >= 1:
        return int(number)
    if 0 < number < 1:
        return number
    raise InputError(f"--phase1 must be a whole number ≥ 1 or a fraction in (0, 1); got {text}")


def _f(x: Any, digits: int = 3) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(v):
        return "–"
    return f"{v:.{digits}g}" if abs(v) >= 1000 else f"{v:.{digits}f}"


def _require(tables: TableSource, names: tuple[str, ...], what: str) -> None:
    missing = [n for n in names if not tables.has(n)]
    if missing:
        raise InsufficientDataError(
            f"{what} needs the table(s) {', '.join(missing)}, which the workspace does not have"
        )


# --------------------------------------------------------------------------- tq spc


@app.command("spc")
@guarded
def spc_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    characteristic: str | None = typer.Option(
        None, "--characteristic", "-c", help="Chart only this characteristic."
    ),
    rules: str = typer.Option(
        "nelson",
        "--rules",
        help="Run rules: nelson (all 8), we (Western Electric 1–4), or "
        "rule numbers such as 1,2,5 (Nelson) or codes such as WE1,WE4.",
    ),
    phase1: str = Phase1Option,
    out_dir: Path = typer.Option(Path("tq-spc"), "--out", help="Folder for the chart HTML files."),
    max_charts: int = typer.Option(20, "--max-charts", help="Charts written at most."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Control charts of every characteristic: limits, run-rule violations, charts."""
    from ..build_quality_in._section import run_section

    out = Output(json_out, quiet)
    tables = _load_tables(workspace, db)
    _require(tables, ("measurements",), "tq spc")
    only = _only(tables, ("measurements", "characteristics"))
    res = run_section(
        only,
        rules=rules,
        phase1=_phase1(phase1),
        max_charts=max_charts,
        characteristic=characteristic,
    )
    summary = res.results.get("control_charts")
    if summary is None or len(summary) == 0:
        raise InsufficientDataError(
            f"no measurements of characteristic {characteristic!r}"
            if characteristic
            else "the measurements hold no values to chart"
        )
    files = _write_figures(res.figures, out_dir)
    codes = list(res.summary.get("rules", []))
    t = Table(title=f"Control charts ({len(summary)} characteristics, rules {', '.join(codes)})")
    t.add_column("characteristic", no_wrap=True)
    t.add_column("stage")
    for col in ("points", "center", "LCL … UCL (n)", "flagged", "q"):
        t.add_column(col, justify="right")
    t.add_column("status")
    t.add_column("Cpk", justify="right")
    for r in summary.sort_values(["significant", "flagged_points"], ascending=False).itertuples():
        status = (
            styled("[bold red]out of control[/]")
            if r.significant
            else styled("[yellow]chance alarms[/]" if r.flagged_points else "[green]in control[/]")
        )
        t.add_row(
            str(r.characteristic_id),
            "" if pd.isna(r.stage_id) else str(r.stage_id),
            str(int(r.points)),
            _f(r.center, 4),
            f"{_f(r.lcl, 4)} … {_f(r.ucl, 4)} ({int(r.n_modal)})",
            str(int(r.flagged_points)),
            f"{r.q_value:.2g}",
            status,
            _f(r.cpk, 2),
        )
    out.print(t)
    for f in res.findings:
        if f.kind == "process_out_of_control":
            out.info(f"[bold red]{esc(f.title)}[/]")
    if files:
        out.info(f"Charts: {len(files)} file(s) in [bold]{esc(out_dir)}[/]")
    for w in res.warnings[:5]:
        out.info(f"[yellow]note:[/] {esc(w)}")
    out.data(
        {
            "summary": summary,
            "violations": res.results.get("violations"),
            "findings": [f.to_dict() for f in res.findings],
            "rules": res.results.get("rules"),
            "charts": [str(p) for p in files],
            "warnings": list(res.warnings),
        }
    )


def _only(tables: TableSource, names: tuple[str, ...]) -> TableSource:
    """A view of the source with just ``names`` (the section runs only those parts)."""

    class _View:
        def names(self) -> list[str]:
            return [n for n in tables.names() if n in names]

        def has(self, name: str) -> bool:
            return name in names and tables.has(name)

        def pandas(self, name: str) -> pd.DataFrame:
            return tables.pandas(name)

        def ibis(self, name: str) -> Any:
            return tables.ibis(name)

    return _View()


def _write_figures(figures: dict[str, dict[str, Any]], out_dir: Path) -> list[Path]:
    """Each control chart as a page in ``out_dir``, named safely after its characteristic."""
    from ..report import write_charts

    charts = {k.removeprefix("control_"): v for k, v in figures.items() if k.startswith("control_")}
    return write_charts(charts, out_dir)


# --------------------------------------------------------------------------- tq capability


@app.command("capability")
@guarded
def capability_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    characteristic: str | None = typer.Option(
        None, "--characteristic", "-c", help="Only this characteristic."
    ),
    target: float = typer.Option(1.33, "--target", help="Cpk below this is a finding."),
    phase1: str = Phase1Option,
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Cp, Cpk (95 % interval), Pp, Ppk and ppm of every characteristic with specifications."""
    from ..build_quality_in._section import run_section

    out = Output(json_out, quiet)
    tables = _load_tables(workspace, db)
    _require(tables, ("measurements", "characteristics"), "tq capability")
    res = run_section(
        _only(tables, ("measurements", "characteristics")),
        phase1=_phase1(phase1),
        capability_target=target,
        max_charts=0,
        characteristic=characteristic,
    )
    s = res.results.get("control_charts")
    if s is None or len(s) == 0:
        raise InsufficientDataError("no measurements to assess")
    s = s[s["lsl"].notna() | s["usl"].notna()]
    if s.empty:
        raise InsufficientDataError("no characteristic has specification limits (lsl/usl)")
    t = Table(title=f"Process capability (phase I; target Cpk ≥ {target:g})")
    t.add_column("characteristic", no_wrap=True)
    t.add_column("stage")
    for col in ("Cp", "Cpk", "Cpk 95 %", "Ppk", "Ppk all", "ppm exp."):
        t.add_column(col, justify="right")
    t.add_column("status")
    cols = [
        "characteristic_id",
        "stage_id",
        "lsl",
        "usl",
        "cp",
        "cpk",
        "cpk_lower",
        "cpk_upper",
        "pp",
        "ppk",
        "ppk_all",
        "ppm_expected",
        "ppm_observed",
        "significant",
    ]
    for r in s.sort_values("cpk").itertuples():
        if pd.isna(r.cpk):
            status = "–"
        elif r.cpk < target:
            status = "[bold red]below target[/]"
        else:
            status = "[green]capable[/]"
        if r.significant:
            status += " [yellow](not in control)[/]"
        t.add_row(
            str(r.characteristic_id),
            "" if pd.isna(r.stage_id) else str(r.stage_id),
            _f(r.cp, 2),
            _f(r.cpk, 2),
            f"{_f(r.cpk_lower, 2)} … {_f(r.cpk_upper, 2)}",
            _f(r.ppk, 2),
            _f(r.ppk_all, 2),
            _f(r.ppm_expected, 1),
            styled(status),
        )
    out.print(t)
    out.info(
        "Cp/Cpk use the within-subgroup sigma, Pp/Ppk the overall standard deviation of the "
        "phase I values; 'all data' covers every subgroup. Indices of a process out of "
        "control describe no stable process."
    )
    out.data(
        {
            "capability": s[cols],
            "target": target,
            "findings": [f.to_dict() for f in res.findings if f.kind == "capability_below_target"],
            "warnings": list(res.warnings),
        }
    )


# --------------------------------------------------------------------------- tq yield


@app.command("yield")
@guarded
def yield_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    period: str | None = typer.Option(
        None, "--period", help="Also per period: week, month or quarter."
    ),
    target: float = typer.Option(0.95, "--target", help="First-pass yield target."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """First-pass yield per stage and rolled throughput yield (with 95 % intervals)."""
    from ..build_quality_in._yield import first_pass_yield, rolled_throughput_yield

    if period is not None and period not in _PERIODS:
        raise InputError(f"--period must be one of {', '.join(_PERIODS)}; got {period!r}")
    out = Output(json_out, quiet)
    tables = _load_tables(workspace, db)
    _require(tables, ("inspections",), "tq yield")
    insp = tables.pandas("inspections")
    stages = tables.pandas("stages") if tables.has("stages") else None
    fpy = first_pass_yield(insp, by="stage_id")
    rty = rolled_throughput_yield(insp, stages)
    order = {s: i for i, s in enumerate(rty.sequence)}
    table = fpy.table.assign(_o=fpy.table["stage_id"].astype(str).map(order)).sort_values("_o")
    t = Table(title=f"First-pass yield (target {target:.0%})")
    for col in ("stage", "inspected", "passed first time", "FPY", "95 % interval", "status"):
        t.add_column(col, justify="left" if col in ("stage", "status") else "right")
    for r in table.itertuples():
        status = styled("[bold red]below target[/]" if r.fpy < target else "[green]ok[/]")
        t.add_row(
            str(r.stage_id),
            str(int(r.inspected)),
            str(int(r.passed_first_time)),
            f"{r.fpy:.2%}",
            f"{r.fpy_lower:.2%} … {r.fpy_upper:.2%}",
            status,
        )
    out.print(t)
    row = rty.table.iloc[0]
    out.info(
        f"Rolled throughput yield: [bold]{row['rty']:.2%}[/] "
        f"({row['rty_lower']:.2%} … {row['rty_upper']:.2%}) over {int(row['n_stages'])} stages"
    )
    payload: dict[str, Any] = {"fpy": fpy.table, "rty": rty.table, "sequence": rty.sequence}
    if period is not None:
        trend = first_pass_yield(insp, by="stage_id", period=period)
        rty_trend = rolled_throughput_yield(insp, stages, period=period)
        wide = trend.table.pivot(index="period", columns="stage_id", values="fpy")
        wide = wide[[s for s in rty.sequence if s in wide.columns]]
        pt = Table(title=f"First-pass yield by {period}")
        pt.add_column(period)
        for s in wide.columns:
            pt.add_column(str(s), justify="right")
        pt.add_column("RTY", justify="right")
        rty_by = rty_trend.table.set_index("period")["rty"]
        for per, vals in wide.iterrows():
            pt.add_row(
                f"{pd.Timestamp(per).date()}",
                *[
                    (
                        "–"
                        if pd.isna(v)
                        else styled(f"[red]{v:.1%}[/]")
                        if v < target
                        else f"{v:.1%}"
                    )
                    for v in vals
                ],
                f"{rty_by.get(per, float('nan')):.1%}",
            )
        out.print(pt)
        payload.update(fpy_trend=trend.table, rty_trend=rty_trend.table)
    for w in (*fpy.warnings, *rty.warnings)[:5]:
        out.info(f"[yellow]note:[/] {esc(w)}")
    out.data(payload)


# --------------------------------------------------------------------------- tq pareto


@app.command("pareto")
@guarded
def pareto_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    by: str = typer.Option(
        "none", "--by", help="Group by: stage, product, period, supplier or none."
    ),
    period: str = typer.Option("month", "--period", help="Period for --by period."),
    top: int = typer.Option(10, "--top", help="Defect types shown per group."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Pareto of defect types: counts, shares and the vital few (80 %)."""
    from ..build_quality_in._pareto import defect_pareto

    if by not in _PARETO_BY:
        raise InputError(f"--by must be one of {', '.join(_PARETO_BY)}; got {by!r}")
    if period not in _PERIODS:
        raise InputError(f"--period must be one of {', '.join(_PERIODS)}; got {period!r}")
    out = Output(json_out, quiet)
    tables = _load_tables(workspace, db)
    _require(tables, ("defects",), "tq pareto")
    defects = tables.pandas("defects")
    key = {"stage": "stage_id", "product": "product_id", "supplier": "supplier_id"}.get(by)
    lots = None
    if by == "product":
        _require(tables, ("lots",), "a Pareto by product")
        lots = tables.pandas("lots")
    res = defect_pareto(defects, by=key, period=period if by == "period" else None, lots=lots)
    group_cols = [*res.by, *(["period"] if res.period else [])]
    for key_values, part in (
        res.table.groupby(group_cols, sort=True) if group_cols else [((), res.table)]
    ):
        label = ", ".join(
            str(pd.Timestamp(v).date()) if c == "period" else str(v)
            for c, v in zip(
                group_cols,
                key_values if isinstance(key_values, tuple) else (key_values,),
                strict=False,
            )
        )
        total = int(part["count"].sum())
        t = Table(title=f"Defect Pareto{' — ' + label if label else ''} ({total} defects)")
        for col in ("#", "defect type", "count", "share", "cumulative", "vital few"):
            t.add_column(col, justify="left" if col == "defect type" else "right")
        for r in part.sort_values("rank").head(top).itertuples():
            t.add_row(
                str(int(r.rank)),
                str(r.defect_type),
                _f(r.count, 0),
                f"{r.share:.1%}",
                f"{r.cumulative_share:.1%}",
                "●" if r.vital else "",
            )
        out.print(t)
    for w in res.warnings[:5]:
        out.info(f"[yellow]note:[/] {esc(w)}")
    out.data({"pareto": res.table, "by": list(res.by), "period": res.period})
