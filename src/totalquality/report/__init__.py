"""The report: one self-contained HTML file (en/et/pl), results.json and a PDF export."""

from ._render import (
    RESULTS_SCHEMA_VERSION,
    export_pdf,
    render_html,
    results_document,
    results_schema_text,
    write_report,
)

__all__ = [
    "RESULTS_SCHEMA_VERSION",
    "export_pdf",
    "render_html",
    "results_document",
    "results_schema_text",
    "write_report",
]
