"""`tq text` (languages, sentiment, topics, emerging topics) and `tq topics` (user edits).

An imported workspace keeps the topic table (names, merges, splits, pins and mappings) in its
store's ``topics`` table and the embeddings, computed once per distinct sentence, in
``text_cache``; the fitted model (so new text is assigned to the same topics) is the file
``.tq/topic_model.pkl``. A folder that was never imported keeps all three in ``.tq-text/``
(``topics.json``, ``topic_model.pkl``, ``text_cache.sqlite``).
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import warnings
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import pandas as pd
import typer

from .._errors import InputError, InsufficientDataError, StoreError, TotalQualityWarning
from .._pipeline import AnalysisRun, analyze
from .._tables import TableSource
from ..store import (
    StoreTextCache,
    Workspace,
    load_topic_table,
    open_workspace,
    save_topic_table,
)
from ..understand._embed import MODEL_ID
from ._app import (
    DbOption,
    JsonOption,
    Output,
    QuietOption,
    Table,
    app,
    console,
    esc,
    guarded,
)
from ._workspace_io import is_imported, open_tables

topics_app = typer.Typer(help="Name, merge, split, pin and map topics.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")


class SqliteTextCache(MutableMapping[str, bytes]):
    """A dict-like embedding cache in one SQLite file (key → float16 bytes)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(path)
        self._con.execute("CREATE TABLE IF NOT EXISTS text_cache (key TEXT PRIMARY KEY, v BLOB)")

    def __getitem__(self, key: str) -> bytes:
        row = self._con.execute("SELECT v FROM text_cache WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return bytes(row[0])

    def __setitem__(self, key: str, value: bytes) -> None:
        self._con.execute("INSERT OR REPLACE INTO text_cache VALUES (?, ?)", (key, value))

    def __delitem__(self, key: str) -> None:
        self._con.execute("DELETE FROM text_cache WHERE key = ?", (key,))

    def __contains__(self, key: object) -> bool:
        q = "SELECT 1 FROM text_cache WHERE key = ?"
        return self._con.execute(q, (key,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return (r[0] for r in self._con.execute("SELECT key FROM text_cache").fetchall())

    def __len__(self) -> int:
        return int(self._con.execute("SELECT COUNT(*) FROM text_cache").fetchone()[0])

    def commit(self) -> None:
        self._con.commit()


def _state_dir(workspace: Path) -> Path:
    """``.tq/`` of an imported workspace, else ``.tq-text/``.

    The CLI treats a folder with ``.tq/`` as an imported workspace, so a plain folder of table
    files must not get one just because topics were edited.
    """
    if not workspace.is_dir():
        raise InputError(f"{workspace}: no such workspace folder")
    if (workspace / ".tq" / "workspace.json").exists():
        return workspace / ".tq"
    return workspace / ".tq-text"


def _show(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _stored_table(workspace: Path, store: Workspace | None = None) -> pd.DataFrame | None:
    """The topic table: in the store of an imported workspace, else in ``.tq-text/``."""
    if store is not None:
        return load_topic_table(store)
    if is_imported(workspace):
        with open_workspace(workspace) as ws:
            return load_topic_table(ws)
    path = _state_dir(workspace) / "topics.json"
    if not path.exists():
        return None
    try:
        return pd.DataFrame(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path} cannot be read: {exc}") from None


def _load_table(workspace: Path) -> pd.DataFrame:
    table = _stored_table(workspace)
    if table is None:
        raise InputError(f"{workspace} has no topics yet; run `tq text {workspace}` first")
    return table


def _save_table(workspace: Path, table: pd.DataFrame, store: Workspace | None = None) -> None:
    from .._base import to_jsonable

    if store is not None:
        save_topic_table(store, table)
        return
    if is_imported(workspace):
        with open_workspace(workspace) as ws:
            save_topic_table(ws, table)
        return
    path = _state_dir(workspace) / "topics.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_jsonable(table), ensure_ascii=False, indent=1), "utf-8")


def _load_model(workspace: Path) -> Any:
    path = _state_dir(workspace) / "topic_model.pkl"
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return pickle.load(fh)  # written by this program only, inside the workspace


def _save_model(workspace: Path, model: Any) -> None:
    path = _state_dir(workspace) / "topic_model.pkl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(model, fh)


class TopicState:
    """The workspace's topic model, the user's topic edits and the embedding cache.

    `tq text` and `tq analyze` both run the text section with them, so new text is assigned
    to the topics the user already named, merged or mapped, and what one command discovers
    the other (and `tq topics ...`) works on.
    """

    def __init__(self, workspace: Path, refit: bool = False, tables: Any = None) -> None:
        self.workspace = workspace
        state = _state_dir(workspace)
        self.cache: Any
        # an imported workspace keeps embeddings and the topic table in its store
        self.store = tables if isinstance(tables, Workspace) else None
        if self.store is not None:
            self.cache = StoreTextCache(self.store, MODEL_ID)
        else:
            self.cache = SqliteTextCache(state / "text_cache.sqlite")
        self.model = None if refit else _load_model(workspace)
        self.edits = None if self.model is None else _stored_table(workspace, self.store)
        self.fitted: list[Any] = []

    def options(self) -> dict[str, Any]:
        return {
            "embedding_cache": self.cache,
            "topic_model": self.model,
            "topic_edits": self.edits,
            "on_topic_model": self.fitted.append,
        }

    def keep(self, result: Any) -> None:
        """Save the cache, a newly fitted model and the topic table of ``result``."""
        self.cache.commit()
        if self.fitted:
            _save_model(self.workspace, self.fitted[0])
        table = result.results.get("topic_table")
        if isinstance(table, pd.DataFrame):
            _save_table(self.workspace, table, self.store)


def analyze_with_topics(
    workspace: Path, tables: TableSource, progress: Callable[[str], None] | None = None
) -> AnalysisRun:
    """Every analysis, with the workspace's saved topics, keeping what the text step learnt.

    `tq analyze`, `tq demo` and the web app run the analysis this one way, so the report
    names topics as the user did in `tq topics`.
    """
    topics = TopicState(workspace, tables=tables)
    run = analyze(tables, progress=progress, section_options={"text": topics.options()})
    if "text" in run.sections and "text" not in run.errors:
        topics.keep(run.sections["text"])
    return run


@app.command("text")
@guarded
def text_cmd(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    embed_limit: int = typer.Option(
        1500, "--embed-limit", help="Distinct sentences embedded to discover topics."
    ),
    n_topics: int | None = typer.Option(None, "--topics", help="Number of topics (default: auto)."),
    refit: bool = typer.Option(
        False, "--refit", help="Discover topics anew (drops topic edits of the old model)."
    ),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Languages, sentiment by segment, topics with examples, the topics that drive NPS and
    CSAT, and emerging topics."""
    from rich.progress import Progress

    from ..understand import run_section

    out = Output(json_out, quiet)
    tables = open_tables(workspace, db)
    saved = TopicState(workspace, refit=refit, tables=tables)
    with Progress(console=console, transient=True, disable=not out.show_progress) as bar:
        task = bar.add_task("embedding sentences", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=step)

        with warnings.catch_warnings():  # caveats are printed below as notes
            warnings.simplefilter("ignore", TotalQualityWarning)
            res = run_section(
                tables,
                embed_limit=embed_limit,
                n_topics=n_topics,
                progress=progress,
                **saved.options(),
            )
    if res.summary.get("texts", 0) == 0:
        raise InsufficientDataError("; ".join(res.warnings) or "no comments or complaints found")
    saved.keep(res)
    out.data(res.to_dict())
    s = res.summary
    out.info(
        f"[bold]{s['texts']}[/] texts ({s['comments']} comments, {s['complaints']} complaints); "
        f"languages: {esc(', '.join(f'{k} {v}' for k, v in s['languages'].items()))}; "
        f"sentiment: {s['sentiment_method']}"
    )
    quality = res.results["sentiment"].get("quality")
    if quality:
        out.info(f"sentiment model cross-validated macro-F1: {quality['macro_f1']:.2f}")
    t = Table(title="Topics")
    for col in ("topic", "name", "texts", "complaints", "sentiment", "trend", "example"):
        t.add_column(col)
    for tp in res.results.get("topics", [])[:30]:
        examples = tp.get("examples") or {}
        first = next(iter(examples.values()), ("",))[0] if examples else ""
        senti = tp.get("sentiment")
        t.add_row(
            tp["topic_id"],
            str(tp["name"]),
            str(tp["volume"]),
            str(tp["complaints"]),
            "–" if senti is None else f"{float(senti):+.2f}",
            str(tp.get("trend") or "–"),
            first[:70].replace("\n", " "),
        )
    out.print(t)
    for target, drivers in res.results.get("topic_drivers", {}).items():
        d = Table(
            title=f"Topics that drive {target.upper()} (R² {drivers['r2']:.2f}, n {drivers['n']})"
        )
        for col in ("topic", "name", "% of R² (LMG)", "95 % interval", "effect", "mentions"):
            d.add_column(col)
        d.add_column(f"mean {target} with / without")
        for row in drivers["drivers"]:
            lo, hi = row.get("lmg_pct_ci_low"), row.get("lmg_pct_ci_high")
            d.add_row(
                row["driver"],
                str(row["name"]),
                f"{row['lmg_pct']:.1f}",
                "–" if lo is None or hi is None else f"{lo:.1f}…{hi:.1f}",
                row["effect"],
                str(row["mentions"]),
                f"{row['mean_with']:.2f} / {row['mean_without']:.2f}",
            )
        out.print(d)
    if s.get("emerging"):
        e = Table(title="Emerging (false-discovery rate 5 %)")
        for col in ("item", "kind", "since", "topic"):
            e.add_column(col)
        for item in s["emerging"][:15]:
            e.add_row(str(item["item"]), item["kind"], item["started"], str(item.get("topic_id")))
        out.print(e)
    for w in res.warnings:
        out.info(f"[yellow]note:[/] {esc(w)}")


def _edit(workspace: Path, json_out: bool, quiet: bool, table: pd.DataFrame, message: str) -> None:
    _save_table(workspace, table)
    out = Output(json_out, quiet)
    out.data(table)
    out.info(esc(message))  # topic names and ids are the user's text


@topics_app.command("list")
@guarded
def topics_list(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Show the topic table with names, mappings and merges."""
    table = _load_table(workspace)
    out = Output(json_out, quiet)
    out.data(table)
    t = Table(title="Topics")
    for col in ("topic", "name / label", "texts", "pinned", "requirement", "stage", "merged into"):
        t.add_column(col)
    for _, r in table.iterrows():
        name = r["name"] if isinstance(r.get("name"), str) else r["label"]
        t.add_row(
            str(r["topic_id"]),
            str(name),
            str(r["volume"]),
            "yes" if r.get("pinned") is True else "",
            _show(r.get("requirement_id")),
            _show(r.get("stage_id")),
            _show(r.get("merged_into")),
        )
    out.print(t)


@topics_app.command("rename")
@guarded
def topics_rename(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    topic: str = typer.Argument(..., help="Topic id, e.g. T03."),
    name: str = typer.Argument(..., help="The new name."),
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Give a topic a name."""
    from ..understand import rename_topic

    table = rename_topic(_load_table(workspace), topic, name)
    _edit(workspace, json_out, quiet, table, f"{topic} is now called '{name}'")


@topics_app.command("pin")
@guarded
def topics_pin(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    topic: str = typer.Argument(..., help="Topic id."),
    unpin: bool = typer.Option(False, "--unpin", help="Remove the pin."),
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Pin a topic (always shown first)."""
    from ..understand import pin_topic

    table = pin_topic(_load_table(workspace), topic, not unpin)
    _edit(workspace, json_out, quiet, table, f"{topic} {'unpinned' if unpin else 'pinned'}")


@topics_app.command("merge")
@guarded
def topics_merge(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    topics: list[str] = typer.Argument(..., help="Target topic first, then those merged into it."),
    name: str | None = typer.Option(None, "--name", help="Name of the merged topic."),
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Merge topics into the first one."""
    from ..understand import merge_topics

    table = merge_topics(_load_table(workspace), topics, name)
    _edit(workspace, json_out, quiet, table, f"merged {', '.join(topics[1:])} into {topics[0]}")


@topics_app.command("map")
@guarded
def topics_map(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    topic: str = typer.Argument(..., help="Topic id."),
    requirement: str | None = typer.Option(None, "--requirement", help="Requirement id."),
    stage: str | None = typer.Option(None, "--stage", help="Production stage id."),
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Map a topic to a customer requirement and/or a production stage."""
    from ..understand import map_topic

    table = map_topic(_load_table(workspace), topic, requirement, stage)
    _edit(workspace, json_out, quiet, table, f"{topic} mapped")


@topics_app.command("split")
@guarded
def topics_split(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    topic: str = typer.Argument(..., help="Topic id."),
    parts: int = typer.Option(2, "--parts", "-n", help="Number of sub-topics."),
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Split a topic into sub-topics (re-clusters its sentences; retrains assignment)."""
    from ..understand import split_topic

    model = _load_model(workspace)
    if model is None:
        raise InputError(f"{workspace} has no topic model; run `tq text {workspace}` first")
    sentences = model.sentences_
    table, assigned = split_topic(
        _load_table(workspace), sentences["topic_id"], sentences["sentence"], topic, parts
    )
    model.sentences_ = sentences.assign(topic_id=assigned.to_numpy())
    model.retrain_assigner(sentences["sentence"], assigned)
    _save_model(workspace, model)
    _edit(workspace, json_out, quiet, table, f"{topic} split into {parts}")
