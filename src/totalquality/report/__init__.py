"""The report: one self-contained HTML file (en/et/pl), results.json and a PDF export."""

from ._render import (
    RESULTS_SCHEMA_VERSION,
    chart_file_name,
    export_pdf,
    render_html,
    results_document,
    results_schema_text,
    script_json,
    write_charts,
    write_report,
)

__all__ = [
    "RESULTS_SCHEMA_VERSION",
    "chart_file_name",
    "export_pdf",
    "render_html",
    "results_document",
    "results_schema_text",
    "script_json",
    "write_charts",
    "write_report",
]
