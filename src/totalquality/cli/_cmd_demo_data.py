"""`tq demo-data DIR`: write the demo workspace (Nordlap OÜ, one year) as CSV files."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ._app import JsonOption, Output, QuietOption, Table, app, guarded


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
    json_mode: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Generate the demo workspace: a computer maker's year, problems built in.

    The problems and how to find them are described in docs/demo-data.md.
    """
    from ..demo._generate import generate_tables, write_tables

    out = Output(json_mode=json_mode, quiet=quiet)
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(f"{directory} exists and is not a folder")
    started = time.perf_counter()
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
    table = Table(title=f"Demo workspace written to {directory} ({variant}, seed {seed})")
    table.add_column("table")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for name, n in rows.items():
        table.add_row(name, f"{name}.csv", f"{n:,}")
    out.print(table)
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
