"""Write `report.html` (one self-contained file, offline) and `results.json`."""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from .. import __version__
from .._base import rounded, to_jsonable
from .._errors import InputError
from .._pipeline import AnalysisRun
from ._i18n import LANGUAGES, format_when, t

RESULTS_SCHEMA_VERSION = "1.2"
#: Sections whose `results` hold tables worth showing, and where to find them.
_MAX_ROWS = 25


def results_document(run: AnalysisRun, workspace: str) -> dict[str, Any]:
    """The machine-readable results (schema: results.schema.json, docs/results-json.md)."""
    sections = {}
    for name, s in run.sections.items():
        d = s.to_dict()
        d.pop("figures", None)
        d.get("results", {}).pop("traceback", None)
        sections[name] = d
    return rounded(
        {
            "schema_version": RESULTS_SCHEMA_VERSION,
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "totalquality_version": __version__,
            "workspace": workspace,
            "recommendations": [r.to_dict() for r in run.recommendations],
            "expectations": to_jsonable(list(run.expectations)),
            "sections": sections,
            "timings": to_jsonable(run.timings),
            "errors": dict(run.errors),
        }
    )


#: characters that could end or comment out the <script> element holding JSON
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    """JSON safe inside an HTML ``<script>`` element, whatever names and texts it holds.

    ``</script>`` would close the element and ``<!--<script>`` puts the HTML parser in a
    state where the real end tag no longer closes it (every chart after it is lost).
    ``<``, ``>`` and ``&`` only occur inside JSON strings, where ``\\u003c`` … mean the
    same characters to ``JSON.parse``.
    """
    import plotly.utils

    text = json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)
    for char, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(char, escaped)
    return text


def chart_file_name(key: str, suffix: str = ".html") -> str:
    """A safe file name for a chart of ``key`` (an id the user chose): slug + short hash.

    The slug keeps it readable; the hash keeps ids that slug alike (``A/B``, ``A-B``,
    ``a-b`` on a case-blind disk) apart. No separator, ``..`` or absolute path survives.
    """
    import hashlib
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_text).strip("-_")[:60] or "chart"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}{suffix}"


_CHART_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<script src="plotly.min.js"></script></head>
<body><div id="chart" style="width:100%;height:90vh"></div>
<script id="figure" type="application/json">{figure}</script>
<script>
var f = JSON.parse(document.getElementById("figure").textContent);
Plotly.newPlot("chart", f.data || [], f.layout || {{}}, {{responsive: true, displaylogo: false}});
</script></body></html>
"""


def write_charts(figures: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """One offline HTML page per figure (``{key: figure}``) in ``out_dir``, plotly.min.js beside.

    Each page's name comes from :func:`chart_file_name`; a path that would still land
    outside ``out_dir`` is refused.
    """
    import plotly.offline

    if not figures:
        return []
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    (out / "plotly.min.js").write_text(plotly.offline.get_plotlyjs(), "utf-8")
    files = []
    for key, figure in figures.items():
        path = out / chart_file_name(key)
        if path.resolve().parent != root:  # pragma: no cover - chart_file_name keeps it inside
            raise InputError(f"chart {key!r} would be written outside {out}")
        data = figure.to_dict() if hasattr(figure, "to_dict") else figure
        path.write_text(
            _CHART_PAGE.format(title=html.escape(key), figure=script_json(data)), "utf-8"
        )
        files.append(path)
    return files


def _tr_html(key: str) -> str:
    spans = "".join(f'<span lang="{lang}">{html.escape(t(key, lang))}</span>' for lang in LANGUAGES)
    return f'<span class="tr">{spans}</span>'


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return "–"
        return f"{value:.4g}"
    if isinstance(value, dict):
        if set(value) >= set(LANGUAGES) and all(isinstance(v, str) for v in value.values()):
            # a label in every language: show the reader's
            spans = "".join(
                f'<span lang="{lang}">{html.escape(str(value[lang]))}</span>' for lang in LANGUAGES
            )
            return f'<span class="tr">{spans}</span>'
        return _kv(value)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _table(value)
        shown = ", ".join(html.escape(_plain(v)) for v in value[:20])
        return shown + (f" … (+{len(value) - 20})" if len(value) > 20 else "")
    return html.escape(_plain(value))


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if math.isfinite(value) else "–"
    return "–" if value is None else str(value)


def _kv(mapping: Any) -> str:
    mapping = to_jsonable(mapping)
    if not isinstance(mapping, dict):
        return _fmt(mapping)
    cells = "".join(
        f"<div>{html.escape(str(k))}</div><div>{_fmt(v)}</div>" for k, v in mapping.items()
    )
    return f'<div class="kv">{cells}</div>'


def _table(rows: Any) -> str:
    rows = to_jsonable(rows)
    if not rows:
        return ""
    rows = rows[:_MAX_ROWS]
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in cols) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
        return html.escape(text[:200] + ("…" if len(text) > 200 else ""))
    return _fmt(value)


def _section_tables(results: dict[str, Any]) -> list[tuple[str, Any]]:
    """Lists of records in a section's results, shown as tables (first rows)."""
    out = []
    for key, value in to_jsonable(results).items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out.append((key, value))
        elif isinstance(value, dict):
            for sub, inner in value.items():
                if isinstance(inner, list) and inner and all(isinstance(v, dict) for v in inner):
                    out.append((f"{key}: {sub}", inner))
    return out[:8]


