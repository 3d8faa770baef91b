"""Conventions every analysis follows (scikit-learn's estimator API).

* ``__init__`` only stores its keyword parameters, unchanged, under the same names.
* ``fit(...)`` validates input, computes, sets result attributes whose names end
  in ``_`` and returns ``self``.
* Reading a result before ``fit`` raises :class:`NotFittedError`.
* ``result_`` (when present) is a typed :class:`Result` that serialises with
  ``to_dict()`` for ``results.json``.

A shared conformance test (``tests/test_analysis_conformance.py``) checks every
subclass registered in :data:`ANALYSES`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import inspect
import math
from enum import Enum
from typing import Any, ClassVar, TypeVar

import numpy as np

from ._errors import NotFittedError

ANALYSES: list[type[Analysis]] = []
"""Every concrete analysis class, registered by subclassing (for conformance tests)."""

T = TypeVar("T", bound="Analysis")


class Analysis:
    """Base class of every analysis object."""

    #: workspace tables the analysis needs when run on a workspace
    required_tables: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not inspect.isabstract(cls) and not cls.__name__.startswith("_"):
            ANALYSES.append(cls)

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [
            p.name
            for p in sig.parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters, as given."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self: T, **params: Any) -> T:
        valid = set(self._param_names())
        for key, value in params.items():
            if key not in valid:
                raise ValueError(f"{type(self).__name__} has no parameter {key!r}")
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        sig = inspect.signature(type(self).__init__)
        shown = []
        for name, value in self.get_params().items():
            default = sig.parameters[name].default
            if default is inspect.Parameter.empty or not _same(default, value):
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def is_fitted(self) -> bool:
        return any(
            k.endswith("_") and not k.startswith("_") and not k.endswith("__") for k in vars(self)
        )

    def _check_fitted(self) -> None:
        if not self.is_fitted():
            raise NotFittedError(f"{type(self).__name__} is not fitted yet; call fit() first")

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: a clear message for results read too early.
        if name.endswith("_") and not name.startswith("_") and not name.endswith("__"):
            raise NotFittedError(f"{type(self).__name__}.{name} is not available; call fit() first")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return a is b


def to_jsonable(value: Any) -> Any:
    """Convert results (dataclasses, numpy, pandas, dates, NaN) to plain JSON values.

    NaN and infinities become ``None`` so that ``results.json`` is strict JSON.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict"):
            return value.to_dict()
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return str(value)
    # pandas objects without importing pandas at module import time
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # DataFrame
        return [to_jsonable(r) for r in value.to_dict(orient="records")]
    if hasattr(value, "to_dicts"):  # polars DataFrame
        return [to_jsonable(r) for r in value.to_dicts()]
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    if value is None or isinstance(value, str):
        return value
    if hasattr(value, "item"):
        return to_jsonable(value.item())
    return str(value)


#: significant digits of a number in results.json (far beyond any statistic's precision)
SIGNIFICANT_DIGITS = 10


def rounded(value: Any) -> Any:
    """A JSON value with every number kept to :data:`SIGNIFICANT_DIGITS` significant digits.

    The columnar engine sums in an order that depends on how rows arrive and on its threads,
    which moves the last bits of a double; the same data must give the same results.json.
    """
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


@dataclasses.dataclass(frozen=True)
class Result:
    """Base of typed result objects: immutable, serialisable with ``to_dict``."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}
