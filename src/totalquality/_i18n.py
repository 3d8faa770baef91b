"""Every sentence a user reads, in English, Estonian and Polish, through gettext catalogs.

Analysis code never builds a user-facing sentence with an f-string. It returns a
:class:`Message`: a gettext message id (the English text with ``{named}`` fields)
and its parameters. The edge renders it in the reader's language:

    m = msg("Late deliveries in {place} since {since}", place="PL", since=date(2026, 10, 1))
    m.render("pl")      # "Opóźnione dostawy w PL od 1 paź 2026"
    str(m)              # English

Numbers, dates and months in the parameters are formatted for the language with Babel; a
parameter that is itself a :class:`Message` is rendered in the same language. Plurals
use :func:`msg_n` (Polish has three forms).

The catalogs are ``locale/<lang>/LC_MESSAGES/totalquality.po`` (text, reviewed like
code); ``make catalogs`` extracts the ids from the code with Babel and updates them. A
test fails when a message in the code is missing or untranslated in a catalog.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import math
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "et", "pl")
DOMAIN = "totalquality"
#: Babel locale per report language (British English: day-first dates, 24-hour clock)
_LOCALE = {"en": "en_GB", "et": "et", "pl": "pl"}


class Month(dt.date):
    """A calendar month as a parameter: rendered as "October 2026" in the reader's language."""

    @classmethod
    def of(cls, when: Any) -> Month:
        when = _as_date(when)
        return cls(when.year, when.month, 1)


class Localized(dict[str, str]):
    """A name that exists in several languages (a topic label): rendered in the reader's,
    else in English, else in any language it has."""

    def pick(self, lang: str) -> str:
        return self.get(lang) or self.get("en") or next(iter(self.values()), "")


class Percent(float):
    """A share (0…1) as a parameter: rendered as a whole percentage, "42 %" or "42%"."""


@dataclass(frozen=True)
class Message:
    """A translatable sentence: a catalog id and the values of its fields."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    #: the plural id and the count that chooses the form (``msg_n``)
    plural: str | None = None
    count: int | None = None

    def render(self, lang: str = "en") -> str:
        translations = catalog(lang)
        if self.plural is not None:
            template = translations.ngettext(self.msgid, self.plural, int(self.count or 0))
        else:
            template = translations.gettext(self.msgid)
        values = {k: _format_value(v, lang) for k, v in self.params.items()}
        return template.format_map(_Strict(values, template))

    def translations(self) -> dict[str, str]:
        """The sentence in every language, for results.json and the report."""
        return {lang: self.render(lang) for lang in LANGUAGES}

    def __str__(self) -> str:
        return self.render("en")

    def to_dict(self) -> dict[str, Any]:
        return self.translations()


def msg(msgid: str, **params: Any) -> Message:
    """A sentence for the catalogs (extracted by ``make catalogs``)."""
    return Message(msgid, params)


def msg_n(singular: str, plural: str, count: int, **params: Any) -> Message:
    """A sentence whose form depends on ``count`` (also passed as the field ``{count}``)."""
    return Message(singular, {"count": count, **params}, plural=plural, count=int(count))


def render(text: Message | str, lang: str = "en") -> str:
    """A message in ``lang``; a plain string (a name, a code, a user's text) as it is."""
    return text.render(lang) if isinstance(text, Message) else str(text)


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English is the message ids themselves)."""
    if lang == "en" or lang not in LANGUAGES:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = resources.files("totalquality") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as fh:
        parsed = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, parsed, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class _Strict(dict[str, str]):
    """Field values for ``format_map``; a field the message lacks is a programming error."""

    def __init__(self, values: dict[str, str], template: str) -> None:
        super().__init__(values)
        self.template = template

    def __missing__(self, key: str) -> str:
        raise KeyError(f"message {self.template!r} needs the field {key!r}")


def _format_value(value: Any, lang: str) -> str:
    from babel import dates, numbers

    locale = _LOCALE.get(lang, "en_GB")
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, Localized):
        return value.pick(lang)
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return numbers.format_decimal(value, locale=locale)
    if isinstance(value, Percent):
        return numbers.format_percent(value, format="#,##0%", locale=locale)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "–"
        return numbers.format_decimal(value, format=_number_format(value), locale=locale)
    if isinstance(value, Month):
        return dates.format_skeleton("yMMMM", value, locale=locale)
    if isinstance(value, dt.datetime):
        return dates.format_date(value.date(), format="medium", locale=locale)
    if isinstance(value, dt.date):
        return dates.format_date(value, format="medium", locale=locale)
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return dates.format_date(value.to_pydatetime().date(), format="medium", locale=locale)
    return str(value)


def _number_format(value: float) -> str:
    """Three significant digits at most, never scientific notation for a reader."""
    size = abs(value)
    if size >= 100:
        return "#,##0"
    if size >= 10:
        return "#,##0.#"
    return "#,##0.##"


def _as_date(when: Any) -> dt.date:
    if hasattr(when, "to_pydatetime"):
        when = when.to_pydatetime()
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    return dt.date.fromisoformat(str(when)[:10])


def fields_of(template: str) -> set[str]:
    """The ``{named}`` fields of a message id (a catalog test compares translations)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
