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
