"""`tq analyze` and `tq demo`: every analysis the data allows, and the report."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .._pipeline import AnalysisRun
from .._tables import TableSource
from ._app import (
    EXIT_INTERNAL,
    DbOption,
    JsonOption,
    Output,
    QuietOption,
    Table,
    app,
    esc,
    guarded,
)
from ._workspace_io import consistent, is_imported, open_tables


def _run_with_progress(workspace: Path, tables: TableSource, out: Output) -> AnalysisRun:
    from ._cmd_text import analyze_with_topics

    if not out.show_progress:
        return analyze_with_topics(workspace, tables)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as progress:
        task = progress.add_task("analysing", total=None)
        return analyze_with_topics(
            workspace,
            tables,
            progress=lambda name: progress.update(task, description=f"analysing: {name}"),
        )


def _print_run(run: AnalysisRun, paths: dict[str, Path], out: Output) -> None:
    table = Table(title="Top recommendations", show_lines=False)
    for col in ("#", "kind", "subject", "title", "confidence"):
        table.add_column(col)
    for r in run.recommendations[:10]:
        table.add_row(
            str(r.rank),
            r.kind,
            f"{r.subject_type}:{r.subject_id}",
            r.title,
            f"{r.confidence:.0%}" + ("" if r.significant else " (watch)"),
        )
    out.print(table)
    for name, err in run.errors.items():
        out.info(f"[yellow]section {name} failed:[/] {esc(err)}")
    out.info(f"Report: [bold]{esc(paths['html'])}[/]")
    out.info(f"Results: {esc(paths['json'])}")
    if "pdf" in paths:
        out.info(f"PDF: {esc(paths['pdf'])}")


def _exit_on_errors(run: AnalysisRun) -> None:
    """A section that failed is an internal error: the report is written, the exit is 1."""
    if run.errors:
        raise typer.Exit(EXIT_INTERNAL)


def _say_rejected(tables: TableSource, workspace: Path, out: Output) -> None:
    """Table files read without an import: say which rows the analysis leaves out, and why."""
    rejected = getattr(tables, "rejected", 0)
    if not rejected:
        return
    out.info(f"[yellow]{rejected} row(s) of the table files are left out of the analysis:[/]")
    for problem in getattr(tables, "problems", [])[:10]:
        out.info(f"  - {esc(problem)}")
    out.info(f"`tq import {esc(workspace)}` keeps them as rejects, exportable with `tq rejects`.")


def _keep_latest_results(workspace: Path, results: Path) -> None:
    """An imported workspace keeps its latest results: `tq actions create --rank N` reads them."""
    if is_imported(workspace):
        shutil.copyfile(results, workspace / ".tq" / "results.json")


@app.command("analyze")
@guarded
def analyze_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    out_dir: Path = typer.Option(
        Path("tq-report"), "--out", help="Where report.html and results.json go."
    ),
    language: str = typer.Option(
        "en", "--language", help="Report language shown first: en, et or pl."
    ),
    pdf: bool = typer.Option(False, "--pdf", help="Also print the report to PDF (needs chromium)."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Run every analysis the data allows; write report.html and results.json."""
    from ..report import write_report

    out = Output(json_out, quiet)
    tables = open_tables(workspace, db)
    _say_rejected(tables, workspace, out)
    with consistent(tables):  # an import waits until every table has been read
        run = _run_with_progress(workspace, tables, out)
    paths = write_report(run, out_dir, workspace=workspace.name, language=language, pdf=pdf)
    _keep_latest_results(workspace, paths["json"])
    _print_run(run, paths, out)
    out.data(
        {
            "report": str(paths["html"]),
            "results": str(paths["json"]),
            "recommendations": [r.to_dict() for r in run.recommendations[:20]],
            "errors": run.errors,
        }
    )
    _exit_on_errors(run)


@app.command("demo")
@guarded
def demo_cmd(
    out_dir: Path = typer.Option(
        Path("demo-output"), "--out", help="Folder for the demo workspace and report."
    ),
    seed: int = typer.Option(42, "--seed", help="Random seed of the demo data."),
    scale: float = typer.Option(1.0, "--scale", help="Multiplies the demo data volume."),
    scenario: str = typer.Option(
        "nordlap",
        "--scenario",
        help="nordlap: the built-in demo company; random: a company drawn from --seed with "
        "planted problems (its truth.json beside the tables; docs/scenarios.md).",
    ),
    language: str = typer.Option(
        "en", "--language", help="Report language shown first: en, et or pl."
    ),
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Generate the demo data, import it, run every analysis and write the report."""
    from ..demo import generate
    from ..listen import import_workspace
    from ..report import write_report
    from ._cmd_demo_data import check_scenario, random_company

    out = Output(json_out, quiet)
    check_scenario(scenario)
    workspace = out_dir / "workspace"
    t0 = time.perf_counter()
    out.info(f"Generating demo data ({scenario}, seed {seed}) in {esc(workspace)}")
    # A re-run starts over: the demo's store holds nothing the user made.
    shutil.rmtree(workspace / ".tq", ignore_errors=True)
    name = "Nordlap demo"
    if scenario == "random":
        from ..demo._company import write_company

        for old in workspace.glob("*.csv"):  # a previous company's tables must not linger
            old.unlink()
        write_company(random_company(seed, False, None, None, None), workspace)
        name = f"Random company {seed}"
    else:
        generate(workspace, seed=seed, scale=scale, healthy=False)
    out.info("Importing the workspace")
    import_workspace(workspace)
    tables = open_tables(workspace)
    run = _run_with_progress(workspace, tables, out)
    paths = write_report(run, out_dir / "report", workspace=name, language=language)
    _keep_latest_results(workspace, paths["json"])
    _print_run(run, paths, out)
    out.info(f"Done in {time.perf_counter() - t0:.1f} s")
    _exit_on_errors(run)
    out.data(
        {"workspace": str(workspace), "report": str(paths["html"]), "results": str(paths["json"])}
    )
