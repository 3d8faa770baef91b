"""The web application: the report in the browser and a REST API over one workspace.

Served on loopback by `tq serve`. The API is read-mostly: status, running the
analysis, results, recommendations, sections; actions (PDCA) when the store is
available. Everything the API returns is the same JSON as results.json.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from .._base import to_jsonable
from .._errors import ActionError, InputError, NotFoundError, StoreError, TotalQualityError
from .._pipeline import AnalysisRun, analyze
from .._schema import TABLE_NAMES, json_schema
from .._tables import TableSource


class _State:
    """The workspace and its latest analysis run (one per app; analysis runs one at a time)."""

    def __init__(
        self, opener: Callable[[], TableSource], name: str, folder: Path | None = None
    ) -> None:
        self.opener = opener
        self.name = name
        self.folder = folder
        self.source: TableSource | None = None
        self.run: AnalysisRun | None = None
        self.lock = threading.Lock()

    def open_tables(self) -> TableSource:
        """The workspace, opened once (a store keeps one engine and one DuckDB per app)."""
        if self.source is None:
            self.source = self.opener()
        return self.source

    def ensure_run(self) -> AnalysisRun:
        with self.lock:
            if self.run is None:
                self.run = self._analyze()
            return self.run

    def rerun(self) -> AnalysisRun:
        with self.lock:
            refresh = getattr(self.source, "refresh", None)
            if refresh is not None:  # data imported since: read it again
                refresh()
            self.run = self._analyze()
            return self.run

    def _analyze(self) -> AnalysisRun:
        """As `tq analyze` does: with the workspace's saved topics and the user's topic edits."""
        from ..cli._workspace_io import consistent

        source = self.open_tables()
        with consistent(source):  # a running import is waited for, none starts meanwhile
            if self.folder is None:
                return analyze(source)
            from ..cli._cmd_text import analyze_with_topics

            return analyze_with_topics(self.folder, source)


#: the largest request body the API reads (an action's texts fit many times over)
MAX_BODY_BYTES = 256 * 1024
# text bounds of the request fields (the store checks the same bounds for the CLI)
_LINE = Field(default="", max_length=500)
_NAME = Field(default="", max_length=200)
_TEXT = Field(default="", max_length=10_000)


class ActionCreate(BaseModel):
    """A new action from a recommendation: its key, or its rank in the latest analysis."""

    key: str | None = Field(default=None, max_length=500)
    rank: int | None = Field(default=None, ge=1, le=1_000_000)
    title: str | None = Field(default=None, max_length=500)
    owner: str = _NAME
    due: dt.date | None = None
    root_cause: str = _TEXT
    corrective: str = _TEXT
    preventive: str = _TEXT
    by: str = _NAME


class ActionUpdate(BaseModel):
    """Fields to change on an open action; those left out stay as they are."""

    # the status moves only through advance/close: a "status" here is refused, not ignored
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=500)
    owner: str | None = Field(default=None, max_length=200)
    due: dt.date | None = None
    root_cause: str | None = Field(default=None, max_length=10_000)
    corrective: str | None = Field(default=None, max_length=10_000)
    preventive: str | None = Field(default=None, max_length=10_000)
    by: str = _NAME


class ActionMove(BaseModel):
    status: str = Field(max_length=20)
    at: dt.date | None = None
    note: str = _TEXT
    by: str = _NAME


class ActionCheck(BaseModel):
    # alpha = 5 would call any p-value significant and let an action close "effective"
    alpha: float = Field(default=0.05, gt=0, lt=1)
    by: str = _NAME


class ActionClose(BaseModel):
    effective: bool
    note: str = _TEXT
    by: str = _NAME


class _BoundedBodies:
    """ASGI middleware: a request body over ``limit`` bytes is answered 413, never read whole."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        seen = 0
        too_large = False

        async def bounded_receive() -> Any:
            nonlocal seen, too_large
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                too_large = True  # the app sees the client gone; the answer is ours
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Any) -> None:
            if not too_large:
                await send(message)

        try:
            await self.app(scope, bounded_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large:
            await _too_large(send, self.limit)


async def _too_large(send: Any, limit: int) -> None:
    body = JSONResponse(
        status_code=413, content={"error": f"request body larger than {limit:,} bytes"}
    ).body
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


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
        folder: Path | None = None
    else:
        from ..cli._workspace_io import open_tables

        folder = Path(workspace)  # type: ignore[arg-type]
        if not folder.is_dir():  # say so now, not at the first request
            raise InputError(f"{folder}: no such workspace folder")
        workspace_folder = folder

        def opener() -> TableSource:
            return open_tables(workspace_folder, db)

        name = folder.name
    state = _State(opener, name, folder)
    app = FastAPI(
        title="totalquality",
        version=__version__,
        description="Customer voice and production quality in one loop.",
    )

    app.add_middleware(_BoundedBodies)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Any, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own answer echoes the input, and an input of Infinity or NaN cannot be
        # written as JSON (a 500): say where and what, never the value
        detail = [
            {
                "loc": [str(p) for p in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors()
        ]
        problems = [f"{'.'.join(d['loc'])}: {d['msg']}" for d in detail]
        return JSONResponse(
            status_code=422,
            content={"error": "the request is not valid", "problems": problems, "detail": detail},
        )

    @app.exception_handler(TotalQualityError)
    async def _user_error(_request: Any, exc: TotalQualityError) -> JSONResponse:
        problems = [str(p) for p in getattr(exc, "problems", [])]
        # a move the PDCA rules forbid conflicts with the action's state: 409
        code = (
            409 if isinstance(exc, ActionError) else 404 if isinstance(exc, NotFoundError) else 422
        )
        return JSONResponse(
            status_code=code, content={"error": str(exc).split("\n")[0], "problems": problems}
        )

    @contextlib.contextmanager
    def store() -> Iterator[Any]:
        from ..cli._workspace_io import is_imported
        from ..store import open_workspace

        if folder is None or not (is_imported(folder) or db):
            raise StoreError("actions live in the workspace store; import the workspace first")
        with open_workspace(folder, db_url=db) as ws:
            yield ws

    @app.get("/api/actions")
    def actions(status: str | None = None) -> list[dict[str, Any]]:
        from ..store import list_actions

        with store() as ws:
            return [a.to_dict() for a in list_actions(ws, status=status)]

    @app.get("/api/actions/{action_id}")
    def action(action_id: str) -> dict[str, Any]:
        from ..store import get_action

        with store() as ws:
            return get_action(ws, action_id).to_dict()  # type: ignore[no-any-return]

    @app.post("/api/actions", status_code=201)
    def create(body: ActionCreate) -> dict[str, Any]:
        from ..store import create_action

        key, title, corrective = body.key, body.title, body.corrective
        if (key is None) == (body.rank is None):
            raise InputError("give either a recommendation key or a rank")
        if body.rank is not None:
            rec = recommendation(body.rank)
            key, title = rec["key"], title or rec["title"]
            corrective = corrective or rec["action"]
        assert key is not None
        with store() as ws:
            created = create_action(
                ws,
                key,
                title or key,
                by=body.by,
                owner=body.owner,
                due=body.due.isoformat() if body.due else None,
                root_cause=body.root_cause,
                corrective=corrective,
                preventive=body.preventive,
            )
        return created.to_dict()  # type: ignore[no-any-return]

    @app.patch("/api/actions/{action_id}")
    def update_action(action_id: str, body: ActionUpdate) -> dict[str, Any]:
        from ..store import update_action_fields

        changes = body.model_dump(exclude={"by"})
        changes["due"] = body.due.isoformat() if body.due else None
        with store() as ws:
            changed = update_action_fields(ws, action_id, by=body.by, **changes)
        return changed.to_dict()  # type: ignore[no-any-return]

    @app.post("/api/actions/{action_id}/advance")
    def advance_action(action_id: str, body: ActionMove) -> dict[str, Any]:
        from ..improve import advance
        from ..store import change_action

        at = body.at.isoformat() if body.at else None
        with store() as ws:
            moved = change_action(
                ws,
                action_id,
                lambda a: advance(a, body.status, by=body.by, note=body.note, at=at),
                by=body.by,
            )
        return moved.to_dict()  # type: ignore[no-any-return]

    @app.post("/api/actions/{action_id}/check")
    def check_action(action_id: str, body: ActionCheck) -> dict[str, Any]:
        from ..improve import check_effect, record_check
        from ..store import get_action, save_action

        with store() as ws:
            current = get_action(ws, action_id)
            effect = check_effect(current, ws, alpha=body.alpha)
            save_action(ws, record_check(current, effect, by=body.by), by=body.by)
        return effect.to_dict()  # type: ignore[no-any-return]

    @app.post("/api/actions/{action_id}/close")
    def close_action(action_id: str, body: ActionClose) -> dict[str, Any]:
        from ..improve import close
        from ..store import change_action

        with store() as ws:
            done = change_action(
                ws,
                action_id,
                lambda a: close(a, effective=body.effective, by=body.by, note=body.note),
                by=body.by,
            )
        return done.to_dict()  # type: ignore[no-any-return]

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
