"""The documentation is complete and current: every CLI command and option, every setting,
every workspace table and column, and every link (datasette's rule: a test keeps docs whole)."""

from __future__ import annotations

import re
from pathlib import Path

from totalquality._schema import TABLES
from totalquality.cli._docs import commands, render

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_cli_reference_is_generated_from_the_current_commands():
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current == render(), "docs/cli.md is out of date: run `make docs`"


def test_every_command_and_option_is_in_the_cli_reference():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for path, command in commands():
        assert f"### `{path}`" in text, path
        assert (command.help or "").strip(), f"{path} has no help text"
        section = text.split(f"### `{path}`", 1)[1].split("\n### ", 1)[0]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert f"`{opt}`" in section, (path, opt)
            assert param.help if param.param_type_name == "option" else True, (path, param.name)


def test_every_environment_variable_is_documented():
    settings = (DOCS / "settings.md").read_text(encoding="utf-8")
    pattern = re.compile(r"""(?:environ(?:\.get)?[\[(]|getenv\(|envvar=)\s*["']([A-Z0-9_]+)["']""")
    names = set()
    for file in (ROOT / "src").rglob("*.py"):
        names |= set(pattern.findall(file.read_text(encoding="utf-8")))
    for file in (ROOT / "tests").rglob("*.py"):
        names |= set(pattern.findall(file.read_text(encoding="utf-8")))
    names.add("TQ_DATABASE_URL")  # read through store._engine.DATABASE_URL_ENV
    assert names
    for name in sorted(names):
        assert f"`{name}`" in settings, f"{name} is not documented in docs/settings.md"


def test_every_workspace_table_and_column_is_in_the_import_format():
    text = (DOCS / "import-format.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert table.name in text, table.name
        for column in table.columns:
            assert column.name in text, (table.name, column.name)


def test_every_relative_link_in_the_docs_resolves():
    pages = [ROOT / "README.md", *DOCS.glob("*.md")]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"
