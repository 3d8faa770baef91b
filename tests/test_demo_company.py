"""Random companies (docs/scenarios.md): determinism, the import format, the truth file,
and each planted problem's signal in the raw tables against a healthy twin.

The signal checks read the tables directly, as a simple analyst would, so that a failing
analysis can be told apart from missing evidence in the data.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _cli import tq
from totalquality.demo._company import CONFOUNDER_KINDS, KINDS, generate_company, write_company
from totalquality.demo._company_structure import ALL_TABLES

FULL = list(ALL_TABLES)
# per problem kind: the size of the small company its signal test uses
SIZE = {
    "supplier_lot": (800, 8),
    "characteristic_shift": (800, 8),
    "characteristic_drift": (800, 8),
    "excursion": (800, 8),
    "growth_strain": (1500, 9),
    "regional_service": (2500, 10),
    "segment_decline": (2500, 10),
    "emerging_requirement": (1500, 8),
    "kano_shift": (2500, 10),
    "bad_first_experience": (2500, 10),
}


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _days(s: pd.Series, start: str) -> np.ndarray:
    t = pd.to_datetime(s.replace("", None))
    return ((t - pd.Timestamp(start)).dt.total_seconds() / 86_400).to_numpy()


# ------------------------------------------------------------------ determinism and format
def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    a = write_company(
        generate_company(3, problems=["excursion"], customers=400, months=6), tmp_path / "a"
    )
    b = write_company(
        generate_company(3, problems=["excursion"], customers=400, months=6), tmp_path / "b"
    )
    write_company(
        generate_company(4, problems=["excursion"], customers=400, months=6), tmp_path / "c"
    )
    assert a == b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a")["orders.csv"] != _digest(tmp_path / "c")["orders.csv"]
    truth = json.loads((tmp_path / "a" / "truth.json").read_text(encoding="utf-8"))
    assert truth["generator"] == "random-company/1" and truth["seed"] == 3
    assert set(truth["company"]["tables"]) == set(a)


def test_random_companies_vary_and_respect_the_ranges() -> None:
    seen: dict[str, set[object]] = {
        k: set() for k in ("industry", "n_tables", "countries", "start")
    }
    for seed in range(12):
        c = generate_company(seed, customers=300, months=3)
        co = c.truth["company"]
        seen["industry"].add(co["industry"])
        seen["n_tables"].add(len(co["tables"]))
        seen["countries"].add(len(co["countries"]))
        seen["start"].add(co["start"][5:])
        assert 1 <= len(co["products"]) <= 6 and 1 <= len(co["countries"]) <= 6
        assert 1 <= len(co["segments"]) <= 4 and len(co["suppliers"]) <= 6
        assert not co["stages"] or 3 <= len(co["stages"]) <= 8
        assert {"customers", "orders", "products"} <= set(co["tables"])
        assert len(c.tables["customers"]) == 300
    assert len(seen["industry"]) >= 2 and len(seen["n_tables"]) >= 3
    assert len(seen["countries"]) >= 3 and len(seen["start"]) >= 10


def test_every_table_imports_without_a_rejected_row(tmp_path: Path) -> None:
    from totalquality.listen import import_workspace

    for seed, kw in ((21, {}), (22, {"tables": ["customers", "orders", "responses"]})):
        c = generate_company(seed, customers=700, months=5, **kw)  # type: ignore[arg-type]
        ws = tmp_path / f"ws{seed}"
        rows = write_company(c, ws)
        report = import_workspace(ws)
        assert report.rejected == 0 and report.ok, list(report.problems)[:3]
        assert {name: t.loaded for name, t in report.tables.items()} == {
            name: n for name, n in rows.items()
        }


def test_every_row_passes_the_validator_on_many_seeds(tmp_path: Path) -> None:
    from totalquality._schema import TABLES_BY_NAME
    from totalquality.listen import check_rows, read_table_file

    for seed in range(30, 38):
        c = generate_company(seed, customers=500, months=4)
        folder = tmp_path / str(seed)
        write_company(c, folder)
        for name in c.tables:
            checked = check_rows(
                TABLES_BY_NAME[name], read_table_file(folder / f"{name}.csv", name)
            )
            assert not len(checked.problems) and not checked.file_problems, (seed, name)
        _check_references(c.tables)


def _check_references(tables: dict[str, pd.DataFrame]) -> None:
    for name, frame in tables.items():
        spec = __import__("totalquality._schema", fromlist=["x"]).TABLES_BY_NAME[name]
        for col in spec.columns:
            if not col.references:
                continue
            ref_table, ref_col = col.references.split(".")
            if ref_table not in tables:
                continue
            values = frame[col.name].astype(str)
            values = values[values != ""]
            assert values.isin(set(tables[ref_table][ref_col].astype(str))).all(), (name, col.name)
        if spec.key:
            assert not frame.duplicated(list(spec.key)).any(), name


def test_bad_arguments_are_input_errors() -> None:
    from totalquality import InputError

    with pytest.raises(InputError, match="unknown problem"):
        generate_company(1, problems=["nope"])
    with pytest.raises(InputError, match="healthy"):
        generate_company(1, healthy=True, problems=["excursion"])
    with pytest.raises(InputError, match="need table"):
        generate_company(1, problems=["kano_shift"], tables=["customers", "orders"])
    with pytest.raises(InputError, match="needs"):
        generate_company(1, tables=["customers", "orders", "answers"])


# ------------------------------------------------------------------ healthy companies
def test_healthy_companies_plant_nothing_and_are_common() -> None:
    c = generate_company(8, healthy=True, customers=500, months=4)
    assert c.truth["healthy"] is True and c.truth["problems"] == []
    flags = [generate_company(s, customers=2000, months=8).truth for s in range(40)]
    healthy = [t for t in flags if t["healthy"]]
    assert 4 <= len(healthy) <= 18  # about one in four
    assert all(not t["problems"] for t in healthy)
    assert all(t["problems"] for t in flags if not t["healthy"])
    kinds = {p["kind"] for t in flags for p in t["problems"]}
    assert len(kinds) >= 7
    confounders = {c["kind"] for t in flags for c in t["confounders"]}
    assert confounders >= set(CONFOUNDER_KINDS) - {"overlap"}


# ------------------------------------------------------------------ the truth file
@pytest.fixture(scope="module")
def many() -> tuple[dict[str, pd.DataFrame], dict]:  # type: ignore[type-arg]
    c = generate_company(
        5,
        problems=["supplier_lot", "characteristic_drift", "regional_service", "segment_decline",
                  "emerging_requirement", "kano_shift", "growth_strain"],
        customers=4000, months=12, tables=FULL, confounders=["overlap", "boilerplate"],
    )  # fmt: skip
    return c.tables, c.truth


def test_truth_names_what_is_in_the_data(many) -> None:  # type: ignore[no-untyped-def]
    tables, truth = many
    co = truth["company"]
    assert co["tables"] == list(tables)
    lots = set(tables["lots"]["lot_id"])
    complaints = tables["complaints"].set_index("complaint_id")
    for p in truth["problems"]:
        assert p["detectability"]["passed"], p["id"]
        assert set(p["lots"]) <= lots
        assert set(p["complaint_ids"]) <= set(complaints.index)
        assert len(p["complaint_ids"]) == p["affected"]["complaints"]
        if p["stage_id"]:
            assert p["stage_id"] in set(tables["stages"]["stage_id"])
        if p["characteristic_id"]:
            assert p["characteristic_id"] in set(tables["characteristics"]["characteristic_id"])
        if p["requirement_id"]:
            assert p["requirement_id"] in set(tables["requirements"]["requirement_id"])
        for dim, value in p["place"].items():
            assert value in set(tables["customers"][dim])
        assert p["start"] >= co["start"] and (p["end"] is None or p["end"] <= co["end"])


def test_truth_counts_match_the_data(many) -> None:  # type: ignore[no-untyped-def]
    tables, truth = many
    o = tables["orders"].merge(tables["customers"], on="customer_id")
    day = pd.to_datetime(o["ordered_at"]).dt.strftime("%Y-%m-%d")
    lp = tables["lot_parts"]
    for p in truth["problems"]:
        if p["lots"]:
            exposed = o["lot_id"].isin(p["lots"])
        elif p["kind"] in ("regional_service", "segment_decline", "emerging_requirement"):
            exposed = day >= p["start"]
            if p["end"]:
                exposed &= day <= p["end"]
            for dim, value in p["place"].items():
                exposed &= o[dim] == value
        else:
            continue
        assert p["affected"]["orders"] == int(exposed.sum()), p["kind"]
        assert p["affected"]["customers"] == o.loc[exposed, "customer_id"].nunique(), p["kind"]
        if p["kind"] == "supplier_lot":
            used = lp[
                (lp["supplier_id"] == p["supplier_id"])
                & (lp["supplier_lot_id"] == p["supplier_lot_id"])
            ]
            assert set(used["lot_id"]) == set(p["lots"])


def test_overlap_and_boilerplate_show(many) -> None:  # type: ignore[no-untyped-def]
    tables, truth = many
    overlap = next(c for c in truth["confounders"] if c["kind"] == "overlap")
    a, b = (next(p for p in truth["problems"] if p["id"] == i) for i in overlap["problems"])
    assert a["start"] <= (b["end"] or "9999") and b["start"] <= (a["end"] or "9999")
    text = pd.concat([tables["complaints"]["text"], tables["responses"]["comment"]])
    boiler = re.compile(
        r"Sent from|Saadetud|Wysłan|Dzień dobry|^Tere|Thanks in advance|Pozdrawiam", re.M
    )
    assert text.str.contains(boiler).mean() > 0.1


# ------------------------------------------------------------------ each problem's signal
def _pair(
    kind: str, seed: int = 11
) -> tuple[dict, dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:  # type: ignore[type-arg]
    n, months = SIZE[kind]
    args = {"customers": n, "months": months, "tables": FULL, "confounders": []}
    planted = generate_company(seed, problems=[kind], **args)  # type: ignore[arg-type]
    twin = generate_company(seed, healthy=True, **args)  # type: ignore[arg-type]
    return planted.truth["problems"][0], planted.tables, twin.tables


def _lot_rate(
    t: dict[str, pd.DataFrame], stage: str, dtype: str | None, lots: set[str]
) -> tuple[float, float]:
    d = t["defects"]
    d = d[(d["stage_id"] == stage) & ((d["defect_type"] == dtype) if dtype else True)]
    per_lot = d.groupby("lot_id")["count"].sum()
    size = t["lots"].set_index("lot_id")["size"]
    inside = size.index.isin(lots)
    rate = per_lot.reindex(size.index).fillna(0)
    return rate[inside].sum() / size[inside].sum(), rate[~inside].sum() / size[~inside].sum()


def test_supplier_lot_raises_defects_in_its_lots() -> None:
    p, t, twin = _pair("supplier_lot")
    d = t["defects"]
    dtype = d.loc[d["supplier_id"] == p["supplier_id"], "defect_type"].mode()[0]
    inside, outside = _lot_rate(t, p["stage_id"], dtype, set(p["lots"]))
    assert inside > 0.02 and inside > 5 * outside
    lp = twin["lot_parts"]
    twin_lots = set(lp.loc[lp["supplier_lot_id"] == p["supplier_lot_id"], "lot_id"])
    t_in, _t_out = _lot_rate(twin, p["stage_id"], dtype, twin_lots)
    assert t_in < 0.015
    assert set(d.loc[d["lot_id"].isin(p["lots"]) & (d["defect_type"] == dtype), "supplier_id"]) == {
        p["supplier_id"]
    }


def _subgroup_means(t: dict[str, pd.DataFrame], cid: str, start: str) -> pd.DataFrame:
    m = t["measurements"]
    m = m[m["characteristic_id"] == cid]
    g = m.groupby("subgroup").agg(value=("value", "mean"), at=("measured_at", "first"))
    return g.assign(day=_days(g["at"], start))


@pytest.mark.parametrize("kind", ["characteristic_shift", "characteristic_drift", "excursion"])
def test_characteristic_problems_move_the_measurements(kind: str) -> None:
    p, t, twin = _pair(kind)
    c = t["characteristics"].set_index("characteristic_id").loc[p["characteristic_id"]]
    start = t["orders"]["ordered_at"].min()[:10]
    a = (pd.Timestamp(p["start"]) - pd.Timestamp(start)).days
    b = (pd.Timestamp(p["end"]) - pd.Timestamp(start)).days if p["end"] else 10**6
    for tables, planted in ((t, True), (twin, False)):
        g = _subgroup_means(tables, p["characteristic_id"], start)
        before = g[g["day"] < a]
        sd = before["value"].std()
        window = g[(g["day"] >= a) & (g["day"] <= b + 1)]
        if kind == "characteristic_drift":
            window = window[window["day"] >= a + 0.66 * (window["day"].max() - a)]
        shift = (window["value"].mean() - before["value"].mean()) / sd
        if planted:
            assert abs(shift) > (4 if kind == "excursion" else 1.0), shift
            assert np.sign(shift) == np.sign(p["magnitude"]["shift_sigma"])
        else:
            assert abs(shift) < 1.0, shift
    del c


def test_growth_strain_lowers_the_stage_yield_in_strained_weeks() -> None:
    p, t, twin = _pair("growth_strain")
    i = t["inspections"]
    i = i[i["stage_id"] == p["stage_id"]]
    strained = i["lot_id"].isin(p["lots"])
    fpy_in = i.loc[strained, "passed_first_time"].sum() / i.loc[strained, "inspected"].sum()
    fpy_out = i.loc[~strained, "passed_first_time"].sum() / i.loc[~strained, "inspected"].sum()
    assert fpy_out - fpy_in > 0.02
    o = t["orders"].merge(t["customers"], on="customer_id")
    after = o["ordered_at"] >= p["start"]
    weekly_after = after.sum() / max(
        pd.to_datetime(o.loc[after, "ordered_at"]).dt.to_period("W").nunique(), 1
    )
    weekly_before = (~after).sum() / max(
        pd.to_datetime(o.loc[~after, "ordered_at"]).dt.to_period("W").nunique(), 1
    )
    assert weekly_after > 1.3 * weekly_before
    j = twin["inspections"]
    j = j[j["stage_id"] == p["stage_id"]]
    late = j["inspected_at"] >= p["start"]
    f_late = j.loc[late, "passed_first_time"].sum() / j.loc[late, "inspected"].sum()
    f_early = j.loc[~late, "passed_first_time"].sum() / j.loc[~late, "inspected"].sum()
    assert abs(f_late - f_early) < 0.01


def _per_order(t: dict[str, pd.DataFrame], mask_fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    o = t["orders"].merge(t["customers"], on="customer_id")
    c = t["complaints"].merge(t["customers"], on="customer_id")
    return mask_fn(c).sum() / max(mask_fn(o).sum(), 1), (~mask_fn(c)).sum() / max(
        (~mask_fn(o)).sum(), 1
    )


def test_regional_service_hits_its_country_from_its_start() -> None:
    p, t, twin = _pair("regional_service")
    country = p["place"]["country"]
    for tables, planted in ((t, True), (twin, False)):
        o = tables["orders"].merge(tables["customers"], on="customer_id")
        o = o[(o["country"] == country) & (o["delivered_at"] != "")]
        lead = _days(o["delivered_at"], "2000-01-01") - _days(o["ordered_at"], "2000-01-01")
        late = pd.Series(lead > 9, index=o.index)
        after = o["ordered_at"] >= p["start"]
        c = tables["complaints"].merge(tables["customers"], on="customer_id")
        c = c[c["country"] == country]
        c_after = (c["received_at"] >= p["start"]).sum() / max(after.sum(), 1)
        c_before = (c["received_at"] < p["start"]).sum() / max((~after).sum(), 1)
        if p["topic"] == "delivery":
            gap = late[after].mean() - late[~after].mean()
            assert (gap > 0.1) if planted else (abs(gap) < 0.05), gap
        ratio = c_after / max(c_before, 1e-9)
        assert (ratio > 1.8) if planted else (ratio < 1.5), ratio


def _nps(x: pd.Series) -> float:
    return 100 * ((x >= 9).mean() - (x <= 6).mean())


def test_segment_decline_lowers_its_nps_from_its_start() -> None:
    p, t, twin = _pair("segment_decline")
    seg = p["place"]["segment"]
    for tables, planted in ((t, True), (twin, False)):
        r = tables["responses"].merge(tables["customers"], on="customer_id")
        r = r[r["segment"] == seg]
        after = r["answered_at"] >= p["start"]
        drop = _nps(r.loc[~after, "nps"]) - _nps(r.loc[after, "nps"])
        assert (drop > 12) if planted else (abs(drop) < 12), drop


WISH = {
    "usb-c": r"usb", "ram": r"\bRAM\b|32 GB|16 GB|mälu|pamię", "linux": r"linu",
    "gps": r"GPS", "removable-battery": r"remov|spare|eemaldat|varuaku|wyjmow|zapasow|wbudowan",
    "cargo-rack": r"rack|pannier|cargo|pakiraam|kaubaver|bagażnik|sakw|fotelik",
    "wifi": r"Wi-?Fi|phone|smart home|telefonist|äpi|targa|aplikacj|z telefonu|inteligentnego",
    "quiet-mode": r"night|quiet|silent|öö|vaikne|vaikse|nocn|cich", "dishwasher-safe": r"dishwasher|nõudepesu|zmywar",
    "parcel-locker": r"parcel locker|parcel machine|pakiautomaa|paczkomat",
    "e-invoice": r"e-invoic|e-arve|e-faktur", "instalments": r"instalment|pay later|in parts|järelmaks|osamaks|osade kaupa|rat[yaę]\b|odroczon",
}  # fmt: skip


def test_emerging_requirement_is_asked_for_only_from_its_start() -> None:
    p, t, twin = _pair("emerging_requirement")
    pattern = re.compile(WISH[p["topic"]], re.IGNORECASE)
    for tables, planted in ((t, True), (twin, False)):
        text = pd.concat([
            tables["complaints"][["received_at", "text"]].set_axis(["at", "text"], axis=1),
            tables["responses"][["answered_at", "comment"]].set_axis(["at", "text"], axis=1),
        ])  # fmt: skip
        text = text[text["text"] != ""]
        has = text["text"].str.contains(pattern)
        after = text["at"] >= p["start"]
        if planted:
            assert has[after].mean() > 0.03 and has[after].mean() > 5 * has[~after].mean()
        else:
            assert has[after].mean() < 0.01


KANO_TABLE = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")  # Berger et al. (1993)


def test_kano_shift_moves_the_category_from_its_start() -> None:
    p, t, twin = _pair("kano_shift")
    before_cat, after_cat = p["variant"].split("->")
    settled = (
        pd.Timestamp(p["start"]) + pd.Timedelta(days=p["magnitude"]["ramp_days"])
    ).isoformat()
    for tables, planted in ((t, True), (twin, False)):
        short = tables["items"].set_index("item_id")
        items = short[
            (short["requirement_id"] == p["requirement_id"]) & short["kind"].str.startswith("kano")
        ]
        a = tables["answers"][tables["answers"]["item_id"].isin(items.index)]
        a = a.assign(side=a["item_id"].map(items["kind"]))
        wide = (
            a.pivot_table(index="response_id", columns="side", values="value").dropna().astype(int)
        )
        cat = pd.Series(
            [
                KANO_TABLE[f - 1][d - 1]
                for f, d in zip(wide["kano_functional"], wide["kano_dysfunctional"], strict=True)
            ],
            index=wide.index,
        )
        when = tables["responses"].set_index("response_id")["answered_at"].reindex(cat.index)
        rise = (cat[when >= settled] == after_cat).mean() - (
            cat[when < p["start"]] == after_cat
        ).mean()
        assert (rise > 0.2) if planted else (abs(rise) < 0.12), rise
        assert (cat[when < p["start"]] == before_cat).mean() > 0.4


def _repurchase(t: dict[str, pd.DataFrame], horizon: int) -> tuple[float, float]:
    o = t["orders"].merge(t["customers"][["customer_id", "since"]], on="customer_id")
    start = o["ordered_at"].min()[:10]
    o = o[o["since"] >= start].assign(t=pd.to_datetime(o["ordered_at"])).sort_values("t")
    first = o.groupby("customer_id").head(1).set_index("customer_id")
    second = o.groupby("customer_id")["t"].nth(1)
    second = pd.Series(second.to_numpy(), index=o.loc[second.index, "customer_id"])
    end = o["t"].max()
    first = first[first["t"] <= end - pd.Timedelta(days=horizon)]
    again = (second.reindex(first.index) - first["t"]) <= pd.Timedelta(days=horizon)
    late = (pd.to_datetime(first["delivered_at"].replace("", None)) - first["t"]) > pd.Timedelta(
        days=9
    )
    complained = first["order_id"].isin(set(t["complaints"]["order_id"]))
    r = t["responses"]
    detractor = first["order_id"].isin(set(r.loc[r["nps"] <= 6, "order_id"]))
    bad = late | complained | detractor
    return again[~bad].mean(), again[bad].mean()


def test_bad_first_experience_loses_customers() -> None:
    p, t, twin = _pair("bad_first_experience")
    horizon = int(p["magnitude"]["horizon_days"])
    good, bad = _repurchase(t, horizon)
    assert good - bad > 0.2, (good, bad)
    t_good, t_bad = _repurchase(twin, horizon)
    assert abs(t_good - t_bad) < 0.1, (t_good, t_bad)


def test_every_kind_alone_is_detectable_at_a_small_size() -> None:
    for kind in KINDS:
        c = generate_company(3, problems=[kind], customers=400, months=6)
        (p,) = c.truth["problems"]
        assert p["kind"] == kind and p["detectability"]["passed"]


# ------------------------------------------------------------------ texts and CLI
def test_text_banks_have_enough_sentences_in_each_language() -> None:
    from totalquality.demo._bank import SERVICE, SHARED_EMERGING
    from totalquality.demo._bank_industry import INDUSTRY_BANKS
    from totalquality.demo._industries import INDUSTRIES

    for bank in (SERVICE, SHARED_EMERGING, *INDUSTRY_BANKS.values()):
        for topic, langs in bank.items():
            assert set(langs) == {"et", "pl", "en"}, topic
            kinds = {k for lang in langs.values() for k in lang}
            for lang, by_kind in langs.items():
                assert set(by_kind) == kinds, (topic, lang)
                for kind, sentences in by_kind.items():
                    assert len(set(sentences)) >= 8, (topic, lang, kind)
    for name, industry in INDUSTRIES.items():
        bank = INDUSTRY_BANKS[name]
        topics = {c.topic for s in industry.stages for c in s.chars} | {
            p.topic for p in industry.parts
        }
        assert topics - {"packaging"} <= set(bank), name
        assert len(industry.emerging) >= 3 and set(industry.emerging) <= set(bank)
    estonian = " ".join(s for t in SERVICE.values() for s in t["et"].get("neg", ()))
    polish = " ".join(s for t in SERVICE.values() for s in t["pl"].get("neg", ()))
    assert re.search(r"[õäöü]", estonian) and re.search(r"[ąęłńśźż]", polish)


def test_cli_writes_a_random_company_and_its_truth(tmp_path: Path) -> None:
    out = tmp_path / "ws"
    r = tq("demo-data", out, "--scenario", "random", "--seed", 9, "--problems", "excursion,regional_service",
           "--customers", 600, "--months", 6, "--json")  # fmt: skip
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert (
        data["problems"]
        == ["excursion", "regional_service"]
        == [p["kind"] for p in truth["problems"]]
    )
    assert set(data["rows"]) == set(truth["company"]["tables"])
    again = tq("demo-data", tmp_path / "b", "--scenario", "random", "--seed", 9, "--problems",
               "excursion,regional_service", "--customers", 600, "--months", 6, "--quiet")  # fmt: skip
    assert again.exit_code == 0 and _digest(out) == _digest(tmp_path / "b")
    bad = tq("demo-data", tmp_path / "c", "--scenario", "random", "--problems", "nope")
    assert bad.exit_code == 3 and "unknown problem" in bad.output
    healthy = tq(
        "demo-data", tmp_path / "d", "--scenario", "random", "--seed", 9, "--healthy", "--quiet"
    )
    assert healthy.exit_code == 0
    assert json.loads((tmp_path / "d" / "truth.json").read_text(encoding="utf-8"))["problems"] == []
