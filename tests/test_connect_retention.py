"""Right the first time: the repurchase gap after a bad first order, and customers at risk."""

import numpy as np
import pandas as pd

from totalquality.connect import RetentionAnalysis


def _orders(seed: int, effect: bool):
    rng = np.random.default_rng(seed)
    n = 3000
    first_at = pd.Timestamp("2025-11-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 330, n), "D")
    late = rng.random(n) < 0.15
    delivered = first_at + pd.to_timedelta(np.where(late, 15, 3), "D")
    p_again = np.where(late & effect, 0.15, 0.40)
    again = rng.random(n) < p_again
    second_at = first_at + pd.to_timedelta(rng.integers(10, 100, n), "D")
    cust = [f"C{i}" for i in range(n)]
    orders = pd.DataFrame(
        {
            "order_id": [f"A{i}" for i in range(n)],
            "customer_id": cust,
            "ordered_at": first_at,
            "delivered_at": delivered,
        }
    )
    more = pd.DataFrame(
        {
            "order_id": [f"B{i}" for i in range(n)],
            "customer_id": cust,
            "ordered_at": second_at,
            "delivered_at": second_at + pd.Timedelta(days=3),
        }
    )[again]
    return pd.concat([orders, more], ignore_index=True)


def test_repurchase_gap_with_interval():
    res = RetentionAnalysis(late_after_days=7).fit(_orders(1, effect=True)).result_
    rp = res.repurchase
    assert rp["rate_bad_first"] < rp["rate_good_first"]
    assert rp["ci_low"] < rp["difference"] < rp["ci_high"] < 0
    assert res.gap_significant
    assert res.reasons["late_delivery"] > 0


def test_no_gap_without_effect():
    res = RetentionAnalysis(late_after_days=7).fit(_orders(2, effect=False)).result_
    assert res.repurchase["ci_low"] < 0 < res.repurchase["ci_high"]


def test_at_risk_lists_recent_bad_first_orders_with_reason():
    res = (
        RetentionAnalysis(late_after_days=7, recent_days=60)
        .fit(_orders(3, effect=True), as_of=pd.Timestamp("2026-10-31", tz="UTC"))
        .result_
    )
    assert len(res.at_risk) > 0
    assert set(res.at_risk["reasons"]) == {"late_delivery"}
    assert (res.at_risk["days_since"] <= 60).all()
