"""Small helpers shared by the measure modules (input handling and recorded caveats)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .._errors import InputError, SmallSampleWarning


def as_pandas(data: Any) -> Any:
    """A polars (or other ``to_pandas``-capable) frame as pandas; anything else unchanged."""
    if hasattr(data, "to_pandas") and not isinstance(data, pd.DataFrame):
        return data.to_pandas()
    return data


def require_columns(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """InputError naming the columns of ``columns`` that ``data`` lacks."""
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise InputError(f"{what} data lack column(s) {missing}; have {list(data.columns)}")


def warn_and_record(
    notes: list[str], msg: str, category: type[Warning] = SmallSampleWarning
) -> None:
    """Warn ``msg`` at the caller of the function that calls this, and keep it in ``notes``."""
    notes.append(msg)
    warnings.warn(msg, category, stacklevel=3)


def timestamps(values: pd.Series) -> pd.Series:
    """ISO 8601 text or datetimes as naive UTC timestamps (unparseable → NaT)."""
    t = pd.to_datetime(values, utc=True, format="ISO8601", errors="coerce")
    return t.dt.tz_convert(None)
