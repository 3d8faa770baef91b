"""The default ECSI model and the respondents × items matrix built from a workspace.

ECSI (European Customer Satisfaction Index; Tenenhaus et al. 2005, the ``mobile``
example of R plspm): seven latent variables in causal order

    image → expectation → quality → value → satisfaction → complaints → loyalty

with the standard twelve arrows (image → expectation, satisfaction, loyalty;
expectation → quality, value, satisfaction; quality → value, satisfaction;
value → satisfaction; satisfaction → complaints, loyalty; complaints → loyalty).

A workspace describes its indicator items in ``items`` (``kind = "indicator"``,
``block`` = the construct) and the answers in ``answers`` (long format). Block
names are matched to the ECSI constructs case-insensitively with common
abbreviations (IMAG, EXPE, QUAL, VAL, SAT, COM, LOY, and the seminr/semPLS names
CUEX, PERQ, PERV, CUSA, CUSCO, CUSL). Constructs without items are left out
together with their arrows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._errors import InputError, InsufficientDataError, TotalQualityWarning
from ._common import warn_and_record
from ._pls import handle_missing

ECSI_LVS: tuple[str, ...] = (
    "image",
    "expectation",
    "quality",
    "value",
    "satisfaction",
    "complaints",
    "loyalty",
)

ECSI_PATHS: tuple[tuple[str, str], ...] = (
    ("image", "expectation"),
    ("image", "satisfaction"),
    ("image", "loyalty"),
    ("expectation", "quality"),
    ("expectation", "value"),
    ("expectation", "satisfaction"),
    ("quality", "value"),
    ("quality", "satisfaction"),
    ("value", "satisfaction"),
    ("satisfaction", "complaints"),
    ("satisfaction", "loyalty"),
    ("complaints", "loyalty"),
)

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "image": ("image", "imag", "ima", "img", "corporate_image", "brand_image"),
    "expectation": ("expectation", "expectations", "expe", "exp", "cuex", "customer_expectations"),
    "quality": ("quality", "qual", "qua", "perq", "perceived_quality"),
    "value": ("value", "val", "perv", "perceived_value", "value_for_money"),
    "satisfaction": ("satisfaction", "sat", "cusa", "csi", "customer_satisfaction"),
    "complaints": ("complaints", "complaint", "com", "comp", "cusco", "complaint_handling"),
    "loyalty": ("loyalty", "loy", "cusl", "customer_loyalty"),
}
_LOOKUP = {alias: lv for lv, aliases in _SYNONYMS.items() for alias in aliases}


def ecsi_construct(block: str) -> str | None:
    """The ECSI construct a workspace block name stands for, or None."""
    key = re.sub(r"[\s\-]+", "_", str(block).strip().lower())
    return _LOOKUP.get(key)


@dataclass(frozen=True)
class PLSModelSpec:
    """Blocks, arrows and modes of a PLS path model (the arguments of PLSPathModel)."""

    blocks: dict[str, tuple[str, ...]]
    paths: tuple[tuple[str, str], ...]
    modes: dict[str, str] = field(default_factory=dict)
    #: what was left out and why
    notes: tuple[str, ...] = ()


def ecsi_model(blocks: Mapping[str, Sequence[str]]) -> PLSModelSpec:
    """The ECSI model restricted to the constructs that have items.

    ``blocks`` maps ECSI construct names (see :data:`ECSI_LVS`) to item columns.
    Arrows touching an absent construct are dropped; a construct left without any
    arrow is dropped too. Satisfaction is required (it is the index).
    """
    unknown = [b for b in blocks if b not in ECSI_LVS]
    if unknown:
        raise InputError(
            f"not ECSI constructs: {', '.join(unknown)} (expected {', '.join(ECSI_LVS)})"
        )
    present = {lv for lv in ECSI_LVS if blocks.get(lv)}
    if "satisfaction" not in present:
        raise InsufficientDataError(
            "the satisfaction index needs indicator items of the satisfaction block"
        )
    paths = tuple((a, b) for a, b in ECSI_PATHS if a in present and b in present)
    connected = {lv for arrow in paths for lv in arrow}
    notes = []
    absent = [lv for lv in ECSI_LVS if lv not in present]
    if absent:
        notes.append(f"ECSI constructs without items, left out: {', '.join(absent)}")
    isolated = [lv for lv in ECSI_LVS if lv in present and lv not in connected]
    if isolated:
        notes.append(f"constructs with no arrow left, not modelled: {', '.join(isolated)}")
    if not paths:
        raise InsufficientDataError(
            "the satisfaction index needs satisfaction and at least one of its drivers "
            "(image, expectation, quality, value) or outcomes (complaints, loyalty)"
        )
    model_blocks = {lv: tuple(blocks[lv]) for lv in ECSI_LVS if lv in connected}
    return PLSModelSpec(
        blocks=model_blocks,
        paths=paths,
        modes=dict.fromkeys(model_blocks, "A"),
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class IndicatorData:
    """Respondents × items answers ready for PLSPathModel, with the items' scales."""

    data: pd.DataFrame
    #: ECSI construct → item ids
    blocks: dict[str, tuple[str, ...]]
    scale_min: dict[str, float]
    scale_max: dict[str, float]
    n_dropped: int
    notes: tuple[str, ...]


