"""One ranked list: merged, explained and deterministic."""

import random

from totalquality import Finding
from totalquality.improve import rank_findings


def _f(kind, stype, sid, conf=0.9, sev=0.5, source="a", significant=True, **impact):
    return Finding(
        kind=kind,
        subject_type=stype,
        subject_id=sid,
        title=f"{kind} {sid}",
        action="do something",
        confidence=conf,
        severity=sev,
        source=source,
        significant=significant,
        impact=impact,
    )


FINDINGS = [
    _f("supplier_lot_problem", "supplier_lot", "VOLTA-2605", 0.99, 0.8, "links", orders=300),
    _f("process_out_of_control", "characteristic", "C-S30-GAP", 0.99, 0.7, "process", orders=50),
    _f("process_out_of_control", "characteristic", "C-S30-GAP", 0.95, 0.6, "links", orders=400),
    _f("score_below_benchmark", "segment", "all", 0.6, 0.2, "satisfaction"),
    _f("growth_strain", "stage", "S50", 0.98, 0.6, "growth"),
    _f("complaint_topic", "topic", "price", 0.3, 0.3, "text", significant=False),
]


def test_merged_ranked_and_explained():
    recs = rank_findings(FINDINGS)
    keys = [r.key for r in recs]
    assert len(keys) == len(set(keys)) == 5
    gap = next(r for r in recs if r.subject_id == "C-S30-GAP")
    assert gap.sources == ("links", "process")
    assert "corroboration" in gap.score_explanation
    assert gap.impact["orders"] == 50  # the lead finding's impact, others fill gaps
    assert [r.rank for r in recs] == list(range(1, 6))
    # significant items come first; the non-significant one is last and says so
    assert recs[-1].subject_id == "price" and not recs[-1].significant
    assert "watch item" in recs[-1].score_explanation
    scores = [r.score for r in recs if r.significant]
    assert scores == sorted(scores, reverse=True)


def test_ranking_is_deterministic_under_input_order():
    expected = [r.key for r in rank_findings(FINDINGS)]
    for seed in range(5):
        shuffled = FINDINGS[:]
        random.Random(seed).shuffle(shuffled)
        assert [r.key for r in rank_findings(shuffled)] == expected


def test_recommendation_serialises():
    d = rank_findings(FINDINGS)[0].to_dict()
    for key in (
        "rank",
        "kind",
        "subject_type",
        "subject_id",
        "title",
        "action",
        "evidence",
        "impact",
        "confidence",
        "score",
        "score_explanation",
    ):
        assert key in d


def test_a_topic_explained_by_a_cause_is_folded_into_it_as_a_symptom():
    """Complaints about a topic traced to a drifting characteristic: one item, the cause."""
    from dataclasses import replace

    cause = replace(
        _f("process_out_of_control", "characteristic", "C1", source="links"),
        related={"topic": "T3"},
    )
    symptom = _f("complaint_topic", "topic", "T3", source="text_emerging", complaints=40)
    other = _f("complaint_topic", "topic", "T4", source="text_emerging", complaints=40)
    recs = rank_findings([symptom, cause, other])
    keys = [r.key for r in recs]
    assert keys.count("process_out_of_control:characteristic:C1") == 1
    assert "complaint_topic:topic:T3" not in keys  # folded: listed once, as its cause
    assert "complaint_topic:topic:T4" in keys  # nothing explains it: it stays
    lead = next(r for r in recs if r.subject_id == "C1")
    assert lead.evidence["symptoms"][0]["key"] == "complaint_topic:topic:T3"
    assert set(lead.sources) == {"links", "text_emerging"}
    # not significant causes explain nothing
    weak = replace(cause, significant=False)
    assert "complaint_topic:topic:T3" in [r.key for r in rank_findings([symptom, weak])]
