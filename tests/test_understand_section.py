"""The text section on the demo workspace (totalquality.demo.SCENARIO).

The demo's complaints about battery swelling (bad supplier lot), the display bezel gap
(drifting stage), rattling chassis (growth strain) and slow support (declining segment) must
form their own topics in all three languages; USB-C charging (the emerging requirement, from
2026-08-01) must be reported as emerging, starting in August 2026.

Ground truth for each problem: the demo's own complaint sentences (demo/_texts.py).

Measured on the demo data (seed 42) with 400 embedded sentences, after topic discovery became
spectral clustering of a sentence graph (same-language neighbours by character n-grams and
embeddings, other-language neighbours by language-centred embeddings; see _topics.py). Share of
each problem's texts in its dominant topic, en/et/pl, run_section(random_state=...):

    seed  battery (swelling)  display         rattle          support         usb-c
    0     0.95/0.92/0.75      1.00/1.00/1.00  0.75/0.74/0.68  0.86/0.95/0.90  1.00/1.00/1.00
    1     0.82/0.75/0.88      1.00/1.00/1.00  0.75/0.74/0.76  0.86/0.95/0.90  1.00/1.00/1.00
    2     0.82/0.58/0.75      1.00/0.99/1.00  0.75/0.74/0.76  0.68/0.91/0.90  1.00/1.00/1.00

with five distinct dominant topics each time (before: Estonian or English battery 0.0–0.14,
support 0.39–0.52, four distinct topics for seed 2). Not every seed passes: of seeds 0–7, 3, 4
and 6 put battery swelling and the rattling chassis (both about the case and bottom panel) in
one topic, and seed 5 lets the generic "please replace it" request topic dominate the battery
complaints (English share 0.14); so the acceptance holds for the seeds tested here, not for
every sample of 400 sentences.
"""

import re

import numpy as np
import pandas as pd
import pytest

from totalquality.cli._workspace_io import read_table_files
from totalquality.demo import SCENARIO
from totalquality.understand import run_section

PROBLEMS = {
    "battery": ("battery", "swelling"),
    "display": ("display", "neg"),
    "rattle": ("rattle", "neg"),
    "support": ("support", "neg"),
    "usb-c": ("usb-c", "neg"),
}


@pytest.fixture(scope="module")
def section(demo_dir):
    tables = read_table_files(demo_dir)
    with pytest.warns(UserWarning):
        res = run_section(tables, embed_limit=400, random_state=0)
    return tables, res


def _assignments(tables, res):
    a = pd.DataFrame(res.results["assignments"])
    r = tables.pandas("responses")[["response_id", "comment"]]
    c = tables.pandas("complaints")[["complaint_id", "text"]]
    texts = pd.concat(
        [
            r.rename(columns={"response_id": "source_id", "comment": "text"}),
            c.rename(columns={"complaint_id": "source_id"}),
        ]
    )
    return a.merge(texts, on="source_id")


def _dominant(tables, res):
    from totalquality.demo._texts import SENTENCES

    a = _assignments(tables, res)
    out = {}
    for name, (topic, kind) in PROBLEMS.items():
        per_lang = {}
        for lang in ("en", "et", "pl"):
            pattern = "|".join(
                re.escape(s.split("{")[0][:40]) for s in SENTENCES[topic][lang][kind]
            )
            per_lang[lang] = a[
                (a["language"] == lang) & a["text"].astype(str).str.contains(pattern)
            ]
        mentions = pd.Series([t for d in per_lang.values() for ts in d["topics"] for t in ts])
        top = mentions.value_counts().index[0]
        shares = {
            lang: float(np.mean([top in ts for ts in d["topics"]])) for lang, d in per_lang.items()
        }
        out[name] = (top, shares, {lang: len(d) for lang, d in per_lang.items()})
    return out


@pytest.mark.slow
def test_usb_c_request_is_one_topic_in_all_languages(section):
    tables, res = section
    _, shares, sizes = _dominant(tables, res)["usb-c"]
    assert min(sizes.values()) >= 5
    assert min(shares.values()) >= 0.9  # measured 1.0 for every seed


def _assert_every_problem_has_its_own_topic(tables, res):
    dominant = _dominant(tables, res)
    for name, (_, shares, sizes) in dominant.items():
        for lang in ("en", "et", "pl"):
            assert sizes[lang] >= 5, (name, lang)
            assert shares[lang] >= 0.5, (name, lang, shares[lang])
    tops = {name: top for name, (top, _, _) in dominant.items()}
    assert len(set(tops.values())) == len(PROBLEMS), tops


@pytest.mark.slow
def test_complaint_problems_form_their_own_topics_in_all_languages(section):
    """From a sample of 400 embedded sentences (the module docstring says how seeds fare)."""
    _assert_every_problem_has_its_own_topic(*section)


@pytest.mark.slow
def test_complaint_problems_form_their_own_topics_with_the_default_settings(demo_dir):
    """As `tq analyze` and `tq demo` run it: every distinct demo sentence is embedded.
    Measured: the same topics for random_state 0–6 (battery en 0.55, the lowest share)."""
    tables = read_table_files(demo_dir)
    res = run_section(tables)  # nothing sampled: no warning about a sample
    _assert_every_problem_has_its_own_topic(tables, res)


