"""totalquality — customer voice and production quality in one loop.

listen → measure → understand → build quality in → connect → improve.

The public surface is what ``__all__`` lists (pinned by tests/test_public_api.py).
Implementation lives in private ``_modules``; each loop step is a subpackage with
its own ``__all__``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from ._base import Analysis, Result, to_jsonable
from ._errors import (
    ActionError,
    ConvergenceWarning,
    InputError,
    InsufficientDataError,
    MissingTableError,
    NonNormalWarning,
    NotFittedError,
    NotFoundError,
    Problem,
    ReliabilityWarning,
    SmallSampleWarning,
    StoreError,
    TotalQualityError,
    TotalQualityWarning,
    UnstableProcessWarning,
)
from ._findings import Finding
from ._schema import TABLES, json_schema
from ._tables import InMemoryTables, TableSource

__all__ = [
    "TABLES",
    "ActionError",
    "Analysis",
    "ConvergenceWarning",
    "Finding",
    "InMemoryTables",
    "InputError",
    "InsufficientDataError",
    "MissingTableError",
    "NotFoundError",
    "NonNormalWarning",
    "NotFittedError",
    "Problem",
    "ReliabilityWarning",
    "Result",
    "SmallSampleWarning",
    "StoreError",
    "TableSource",
    "TotalQualityError",
    "TotalQualityWarning",
    "UnstableProcessWarning",
    "__version__",
    "json_schema",
    "to_jsonable",
]
