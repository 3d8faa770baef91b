"""`tq init`, `tq import`, `tq status` and `tq rejects`: bringing data into a workspace.

Exit codes of `tq import` (see docs/import-format.md): 0 every row loaded (or was
already stored); 3 rows or files were rejected (the valid rows are loaded and the
rejects kept: `tq rejects WORKSPACE`), or `--strict` refused the import (nothing
written); 5 the store cannot be opened or written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from .._errors import InputError, Problem, StoreError
from .._i18n import msg
from ._app import (
    EXIT_INPUT,
    DbOption,
    JsonOption,
    Output,
    QuietOption,
    Table,
    app,
    esc,
    guarded,
    styled,
)

_STEPS = {"reading": 0, "checking": 1, "checked": 2, "writing": 2, "done": 3}
_SHOWN_PROBLEMS = 20


def _open(workspace: Path, db: str | None, *, store: bool = False, folder: bool = False) -> Any:
    """Open a workspace; ``store``: create its store if missing; ``folder``: the folder too."""
    from ..store import init_workspace, open_workspace

    if folder:
        return init_workspace(workspace, db_url=db)
    if not workspace.is_dir():
        raise StoreError(f"{workspace}: no such workspace folder (create it with `tq init`)")
    if not store and not (workspace / ".tq").exists() and not db:
        raise StoreError(
            f"{workspace} has no store yet: run `tq import {workspace}` to import its tables "
            f"(or `tq init {workspace}`)"
        )
    return open_workspace(workspace, db_url=db)


@app.command("init")
@guarded
def init_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder (created if missing)."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Create a workspace folder and its store (SQLite inside it, or --db URL)."""
    out = Output(json_out, quiet)
    ws = _open(workspace, db, folder=True)
    try:
        out.info(f"Workspace ready: [bold]{esc(ws.path)}[/] (store: {esc(ws.database)})")
        out.info(f"Put table files (e.g. orders.csv) in it, then run `tq import {esc(workspace)}`.")
        out.data({"workspace": str(ws.path), "database": ws.database})
    finally:
        ws.close()


def _problem_lines(problems: tuple[Problem, ...] | list[Problem], total: int) -> list[str]:
    lines = [f"  - {esc(p)}" for p in problems[:_SHOWN_PROBLEMS]]
    if total > _SHOWN_PROBLEMS:
        lines.append(f"  ... and {total - _SHOWN_PROBLEMS} more")
    return lines