@pytest.mark.slow
def test_usb_c_is_emerging_from_august_2026(section):
    _, res = section
    emerging = res.results["emerging"]
    usb = [e for e in emerging if e["item"] == "usb-c"]
    assert usb, [e["item"] for e in emerging]
    assert usb[0]["started"].startswith("2026-08")
    assert set(usb[0]["languages"]) == {"en", "et", "pl"}
    assert usb[0]["requirement_id"] == SCENARIO.emerging_requirement
    # the usb-c topic itself is emerging too, from the same month
    topic = [e for e in emerging if e["kind"] == "topic" and e["item"] == usb[0]["topic_id"]]
    assert topic and topic[0]["started"].startswith("2026-08")
    finding = next(f for f in res.findings if f.kind == "emerging_requirement")
    # a burst mapped to a requirement is about that requirement (merges with its Kano shift)
    assert (finding.subject_type, finding.subject_id) == ("requirement", "R-USBC")
    assert finding.related.get("topic") == usb[0]["topic_id"]
    assert finding.evidence["started"].startswith("2026-08")


@pytest.mark.slow
def test_section_contract_and_sentiment(section):
    _, res = section
    assert res.name == "text"
    assert res.summary["languages"].keys() == {"en", "et", "pl"}
    assert res.summary["sentiment_method"] == "organisation"
    quality = res.results["sentiment"]["quality"]
    assert quality["macro_f1"] > 0.8  # demo comments vs their own NPS/CSAT, cross-validated
    by_segment = {r["segment"]: r for r in res.results["sentiment"]["by"]["segment"]}
    assert {"business", "consumer", "education"} <= set(by_segment)
    assert any(f.kind == "complaint_topic" for f in res.findings)
    assert {"languages", "topics", "emerging"} <= set(res.figures)
    import json

    from totalquality import to_jsonable

    json.dumps(to_jsonable(res.to_dict()))  # strict JSON


@pytest.mark.slow
def test_topics_that_drive_nps_and_csat(section):
    """The demo's slow support (the declining segment's problem) is the topic that lowers NPS
    most; the display gap (the drifting stage) lowers it too. Measured (random_state 0): support
    42 % of R² [33, 50], screen gap 17 % [9, 25], both of NPS."""
    tables, res = section
    dominant = {name: top for name, (top, _, _) in _dominant(tables, res).items()}
    for target in ("nps", "csat"):
        drivers = res.results["topic_drivers"][target]
        t = pd.DataFrame(drivers["drivers"]).set_index("driver")
        assert 0 < drivers["r2"] < 1 and drivers["n"] > 1000, target
        for m in ("johnson", "lmg"):  # a decomposition of R²
            assert t[m].sum() == pytest.approx(drivers["r2"]), (target, m)
        support = t.loc[dominant["support"]]
        assert support["rank"] == 1 and support["effect"] == "lowers", target
        assert support["mean_with"] < support["mean_without"]
        assert support["lmg_pct_ci_low"] > 10, target  # clearly more than nothing
        assert t.loc[dominant["display"], "effect"] == "lowers", target
        assert f"topic_drivers_{target}" in res.figures
    assert list(t["name"])[:1] == [t.loc[dominant["support"], "name"]]  # names travel along


@pytest.mark.slow
def test_cli_text_shows_the_topics_that_drive_nps(demo_dir, tmp_path):
    """`tq text` prints the topics and which of them drive NPS and CSAT (a copy of the demo:
    the command keeps its topic model in the workspace)."""
    import shutil

    from _cli import tq

    ws = tmp_path / "ws"
    shutil.copytree(demo_dir, ws, ignore=shutil.ignore_patterns(".tq", ".tq-text"))
    res = tq("text", ws, "--embed-limit", "300")
    assert res.exit_code == 0, res.output
    assert "Topics that drive NPS" in res.output and "Topics that drive CSAT" in res.output
    assert "lowers" in res.output and "raises" in res.output
    assert (ws / ".tq-text" / "topic_model.pkl").exists()


def test_topic_drivers_need_enough_scored_mentions():
    from totalquality import InputError, InsufficientDataError, SmallSampleWarning
    from totalquality.understand._topic_drivers import topic_drivers

    rng = np.random.default_rng(0)
    slow, kind = rng.random(300) < 0.3, rng.random(300) < 0.4
    topics = [("slow",) * int(a) + ("kind",) * int(b) for a, b in zip(slow, kind, strict=True)]
    nps = np.where(slow, 3.0, 9.0) + np.where(kind, 0.5, 0.0) + rng.normal(0, 0.1, 300)
    nps[::25] = np.nan  # not every respondent scored: those texts are left out
    res = topic_drivers(topics, nps, n_boot=20)
    t = res.table.set_index("driver")
    assert res.n == np.isfinite(nps).sum()
    assert t.loc["slow", "effect"] == "lowers" and t.loc["kind", "effect"] == "raises"
    assert t.loc["slow", "rank"] == 1
    scored = np.isfinite(nps)
    assert t.loc["slow", "mentions"] == (slow & scored).sum()
    assert t.loc["slow", "mean_with"] == pytest.approx(nps[slow & scored].mean())
    assert t.loc["slow", "mean_without"] == pytest.approx(nps[~slow & scored].mean())
    with pytest.raises(InsufficientDataError, match="no topic is mentioned"):
        topic_drivers(topics, nps, min_mentions=140)
    with pytest.raises(InsufficientDataError, match="scored texts"):
        topic_drivers(topics[:10], nps[:10])
    with pytest.warns(SmallSampleWarning):  # and the caveat travels with the result
        few = topic_drivers(topics[:28], nps[:28], min_mentions=5, n_boot=20)
    assert few.n == np.isfinite(nps[:28]).sum() < 30 and few.warnings
    # every text mentions exactly one of two topics: their shares cannot be told apart
    either = [("slow",) if a else ("fast",) for a in slow]
    with pytest.raises(InputError, match="collinear"):
        topic_drivers(either, nps)


def test_missing_tables_degrade_gracefully():
    from totalquality import InMemoryTables

    res = run_section(InMemoryTables({}))
    assert res.missing_tables == ("responses", "complaints")
    assert res.summary["texts"] == 0 and res.warnings
