"""Linking complaints to lots, supplier lots, stages and characteristics (synthetic truth)."""

import numpy as np
import pandas as pd
import pytest

from totalquality.connect import ComplaintLinks


def _world(seed: int, bad: bool):
    rng = np.random.default_rng(seed)
    n_lots, n_orders = 120, 4000
    lots = pd.DataFrame(
        {
            "lot_id": [f"L{i:03d}" for i in range(n_lots)],
            "produced_at": pd.date_range("2026-01-01", periods=n_lots, freq="D", tz="UTC"),
            "size": 100,
        }
    )
    # two suppliers of cells; supplier lots change every 10 finished lots
    lot_parts = pd.DataFrame(
        {
            "lot_id": lots["lot_id"],
            "part": "cell",
            "supplier_id": np.where(np.arange(n_lots) % 2 == 0, "SUP-A", "SUP-B"),
            "supplier_lot_id": [f"{'A' if i % 2 == 0 else 'B'}-{i // 10}" for i in range(n_lots)],
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": [f"O{i}" for i in range(n_orders)],
            "customer_id": [f"C{i % 1500}" for i in range(n_orders)],
            "product_id": rng.choice(["P1", "P2"], n_orders),
            "ordered_at": pd.Timestamp("2026-01-05", tz="UTC")
            + pd.to_timedelta(rng.integers(0, 150, n_orders), "D"),
            "lot_id": rng.choice(lots["lot_id"], n_orders),
        }
    )
    bad_lots = set(lot_parts.loc[lot_parts["supplier_lot_id"] == "A-4", "lot_id"])
    p = np.where(orders["lot_id"].isin(bad_lots) & bad, 0.30, 0.03)
    hit = rng.random(n_orders) < p
    complaints = pd.DataFrame(
        {
            "complaint_id": [f"K{i}" for i in range(hit.sum())],
            "received_at": orders.loc[hit, "ordered_at"].to_numpy() + pd.Timedelta(days=20),
            "order_id": orders.loc[hit, "order_id"].to_numpy(),
            "customer_id": orders.loc[hit, "customer_id"].to_numpy(),
            "text": "x",
        }
    )
    return orders, complaints, lots, lot_parts


def test_bad_supplier_lot_is_over_represented():
    orders, complaints, lots, lot_parts = _world(1, bad=True)
    res = ComplaintLinks().fit(orders, complaints, lots=lots, lot_parts=lot_parts).result_
    sig = res.significant()
    top = sig[sig["factor"] == "supplier_lot"]
    assert list(top["value"]) == ["A-4"]
    row = top.iloc[0]
    assert row["rate_ratio"] > 4
    assert row["rr_low"] > 1
    # lag from production to complaint is reported (orders placed after production)
    assert res.lags["complaint:any"]["median"] > 0


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_no_problem_no_significant_link(seed):
    orders, complaints, lots, lot_parts = _world(seed, bad=False)
    res = ComplaintLinks().fit(orders, complaints, lots=lots, lot_parts=lot_parts).result_
    # Benjamini–Hochberg at 5 % over ~200 tests: at most a stray false discovery
    assert len(res.significant()) <= 1


def test_topics_and_signals_become_outcomes_and_factors():
    orders, complaints, lots, lot_parts = _world(5, bad=True)
    topics = pd.Series("battery", index=complaints["complaint_id"])
    bad_days = lots.loc[
        lots["lot_id"].isin(lot_parts.loc[lot_parts["supplier_lot_id"] == "A-4", "lot_id"]),
        "produced_at",
    ]
    signals = pd.DataFrame({"characteristic_id": "C1", "time": bad_days})
    res = (
        ComplaintLinks()
        .fit(
            orders,
            complaints,
            complaint_topics=topics,
            lots=lots,
            lot_parts=lot_parts,
            signals=signals,
        )
        .result_
    )
    assert "complaint:battery" in res.outcomes
    sig = res.significant()
    assert ((sig["factor"] == "characteristic_signal") & (sig["value"] == "C1")).any()


def test_complaint_without_order_links_to_the_customers_latest_order():
    orders, complaints, lots, lot_parts = _world(6, bad=True)
    complaints = complaints.assign(order_id=None)
    res = ComplaintLinks().fit(orders, complaints, lots=lots, lot_parts=lot_parts).result_
    assert any("latest earlier order" in w for w in res.warnings)
