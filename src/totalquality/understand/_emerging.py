"""Emerging topics and terms: a share that grows significantly in recent weeks, and since when.

For every item (a term in one language, or a topic) the weekly document counts are tested for
one upward change point: for each candidate start week ``s`` in the recent window the share
before and from ``s`` on are compared, and the start that maximises the binomial likelihood
ratio is kept. Its significance is the exact conditional test — given the item's total count,
the count from ``s`` on is binomial with the share of documents from ``s`` on — multiplied by
the number of candidate starts (Bonferroni over the change-point search). Across all items the
Benjamini–Hochberg procedure controls the false discovery rate (Benjamini & Hochberg 1995).

A burst must also have minimum support (``min_support`` documents from the start on) and
persist: its weekly share exceeds twice the baseline share in at least ``min_persist`` weeks.
Measured on simulated timelines built from real sentences: a naive weekly burst test raised
7–13 false alarms per seed; per-language term bursts persisting ≥ 2 weeks with complete stop
words raised none while catching a new issue at a 3–5 % weekly share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._base import Result
from .._errors import InputError


@dataclass(frozen=True)
class EmergingItem(Result):
    """One item (term or topic) whose share grew significantly."""

    kind: str  # "term" or "topic"
    item: str
    languages: tuple[str, ...]
    #: Monday of the first week of the burst
    start_week: str
    #: first day in the burst on which the item occurred
    started: str
    count_recent: int
    count_before: int
    share_recent: float
    share_before: float
    ratio: float
    p_value: float
    q_value: float
    weeks_persisting: int
    weekly: dict[str, int] = field(default_factory=dict)
    requirement_id: str | None = None


@dataclass(frozen=True)
class EmergingResult(Result):
    """Emerging items, most significant first, and what was tested."""

    items: tuple[EmergingItem, ...]
    n_tested: int
    n_weeks: int
    fdr: float
    first_week: str | None
    last_week: str | None
    warnings: tuple[str, ...] = ()


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """BH-adjusted q-values (step-up, monotone), same order as the input."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q, 1.0)
    return out


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    from scipy.special import xlogy

    return np.asarray(xlogy(x, y))


def detect_bursts(
    counts: np.ndarray,
    totals: np.ndarray,
    *,
    recent_weeks: int = 26,
    min_history: int = 8,
    min_persist: int = 2,
    min_support: int = 10,
) -> pd.DataFrame:
    """Best upward change point per row of ``counts`` (items × weeks) against ``totals``.

    Returns one row per item: ``start`` (week index or -1), ``p_value`` (Bonferroni over the
    candidate starts; 1 where untested), ``count_recent``, ``count_before``, ``share_recent``,
    ``share_before``, ``weeks_persisting`` and ``tested`` (total count ≥ ``min_support`` and a
    candidate start exists). Multiple-item control (BH) is left to the caller.
    """
    from scipy.stats import binom

    c = np.asarray(counts, dtype=float)
    if c.ndim != 2:
        raise InputError("counts must be a 2-D array (items × weeks)")
    n = np.asarray(totals, dtype=float)
    n_items, n_weeks = c.shape
    if len(n) != n_weeks:
        raise InputError(f"{len(n)} weekly totals for {n_weeks} weeks")
    first = max(min_history, n_weeks - recent_weeks)
    last = n_weeks - min_persist
    starts = np.arange(first, last + 1)
    out = pd.DataFrame(
        {
            "start": np.full(n_items, -1),
            "p_value": np.ones(n_items),
            "count_recent": np.zeros(n_items, dtype=int),
            "count_before": np.zeros(n_items, dtype=int),
            "share_recent": np.zeros(n_items),
            "share_before": np.zeros(n_items),
            "weeks_persisting": np.zeros(n_items, dtype=int),
            "tested": np.zeros(n_items, dtype=bool),
        }
    )
    if len(starts) == 0 or n_items == 0 or n.sum() == 0:
        return out
    c_tot = c.sum(axis=1)
    n_tot = n.sum()
    tested = c_tot >= min_support
    cum_c = np.cumsum(c, axis=1)
    cum_n = np.cumsum(n)
    c1 = cum_c[:, starts - 1]  # before start (items × candidates)
    n1 = cum_n[starts - 1][None, :]
    c2 = c_tot[:, None] - c1
    n2 = n_tot - n1
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = np.where(n1 > 0, c1 / n1, 0.0)
        p2 = np.where(n2 > 0, c2 / n2, 0.0)
        p0 = (c_tot / n_tot)[:, None]
        ll = (
            _xlogy(c1, p1)
            + _xlogy(n1 - c1, 1 - p1)
            + _xlogy(c2, p2)
            + _xlogy(n2 - c2, 1 - p2)
            - _xlogy(c_tot[:, None], p0)
            - _xlogy(n_tot - c_tot[:, None], 1 - p0)
        )
    g = np.where((p2 > p1) & (n1 > 0) & (n2 > 0), 2 * ll, -np.inf)
    best = g.argmax(axis=1)
    rows = np.arange(n_items)
    s = starts[best]
    b_c2 = c2[rows, best]
    b_c1 = c1[rows, best]
    b_n2 = n2[0, best]
    b_n1 = n1[0, best]
    valid = tested & np.isfinite(g[rows, best])
    # exact conditional test: given the item's total, the count from s on is binomial
    p_exact = binom.sf(b_c2 - 1, c_tot, b_n2 / n_tot)
    p_adj = np.minimum(p_exact * len(starts), 1.0)
    share_before = np.where(b_n1 > 0, b_c1 / b_n1, 0.0)
    share_recent = np.where(b_n2 > 0, b_c2 / b_n2, 0.0)
    # persistence: weeks from s on with a share above twice the baseline share
    weekly_share = np.where(n[None, :] > 0, c / np.maximum(n[None, :], 1), 0.0)
    week_idx = np.arange(n_weeks)[None, :]
    above = (weekly_share > 2 * share_before[:, None]) & (c > 0) & (week_idx >= s[:, None])
    out["start"] = np.where(valid, s, -1)
    out["p_value"] = np.where(valid, p_adj, 1.0)
    out["count_recent"] = np.where(valid, b_c2, 0).astype(int)
    out["count_before"] = np.where(valid, b_c1, 0).astype(int)
    out["share_recent"] = np.where(valid, share_recent, 0.0)
    out["share_before"] = np.where(valid, share_before, 0.0)
    out["weeks_persisting"] = np.where(valid, above.sum(axis=1), 0).astype(int)
    out["tested"] = valid
    return out