def _summary_cards(run: AnalysisRun) -> list[dict[str, str]]:
    significant = [r for r in run.recommendations if r.significant]
    cards = [
        {"value": str(len(significant)), "label": _tr_html("recommendations")},
    ]
    sat = run.sections.get("satisfaction")
    if sat is not None:
        # NPS in points and CSAT as a top-2-box percentage, as people read them, each with
        # its 95 % interval: a score without its uncertainty invites over-reading
        for key, scale, unit, label in (
            ("nps", 100, "", "NPS"),
            ("csat", 100, " %", "CSAT (top 2)"),
            ("ces", 1, "", "CES"),
        ):
            v = sat.summary.get(key)
            if not isinstance(v, (int, float)):
                continue
            digits = 0 if scale == 100 else 2
            ci: Any = sat.summary.get(f"{key}_ci") or ()
            interval = (
                f"{ci[0] * scale:.{digits}f}…{ci[1] * scale:.{digits}f}"
                if len(ci) == 2 and all(isinstance(c, (int, float)) for c in ci)
                else ""
            )
            card = {"value": f"{v * scale:.{digits}f}{unit}", "label": label}
            if interval:
                card["detail"] = f"95 % CI {interval}"
            cards.append(card)
    idx = run.sections.get("index")
    if idx is not None and isinstance(idx.summary.get("index"), (int, float)):
        cards.append({"value": f"{idx.summary['index']:.1f}", "label": _tr_html("section.index")})
    ret = run.sections.get("retention")
    if ret is not None and isinstance(ret.summary.get("at_risk"), int):
        cards.append(
            {"value": str(ret.summary["at_risk"]), "label": _tr_html("kind.at_risk_customers")}
        )
    return cards


def render_html(run: AnalysisRun, workspace: str, default_lang: str = "en") -> str:
    import plotly.offline

    if default_lang not in LANGUAGES:
        raise InputError(
            f"report language must be one of {', '.join(LANGUAGES)}, not {default_lang!r}"
        )
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("totalquality.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    figures = []
    sections = []
    for name, s in run.sections.items():
        ids = []
        for i, (key, fig) in enumerate(s.figures.items()):
            fid = f"fig-{name}-{i}"
            ids.append(fid)
            figures.append({"id": fid, "key": key, "figure": fig})
        sections.append(
            {
                "name": name,
                "summary": s.summary,
                "missing_tables": s.missing_tables,
                "warnings": s.warnings,
                "findings": s.findings,
                "figure_ids": ids,
                "tables": _section_tables(s.results),
            }
        )
    now = dt.datetime.now(dt.UTC)
    generated = "".join(
        f'<span lang="{lang}">{html.escape(format_when(now, lang))}</span>' for lang in LANGUAGES
    )
    template = env.get_template("report.html.j2")
    return template.render(
        workspace=workspace,
        version=__version__,
        languages=LANGUAGES,
        default_lang=default_lang,
        generated_html='<span class="tr">' + generated + "</span>",
        tr=lambda key: jinja2.utils.markupsafe.Markup(_tr_html(key)),
        kv=_kv,
        without=lambda mapping, key: {k: v for k, v in mapping.items() if k != key},
        table=_table,
        cards=_summary_cards(run),
        expectations=[to_jsonable(e) for e in run.expectations],
        recommendations=run.recommendations,
        sections=sections,
        timings={k: round(v, 3) for k, v in run.timings.items()},
        plotly_js=plotly.offline.get_plotlyjs(),
        figures_json=script_json(figures),
    )


def write_report(
    run: AnalysisRun,
    out_dir: str | Path,
    *,
    workspace: str = "workspace",
    language: str = "en",
    pdf: bool = False,
) -> dict[str, Path]:
    """Write report.html and results.json (and report.pdf when asked) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = results_document(run, workspace)
    results_path = out / "results.json"
    results_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False), "utf-8")
    schema_path = out / "results.schema.json"
    schema_path.write_text(results_schema_text(), "utf-8")
    html_path = out / "report.html"
    html_path.write_text(render_html(run, workspace, language), "utf-8")
    paths = {"html": html_path, "json": results_path, "schema": schema_path}
    if pdf:
        paths["pdf"] = export_pdf(html_path, out / "report.pdf")
    return paths


def results_schema_text() -> str:
    return resources.files("totalquality.report").joinpath("results.schema.json").read_text("utf-8")


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def export_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Print the report to PDF with headless Chromium (Debian's `chromium` package)."""
    browser = find_chromium()
    if browser is None:
        raise InputError(
            "PDF export needs Chromium: install Debian's `chromium` package "
            "(apt-get install chromium) and run again"
        )
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--print-to-pdf={pdf_path}",
        "--no-pdf-header-footer",
        "--virtual-time-budget=10000",
        html_path.resolve().as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    if proc.returncode != 0 or not pdf_path.exists():
        raise InputError(
            f"Chromium could not print the report to PDF: {proc.stderr.strip()[-500:]}"
        )
    return pdf_path