def _print_report(report: Any, out: Output, workspace: Path) -> None:
    table = Table(title=f"Import into {report.workspace}", show_lines=False)
    for col, justify in (
        ("table", "left"),
        ("file", "left"),
        ("rows", "right"),
        ("loaded", "right"),
        ("updated", "right"),
        ("skipped", "right"),
        ("rejected", "right"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for name, c in report.tables.items():
        rejected = styled(f"[red]{c.rejected:,}[/]") if c.rejected else "0"
        table.add_row(
            name,
            c.file,
            f"{c.rows:,}",
            f"{c.loaded:,}",
            f"{c.updated:,}",
            f"{c.skipped:,}",
            rejected,
        )
    out.print(table)
    if report.warnings:
        out.info("[yellow]Warnings:[/]")
        for line in _problem_lines(report.warnings, len(report.warnings)):
            out.info(line)
    out.info(_summary(report, workspace))
    if report.problem_count:
        for line in _problem_lines(report.problems, report.problem_count):
            out.info(line)


def _summary(report: Any, workspace: Path) -> str:
    """One honest line: what loaded, what was skipped, rejected or refused, and where to look."""
    if report.refused:
        return (
            f"[bold red]Refused (--strict):[/] {report.problem_count:,} problem(s); "
            "nothing was written."
        )
    where = esc(workspace)
    if report.problem_count:
        refused_files = report.problem_count - sum(1 for p in report.problems if p.row is not None)
        text = msg(
            "{rejected} row(s) rejected and {files} problem(s) with whole files or the folder; "
            "{loaded} row(s) loaded, {skipped} skipped (already stored or repeated). "
            "Every rejected row is kept: `tq rejects {workspace}` (export: `tq rejects "
            "{workspace} --export rejects.csv`).",
            rejected=report.rejected,
            files=max(refused_files, 0),
            loaded=report.loaded,
            skipped=report.skipped,
            workspace=where,
        )
        return f"[bold red]{text}[/]"
    if report.skipped:
        text = msg(
            "{loaded} row(s) loaded; {skipped} skipped (already stored, or repeated in a file "
            "with the same content); nothing rejected, in {seconds} s.",
            loaded=report.loaded,
            skipped=report.skipped,
            seconds=round(report.duration_s, 1),
        )
        return f"[green]{text}[/]"
    text = msg(
        "Everything loaded: {loaded} row(s) in {seconds} s.",
        loaded=report.loaded,
        seconds=round(report.duration_s, 1),
    )
    return f"[green]{text}[/]"


@app.command("import")
@guarded
def import_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    from_dir: Path | None = typer.Option(
        None, "--from", help="Read the table files from this folder instead of the workspace."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Refuse the whole import if any row has a problem."
    ),
    update: bool = typer.Option(
        False, "--update", help="Replace stored rows whose id comes again with other content."
    ),
    mapping: Path | None = typer.Option(
        None,
        "--map",
        help="A mapping file (YAML) renaming your files, columns and values to the workspace "
        "format; `tq map FOLDER` proposes one.",
    ),
    date_format: str | None = typer.Option(
        None,
        "--date-format",
        help="How your dates are written when not ISO 8601, e.g. DD.MM.YYYY or "
        "DD/MM/YYYY HH:mm (ISO dates are read too).",
    ),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Import the workspace's table files: valid rows load, rejected rows are kept.

    Exit code 0 when everything loaded, 3 when rows were rejected or --strict refused.
    """
    from ..listen import ImportRefusedError, import_workspace, load_mapping, strftime_format

    out = Output(json_out, quiet)
    rules = None if mapping is None else load_mapping(mapping)  # mistakes before any store
    if date_format is not None:
        strftime_format(date_format)
    options: dict[str, Any] = {
        "strict": strict,
        "update": update,
        "mapping": rules,
        "date_format": date_format,
    }
    ws = _open(workspace, db, store=True, folder=from_dir is not None)
    try:
        if out.show_progress:
            with Progress(
                TextColumn("{task.fields[table]:<16}"),
                BarColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                transient=False,
            ) as bars:
                tasks: dict[str, Any] = {}

                def progress(name: str, step: str) -> None:
                    if name not in tasks:
                        tasks[name] = bars.add_task(step, total=3, table=name)
                    bars.update(tasks[name], completed=_STEPS.get(step, 0), description=step)

                try:
                    report = import_workspace(ws, from_dir, progress=progress, **options)
                except ImportRefusedError as exc:
                    report = exc.report
        else:
            try:
                report = import_workspace(ws, from_dir, **options)
            except ImportRefusedError as exc:
                report = exc.report
    finally:
        ws.close()
    _print_report(report, out, workspace)
    code = EXIT_INPUT if report.problem_count else 0
    out.data({**report.to_dict(), "exit_code": code})
    if code:
        raise typer.Exit(code)


@app.command("status")
@guarded
def status_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """What the workspace holds, the last import, and what each analysis still needs."""
    out = Output(json_out, quiet)
    ws = _open(workspace, db)
    try:
        status = ws.status()
    finally:
        ws.close()
    tables = Table(title=f"Workspace {status.path}", caption=f"store: {status.database}")
    tables.add_column("table")
    tables.add_column("rows", justify="right")
    for name, n in status.tables.items():
        tables.add_row(name, f"{n:,}" if n else styled("[dim]not loaded[/]"))
    out.print(tables)
    analyses = Table(title="Analyses")
    analyses.add_column("analysis")
    analyses.add_column("ready")
    analyses.add_column("missing tables")
    for name, info in status.analyses.items():
        analyses.add_row(
            name,
            styled("[green]yes[/]" if info["ready"] else "[red]no[/]"),
            ", ".join(info["missing"]),
        )
    out.print(analyses)
    if status.last_import:
        li = status.last_import
        out.info(
            f"Last import {li['id']} from {esc(li['source'])} ({li['status']}); "
            f"{li['rejected_rows']:,} row(s) rejected."
        )
    else:
        out.info(f"Nothing imported yet: `tq import {esc(workspace)}`.")
    out.data(status)


@app.command("rejects")
@guarded
def rejects_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    export: Path | None = typer.Option(
        None, "--export", help="Write the rejected rows to this CSV file."
    ),
    batch: str | None = typer.Option(
        None, "--import", help="An import id (default: the newest import with rejects)."
    ),
    all_imports: bool = typer.Option(False, "--all", help="Rejects of every import."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Show (or --export to CSV) the rows an import rejected, with the reasons."""
    from ..listen import export_rejects, rejects_frame

    out = Output(json_out, quiet)
    which = None if all_imports else (batch or "last")
    ws = _open(workspace, db)
    try:
        if export is not None:
            n = export_rejects(ws, export, which)
            out.info(f"{n:,} rejected row problem(s) written to [bold]{esc(export)}[/]")
            out.data({"exported": n, "file": str(export)})
            return
        frame = rejects_frame(ws, which)
    finally:
        ws.close()
    if frame.is_empty():
        out.info("No rejected rows.")
        out.data([])
        return
    view = Table(title=f"{frame.height:,} rejected row problem(s)")
    for col in ("file", "row", "column", "reason", "value"):
        view.add_column(col, overflow="fold")
    for r in frame.head(50).iter_rows(named=True):
        view.add_row(
            r["file"],
            "" if r["row"] is None else str(r["row"]),
            r["column"] or "",
            r["reason"],
            "" if r["value"] is None else str(r["value"])[:60],
        )
    out.print(view)
    if frame.height > 50:
        out.info(f"... {frame.height - 50:,} more: `tq rejects {esc(workspace)} --export FILE.csv`")
    out.data(frame.to_dicts())


@app.command("map")
@guarded
def map_cmd(
    folder: Path = typer.Argument(..., help="The folder with your table files."),
    out_file: Path | None = typer.Option(
        None, "--out", help="Write the proposed mapping to this file (default: print it)."
    ),
    rows: int = typer.Option(3, "--rows", min=0, max=50, help="Rows shown in each preview."),
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Propose a mapping file from your files' headers, and preview the rows it maps.

    Check the proposal, then `tq import WORKSPACE --from FOLDER --map mapping.yaml`.
    """
    from ..listen import mapping_yaml, propose_mapping

    out = Output(json_out, quiet)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    proposal = propose_mapping(folder, rows)
    text = mapping_yaml(proposal.mapping)
    for name, frame in proposal.previews.items():
        view = Table(title=f"{name}: the first rows under the workspace's column names")
        for col in frame.columns:
            view.add_column("row" if col == "_row" else col)
        for values in frame.iter_rows():
            view.add_row(*("" if v is None else str(v) for v in values))
        out.print(view)
    for name in proposal.unplaced:
        out.info(f"[yellow]not placed:[/] {esc(name)} (no table fits its header; map it by hand)")
    if out_file is not None:
        try:
            out_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {out_file}: {exc.strerror or exc}") from None
        out.info(f"Mapping written to [bold]{esc(out_file)}[/]: check it, then import with --map.")
    else:
        out.plain(text)
    out.data(
        {
            "mapping": text,
            "unplaced": proposal.unplaced,
            "previews": {k: v.to_dicts() for k, v in proposal.previews.items()},
        }
    )
