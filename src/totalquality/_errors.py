"""Every exception and warning totalquality raises, in one place.

Errors are for things a user must fix (bad input, not enough data, a store that
cannot be opened). Warnings are statistical caveats that travel with a result
(small sample, unstable process, non-normal data): the number is still returned,
but it must not be read as if the caveat were absent.

    TotalQualityError
    ├── InputError              bad user input; carries one Problem per mistake
    │   ├── MissingTableError   an analysis needs a workspace table that is absent
    │   └── NotFoundError       no such action (or other stored object) with that id
    ├── InsufficientDataError   too little data for the statistic asked for
    ├── NotFittedError          a result attribute read before fit()
    ├── StoreError              the store or a workspace cannot be opened or written
    └── ActionError             a PDCA/CAPA action transition that is not allowed

    TotalQualityWarning (UserWarning)
    ├── SmallSampleWarning
    ├── UnstableProcessWarning
    ├── NonNormalWarning
    └── ConvergenceWarning
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._i18n import Message


@dataclass(frozen=True)
class Problem:
    """One user mistake, located as precisely as the input allows.

    ``row`` is the 1-based data row in the file (the header is row 0), so it is
    the line a spreadsheet user sees minus one; ``None`` when the problem is about
    the whole file or column. ``message`` is English text or a translatable
    :class:`~totalquality._i18n.Message` (``str()`` gives the English).
    """

    file: str
    message: str | Message
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "message": str(self.message),
            "row": self.row,
            "column": self.column,
            "value": self.value,
        }

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            text += f" (got {shown!r})"
        return text


class TotalQualityError(Exception):
    """Base class of every error totalquality raises on purpose."""


class InputError(TotalQualityError, ValueError):
    """The input cannot be used as given. ``problems`` lists every mistake found."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems: list[Problem] = list(problems or [])
        super().__init__(message)

    def __str__(self) -> str:
        base = super().__str__()
        if not self.problems:
            return base
        lines = [base] + [f"  - {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  ... and {len(self.problems) - 50} more")
        return "\n".join(lines)


class MissingTableError(InputError):
    """An analysis needs workspace tables that were not provided."""

    def __init__(self, analysis: str, missing: list[str]) -> None:
        self.analysis = analysis
        self.missing = list(missing)
        super().__init__(
            f"{analysis} needs the table(s) {', '.join(missing)}, which the workspace does not have"
        )


class NotFoundError(InputError):
    """An id names nothing stored (an API answers 404, the CLI exits 3)."""


class InsufficientDataError(TotalQualityError, ValueError):
    """There is not enough data to compute what was asked for."""


class NotFittedError(TotalQualityError, AttributeError):
    """A result was read from an analysis before ``fit`` was called."""


class StoreError(TotalQualityError):
    """The store or workspace cannot be opened, migrated or written."""


class ActionError(TotalQualityError):
    """A PDCA/CAPA action cannot make the requested transition."""


class TotalQualityWarning(UserWarning):
    """Base class of statistical caveats attached to results."""


class SmallSampleWarning(TotalQualityWarning):
    """The sample is too small for the interval or test to be reliable."""


class UnstableProcessWarning(TotalQualityWarning):
    """The process is not in statistical control; capability is not meaningful."""


class NonNormalWarning(TotalQualityWarning):
    """The data are clearly non-normal; normal-theory numbers are misleading."""


class ConvergenceWarning(TotalQualityWarning):
    """An iterative estimate did not converge within its limit."""


class ReliabilityWarning(TotalQualityWarning):
    """A reflective block is not reliable or not convergent (α < 0.7 or AVE < 0.5)."""
