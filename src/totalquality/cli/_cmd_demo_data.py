"""`tq demo-data DIR`: write a demo workspace as CSV files — Nordlap OÜ's year (the default)
or a random company with planted problems and its truth.json (``--scenario random``)."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from .._errors import InputError
from ._app import JsonOption, Output, QuietOption, Table, app, guarded

SCENARIOS = ("nordlap", "random")
ScenarioOption = typer.Option(
    "nordlap",
    "--scenario",
    help="nordlap: the built-in demo company; random: a company drawn from the seed, with "
    "planted problems and truth.json (docs/scenarios.md).",
)


def check_scenario(scenario: str) -> None:
    if scenario not in SCENARIOS:
        raise InputError(f"--scenario must be one of {', '.join(SCENARIOS)}, not {scenario!r}")


def random_company(
    seed: int,
    healthy: bool,
    problems: str | None,
    customers: int | None,
    months: int | None,
):  # type: ignore[no-untyped-def]
    """The random company of these CLI options (a user mistake is an InputError)."""
    from ..demo._company import generate_company

    kinds = [k.strip() for k in problems.split(",") if k.strip()] if problems else None
    return generate_company(
        seed, healthy=True if healthy else None, problems=kinds, customers=customers, months=months
    )


@app.command("demo-data")
@guarded
def demo_data(
    directory: Path = typer.Argument(..., help="Folder to write the workspace CSV files into."),
    seed: int = typer.Option(42, "--seed", help="Random seed (same seed, same bytes)."),
    scale: float = typer.Option(
        1.0, "--scale", min=0.05, max=100.0, help="Multiply volumes (customers, orders, …)."
    ),
    healthy: bool = typer.Option(
        False, "--healthy", help="The same company with none of the built-in problems."
    ),
    scenario: str = ScenarioOption,
    problems: str | None = typer.Option(
        None,
        "--problems",
        help="Random scenario: the problems to plant, comma-separated (e.g. "
        "supplier_lot,regional_service); default: drawn from the seed.",
    ),
    customers: int | None = typer.Option(
        None, "--customers", help="Random scenario: number of customers (default: drawn)."
    ),
    months: int | None = typer.Option(
        None, "--months", help="Random scenario: months of data (default: drawn, 3–18)."
    ),
    json_mode: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Generate a demo workspace: a computer maker's year, problems built in.

    The problems and how to find them are described in docs/demo-data.md; with
    --scenario random, a random company and its truth.json (docs/scenarios.md).
    """
    from ..demo._generate import generate_tables, write_tables

    out = Output(json_mode=json_mode, quiet=quiet)
    check_scenario(scenario)
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(f"{directory} exists and is not a folder")
    started = time.perf_counter()
    if scenario == "random":
        _write_random(directory, seed, healthy, problems, customers, months, out, started)
        return
    if out.show_progress:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            transient=True,
        ) as bar:
            task = bar.add_task("generating", total=1.0)

            def report(step: str, fraction: float) -> None:
                bar.update(task, completed=fraction, description=step)

            tables = generate_tables(seed=seed, scale=scale, healthy=healthy, progress=report)
            bar.update(task, description="writing CSV files")
            rows = write_tables(tables, directory)
    else:
        rows = write_tables(generate_tables(seed=seed, scale=scale, healthy=healthy), directory)
    seconds = time.perf_counter() - started

    variant = "healthy variant" if healthy else "problems built in"
    out.print(_rows_table(f"Demo workspace written to {directory} ({variant}, seed {seed})", rows))
    out.info(f"{sum(rows.values()):,} rows in {seconds:.1f} s. What is built in: docs/demo-data.md")
    out.data(
        {
            "directory": str(directory),
            "seed": seed,
            "scale": scale,
            "healthy": healthy,
            "rows": rows,
            "files": {name: str(directory / f"{name}.csv") for name in rows},
            "seconds": round(seconds, 3),
        }
    )


def _write_random(
    directory: Path,
    seed: int,
    healthy: bool,
    problems: str | None,
    customers: int | None,
    months: int | None,
    out: Output,
    started: float,
) -> None:
    from ..demo._company import write_company

    company = random_company(seed, healthy, problems, customers, months)
    rows = write_company(company, directory)
    seconds = time.perf_counter() - started
    truth = company.truth
    info = truth["company"]
    planted = ", ".join(f"{p['id']} {p['kind']}" for p in truth["problems"]) or "none (healthy)"
    out.print(_rows_table(f"Random company written to {directory} (seed {seed})", rows))
    out.info(
        f"{info['industry']}, {info['customers']:,} customers, {info['start']} … {info['end']}; "
        f"planted: {planted}. The truth: {directory / 'truth.json'} (docs/scenarios.md)"
    )
    out.data(
        {
            "directory": str(directory),
            "scenario": "random",
            "seed": seed,
            "healthy": truth["healthy"],
            "problems": [p["kind"] for p in truth["problems"]],
            "rows": rows,
            "files": {name: str(directory / f"{name}.csv") for name in rows},
            "truth": str(directory / "truth.json"),
            "seconds": round(seconds, 3),
        }
    )


def _rows_table(title: str, rows: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column("table")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for name, n in rows.items():
        table.add_row(name, f"{name}.csv", f"{n:,}")
    return table
