"""Kano analysis: which requirements are must-be, one-dimensional, attractive, indifferent.

Each respondent answers a functional question ("how do you feel if the product
has X?") and a dysfunctional one ("… if it does not have X?") on the five Kano
answers, coded 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike. The pair
maps to a category through the evaluation table of Berger et al. (1993):

========== ==== ======= ======= ========= =======
func\\dys   like must-be neutral live-with dislike
========== ==== ======= ======= ========= =======
like       Q    A       A       A         O
must-be    R    I       I       I         M
neutral    R    I       I       I         M
live-with  R    I       I       I         M
dislike    R    R       R       R         Q
========== ==== ======= ======= ========= =======

Per requirement: counts and shares, the most frequent category and the
M > O > A > I rule (Matzler et al. 1996: when the leading categories are within
``rule_threshold`` of each other take the first of M, O, A, I), total strength
(A + O + M)/total, category strength (difference of the two largest shares), a χ²
goodness-of-fit over M, O, A, I, Fong's test of clear dominance, Timko's better
and worse coefficients and DuMouchel's continuous scores (Berger et al. 1993).
The definitions and a worked example follow stp4/stp25kano.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError
from .._stats import bh_adjust
from ._common import as_pandas, require_columns, timestamps, warn_and_record

KANO_CATEGORIES: tuple[str, ...] = ("M", "O", "A", "I", "R", "Q")
KANO_CATEGORY_NAMES = {
    "M": "must-be",
    "O": "one-dimensional",
    "A": "attractive",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
KANO_ANSWER_CODES = {"like": 1, "must-be": 2, "neutral": 3, "live-with": 4, "dislike": 5}

#: rows: functional answer 1..5, columns: dysfunctional answer 1..5 (Berger et al. 1993)
EVALUATION_TABLE = np.array(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ]
)
#: DuMouchel's answer scores (Berger et al. 1993), by answer code 1..5
DUMOUCHEL_FUNCTIONAL = np.array([4.0, 2.0, 0.0, -1.0, -2.0])
DUMOUCHEL_DYSFUNCTIONAL = np.array([-2.0, -1.0, 0.0, 2.0, 4.0])

FONG_Z = 1.65  # one-sided 95 % (Fong 1996)


def _codes(values: Any, name: str) -> np.ndarray:
    """Kano answers as integer codes 1..5 (accepts the codes or the answer words)."""
    s = pd.Series(np.asarray(values, dtype=object).ravel())
    words = s.astype("string").str.strip().str.lower().str.replace(" ", "-", regex=False)
    mapped = words.map(KANO_ANSWER_CODES)
    numeric = pd.to_numeric(s, errors="coerce")
    codes = numeric.where(numeric.notna(), mapped).astype(float).to_numpy()
    bad = ~np.isnan(codes) & ~np.isin(codes, [1, 2, 3, 4, 5])
    unknown = np.isnan(codes) & s.notna().to_numpy() & (words.fillna("") != "").to_numpy()
    if bad.any() or unknown.any():
        shown = s[bad | unknown].astype(str).unique()[:5].tolist()
        raise InputError(
            f"{name}: Kano answers must be 1..5 (1 like, 2 must-be, 3 neutral, 4 live-with, "
            f"5 dislike); got {shown}"
        )
    return codes


def kano_category(functional: Any, dysfunctional: Any) -> np.ndarray:
    """Kano category (M, O, A, I, R, Q) of each functional/dysfunctional answer pair.

    Pairs with a missing answer give ``None``.
    """
    f = _codes(functional, "functional")
    d = _codes(dysfunctional, "dysfunctional")
    if f.shape != d.shape:
        raise InputError("functional and dysfunctional answers must have the same length")
    ok = ~np.isnan(f) & ~np.isnan(d)
    out = np.full(f.shape, None, dtype=object)
    out[ok] = EVALUATION_TABLE[f[ok].astype(int) - 1, d[ok].astype(int) - 1]
    return out


def kano_statistics(counts: pd.DataFrame, rule_threshold: float = 0.05) -> pd.DataFrame:
    """Kano statistics from a frame of category counts (columns M, O, A, I, R, Q).

    Vectorised over rows; returns the counts plus total, shares, ``category``
    (most frequent; ties go to the first of M, O, A, I, R, Q), ``category_rule``
    (M > O > A > I rule), ``better``, ``worse``, ``total_strength``,
    ``category_strength``, ``chi2``/``chi2_p`` (M, O, A, I equal expected, 3 df)
    and Fong's test (``fong_difference``, ``fong_threshold``, ``fong_significant``).
    """
    c = counts.reindex(columns=list(KANO_CATEGORIES), fill_value=0).astype(float)
    m = c.to_numpy()
    total = m.sum(axis=1)
    out = c.astype(int).copy()
    out["total"] = total.astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = m / total[:, None]
    for j, cat in enumerate(KANO_CATEGORIES):
        out[f"share_{cat}"] = share[:, j]
    # stable order keeps M, O, A, I, R, Q precedence among ties
    order = np.argsort(-m, axis=1, kind="stable")
    cats = np.array(KANO_CATEGORIES)
    top = order[:, 0]
    empty = np.asarray(total > 0)
    out["category"] = pd.Series(cats[top], index=out.index).where(empty, None)
    sorted_share = np.take_along_axis(share, order, axis=1)
    strength = sorted_share[:, 0] - sorted_share[:, 1]
    # M > O > A > I rule: among categories within the threshold of the leader,
    # the first of M, O, A, I; otherwise the leader
    near = (sorted_share[:, :1] - share) < rule_threshold - 1e-12
    near[:, 4:] = False  # R and Q never win by the rule
    first_near = np.where(near.any(axis=1), near.argmax(axis=1), top)
    rule = np.where(strength < rule_threshold - 1e-12, cats[first_near], cats[top])
    out["category_rule"] = pd.Series(rule, index=out.index).where(empty, None)
    a, o, mm, i = m[:, 2], m[:, 1], m[:, 0], m[:, 3]
    moai = a + o + mm + i
    with np.errstate(invalid="ignore", divide="ignore"):
        out["better"] = (a + o) / moai
        out["worse"] = -(o + mm) / moai
        out["total_strength"] = (a + o + mm) / total
    out["category_strength"] = strength
    expected = moai / 4
    with np.errstate(invalid="ignore", divide="ignore"):
        chi2 = ((m[:, :4] - expected[:, None]) ** 2 / expected[:, None]).sum(axis=1)
    out["chi2"] = np.where(moai > 0, chi2, np.nan)
    out["chi2_p"] = stats.chi2.sf(out["chi2"].to_numpy(float), 3)
    # Fong (1996): the two most frequent of M, O, A, I, R; n includes Q
    top5 = -np.sort(-m[:, :5], axis=1)
    m1, m2 = top5[:, 0], top5[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        thr = FONG_Z * np.sqrt((m1 + m2) * (2 * total - m1 - m2) / (2 * total))
    out["fong_difference"] = (m1 - m2).astype(int)
    out["fong_threshold"] = thr
    out["fong_significant"] = (m1 - m2) >= thr
    return out


@dataclass(frozen=True)
class KanoResult(Result):
    """Kano categories and statistics per requirement (and per group/period if asked)."""

    table: pd.DataFrame
    by_group: pd.DataFrame | None
    by_period: pd.DataFrame | None
    shifts: pd.DataFrame | None
    group_by: tuple[str, ...]
    period: str | None
    warnings: tuple[str, ...] = ()

    def category(self, requirement: str) -> str:
        row = self.table.loc[self.table["requirement"] == requirement]
        if row.empty:
            raise KeyError(requirement)
        return str(row["category_rule"].iloc[0])


class KanoAnalysis(Analysis):
    """Kano classification of requirements from functional/dysfunctional answer pairs.

    ``fit(data)`` takes one row per respondent and requirement with columns
    ``requirement``, ``functional`` and ``dysfunctional`` (codes 1..5 or the answer
    words), optionally ``importance`` (self-stated importance: DuMouchel scores then
    become importance-weighted means), grouping columns (``by``) and a time column
    (``time_column`` with ``period``) for the category per period and the shift test.

    The shift test asks, per requirement, whether the category mix changed: a χ²
    test of the period × category table, plus the best single split (the change
    point maximising the before/after χ², Bonferroni-adjusted over the candidate
    splits); both BH-adjusted across requirements.
    """

    def __init__(
        self,
        rule_threshold: float = 0.05,
        alpha: float = 0.05,
        min_n: int = 30,
    ) -> None:
        self.rule_threshold = rule_threshold
        self.alpha = alpha
        self.min_n = min_n

    def fit(
        self,
        data: pd.DataFrame,
        *,
        requirement: str = "requirement",
        functional: str = "functional",
        dysfunctional: str = "dysfunctional",
        importance: str | None = None,
        by: str | Sequence[str] | None = None,
        time_column: str | None = None,
        period: str | None = None,
    ) -> KanoAnalysis:
        data = as_pandas(data)
        need = [requirement, functional, dysfunctional]
        need += [importance] if importance else []
        keys = [by] if isinstance(by, str) else list(by or [])
        need += keys
        if period is not None:
            if time_column is None:
                raise InputError("a Kano trend by period needs time_column")
            need.append(time_column)
        require_columns(data, need, "Kano")
        df = pd.DataFrame(
            {
                "requirement": data[requirement].astype(str).to_numpy(),
                "f": _codes(data[functional], functional),
                "d": _codes(data[dysfunctional], dysfunctional),
            }
        )
        for k in keys:
            df[k] = data[k].to_numpy()
        if importance:
            df["w"] = pd.to_numeric(data[importance], errors="coerce").to_numpy(float)
        if period is not None and time_column is not None:
            df["t"] = data[time_column].to_numpy()
        df = df[df["f"].notna() & df["d"].notna()]
        if df.empty:
            raise InsufficientDataError("no complete functional/dysfunctional answer pairs")
        df["category"] = EVALUATION_TABLE[df["f"].astype(int) - 1, df["d"].astype(int) - 1]
        df["fs"] = DUMOUCHEL_FUNCTIONAL[df["f"].astype(int) - 1]
        df["ds"] = DUMOUCHEL_DYSFUNCTIONAL[df["d"].astype(int) - 1]

        warn: list[str] = []
        table = self._summarise(df, ["requirement"], importance is not None)
        small = table.loc[table["total"] < self.min_n, "requirement"].tolist()
        if small:
            warn_and_record(
                warn,
                f"Kano: fewer than {self.min_n} answer pairs for {', '.join(map(str, small))}; "
                "categories are uncertain",
            )
        by_group = (
            self._summarise(df, [*keys, "requirement"], importance is not None) if keys else None
        )
        by_period = shifts = None
        if period is not None:
            from ._scores import _PERIOD_EVERY

            if period not in _PERIOD_EVERY:
                raise InputError(f"unknown period {period!r}; use one of {tuple(_PERIOD_EVERY)}")
            t = timestamps(df["t"])
            freq = {"day": "D", "week": "W-MON", "month": "M", "quarter": "Q", "year": "Y"}[period]
            if period == "week":
                df["period"] = (
                    t.dt.normalize() - pd.to_timedelta(t.dt.weekday, unit="D")
                ).to_numpy()
            else:
                df["period"] = t.dt.to_period(freq).dt.start_time.to_numpy()
            by_period = self._summarise(df, ["requirement", "period"], importance is not None)
            shifts = self._shift_tests(df)
        self.table_ = table
        self.result_ = KanoResult(
            table=table,
            by_group=by_group,
            by_period=by_period,
            shifts=shifts,
            group_by=tuple(keys),
            period=period,
            warnings=tuple(warn),
        )
        return self

    def _summarise(self, df: pd.DataFrame, keys: list[str], weighted: bool) -> pd.DataFrame:
        counts = pd.crosstab([df[k] for k in keys], df["category"]).reindex(
            columns=list(KANO_CATEGORIES), fill_value=0
        )
        counts.columns.name = None
        out = kano_statistics(counts, self.rule_threshold)
        g = df.groupby(keys, sort=True)
        out["functional_score"] = g["fs"].mean()
        out["dysfunctional_score"] = g["ds"].mean()
        if weighted:
            w = df["w"].fillna(0.0)
            tmp = df.assign(wfs=df["fs"] * w, wds=df["ds"] * w, w=w)
            sums = tmp.groupby(keys, sort=True)[["wfs", "wds", "w"]].sum()
            with np.errstate(invalid="ignore", divide="ignore"):
                out["functional_score_weighted"] = sums["wfs"] / sums["w"]
                out["dysfunctional_score_weighted"] = sums["wds"] / sums["w"]
            out["importance"] = g["w"].mean()
        return out.reset_index()

    def _shift_tests(self, df: pd.DataFrame) -> pd.DataFrame:
        rows = []
        for req, sub in df.groupby("requirement", sort=True):
            tab = pd.crosstab(sub["period"], sub["category"]).reindex(
                columns=list(KANO_CATEGORIES), fill_value=0
            )
            tab = tab.loc[:, tab.sum(axis=0) > 0]
            row: dict[str, Any] = {"requirement": req, "periods": len(tab)}
            if tab.shape[0] < 2 or tab.shape[1] < 2:
                row.update(
                    chi2=np.nan,
                    dof=0,
                    p_value=np.nan,
                    split_at=None,
                    split_chi2=np.nan,
                    split_p=np.nan,
                    before=None,
                    after=None,
                )
                rows.append(row)
                continue
            res = stats.chi2_contingency(tab.to_numpy(), correction=False)
            row.update(chi2=float(res.statistic), dof=int(res.dof), p_value=float(res.pvalue))
            # best single split: before = periods < k, after = periods ≥ k
            cum = tab.cumsum(axis=0).to_numpy(float)
            total = cum[-1]
            best = (np.nan, np.nan, None, None, None)
            for k in range(1, len(tab)):
                before, after = cum[k - 1], total - cum[k - 1]
                two = np.vstack([before, after])
                two = two[:, two.sum(axis=0) > 0]
                if two.shape[1] < 2:
                    continue
                r2 = stats.chi2_contingency(two, correction=False)
                if np.isnan(best[0]) or r2.statistic > best[0]:
                    stat_before = kano_statistics(
                        pd.DataFrame([before], columns=tab.columns), self.rule_threshold
                    )
                    stat_after = kano_statistics(
                        pd.DataFrame([after], columns=tab.columns), self.rule_threshold
                    )
                    best = (
                        float(r2.statistic),
                        float(r2.pvalue),
                        tab.index[k],
                        stat_before["category_rule"].iloc[0],
                        stat_after["category_rule"].iloc[0],
                    )
            n_splits = len(tab) - 1
            row.update(
                split_at=best[2],
                split_chi2=best[0],
                split_p=min(1.0, best[1] * n_splits) if not np.isnan(best[1]) else np.nan,
                before=best[3],
                after=best[4],
            )
            rows.append(row)
        out = pd.DataFrame(rows)
        out["q_value"] = bh_adjust(out["p_value"].to_numpy(float))
        out["split_q"] = bh_adjust(out["split_p"].to_numpy(float))
        moved = (out["before"] != out["after"]) & out["before"].notna()
        out["moved"] = np.where(
            moved, out["before"].astype(str) + "→" + out["after"].astype(str), ""
        )
        out["significant"] = (out["split_q"] < self.alpha) & moved
        return out