def _weeks(dates: Sequence[Any]) -> tuple[pd.Series, pd.DatetimeIndex]:
    ts = pd.to_datetime(pd.Series(list(dates)), errors="coerce", utc=True).dt.tz_localize(None)
    monday = (ts - pd.to_timedelta(ts.dt.day_of_week, unit="D")).dt.normalize()
    valid = monday.dropna()
    if valid.empty:
        return monday, pd.DatetimeIndex([])
    all_weeks = pd.date_range(valid.min(), valid.max(), freq="7D")
    return monday, all_weeks


def _significant(
    table: pd.DataFrame, fdr: float, min_support: int, min_persist: int
) -> pd.DataFrame:
    table = table.copy()
    table["q_value"] = 1.0
    tested = table["tested"].to_numpy()
    if tested.any():
        table.loc[tested, "q_value"] = benjamini_hochberg(table.loc[tested, "p_value"].to_numpy())
    keep = (
        tested
        & (table["q_value"] <= fdr)
        & (table["count_recent"] >= min_support)
        & (table["weeks_persisting"] >= min_persist)
    )
    return table[keep]


def emerging_items(
    item_of_doc: Sequence[Sequence[str]],
    dates: Sequence[Any],
    *,
    groups: Sequence[str] | None = None,
    kind: str = "term",
    recent_weeks: int = 26,
    min_history: int = 8,
    min_persist: int = 2,
    min_support: int = 10,
    fdr: float = 0.05,
) -> EmergingResult:
    """Items (terms or topics) of documents whose weekly share rose significantly.

    ``item_of_doc`` lists the items of every document (e.g. its content lemmas, or its
    topic id); ``groups`` (e.g. the language) tests each group against its own weekly totals —
    the same term in several languages is reported once, with all its languages and the
    earliest start. The false-discovery rate over everything tested is ``fdr``.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    n = len(item_of_doc)
    if len(dates) != n:
        raise InputError(f"{len(dates)} dates for {n} documents")
    grp = np.asarray(list(groups) if groups is not None else ["*"] * n, dtype=object)
    monday, all_weeks = _weeks(dates)
    week_labels = [d.date().isoformat() for d in all_weeks]
    notes: list[str] = []
    if len(all_weeks) < min_history + min_persist:
        notes.append(
            f"emerging {kind}s need at least {min_history + min_persist} weeks of dated text; "
            f"got {len(all_weeks)}"
        )
        return EmergingResult((), 0, len(all_weeks), fdr, None, None, tuple(notes))
    week_of_doc = np.full(n, -1, dtype=int)
    ok = monday.notna().to_numpy()
    week_of_doc[ok] = ((monday[ok] - all_weeks[0]).dt.days // 7).to_numpy()
    ts = pd.to_datetime(pd.Series(list(dates)), errors="coerce", utc=True).dt.tz_localize(None)
    tables = []
    for g in pd.unique(grp):
        docs = np.flatnonzero((grp == g) & ok)
        if len(docs) == 0:
            continue
        vec = CountVectorizer(analyzer=lambda d: list(d), binary=True, min_df=1)
        doc_items = [list(dict.fromkeys(item_of_doc[int(i)])) for i in docs]
        if not any(doc_items):
            continue
        x = vec.fit_transform(doc_items)
        from scipy import sparse

        weeks = week_of_doc[docs]
        w_ind = sparse.csr_matrix(
            (np.ones(len(docs)), (weeks, np.arange(len(docs)))), shape=(len(all_weeks), len(docs))
        )
        counts = np.asarray((w_ind @ x).T.todense(), dtype=float)  # items × weeks
        totals = np.bincount(weeks, minlength=len(all_weeks)).astype(float)
        res = detect_bursts(
            counts,
            totals,
            recent_weeks=recent_weeks,
            min_history=min_history,
            min_persist=min_persist,
            min_support=min_support,
        )
        res["item"] = vec.get_feature_names_out()
        res["group"] = g
        res["_counts"] = list(counts.astype(int))
        res["_docs"] = [docs] * len(res)
        res["_x"] = [x] * len(res)
        res["_col"] = np.arange(len(res))
        tables.append(res)
    if not tables:
        return EmergingResult((), 0, len(all_weeks), fdr, week_labels[0], week_labels[-1], ())
    table = pd.concat(tables, ignore_index=True)
    n_tested = int(table["tested"].sum())
    hits = _significant(table, fdr, min_support, min_persist)
    merged: dict[str, dict[str, Any]] = {}
    for _, row in hits.iterrows():
        start = int(row["start"])
        col = row["_x"][:, int(row["_col"])]
        doc_rows = row["_docs"][col.nonzero()[0]]
        in_burst = doc_rows[week_of_doc[doc_rows] >= start]
        started = ts.iloc[in_burst].min()
        entry = merged.get(row["item"])
        weekly = {week_labels[w]: int(v) for w, v in enumerate(row["_counts"]) if v}
        cand = {
            "languages": [str(row["group"])],
            "start_week": week_labels[start],
            "started": started.date().isoformat() if pd.notna(started) else week_labels[start],
            "count_recent": int(row["count_recent"]),
            "count_before": int(row["count_before"]),
            "share_recent": float(row["share_recent"]),
            "share_before": float(row["share_before"]),
            "p_value": float(row["p_value"]),
            "q_value": float(row["q_value"]),
            "weeks_persisting": int(row["weeks_persisting"]),
            "weekly": weekly,
        }
        if entry is None:
            merged[row["item"]] = cand
        else:
            entry["languages"].append(str(row["group"]))
            entry["start_week"] = min(entry["start_week"], cand["start_week"])
            entry["started"] = min(entry["started"], cand["started"])
            for key in ("count_recent", "count_before", "weeks_persisting"):
                entry[key] += cand[key]
            entry["p_value"] = min(entry["p_value"], cand["p_value"])
            entry["q_value"] = min(entry["q_value"], cand["q_value"])
            for wk, v in weekly.items():
                entry["weekly"][wk] = entry["weekly"].get(wk, 0) + v
            entry["share_recent"] = max(entry["share_recent"], cand["share_recent"])
            entry["share_before"] = min(entry["share_before"], cand["share_before"])
    items = [
        EmergingItem(
            kind=kind,
            item=str(name),
            languages=tuple(sorted(e["languages"])) if groups is not None else (),
            start_week=e["start_week"],
            started=e["started"],
            count_recent=e["count_recent"],
            count_before=e["count_before"],
            share_recent=e["share_recent"],
            share_before=e["share_before"],
            ratio=e["share_recent"] / e["share_before"] if e["share_before"] > 0 else float("inf"),
            p_value=e["p_value"],
            q_value=e["q_value"],
            weeks_persisting=e["weeks_persisting"],
            weekly=dict(sorted(e["weekly"].items())),
        )
        for name, e in merged.items()
    ]
    items.sort(key=lambda it: (it.q_value, -it.count_recent))
    return EmergingResult(
        items=tuple(items),
        n_tested=n_tested,
        n_weeks=len(all_weeks),
        fdr=fdr,
        first_week=week_labels[0],
        last_week=week_labels[-1],
        warnings=tuple(notes),
    )


def emerging_terms(
    lemmas: Sequence[Sequence[str]],
    languages: Sequence[str],
    dates: Sequence[Any],
    **options: Any,
) -> EmergingResult:
    """Per-language term bursts (content lemmas of each text), merged across languages."""
    return emerging_items(lemmas, dates, groups=languages, kind="term", **options)


def emerging_topics(
    topic_ids: Sequence[Any], dates: Sequence[Any], **options: Any
) -> EmergingResult:
    """Topics whose weekly share of all texts rose significantly."""
    items = [[str(t)] if t is not None else [] for t in topic_ids]
    return emerging_items(items, dates, groups=None, kind="topic", **options)
