"""The report renders in headless Chromium without console errors (Debian's chromium).

`.ci/run` installs Debian's `chromium`; Playwright drives it (no browser download).
"""

from __future__ import annotations

import shutil

import pytest

from totalquality.report import write_report

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]


def _screenshot_is_not_blank(png: bytes) -> bool:
    import io
    import zlib

    # decode the PNG's pixel data well enough to count distinct bytes (no Pillow needed)
    data = io.BytesIO(png)
    data.read(8)
    idat = b""
    while True:
        length = int.from_bytes(data.read(4), "big")
        kind = data.read(4)
        chunk = data.read(length)
        data.read(4)
        if kind == b"IDAT":
            idat += chunk
        if kind == b"IEND" or not kind:
            break
    raw = zlib.decompress(idat)
    return len(set(raw[::97])) > 20


def render_in_browser(html_path, tmp_path, lang: str = "en"):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html_path.resolve().as_uri())
        page.wait_for_load_state("load")
        page.select_option("#lang", lang)
        plots = page.locator(".js-plotly-plot").count()
        figures = page.locator(".fig").count()
        heading = page.locator("#recommendations h2").inner_text()
        shot = page.screenshot(full_page=False)
        (tmp_path / "report.png").write_bytes(shot)
        browser.close()
    return errors, plots, figures, heading, shot


def test_report_renders_without_console_errors(tmp_path, sample_run):
    paths = write_report(sample_run, tmp_path, workspace="w")
    errors, plots, figures, heading, shot = render_in_browser(paths["html"], tmp_path, lang="pl")
    assert errors == []
    assert figures >= 1 and plots == figures  # every figure was drawn by Plotly
    assert heading == "Rekomendacje"  # the language switch works
    assert _screenshot_is_not_blank(shot)


HOSTILE = "<!--<script>"
PAYLOADS = (
    HOSTILE,
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "&amp;<!--",
)


def _hostile_run(sample_run):
    """The sample run with hostile text in every name a chart, table or title shows."""
    import dataclasses

    import plotly.graph_objects as go

    section = sample_run.sections["growth"]
    figures = {}
    for i, payload in enumerate(PAYLOADS):
        name = f"{payload} stage {i}"
        figures[f"bar_{i}"] = go.Figure(
            go.Bar(x=[name, f"S{i}"], y=[1, 2], name=name), layout={"title": {"text": name}}
        ).to_dict()
        figures[f"line_{i}"] = go.Figure(
            go.Scatter(x=[1, 2], y=[3, 4], name=name, text=[name, name])
        ).to_dict()
    section = dataclasses.replace(
        section,
        figures=figures,
        summary={HOSTILE: HOSTILE},
        warnings=tuple(PAYLOADS),
    )
    return dataclasses.replace(sample_run, sections={"growth": section})


def test_hostile_names_render_every_chart_and_run_nothing(tmp_path, sample_run):
    """`<!--<script>` in names that reach the charts' JSON: all charts drawn, no dialog."""
    from playwright.sync_api import sync_playwright

    run = _hostile_run(sample_run)
    paths = write_report(run, tmp_path, workspace=HOSTILE)
    html = paths["html"].read_text("utf-8")
    assert HOSTILE not in html.split('id="tq-figures"', 1)[1].split("</script>", 1)[0]
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(paths["html"].resolve().as_uri())
        page.wait_for_load_state("load")
        plots = page.locator(".js-plotly-plot").count()
        figures = page.locator(".fig").count()
        page.select_option("#lang", "et")  # the language switch still works
        heading = page.locator("#recommendations h2").inner_text()
        legend = page.locator(".js-plotly-plot").first.inner_text()
        browser.close()
    assert dialogs == [] and errors == []
    assert figures == 2 * len(PAYLOADS) and plots == figures
    assert heading == "Soovitused"
    assert "stage 0" in legend


def test_hostile_names_in_spc_chart_pages_run_nothing(tmp_path):
    """Chart pages written by `tq spc` carry the same safe JSON and draw."""
    import plotly.graph_objects as go
    from playwright.sync_api import sync_playwright

    from totalquality.report import write_charts

    fig = go.Figure(
        go.Scatter(x=[1, 2], y=[3, 4], name=HOSTILE), layout={"title": {"text": HOSTILE}}
    )
    (page_path,) = write_charts({f"../{HOSTILE}": fig.to_dict()}, tmp_path)
    assert page_path.parent == tmp_path
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_path.resolve().as_uri())
        page.wait_for_load_state("load")
        plots = page.locator(".js-plotly-plot").count()
        browser.close()
    assert dialogs == [] and plots == 1
