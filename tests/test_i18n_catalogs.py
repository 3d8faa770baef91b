"""Every sentence a user reads goes through the et and pl catalogs (Babel extraction).

A message id in the code that a catalog lacks, leaves empty or marks fuzzy fails here, as
does a translation whose ``{fields}`` differ from the id's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from totalquality._i18n import Message, Month, Percent, fields_of, msg, msg_n

SRC = Path(__file__).resolve().parents[1] / "src" / "totalquality"
KEYWORDS = {"msg": None, "msg_n": (1, 2)}


def _code_ids() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for filename, _line, message, _comments, _ctx in extract_from_dir(
        str(SRC), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        ids = message if isinstance(message, tuple) else (message,)
        found[ids[0]] = ids
        assert all(ids), f"{filename}: an empty message id"
    return found


@pytest.mark.parametrize("lang", ["et", "pl"])
def test_every_message_in_the_code_is_translated(lang: str) -> None:
    po = SRC / "locale" / lang / "LC_MESSAGES" / "totalquality.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    problems = []
    for key, ids in sorted(_code_ids().items()):
        entry = catalog.get(key)
        if entry is None:
            problems.append(f"missing: {key!r} (run make catalogs)")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {key!r}")
            continue
        wanted = set().union(*(fields_of(i) for i in ids))
        for s in strings:
            if fields_of(s) - wanted or (len(ids) == 1 and fields_of(s) != wanted):
                problems.append(f"fields differ: {key!r} → {s!r}")
    assert not problems, "\n".join(problems)


def test_messages_render_numbers_dates_and_months_per_language() -> None:
    m = msg(
        "{what} since {since}: {share} in {month}",
        what=msg("late deliveries"),
        since=dt.date(2026, 10, 5),
        share=0.4213,
        month=Month.of("2026-10-17"),
    )
    assert str(m) == "late deliveries since 5 Oct 2026: 0.42 in October 2026"
    assert m.render("xx") == str(m)  # an unknown language falls back to English
    assert set(m.translations()) == {"en", "et", "pl"}
    assert msg("{share} of complaints", share=Percent(0.4213)).render("pl").startswith("42")


def test_plural_forms_follow_the_count() -> None:
    one = msg_n("{count} customer", "{count} customers", 1)
    many = msg_n("{count} customer", "{count} customers", 1200)
    assert str(one) == "1 customer"
    assert str(many) == "1,200 customers"


def test_a_missing_field_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="place"):
        Message("in {place}").render("en")
