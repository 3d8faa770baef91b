"""The demo data generator: determinism, the import format, and every built-in problem.

The problem checks look at the raw tables directly (not through the analyses), so
that a failing analysis test can be told apart from missing evidence in the data.
What each check expects is documented in docs/demo-data.md; the "healthy" variant
(tests/conftest.py: seed 7, healthy=True) must show none of the effects.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from totalquality._schema import TABLES, TABLES_BY_NAME
from totalquality.demo import SCENARIO, Scenario, generate
from totalquality.demo._generate import KANO_CATS
from totalquality.demo._scenario import CHARACTERISTICS, REQUIREMENTS, STAGES, SUPPLIERS

SC = SCENARIO
START = pd.Timestamp("2025-11-01")
END = pd.Timestamp("2026-10-31 23:59:59")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?$")


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def _load(folder: Path) -> dict[str, pd.DataFrame]:
    return {t.name: _read(folder, t.name) for t in TABLES}


@pytest.fixture(scope="module")
def demo(demo_dir: Path) -> dict[str, pd.DataFrame]:
    return _load(demo_dir)


@pytest.fixture(scope="module")
def healthy(healthy_demo_dir: Path) -> dict[str, pd.DataFrame]:
    return _load(healthy_demo_dir)


# ------------------------------------------------------------------ determinism & API
def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", seed=5, scale=0.2)
    b = generate(tmp_path / "b", seed=5, scale=0.2)
    c = generate(tmp_path / "c", seed=6, scale=0.2)
    assert a == b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a")["orders.csv"] != _digest(tmp_path / "c")["orders.csv"]
    assert set(c) == {t.name for t in TABLES}


def test_returns_rows_per_table_and_writes_every_table(tmp_path: Path) -> None:
    rows = generate(str(tmp_path / "new" / "ws"), seed=1, scale=0.1, healthy=True)
    assert set(rows) == {t.name for t in TABLES}
    for name, n in rows.items():
        frame = _read(tmp_path / "new" / "ws", name)
        assert len(frame) == n > 0, name


def test_scenario_is_the_shared_frozen_definition() -> None:
    assert isinstance(SCENARIO, Scenario)
    with pytest.raises(AttributeError):
        SCENARIO.drift_start = SCENARIO.drift_end  # type: ignore[misc]
    assert SC.drift_start < SC.drift_end
    assert SC.bad_lot_window[0] <= SC.bad_lot_window[1]
    assert set(SC.kano) == set(REQUIREMENTS)
    assert SC.drifting_characteristic in CHARACTERISTICS
    assert SC.bad_supplier in SUPPLIERS and SC.strained_stage in STAGES


def test_sizes_at_scale_one(demo: dict[str, pd.DataFrame]) -> None:
    n = {k: len(v) for k, v in demo.items()}
    assert 2_500 <= n["customers"] <= 3_500
    assert 5_500 <= n["orders"] <= 8_500
    assert 500 <= n["lots"] <= 700
    assert 2_400 <= n["responses"] <= 3_600
    assert 650 <= n["complaints"] <= 1_200
    assert n["measurements"] == 7_500
    comments = (demo["responses"]["comment"] != "").mean()
    assert 0.5 <= comments <= 0.7
    extended = demo["answers"]["response_id"].nunique()
    assert 1_100 <= extended <= 1_900


# ------------------------------------------------------------------ the import format
def _check_table(name: str, frame: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[str]:
    spec = TABLES_BY_NAME[name]
    errors: list[str] = []
    if list(frame.columns) != list(spec.column_names):
        return [f"{name}: columns {list(frame.columns)} != {list(spec.column_names)}"]
    for col in spec.columns:
        values = frame[col.name]
        present = values != ""
        if col.required and not present.all():
            errors.append(f"{name}.{col.name}: {(~present).sum()} empty required values")
        v = values[present]
        if v.empty:
            continue
        if col.max_length is not None and (v.str.len() > col.max_length).any():
            errors.append(f"{name}.{col.name}: longer than {col.max_length}")
        if col.type == "integer":
            whole = v.str.fullmatch(r"-?\d+")
            if not whole.all():
                errors.append(f"{name}.{col.name}: not integers: {v[~whole].head(3).tolist()}")
                continue
        if col.type in ("integer", "number"):
            num = pd.to_numeric(v, errors="coerce")
            if num.isna().any():
                errors.append(f"{name}.{col.name}: not numbers")
                continue
            if col.minimum is not None and (num < col.minimum).any():
                errors.append(f"{name}.{col.name}: below {col.minimum}")
            if col.maximum is not None and (num > col.maximum).any():
                errors.append(f"{name}.{col.name}: above {col.maximum}")
        if col.type == "timestamp" and not v.str.match(ISO).all():
            errors.append(
                f"{name}.{col.name}: not ISO 8601: {v[~v.str.match(ISO)].head(3).tolist()}"
            )
        if col.pattern is not None and not v.str.match(col.pattern).all():
            errors.append(f"{name}.{col.name}: does not match {col.pattern}")
        if col.allowed is not None and not v.isin(col.allowed).all():
            errors.append(f"{name}.{col.name}: outside {col.allowed}")
        if col.references:
            ref_table, ref_col = col.references.split(".")
            known = set(tables[ref_table][ref_col])
            dangling = ~v.isin(known)
            if dangling.any():
                errors.append(f"{name}.{col.name}: {dangling.sum()} dangling references")
    if spec.key and frame.duplicated(list(spec.key)).any():
        errors.append(f"{name}: duplicate keys {spec.key}")
    return errors


@pytest.mark.parametrize("variant", ["demo", "healthy"])
def test_every_row_is_valid(variant: str, request: pytest.FixtureRequest) -> None:
    tables: dict[str, pd.DataFrame] = request.getfixturevalue(variant)
    errors: list[str] = []
    for name, frame in tables.items():
        errors += _check_table(name, frame, tables)
    assert not errors, "\n".join(errors)

    # row checks declared in the schema
    o = tables["orders"]
    delivered = o[o["delivered_at"] != ""]
    assert (
        pd.to_datetime(delivered["delivered_at"]) >= pd.to_datetime(delivered["ordered_at"])
    ).all()
    i = tables["inspections"].astype({"inspected": int, "passed_first_time": int, "defective": int})
    assert (i["passed_first_time"] <= i["inspected"]).all()
    assert (i["defective"] <= i["inspected"]).all()
    c = tables["characteristics"].astype({"lsl": float, "target": float, "usl": float})
    assert ((c["lsl"] < c["usl"]) & (c["lsl"] <= c["target"]) & (c["target"] <= c["usl"])).all()
    items = tables["items"].astype({"scale_min": float, "scale_max": float})
    assert (items["scale_min"] < items["scale_max"]).all()
    a = tables["answers"].merge(items, on="item_id")
    value = a["value"].astype(float)
    assert ((value >= a["scale_min"]) & (value <= a["scale_max"])).all()
    kano = a["kind"].str.startswith("kano")
    assert value[kano].isin([1, 2, 3, 4, 5]).all()
    # every timestamp inside the demo year
    for name, col in (
        ("orders", "ordered_at"),
        ("orders", "delivered_at"),
        ("responses", "answered_at"),
        ("complaints", "received_at"),
        ("measurements", "measured_at"),
        ("inspections", "inspected_at"),
        ("defects", "found_at"),
        ("lots", "produced_at"),
    ):
        ts = pd.to_datetime(tables[name][col][tables[name][col] != ""])
        assert ts.min() >= START and ts.max() <= END, (name, col)
    # languages are the three first-class ones; text is present
    assert set(tables["complaints"]["language"]) == {"et", "pl", "en"}
    assert set(tables["responses"]["language"]) == {"et", "pl", "en"}


def test_listen_validator_accepts_the_demo(demo_dir: Path) -> None:
    """The importer's own validator finds no problem in any table of the demo data."""
    from totalquality.listen import check_rows, read_table_file

    problems = []
    for spec in TABLES:
        checked = check_rows(spec, read_table_file(demo_dir / f"{spec.name}.csv", spec.name))
        if len(checked.problems):
            problems.append((spec.name, checked.problems))
        if checked.file_problems:
            problems.append((spec.name, checked.file_problems))
    assert not problems, problems[:3]


