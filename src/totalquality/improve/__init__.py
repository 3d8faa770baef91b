"""Improve: one ranked list of recommendations, and PDCA/CAPA actions verified by data."""

from ._actions import (
    EDITABLE,
    STATUSES,
    TRANSITIONS,
    Action,
    EffectCheck,
    advance,
    check_effect,
    close,
    new_action,
    record_check,
    update,
)
from ._recommend import KIND_WEIGHTS, Recommendation, rank_findings

__all__ = [
    "EDITABLE",
    "KIND_WEIGHTS",
    "STATUSES",
    "TRANSITIONS",
    "Action",
    "EffectCheck",
    "Recommendation",
    "advance",
    "check_effect",
    "close",
    "new_action",
    "rank_findings",
    "record_check",
    "update",
]
