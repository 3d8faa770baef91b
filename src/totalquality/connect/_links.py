"""Trace customer voice back to where it was caused.

Unit of analysis: a delivered order. For each outcome (complaints of one topic,
all complaints, a detractor score) and each factor the order was exposed to —
its product, its finished lot, the lot's production month, the supplier lots
and suppliers of the lot's parts, the stages where the lot collected many
defects, and the characteristics that were out of control when the lot was
made — the analysis asks whether the outcome is over-represented among exposed
orders. Lots, suppliers, supplier lots, stages and products are compared with the
orders whose lots were made in the same week (exact stratified tests: a lot must not be
blamed for what only its period explains — the deliveries, complaints and time left for
complaints to arrive that every order of that week shares). One-sided tests, vectorised
over every (outcome, factor, value), are corrected together with Benjamini–Hochberg.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._base import Analysis, Result
from .._errors import InputError
from .._stats import bh_adjust
from ._facts import complaints_to_orders

FACTORS = (
    "product",
    "lot",
    "production_month",
    "supplier",
    "supplier_lot",
    "stage_defects",
    "characteristic_signal",
)


@dataclass(frozen=True)
class LinkResult(Result):
    """Every tested (outcome, factor, value) with effect sizes and corrected p-values."""

    #: one row per test: outcome, factor, value, exposed_orders, exposed_events, rate,
    #: other_rate, rate_ratio, rr_low, rr_high, p_value, q_value, significant,
    #: median_lag_days
    tests: pd.DataFrame
    #: outcome → number of orders with the outcome and the base rate
    outcomes: dict[str, dict[str, float]]
    #: production → complaint lag per outcome (median, quartiles, n), in days
    lags: dict[str, dict[str, float]]
    orders_linked: int
    alpha: float
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def significant(self) -> pd.DataFrame:
        return self.tests[self.tests["significant"]].sort_values(
            ["q_value", "rate_ratio"], ascending=[True, False]
        )

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["tests"] = d["tests"][:500] if isinstance(d["tests"], list) else d["tests"]
        return d


class ComplaintLinks(Analysis):
    """Which products, lots, periods, stages, characteristics and suppliers are over-represented.

    Parameters
    ----------
    alpha : false-discovery rate for the Benjamini–Hochberg correction.
    min_exposed : smallest number of exposed orders for a factor value to be tested.
    min_events : smallest number of exposed orders with the outcome.
    min_rate_ratio : a significant factor must also raise the rate at least this much.
    defect_quantile : a lot counts as exposed to a stage when its defects per unit at
        that stage are above this quantile of all lots at the stage.
    signal_window_days : a lot counts as made under a characteristic's out-of-control
        signal when it was produced within this many days of a signalling subgroup.
    """

    required_tables = ("orders", "complaints")

    def __init__(
        self,
        alpha: float = 0.05,
        min_exposed: int = 10,
        min_events: int = 3,
        min_rate_ratio: float = 1.5,
        defect_quantile: float = 0.9,
        signal_window_days: float = 1.0,
    ) -> None:
        self.alpha = alpha
        self.min_exposed = min_exposed
        self.min_events = min_events
        self.min_rate_ratio = min_rate_ratio
        self.defect_quantile = defect_quantile
        self.signal_window_days = signal_window_days

    def fit(
        self,
        orders: pd.DataFrame,
        complaints: pd.DataFrame,
        *,
        complaint_topics: pd.Series | None = None,
        responses: pd.DataFrame | None = None,
        lots: pd.DataFrame | None = None,
        lot_parts: pd.DataFrame | None = None,
        defects: pd.DataFrame | None = None,
        inspections: pd.DataFrame | None = None,
        signals: pd.DataFrame | None = None,
    ) -> ComplaintLinks:
        """Link and test.

        ``complaint_topics`` maps complaint_id → topic label (from text analytics);
        without it all complaints form one outcome. ``signals`` has columns
        characteristic_id and time (subgroups that violated a control-chart rule).
        """
        for col in ("order_id", "customer_id", "ordered_at"):
            if col not in orders.columns:
                raise InputError(f"orders needs the column {col!r}")
        warnings: list[str] = []
        base = orders[["order_id", "customer_id", "ordered_at"]].copy()
        base["order_id"] = base["order_id"].astype(str)
        base["product_id"] = orders.get("product_id")
        base["lot_id"] = orders.get("lot_id")
        base["ordered_at"] = pd.to_datetime(base["ordered_at"], utc=True)

        events = self._outcome_matrix(base, complaints, complaint_topics, responses, warnings)
        exposures, strata = self._exposures(base, lots, lot_parts, defects, inspections, signals)
        tests = self._test(base, events, exposures, strata)
        lags = self._lags(base, complaints, complaint_topics, lots)
        if len(tests):
            lag_lookup = {k: v.get("median") for k, v in lags.items()}
            tests["median_lag_days"] = tests["outcome"].map(lag_lookup)
        outcomes = {
            name: {"orders_with_outcome": int(col.sum()), "base_rate": float(col.mean())}
            for name, col in events.items()
        }
        self.result_ = LinkResult(
            tests=tests,
            outcomes=outcomes,
            lags=lags,
            orders_linked=len(base),
            alpha=self.alpha,
            warnings=tuple(warnings),
        )
        return self

    # -- outcomes ---------------------------------------------------------------
    def _outcome_matrix(
        self,
        base: pd.DataFrame,
        complaints: pd.DataFrame,
        topics: pd.Series | None,
        responses: pd.DataFrame | None,
        warnings: list[str],
    ) -> dict[str, pd.Series]:
        c = complaints_to_orders(base, complaints)
        by_customer = int((c["linked_by"] == "customer").sum())
        if by_customer:
            warnings.append(
                f"{by_customer} complaints without order_id were linked to the customer's "
                "latest earlier order"
            )
        if topics is not None:
            c["topic"] = c["complaint_id"].astype(str).map(topics.astype(str))
        else:
            c["topic"] = None
        index = base["order_id"]
        out: dict[str, pd.Series] = {}
        has_any = index.isin(c["order_id"])
        out["complaint:any"] = pd.Series(has_any.to_numpy(), index=index)
        for topic, grp in c.dropna(subset=["topic"]).groupby("topic"):
            out[f"complaint:{topic}"] = pd.Series(
                index.isin(grp["order_id"]).to_numpy(), index=index
            )
        if responses is not None and "order_id" in responses and "nps" in responses:
            r = responses.dropna(subset=["order_id", "nps"])
            detractor_orders = r.loc[r["nps"].astype(float) <= 6, "order_id"].astype(str)
            rated = index.isin(r["order_id"].astype(str))
            if rated.sum() >= self.min_exposed:
                # only orders with a response can be detractors or not
                col = pd.Series(np.where(rated, index.isin(detractor_orders), np.nan), index=index)
                out["detractor"] = col
        return out

    # -- exposures --------------------------------------------------------------
    def _exposures(
        self,
        base: pd.DataFrame,
        lots: pd.DataFrame | None,
        lot_parts: pd.DataFrame | None,
        defects: pd.DataFrame | None,
        inspections: pd.DataFrame | None,
        signals: pd.DataFrame | None,
    ) -> tuple[pd.DataFrame, pd.Series]:
        """What each order was exposed to, and the order's stratum (its lot's production week).

        Returns a long table (order_id, factor, scope, value) and a Series order_id → stratum.
        ``scope`` names the comparison population: a supplier lot is compared with the
        other supplier lots of the same part, a supplier with the other suppliers of it.
        """
        parts: list[pd.DataFrame] = []
        o = base[["order_id", "product_id", "lot_id"]]
        if o["product_id"].notna().any():
            parts.append(_long(o, "product_id", "product"))
        with_lot = o.dropna(subset=["lot_id"]).assign(lot_id=lambda d: d["lot_id"].astype(str))
        strata = pd.Series("all", index=base["order_id"].to_numpy())
        if len(with_lot):
            parts.append(_long(with_lot, "lot_id", "lot"))
        if lots is not None and len(with_lot):
            lt = lots[["lot_id", "produced_at"]].assign(
                lot_id=lambda d: d["lot_id"].astype(str),
                produced_at=lambda d: pd.to_datetime(d["produced_at"], utc=True),
            )
            ol = with_lot.merge(lt, on="lot_id", how="inner")
            made = ol["produced_at"].dt.tz_convert(None)
            month = made.dt.to_period("M").astype(str)
            # compared within the week of production: lots of one week share their period's
            # deliveries, complaints and the time left for complaints to arrive
            week = made.dt.to_period("W").astype(str)
            strata = pd.Series(week.to_numpy(), index=ol["order_id"].to_numpy())
            parts.append(
                pd.DataFrame(
                    {"order_id": ol["order_id"], "factor": "production_month", "value": month}
                )
            )
            if signals is not None and len(signals):
                parts.append(self._signal_exposure(ol, signals))
        if lot_parts is not None and len(with_lot):
            lp = lot_parts.assign(lot_id=lambda d: d["lot_id"].astype(str))
            olp = with_lot[["order_id", "lot_id"]].merge(lp, on="lot_id", how="inner")
            scope = olp["part"].astype(str) if "part" in olp else pd.Series("", index=olp.index)
            parts.append(
                pd.DataFrame(
                    {
                        "order_id": olp["order_id"],
                        "factor": "supplier",
                        "scope": scope,
                        "value": olp["supplier_id"].astype(str),
                    }
                )
            )
            if "supplier_lot_id" in olp:
                keep = olp["supplier_lot_id"].notna()
                parts.append(
                    pd.DataFrame(
                        {
                            "order_id": olp.loc[keep, "order_id"],
                            "factor": "supplier_lot",
                            "scope": scope[keep],
                            "value": olp.loc[keep, "supplier_lot_id"].astype(str),
                        }
                    )
                )
        if defects is not None and len(with_lot) and "lot_id" in defects:
            parts.append(self._stage_exposure(with_lot, defects, inspections, lots))
        if not parts:
            return pd.DataFrame(columns=["order_id", "factor", "scope", "value"]), strata
        ex = pd.concat(parts, ignore_index=True)
        ex["scope"] = ex["scope"].fillna("") if "scope" in ex else ""
        return ex[["order_id", "factor", "scope", "value"]].drop_duplicates(), strata

    def _stage_exposure(
        self,
        with_lot: pd.DataFrame,
        defects: pd.DataFrame,
        inspections: pd.DataFrame | None,
        lots: pd.DataFrame | None,
    ) -> pd.DataFrame:
        d = defects.dropna(subset=["lot_id"]).assign(lot_id=lambda x: x["lot_id"].astype(str))
        count = d["count"] if "count" in d else pd.Series(1, index=d.index)
        d = d.assign(n=pd.to_numeric(count, errors="coerce").fillna(1))
        per = d.groupby(["stage_id", "lot_id"], as_index=False)["n"].sum()
        if lots is not None and "size" in lots:
            sizes = lots.assign(lot_id=lambda x: x["lot_id"].astype(str)).set_index("lot_id")[
                "size"
            ]
            per["rate"] = per["n"] / per["lot_id"].map(sizes).astype(float).clip(lower=1)
            per["rate"] = per["rate"].fillna(per["n"])
        else:
            per["rate"] = per["n"]
        # lots without defects at a stage are part of the stage's distribution too
        all_lots = with_lot["lot_id"].unique()
        exposed = []
        for stage, grp in per.groupby("stage_id"):
            rates = np.concatenate(
                [grp["rate"].to_numpy(), np.zeros(max(0, len(all_lots) - len(grp)))]
            )
            cut = np.quantile(rates, self.defect_quantile)
            hot = grp.loc[grp["rate"] > cut, "lot_id"]
            exposed.append(pd.DataFrame({"lot_id": hot, "value": str(stage)}))
        if not exposed:
            return pd.DataFrame(columns=["order_id", "factor", "value"])
        ex = pd.concat(exposed).merge(with_lot[["order_id", "lot_id"]], on="lot_id")
        return pd.DataFrame(
            {"order_id": ex["order_id"], "factor": "stage_defects", "value": ex["value"]}
        )

    def _signal_exposure(self, ol: pd.DataFrame, signals: pd.DataFrame) -> pd.DataFrame:
        s = signals[["characteristic_id", "time"]].copy()
        s["time"] = pd.to_datetime(s["time"], utc=True)
        window = pd.Timedelta(days=self.signal_window_days).to_timedelta64()
        never = np.timedelta64(10**18, "ns")
        t = ol["produced_at"].dt.tz_convert(None).to_numpy(dtype="datetime64[ns]")
        rows = []
        for char, grp in s.groupby("characteristic_id"):
            times = np.sort(grp["time"].dt.tz_convert(None).to_numpy(dtype="datetime64[ns]"))
            pos = np.searchsorted(times, t)
            before = np.where(pos > 0, t - times[np.maximum(pos - 1, 0)], never)
            after = np.where(pos < len(times), times[np.minimum(pos, len(times) - 1)] - t, never)
            near = np.minimum(np.abs(before), np.abs(after)) <= window
            rows.append(
                pd.DataFrame(
                    {
                        "order_id": ol["order_id"].to_numpy()[near],
                        "factor": "characteristic_signal",
                        "value": str(char),
                    }
                )
            )
        return pd.concat(rows) if rows else pd.DataFrame(columns=["order_id", "factor", "value"])

    # -- tests ------------------------------------------------------------------
    #: factors compared within production weeks (a time effect must not pass for a lot
    #: effect); a month or a control-chart signal is itself a time, so not those
    _STRATIFIED = frozenset({"lot", "supplier", "supplier_lot", "stage_defects", "product"})

    def _test(
        self,
        base: pd.DataFrame,
        events: dict[str, pd.Series],
        exposures: pd.DataFrame,
        strata: pd.Series,
    ) -> pd.DataFrame:
        """One-sided Cochran–Mantel–Haenszel tests, exposed vs the rest of the scope."""
        columns = [
            "outcome",
            "factor",
            "value",
            "exposed_orders",
            "exposed_events",
            "rate",
            "other_rate",
            "rate_ratio",
            "rr_low",
            "rr_high",
            "p_value",
            "q_value",
            "significant",
        ]
        if exposures.empty:
            return pd.DataFrame(columns=columns)
        frames = []
        for outcome, y in events.items():
            valid = y.dropna()
            if valid.sum() < self.min_events:
                continue
            yv = valid.astype(bool)
            ex = exposures[exposures["order_id"].isin(yv.index)]
            ex = ex.assign(
                event=ex["order_id"].map(yv).astype(bool),
                stratum=np.where(
                    ex["factor"].isin(self._STRATIFIED),
                    ex["order_id"].map(strata).fillna("none").to_numpy(),
                    "all",
                ),
            )
            # The comparison population. Supplier factors: the orders whose lot has that part
            # (a supplier lot against the other lots of the same part). Lot factors: every
            # order with a lot. Product: every order.
            scoped = ex["factor"].isin(("supplier", "supplier_lot"))
            pop_scoped = (
                ex[scoped]
                .drop_duplicates(["order_id", "factor", "scope"])
                .groupby(["factor", "scope", "stratum"], as_index=False)
                .agg(N=("event", "size"), K=("event", "sum"))
            )
            lot_orders = (
                set(strata.index[strata != "all"])
                if (strata != "all").any()
                else set(exposures.loc[exposures["factor"] == "lot", "order_id"])
            )
            pops = [pop_scoped]
            for factor in ex.loc[~scoped, "factor"].unique():
                universe = yv if factor == "product" else yv[yv.index.isin(lot_orders)]
                st = (
                    pd.Series(universe.index, index=universe.index).map(strata).fillna("none")
                    if factor in self._STRATIFIED
                    else pd.Series("all", index=universe.index)
                )
                pops.append(
                    pd.DataFrame({"event": universe.to_numpy(), "stratum": st.to_numpy()})
                    .groupby("stratum", as_index=False)
                    .agg(N=("event", "size"), K=("event", "sum"))
                    .assign(factor=factor, scope="")
                )
            pop = pd.concat(pops, ignore_index=True)
            cell = ex.groupby(["factor", "scope", "value", "stratum"], as_index=False).agg(
                n1=("event", "size"), k1=("event", "sum")
            )
            cell = cell.merge(pop, on=["factor", "scope", "stratum"])
            cell = cell[cell["N"] > cell["n1"]]  # strata without a comparison carry no information
            if cell.empty:
                continue
            n1, k1 = cell["n1"].to_numpy(float), cell["k1"].to_numpy(float)
            big_n, big_k = cell["N"].to_numpy(float), cell["K"].to_numpy(float)
            n0, k0 = big_n - n1, big_k - k1
            with np.errstate(invalid="ignore", divide="ignore"):
                var = np.where(
                    big_n > 1, n1 * n0 * big_k * (big_n - big_k) / (big_n**2 * (big_n - 1)), 0.0
                )
            cell = cell.assign(
                e=n1 * big_k / big_n,
                v=var,
                n0=n0,
                k0=k0,
                rr_num=k1 * n0 / big_n,
                rr_den=k0 * n1 / big_n,
            )
            g = cell.groupby(["factor", "scope", "value"], as_index=False).agg(
                exposed_orders=("n1", "sum"),
                exposed_events=("k1", "sum"),
                other_orders=("n0", "sum"),
                other_events=("k0", "sum"),
                e=("e", "sum"),
                v=("v", "sum"),
                rr_num=("rr_num", "sum"),
                rr_den=("rr_den", "sum"),
            )
            # Select on exposure only: selecting on observed events before the
            # multiple-testing correction would bias it towards false discoveries.
            g = g[(g["exposed_orders"] >= self.min_exposed) & (g["e"] >= 0.5)]
            if g.empty:
                continue
            p = _exact_stratified_p(cell, g)
            with np.errstate(invalid="ignore", divide="ignore"):
                rr = (g["rr_num"] + 0.25) / (g["rr_den"] + 0.25)  # Mantel–Haenszel rate ratio
                a, b = g["exposed_events"] + 0.5, g["other_events"] + 0.5
                se = np.sqrt(
                    1 / a - 1 / (g["exposed_orders"] + 0.5) + 1 / b - 1 / (g["other_orders"] + 0.5)
                )
            g = g.assign(
                outcome=outcome,
                rate=g["exposed_events"] / g["exposed_orders"],
                other_rate=g["other_events"] / g["other_orders"].where(g["other_orders"] > 0),
                rate_ratio=rr,
                rr_low=rr * np.exp(-1.96 * se),
                rr_high=rr * np.exp(1.96 * se),
                p_value=p,
            )
            frames.append(g)
        if not frames:
            return pd.DataFrame(columns=columns)
        tests = pd.concat(frames, ignore_index=True)
        tests["q_value"] = bh_adjust(tests["p_value"].to_numpy())
        tests["significant"] = (
            (tests["q_value"] <= self.alpha)
            & (tests["rate_ratio"] >= self.min_rate_ratio)
            & (tests["exposed_events"] >= self.min_events)
        )
        order = ["significant", "q_value", "rate_ratio"]
        return (
            tests[columns]
            .sort_values(order, ascending=[False, True, False], kind="stable")
            .reset_index(drop=True)
        )

    @staticmethod
    def _lags(
        base: pd.DataFrame,
        complaints: pd.DataFrame,
        topics: pd.Series | None,
        lots: pd.DataFrame | None,
    ) -> dict[str, dict[str, float]]:
        if lots is None or "order_id" not in complaints:
            return {}
        c = complaints.dropna(subset=["order_id"]).assign(
            order_id=lambda d: d["order_id"].astype(str),
            complaint_id=lambda d: d["complaint_id"].astype(str),
            received_at=lambda d: pd.to_datetime(d["received_at"], utc=True),
        )
        c = c.merge(base[["order_id", "lot_id"]].dropna(), on="order_id")
        lt = lots.assign(
            lot_id=lambda d: d["lot_id"].astype(str),
            produced_at=lambda d: pd.to_datetime(d["produced_at"], utc=True),
        )
        c = c.assign(lot_id=c["lot_id"].astype(str)).merge(
            lt[["lot_id", "produced_at"]], on="lot_id"
        )
        if c.empty:
            return {}
        c["lag"] = (c["received_at"] - c["produced_at"]).dt.total_seconds() / 86400
        c["outcome"] = "complaint:any"
        frames = [c]
        if topics is not None:
            t = c.assign(
                outcome="complaint:" + c["complaint_id"].map(topics.astype(str)).astype(str)
            )
            frames.append(t[c["complaint_id"].map(topics).notna()])
        allc = pd.concat(frames)
        out = {}
        for name, grp in allc.groupby("outcome"):
            lag = grp["lag"].to_numpy()
            out[str(name)] = {
                "median": float(np.median(lag)),
                "q1": float(np.quantile(lag, 0.25)),
                "q3": float(np.quantile(lag, 0.75)),
                "n": len(lag),
            }
        return out


def _exact_stratified_p(cell: pd.DataFrame, tested: pd.DataFrame) -> np.ndarray:
    """Exact one-sided p-value of the stratified test: P(Σ X_k ≥ observed).

    Conditional on each stratum's margins, X_k (events among the exposed) is
    hypergeometric; the sum's distribution is the convolution over strata. Exact,
    because the normal approximation overstates significance for small lots.
    """
    keys = ["factor", "scope", "value"]
    wanted = tested.set_index(keys).index
    pvals = np.ones(len(tested))
    position = {k: i for i, k in enumerate(wanted)}
    for key, grp in cell.groupby(keys, sort=False):
        i = position.get(key)
        if i is None:
            continue
        dist = np.ones(1)
        for big_n, big_k, n1 in grp[["N", "K", "n1"]].to_numpy(int):
            support = np.arange(0, min(n1, big_k) + 1)
            dist = np.convolve(dist, stats.hypergeom.pmf(support, big_n, big_k, n1))
        observed = int(grp["k1"].sum())
        pvals[i] = float(min(1.0, dist[observed:].sum())) if observed < len(dist) else 0.0
    return pvals


def _long(frame: pd.DataFrame, column: str, factor: str) -> pd.DataFrame:
    sub = frame.dropna(subset=[column])
    return pd.DataFrame(
        {"order_id": sub["order_id"], "factor": factor, "value": sub[column].astype(str)}
    )
