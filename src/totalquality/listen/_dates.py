"""Dates as offices write them: ``26.09.2025`` is read only when the user says so.

A day-first date cannot be told from a month-first one by looking at it (``03.04.2025``),
so it is never guessed: ``tq import --date-format DD.MM.YYYY`` (or ``date_format`` in a
mapping file) names the format, and ISO 8601 dates are still read beside it.
"""

from __future__ import annotations

import re

from .._errors import InputError
from .._i18n import msg

#: the tokens people write, as strftime directives (longest first)
_TOKENS = (
    ("YYYY", "%Y"),
    ("YY", "%y"),
    ("MM", "%m"),
    ("DD", "%d"),
    ("HH", "%H"),
    ("mm", "%M"),
    ("ss", "%S"),
)
#: text that looks like a day-first or month-first date (26.09.2025, 26/09/2025)
DAY_FIRST_LOOK = r"^\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(\s|$)"


def strftime_format(text: str) -> str:
    """``DD.MM.YYYY`` (or ``%d.%m.%Y``) → ``%d.%m.%Y``; InputError when it is no date format."""
    spec = text.strip()
    if "%" not in spec:
        pattern = re.compile("|".join(re.escape(token) for token, _ in _TOKENS))
        spec = pattern.sub(lambda m: dict(_TOKENS)[m.group(0)], spec)
    if not all(d in spec for d in ("%d", "%m")) or not ("%Y" in spec or "%y" in spec):
        raise InputError(
            str(
                msg(
                    "date format {format!r} needs a day, a month and a year, such as "
                    "DD.MM.YYYY, DD/MM/YYYY or DD.MM.YYYY HH:mm",
                    format=text,
                )
            )
        )
    if re.search(r"%[^dmYyHMS%]", spec):
        raise InputError(
            str(
                msg(
                    "date format {format!r}: use DD, MM, YYYY (or YY), HH, mm and ss",
                    format=text,
                )
            )
        )
    return spec


def timestamp_formats(text: str | None) -> list[str]:
    """The strftime formats a date format allows: with no time, with minutes, with seconds."""
    if not text:
        return []
    spec = strftime_format(text)
    if "%H" in spec:
        return [spec]
    return [spec, f"{spec} %H:%M", f"{spec} %H:%M:%S"]


__all__ = ["DAY_FIRST_LOOK", "strftime_format", "timestamp_formats"]
