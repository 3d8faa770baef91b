"""The web application (FastAPI): the report and a REST API, served on loopback."""

from ._app import create_app

__all__ = ["create_app"]
