"""`tq serve`: the web application and REST API on loopback."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import DbOption, app, console, esc, guarded


@app.command()
@guarded
def serve(
    workspace: Path = typer.Argument(..., help="The workspace folder."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on (loopback by default)."
    ),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: str | None = DbOption,
) -> None:
    """Serve the report and the REST API (docs at /docs) for one workspace."""
    import uvicorn

    from ..web import create_app

    web_app = create_app(workspace, db=db)  # a missing folder is an input error, before serving
    console.print(f"Serving {esc(workspace)} on http://{host}:{port}/ (API docs: /docs)")
    # one worker: the analytics engine's files may be opened by one process at a time
    uvicorn.run(web_app, host=host, port=port, workers=1, log_level="warning")