def indicator_data(
    items: pd.DataFrame, answers: pd.DataFrame, missing: str = "drop"
) -> IndicatorData:
    """Pivot the workspace ``answers`` of indicator ``items`` to respondents × items.

    Only items with ``kind == "indicator"`` and a block matching an ECSI construct are
    used (others are named in ``notes``). Respondents who answered no indicator item
    are not part of the matrix; those who skipped some are dropped (``missing="drop"``,
    with a warning) or get the item mean (``missing="mean"``).
    """
    for col in ("item_id", "kind", "block"):
        if col not in items.columns:
            raise InputError(f"items.csv has no column {col!r}")
    for col in ("response_id", "item_id", "value"):
        if col not in answers.columns:
            raise InputError(f"answers.csv has no column {col!r}")
    ind = items.loc[items["kind"].astype(str).str.strip().str.lower() == "indicator"].copy()
    if ind.empty:
        raise InsufficientDataError(
            "the workspace has no indicator items (items.kind = 'indicator' with a block)"
        )
    ind["item_id"] = ind["item_id"].astype(str)
    notes: list[str] = []
    no_block = ind["block"].isna() | (ind["block"].astype(str).str.strip() == "")
    if no_block.any():
        notes.append(
            f"indicator items without a block, not used: {', '.join(ind.loc[no_block, 'item_id'])}"
        )
    ind = ind.loc[~no_block]
    ind["construct"] = ind["block"].map(ecsi_construct)
    unmatched = ind.loc[ind["construct"].isna(), "block"].astype(str).unique()
    if len(unmatched):
        notes.append(f"blocks that are not ECSI constructs, not used: {', '.join(unmatched)}")
    ind = ind.loc[ind["construct"].notna()]
    if ind.empty:
        raise InsufficientDataError("no indicator item belongs to an ECSI construct")
    item_ids = ind["item_id"].tolist()

    ans = answers.loc[
        answers["item_id"].astype(str).isin(item_ids), ["response_id", "item_id", "value"]
    ]
    ans = ans.assign(
        response_id=ans["response_id"].astype(str),
        item_id=ans["item_id"].astype(str),
        value=pd.to_numeric(ans["value"], errors="coerce"),
    )
    if ans.empty:
        raise InsufficientDataError("no answers to indicator items in answers.csv")
    wide = ans.pivot_table(index="response_id", columns="item_id", values="value", aggfunc="mean")
    # items nobody answered cannot be estimated
    unanswered = [i for i in item_ids if i not in wide.columns or wide[i].isna().all()]
    if unanswered:
        notes.append(f"indicator items nobody answered, not used: {', '.join(unanswered)}")
    used = [i for i in item_ids if i not in unanswered]
    wide = wide.reindex(columns=used)
    wide.columns.name = None
    complete, n_dropped, msgs = handle_missing(wide, missing)
    for msg in msgs:
        warn_and_record(notes, msg, TotalQualityWarning)

    ind = ind.set_index("item_id").loc[used]
    blocks = {lv: tuple(ind.index[ind["construct"] == lv]) for lv in ind["construct"].unique()}
    scale_min: dict[str, float] = {}
    scale_max: dict[str, float] = {}
    observed_lo, observed_hi = complete.min(), complete.max()
    guessed = []
    for item in used:
        lo = ind.at[item, "scale_min"] if "scale_min" in ind.columns else np.nan
        hi = ind.at[item, "scale_max"] if "scale_max" in ind.columns else np.nan
        if pd.isna(lo) or pd.isna(hi):
            guessed.append(item)
            lo = observed_lo[item] if pd.isna(lo) else lo
            hi = observed_hi[item] if pd.isna(hi) else hi
        scale_min[item], scale_max[item] = float(lo), float(hi)
    if guessed:
        notes.append(
            "items without scale_min/scale_max, observed range used for the 0–100 index: "
            + ", ".join(guessed)
        )
    return IndicatorData(
        data=complete,
        blocks=blocks,
        scale_min=scale_min,
        scale_max=scale_max,
        n_dropped=n_dropped,
        notes=tuple(notes),
    )


__all__ = [
    "ECSI_LVS",
    "ECSI_PATHS",
    "IndicatorData",
    "PLSModelSpec",
    "ecsi_construct",
    "ecsi_model",
    "indicator_data",
]
