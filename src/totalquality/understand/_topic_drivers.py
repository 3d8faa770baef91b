"""Which topics customers write about drive their scores.

Each scored comment mentions some topics; a topic's mention (0/1) is a driver of the
score the respondent gave (NPS or CSAT). Johnson's relative weights and LMG/Shapley
(:class:`totalquality.measure.KeyDriverAnalysis`) split the R² of the score among the
topics, with bootstrap intervals, exactly as for the requirements; the correlation's sign
and the mean score with and without a mention say whether the topic lowers or raises it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InsufficientDataError
from ..measure import KeyDriverAnalysis
from ..measure._drivers import DriverResult

#: LMG averages over every subset of drivers (2^k): ten topics keep a bootstrap cheap
MAX_TOPICS = 10


def topic_drivers(
    doc_topics: Sequence[Sequence[str]],
    scores: Sequence[float] | np.ndarray | pd.Series,
    *,
    target: str = "nps",
    topics: Sequence[str] | None = None,
    min_mentions: int = 10,
    max_topics: int = MAX_TOPICS,
    n_boot: int = 200,
    level: float = 0.95,
    random_state: int | None = 0,
) -> DriverResult:
    """Relative importance of topic mentions for a score, one row per topic.

    ``doc_topics`` are the topics of each text and ``scores`` its respondent's score
    (NaN where none). Topics mentioned by fewer than ``min_mentions`` scored texts, or by
    all but fewer than that, are left out; of the rest the ``max_topics`` most mentioned
    (or those in ``topics``) are the drivers. The table adds ``mentions``, ``mean_with``,
    ``mean_without`` and ``effect`` ("lowers" or "raises" the score) to the weights.
    """
    y = pd.to_numeric(pd.Series(np.asarray(scores, dtype=float)), errors="coerce")
    scored = np.flatnonzero(y.notna().to_numpy())
    if len(scored) < 2 * min_mentions:
        raise InsufficientDataError(
            f"topic drivers of {target}: only {len(scored)} scored texts; need at least "
            f"{2 * min_mentions}"
        )
    sets = [set(doc_topics[int(i)]) for i in scored]
    counts = pd.Series([t for s in sets for t in s], dtype=object).value_counts()
    eligible = counts[(counts >= min_mentions) & (counts <= len(scored) - min_mentions)]
    if topics is not None:
        eligible = eligible[eligible.index.isin(list(topics))]
    chosen = [str(t) for t in eligible.index[:max_topics]]
    if not chosen:
        raise InsufficientDataError(
            f"topic drivers of {target}: no topic is mentioned by at least {min_mentions} "
            "scored texts"
        )
    X = pd.DataFrame({t: [t in s for s in sets] for t in chosen}, dtype=float)
    yv = y.iloc[scored].reset_index(drop=True).rename(target)
    # ranked by LMG, the share the report's bars and the CLI's table show
    res = KeyDriverAnalysis(
        methods=("lmg", "johnson"), n_boot=n_boot, level=level, random_state=random_state
    ).fit(X, yv)
    table = res.result_.table.copy()
    mention = X.to_numpy(bool)
    n_with = mention.sum(axis=0)
    values = yv.to_numpy(float)[:, None]
    table["mentions"] = n_with
    table["mean_with"] = np.where(mention, values, 0).sum(axis=0) / n_with
    table["mean_without"] = np.where(mention, 0, values).sum(axis=0) / (len(values) - n_with)
    table["effect"] = np.where(table["correlation"] < 0, "lowers", "raises")
    return dataclasses.replace(res.result_, table=table)


def topic_driver_records(result: DriverResult, names: dict[str, str]) -> dict[str, Any]:
    """The results.json form of a :func:`topic_drivers` result: ranked, with topic names."""
    table = result.table.sort_values("rank")
    table.insert(1, "name", [names.get(str(t), str(t)) for t in table["driver"]])
    return {
        "target": result.target,
        "r2": result.r2,
        "n": result.n,
        "drivers": table.to_dict(orient="records"),
    }