# ------------------------------------------------------------------ helpers for problems
def _lots_with(tables: dict[str, pd.DataFrame], supplier_lot: str) -> set[str]:
    lp = tables["lot_parts"]
    return set(lp.loc[lp["supplier_lot_id"] == supplier_lot, "lot_id"])


def _gap_means(tables: dict[str, pd.DataFrame]) -> pd.Series:
    m = tables["measurements"]
    g = m[m["characteristic_id"] == SC.drifting_characteristic]
    means = g.assign(value=g["value"].astype(float)).groupby("subgroup")["value"].mean()
    day = g.groupby("subgroup")["measured_at"].first().str[:10]
    return pd.Series(means.to_numpy(), index=pd.to_datetime(day.loc[means.index].to_numpy()))


def _weekly_s50(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    i = tables["inspections"]
    s = i[i["stage_id"] == SC.strained_stage].astype({"inspected": int, "passed_first_time": int})
    s = s.assign(week=pd.to_datetime(s["inspected_at"]).dt.to_period("W"))
    w = s.groupby("week")[["inspected", "passed_first_time"]].sum()
    return w.assign(fpy=w["passed_first_time"] / w["inspected"])


def _nps(x: pd.Series) -> float:
    x = x.astype(int)
    return 100 * ((x >= 9).mean() - (x <= 6).mean())


def _business_nps(tables: dict[str, pd.DataFrame]) -> tuple[float, float]:
    r = tables["responses"].merge(tables["customers"][["customer_id", "segment"]], on="customer_id")
    b = r[r["segment"] == SC.declining_segment]
    after = pd.to_datetime(b["answered_at"]) >= pd.Timestamp(SC.decline_start)
    return _nps(b.loc[~after, "nps"]), _nps(b.loc[after, "nps"])


USBC = re.compile(r"usb.?c", re.IGNORECASE)


def _usbc_share(tables: dict[str, pd.DataFrame], lang: str) -> tuple[float, float]:
    r = tables["responses"]
    r = r[(r["comment"] != "") & (r["language"] == lang)]
    after = pd.to_datetime(r["answered_at"]) >= pd.Timestamp(SC.emerging_start)
    has = r["comment"].str.contains(USBC)
    return has[~after].mean(), has[after].mean()


def _repurchase(tables: dict[str, pd.DataFrame]) -> tuple[float, float, int, int]:
    """Repurchase within the window for new customers, by whether the first order went
    wrong as visible in the data: a complaint about it, or delivered late."""
    o = tables["orders"].copy()
    cust = tables["customers"]
    new = cust.loc[pd.to_datetime(cust["since"]) >= START, "customer_id"]
    o = o[o["customer_id"].isin(new)]
    o["t"] = pd.to_datetime(o["ordered_at"])
    o = o.sort_values("t")
    first = o.groupby("customer_id").head(1).set_index("customer_id")
    second = o.groupby("customer_id")["t"].apply(lambda s: s.iloc[1] if len(s) > 1 else pd.NaT)
    window = pd.Timedelta(days=SC.repurchase_window_days)
    first = first[first["t"] <= END - window]
    again = (second.reindex(first.index) - first["t"]) <= window
    complained = first["order_id"].isin(set(tables["complaints"]["order_id"]))
    delivered = pd.to_datetime(first["delivered_at"].replace("", None))
    late = (delivered - first["t"]) > pd.Timedelta(days=SC.late_after_days)
    bad = complained | late.fillna(False)
    return again[~bad].mean(), again[bad].mean(), int((~bad).sum()), int(bad.sum())


# Kano evaluation table (Berger et al. 1993): rows functional 1..5, columns dysfunctional 1..5
KANO_TABLE = [
    "QAAAO",
    "RIIIM",
    "RIIIM",
    "RIIIM",
    "RRRRQ",
]


def _kano_categories(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    a = tables["answers"]
    a = a[a["item_id"].str.startswith("KANO-")]
    a = a.assign(
        side=a["item_id"].str[5],
        req="R-" + a["item_id"].str[7:],
        value=a["value"].astype(int),
    )
    wide = a.pivot_table(index=["response_id", "req"], columns="side", values="value").dropna()
    cat = [
        KANO_TABLE[f - 1][d - 1]
        for f, d in zip(wide["F"].astype(int), wide["D"].astype(int), strict=True)
    ]
    out = wide.reset_index()[["response_id", "req"]].assign(cat=cat)
    when = tables["responses"].set_index("response_id")["answered_at"]
    return out.assign(answered=pd.to_datetime(out["response_id"].map(when)))


# ------------------------------------------------------------------ 1. drifting stage
def test_drift_raises_the_bezel_gap_then_is_corrected(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    g = _gap_means(demo)
    start, end = pd.Timestamp(SC.drift_start), pd.Timestamp(SC.drift_end)
    before = g[g.index < start]
    last_month = g[(g.index > end - pd.Timedelta(days=30)) & (g.index <= end)]
    after = g[g.index > end]
    assert abs(before.mean() - 0.50) < 0.01
    assert last_month.mean() - before.mean() > 0.6 * SC.drift_shift_mm
    assert abs(after.mean() - before.mean()) < 0.01
    # the drift is gradual: monthly means increase through the window
    during = g[(g.index >= start) & (g.index <= end)]
    monthly = during.groupby(during.index.to_period("M")).mean()
    assert monthly.is_monotonic_increasing
    h = _gap_means(healthy)
    assert abs(h[(h.index >= start) & (h.index <= end)].mean() - h[h.index < start].mean()) < 0.01


def test_display_complaints_come_from_drifted_lots(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    display = re.compile(r"bezel|frame|gap|raam|pilu|vahe|ramk|szczelin|szpar", re.IGNORECASE)

    def rate(tables: dict[str, pd.DataFrame]) -> tuple[float, float]:
        o = tables["orders"]
        lots = tables["lots"].set_index("lot_id")["produced_at"]
        produced = pd.to_datetime(o["lot_id"].map(lots))
        late_drift = (produced >= pd.Timestamp(SC.drift_end) - pd.Timedelta(days=45)) & (
            produced <= pd.Timestamp(SC.drift_end)
        )
        c = tables["complaints"]
        hit = set(c.loc[c["text"].str.contains(display), "order_id"])
        is_hit = o["order_id"].isin(hit)
        return is_hit[late_drift].mean(), is_hit[~late_drift].mean()

    inside, outside = rate(demo)
    assert inside > 5 * outside and inside > 0.05
    h_in, h_out = rate(healthy)
    assert h_in < 3 * h_out + 0.01


# ------------------------------------------------------------------ 2. bad supplier lot
def test_battery_swelling_concentrates_in_lots_with_the_bad_supplier_lot(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    for tables, bad in ((demo, True), (healthy, False)):
        bad_lots = _lots_with(tables, SC.bad_supplier_lot)
        assert bad_lots, "the bad supplier lot is in the traceability data in both variants"
        lots = tables["lots"].set_index("lot_id")["size"].astype(int)
        d = tables["defects"]
        sw = d[
            (d["defect_type"] == SC.bad_lot_defect_type)
            & (d["stage_id"] == SC.bad_lot_defect_stage)
        ]
        sw_count = sw.assign(count=sw["count"].astype(int)).groupby("lot_id")["count"].sum()
        laptops = tables["lots"].loc[tables["lots"]["product_id"] != "P-MINI", "lot_id"]
        in_bad = laptops.isin(bad_lots)
        units_bad = lots[laptops[in_bad]].sum()
        units_other = lots[laptops[~in_bad]].sum()
        rate_bad = sw_count.reindex(laptops[in_bad]).fillna(0).sum() / units_bad
        rate_other = sw_count.reindex(laptops[~in_bad]).fillna(0).sum() / units_other
        if bad:
            assert rate_bad > 0.5 * SC.bad_lot_defect_rate
            assert rate_bad > 15 * rate_other
            assert set(sw.loc[sw["lot_id"].isin(bad_lots), "supplier_id"]) == {SC.bad_supplier}
        else:
            assert rate_bad < 0.01


def test_battery_complaints_trace_back_to_the_bad_supplier_lot(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    swelling = re.compile(
        r"swell|swollen|bulg|puff|pais|punnis|kühm|spuch|puchn|wybrzusz|napuch", re.IGNORECASE
    )

    def rates(tables: dict[str, pd.DataFrame]) -> tuple[float, float]:
        o = tables["orders"]
        bad = o["lot_id"].isin(_lots_with(tables, SC.bad_supplier_lot))
        c = tables["complaints"]
        hit = o["order_id"].isin(set(c.loc[c["text"].str.contains(swelling), "order_id"]))
        return hit[bad].mean(), hit[~bad].mean()

    bad, other = rates(demo)
    assert bad > 0.08 and bad > 10 * other
    h_bad, _h_other = rates(healthy)
    assert h_bad < 0.03


# ------------------------------------------------------------------ 3. growth strain
def test_poland_grows_and_final_assembly_yield_falls_only_above_the_load(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    for tables, strained in ((demo, True), (healthy, False)):
        o = tables["orders"].merge(
            tables["customers"][["customer_id", "country"]], on="customer_id"
        )
        pl_orders = o[o["country"] == "PL"]
        t = pd.to_datetime(pl_orders["ordered_at"])
        g0 = pd.Timestamp(SC.growth_start)
        per_week_before = (t < g0).sum() / ((g0 - START).days / 7)
        per_week_after = (t >= g0).sum() / ((END - g0).days / 7)
        assert per_week_after > 2 * per_week_before

        w = _weekly_s50(tables)
        high = w["inspected"] > SC.strain_weekly_units
        assert high.sum() >= 4, "the growth pushes several weeks above the threshold"
        fpy_high = w.loc[high, "passed_first_time"].sum() / w.loc[high, "inspected"].sum()
        fpy_low = w.loc[~high, "passed_first_time"].sum() / w.loc[~high, "inspected"].sum()
        if strained:
            assert fpy_low - fpy_high > 0.03
            # below the threshold, yield does not depend on volume (the model is a knee)
            near = w[~high & (w["inspected"] > SC.strain_weekly_units - 60)]
            far = w[w["inspected"] <= SC.strain_weekly_units - 60]
            fpy_near = near["passed_first_time"].sum() / near["inspected"].sum()
            fpy_far = far["passed_first_time"].sum() / far["inspected"].sum()
            assert abs(fpy_near - fpy_far) < 0.01
        else:
            assert abs(fpy_low - fpy_high) < 0.01


def test_loose_screws_and_rattle_complaints_follow_the_strain(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    rattle = re.compile(r"rattl|screw|loose|logise|kruvi|lahti|grzech|śrub|luźn", re.IGNORECASE)
    for tables, strained in ((demo, True), (healthy, False)):
        c = tables["complaints"]
        t = pd.to_datetime(c["received_at"])
        hit = c["text"].str.contains(rattle)
        g0 = pd.Timestamp(SC.growth_start)
        before = hit[t < g0].sum() / ((g0 - START).days / 7)
        after = hit[t >= g0].sum() / ((END - g0).days / 7)
        if strained:
            assert after > 4 * before
        else:
            assert after < 2.5 * before + 0.5


# ------------------------------------------------------------------ 4. emerging requirement
@pytest.mark.parametrize("lang", ["et", "pl", "en"])
def test_usb_c_requests_emerge_in_every_language(demo, healthy, lang: str) -> None:  # type: ignore[no-untyped-def]
    before, after = _usbc_share(demo, lang)
    assert before == 0.0
    assert after > 0.05
    h_before, h_after = _usbc_share(healthy, lang)
    assert abs(h_after - h_before) < 0.03
    c = demo["complaints"]
    c = c[c["language"] == lang]
    t = pd.to_datetime(c["received_at"])
    mentions = c["text"].str.contains(USBC)
    assert mentions[t < pd.Timestamp(SC.emerging_start)].sum() == 0
    assert mentions[t >= pd.Timestamp(SC.emerging_start)].sum() >= 3


def test_kano_categories_are_clearly_dominant_and_usb_c_shifts(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    k = _kano_categories(demo)
    before = k[k["answered"] < pd.Timestamp(SC.emerging_start)]
    after = k[k["answered"] >= pd.Timestamp(SC.emerging_start) + pd.Timedelta(days=21)]
    for req, expected in SC.kano.items():
        shares = k.loc[k["req"] == req, "cat"].value_counts(normalize=True)
        assert shares.index[0] == expected, (req, shares.to_dict())
        assert set(shares.index) - {expected}, "other categories appear as noise"
        if req in SC.kano_shift:
            continue  # clearly dominant within each period (below), mixed over the year
        assert shares.iloc[0] >= 0.5 and shares.iloc[0] - shares.iloc[1] >= 0.3, (
            req,
            shares.to_dict(),
        )
    usbc_before, usbc_after = SC.kano_shift[SC.emerging_requirement]
    b = before.loc[before["req"] == SC.emerging_requirement, "cat"].value_counts(normalize=True)
    a = after.loc[after["req"] == SC.emerging_requirement, "cat"].value_counts(normalize=True)
    assert b.index[0] == usbc_before and b.iloc[0] - b.iloc[1] >= 0.3, b.to_dict()
    assert a.index[0] == usbc_after and a.iloc[0] - a.iloc[1] >= 0.3, a.to_dict()
    hk = _kano_categories(healthy)
    h_after = hk[
        (hk["answered"] >= pd.Timestamp(SC.emerging_start)) & (hk["req"] == SC.emerging_requirement)
    ]
    assert h_after["cat"].value_counts().index[0] == SC.kano[SC.emerging_requirement]
    assert set(KANO_CATS) >= set(k["cat"])


# ------------------------------------------------------------------ 5. segment decline
def test_business_nps_falls_from_decline_start(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    before, after = _business_nps(demo)
    assert 18 <= before - after <= 45, (before, after)
    h_before, h_after = _business_nps(healthy)
    assert abs(h_before - h_after) < 12, (h_before, h_after)
    # the other segments do not fall like that
    r = demo["responses"].merge(demo["customers"][["customer_id", "segment"]], on="customer_id")
    consumer = r[r["segment"] == "consumer"]
    t = pd.to_datetime(consumer["answered_at"])
    assert (
        _nps(consumer.loc[t < pd.Timestamp(SC.decline_start), "nps"])
        - _nps(consumer.loc[t >= pd.Timestamp(SC.decline_start), "nps"])
        < 18
    )


def test_business_support_complaints_rise(demo) -> None:  # type: ignore[no-untyped-def]
    support = re.compile(
        r"support|service|tugi|toe|klienditeenindus|wsparci|obsług|infolini|opiekun", re.IGNORECASE
    )
    c = demo["complaints"].merge(demo["customers"][["customer_id", "segment"]], on="customer_id")
    b = c[(c["segment"] == SC.declining_segment) & c["text"].str.contains(support)]
    t = pd.to_datetime(b["received_at"])
    d0 = pd.Timestamp(SC.decline_start)
    assert (t >= d0).sum() / ((END - d0).days) > 4 * (t < d0).sum() / ((d0 - START).days)


# ------------------------------------------------------------------ 6. right the first time
def test_bad_first_order_lowers_repurchase(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    good, bad, n_good, n_bad = _repurchase(demo)
    assert n_bad >= 100 and n_good >= 800
    assert good - bad > 0.12, (good, bad)
    assert abs(good - SC.repurchase_rate_good_first) < 0.08
    h_good, h_bad, _, h_n_bad = _repurchase(healthy)
    assert h_n_bad >= 50
    assert abs(h_good - h_bad) < 0.1, (h_good, h_bad)


# ------------------------------------------------------------------ survey items
def _item_means(
    tables: dict[str, pd.DataFrame], prefix: str, mask_orders: set[str]
) -> tuple[float, float]:
    a = tables["answers"]
    r = tables["responses"].set_index("response_id")["order_id"]
    a = a[a["item_id"].str.startswith(prefix)]
    in_set = a["response_id"].map(r).isin(mask_orders)
    v = a["value"].astype(float)
    return v[in_set].mean(), v[~in_set].mean()


def test_unmet_basic_requirements_during_problem_periods(demo, healthy) -> None:  # type: ignore[no-untyped-def]
    o = demo["orders"]
    lots = demo["lots"].set_index("lot_id")["produced_at"]
    produced = pd.to_datetime(o["lot_id"].map(lots))
    drifted = set(
        o.loc[
            (produced >= pd.Timestamp(SC.drift_end) - pd.Timedelta(days=45))
            & (produced <= pd.Timestamp(SC.drift_end)),
            "order_id",
        ]
    )
    per_in, per_out = _item_means(demo, "PER-DISPLAY", drifted)
    exp_in, exp_out = _item_means(demo, "EXP-DISPLAY", drifted)
    assert per_in < exp_in and per_out > exp_out
    strained = set(
        o.loc[produced >= pd.Timestamp(SC.growth_start) + pd.Timedelta(days=21), "order_id"]
    )
    per_in, per_out = _item_means(demo, "PER-DELIVERY", strained)
    exp_in, exp_out = _item_means(demo, "EXP-DELIVERY", strained)
    assert per_in < exp_in and per_out > exp_out
    # healthy: perception meets expectation all year
    ho = healthy["orders"]
    h_lots = healthy["lots"].set_index("lot_id")["produced_at"]
    h_prod = pd.to_datetime(ho["lot_id"].map(h_lots))
    h_drift = set(
        ho.loc[
            (h_prod >= pd.Timestamp(SC.drift_end) - pd.Timedelta(days=45))
            & (h_prod <= pd.Timestamp(SC.drift_end)),
            "order_id",
        ]
    )
    per_in, _ = _item_means(healthy, "PER-DISPLAY", h_drift)
    exp_in, _ = _item_means(healthy, "EXP-DISPLAY", h_drift)
    assert per_in > exp_in


def test_ecsi_indicators_measure_their_blocks(demo) -> None:  # type: ignore[no-untyped-def]
    a = demo["answers"]
    ind = a[a["item_id"].str.startswith("ECSI-")]
    wide = ind.pivot(index="response_id", columns="item_id", values="value").astype(float)
    blocks = demo["items"].set_index("item_id")["block"]
    corr = wide.corr()
    for block in (
        "image",
        "expectation",
        "quality",
        "value",
        "satisfaction",
        "complaints",
        "loyalty",
    ):
        cols = [c for c in wide.columns if blocks[c] == block]
        assert 2 <= len(cols) <= 5
        others = [c for c in wide.columns if blocks[c] != block]
        within = corr.loc[cols, cols].to_numpy()[np.triu_indices(len(cols), 1)].mean()
        between = corr.loc[cols, others].to_numpy().mean()
        assert within > 0.45 and within > between + 0.15, block
    # satisfaction relates to the customer's NPS answer
    nps = demo["responses"].set_index("response_id")["nps"].astype(float)
    sat = wide[[c for c in wide.columns if blocks[c] == "satisfaction"]].mean(axis=1)
    assert np.corrcoef(sat, nps.reindex(sat.index))[0, 1] > 0.4


# ------------------------------------------------------------------ texts
def test_texts_are_varied_and_in_the_stated_language(demo) -> None:  # type: ignore[no-untyped-def]
    r = demo["responses"]
    c = demo["complaints"]
    for lang in ("et", "pl", "en"):
        comments = r.loc[(r["language"] == lang) & (r["comment"] != ""), "comment"]
        assert comments.nunique() > 0.5 * len(comments)
        texts = c.loc[c["language"] == lang, "text"]
        assert texts.nunique() > 0.8 * len(texts)
    et = " ".join(r.loc[r["language"] == "et", "comment"])
    pl = " ".join(r.loc[r["language"] == "pl", "comment"])
    assert re.search(r"[äöüõ]", et) and re.search(r"[ąćęłńóśźż]", pl)
    assert not re.search(r"[ąćęłńśźż]", et) and not re.search(r"[äõü]", pl)


def test_cli_writes_the_workspace(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from totalquality.cli import app

    result = CliRunner().invoke(
        app, ["demo-data", str(tmp_path / "ws"), "--seed", "3", "--scale", "0.1", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["seed"] == 3 and set(payload["rows"]) == {t.name for t in TABLES}
    assert (tmp_path / "ws" / "answers.csv").exists()
    bad = CliRunner().invoke(app, ["demo-data", str(tmp_path / "x"), "--scale", "0"])
    assert bad.exit_code == 2
