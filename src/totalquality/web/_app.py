"""The web application: the report in the browser and a REST API over one workspace.

Served on loopback by `tq serve`. The API is read-mostly: status, running the
analysis, results, recommendations, sections; actions (PDCA) when the store is
available. Everything the API returns is the same JSON as results.json.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse

from .. import __version__
from .._base import to_jsonable
from .._errors import InputError, TotalQualityError
from .._pipeline import AnalysisRun, analyze
from .._schema import TABLE_NAMES, json_schema
from .._tables import TableSource


class _State:
    """The workspace and its latest analysis run (one per app; analysis runs one at a time)."""

    def __init__(self, open_tables: Callable[[], TableSource], name: str) -> None:
        self.open_tables = open_tables
        self.name = name
        self.run: AnalysisRun | None = None
        self.lock = threading.Lock()

    def ensure_run(self) -> AnalysisRun:
        with self.lock:
            if self.run is None:
                self.run = analyze(self.open_tables())
            return self.run

    def rerun(self) -> AnalysisRun:
        with self.lock:
            self.run = analyze(self.open_tables())
            return self.run


def create_app(
    workspace: str | Path | None = None, *, tables: TableSource | None = None, db: str | None = None
) -> FastAPI:
    """An app over a workspace folder (or an in-memory TableSource, for tests)."""
    if tables is None and workspace is None:
        raise InputError("create_app needs a workspace folder or a TableSource")
    if tables is not None:
        source = tables

        def opener() -> TableSource:
            return source

        name = "in-memory"
    else:
        from ..cli._workspace_io import open_tables

        folder = Path(workspace)  # type: ignore[arg-type]

        def opener() -> TableSource:
            return open_tables(folder, db)

        name = folder.name
    state = _State(opener, name)
    app = FastAPI(
        title="totalquality",
        version=__version__,
        description="Customer voice and production quality in one loop.",
    )

    @app.exception_handler(TotalQualityError)
    async def _user_error(_request: Any, exc: TotalQualityError) -> JSONResponse:
        problems = [str(p) for p in getattr(exc, "problems", [])]
        return JSONResponse(
            status_code=422, content={"error": str(exc).split("\n")[0], "problems": problems}
        )

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/api/status")
    def status() -> dict[str, Any]:
        src = state.open_tables()
        tables_info = {}
        for t in TABLE_NAMES:
            tables_info[t] = {
                "present": src.has(t),
                "rows": len(src.pandas(t)) if src.has(t) else 0,
            }
        return {"workspace": state.name, "tables": tables_info}

    @app.get("/api/schema/workspace")
    def workspace_schema() -> dict[str, Any]:
        return json_schema()

    @app.post("/api/analyze")
    def run_analysis() -> dict[str, Any]:
        run = state.rerun()
        return {
            "recommendations": len(run.recommendations),
            "errors": run.errors,
            "timings": to_jsonable(run.timings),
        }

    @app.get("/api/results")
    def results() -> dict[str, Any]:
        from ..report import results_document

        return results_document(state.ensure_run(), state.name)  # type: ignore[no-any-return]

    @app.get("/api/recommendations")
    def recommendations(limit: int = 50, significant_only: bool = False) -> list[dict[str, Any]]:
        recs = state.ensure_run().recommendations
        if significant_only:
            recs = tuple(r for r in recs if r.significant)
        return [r.to_dict() for r in recs[: max(0, limit)]]

    @app.get("/api/recommendations/{rank}")
    def recommendation(rank: int) -> dict[str, Any]:
        recs = state.ensure_run().recommendations
        if not 1 <= rank <= len(recs):
            raise HTTPException(404, f"no recommendation ranked {rank}; there are {len(recs)}")
        return recs[rank - 1].to_dict()  # type: ignore[no-any-return]

    @app.get("/api/sections/{name}")
    def section(name: str) -> dict[str, Any]:
        run = state.ensure_run()
        if name not in run.sections:
            raise HTTPException(404, f"no section {name!r}; sections: {', '.join(run.sections)}")
        return run.sections[name].to_dict()

    @app.get("/", response_class=HTMLResponse)
    def report(lang: str = "en") -> str:
        from ..report import render_html

        return render_html(state.ensure_run(), state.name, lang)  # type: ignore[no-any-return]

    return app
