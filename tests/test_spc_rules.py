"""Western Electric and Nelson run rules against qcc's test vectors.

Source [T]: luca-scr/qcc @ af35099, tests/testthat/test-rules.R and test-qcc.R, as listed in
tests/reference/spc/EXPECTED.md ("Run-rule test vectors": center 0, sigma 1, limits ±3,
individuals). Flagged points are 1-based positions.
"""

import numpy as np
import pytest

from totalquality._errors import InputError
from totalquality.build_quality_in._charts import IndividualsChart
from totalquality.build_quality_in._rules import (
    DEFAULT_RULES,
    NELSON,
    TOLERANCE,
    WESTERN_ELECTRIC,
    combine_rules,
    evaluate_rules,
    evaluate_rules_grouped,
    normalize_rules,
    violations_from_flags,
)

pytestmark = pytest.mark.filterwarnings("ignore::totalquality._errors.TotalQualityWarning")


def flagged(z, rule):
    mask = evaluate_rules(np.asarray(z, dtype=float), [rule])[rule]
    return [int(i) + 1 for i in np.flatnonzero(mask)]


def chart_flagged(z, rule):
    """The same through an individuals chart with known center 0 and sigma 1."""
    res = IndividualsChart(center=0.0, sigma=1.0, rules=[rule]).fit(z).result_.location
    for v in res.violations:
        if v.rule == rule:
            return list(v.positions)
    return []


# [T test-rules.R] Western Electric rules
WE_CASES = [
    ("WE1", [0, 3.2, -3.5, 2.9], [2, 3]),
    ("WE2", [0, 2.5, 1.0, 2.6, 0], [4]),
    ("WE3", [0, 1.2, 1.3, 0.2, 1.4, 1.5], [6]),
    ("WE4", [-1] * 8 + [1], [8]),
    ("WE4", [0.5] * 8 + [-0.5], [8]),
]

# [T test-rules.R] Nelson rules
NELSON_CASES = [
    ("N1", [0, 3.2, -3.4, 3], [2, 3]),  # a point exactly on the limit is not flagged
    ("N2", [0.5] * 10 + [-0.5] * 10, [9, 10, 19, 20]),
    ("N3", [1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1], [6, 7, 13, 14]),
    ("N4", [1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 8, 7, 9, 8], [14, 15]),
    ("N4", [0, 1] * 7 + [0], [14, 15]),
    ("N5", [0, 2.3, 0.4, 2.2, -2.4, -0.2, -2.5], [4, 7]),
    ("N6", [1.2, 1.3, 0.2, 1.4, 1.5, -1.2, -1.3, -0.1, -1.4, -1.5], [5, 10]),
    ("N7", [0.3] * 16 + [1.2], [15, 16]),
    ("N8", [1.2, -1.3, 1.1, -1.4, 1.5, -1.2, 1.3, -1.1, 0.2], [8]),
    ("N8", [1.2] * 8, []),  # all on one side
]


@pytest.mark.parametrize(("rule", "z", "expected"), WE_CASES + NELSON_CASES)
def test_rule_vectors(rule, z, expected):
    """[T] qcc test-rules.R vectors."""
    assert flagged(z, rule) == expected
    assert chart_flagged(z, rule) == expected


def test_alternating_zero_one_is_not_we4():
    """[T] Western Electric rule 4 on 0,1,0,1,… (15 points): none."""
    assert flagged([0, 1] * 7 + [0], "WE4") == []


def test_overlap_and_precedence():
    """[T test-rules.R] overlap 2.5 ×7, 3.2 and the precedence combination."""
    z = [2.5] * 7 + [3.2]
    assert flagged(z, "WE4") == [8]
    assert flagged(z, "WE3") == [5, 6, 7, 8]
    assert flagged(z, "WE2") == [3, 4, 5, 6, 7, 8]
    assert flagged(z, "WE1") == [8]
    combined = combine_rules(evaluate_rules(z, ["WE4", "WE3", "WE2"]))
    assert list(combined) == [None, None, "WE2", "WE2", "WE2", "WE2", "WE2", "WE2"]
    combined = combine_rules(evaluate_rules(z, ["WE4", "WE3", "WE2", "WE1"]))
    assert list(combined) == [None, None, "WE2", "WE2", "WE2", "WE2", "WE2", "WE1"]


def test_nelson_precedence_lower_number_wins():
    """qcc qccRules: within the Nelson set the lowest-numbered rule is reported."""
    z = [0.5] * 9
    combined = combine_rules(evaluate_rules(z, NELSON))
    assert combined[-1] == "N2"


def test_tolerance_on_the_line_and_the_limit():
    """A point within TOLERANCE of the limit is not beyond; of the center, on no side."""
    assert flagged([0, 3 + TOLERANCE / 2, -3 - TOLERANCE / 2], "WE1") == []
    assert flagged([0, 3 + 1e-6], "WE1") == [2]
    # a point on the center line (within tolerance) breaks an 8-point run
    z = [0.5] * 4 + [1e-12] + [0.5] * 4
    assert flagged(z, "WE4") == []
    assert flagged([0.5] * 8, "WE4") == [8]


def test_zones_scale_with_nsigmas():
    """qcc: zone rules use nsigmas·2/3 and nsigmas/3 (2σ limits → zones at 4/3 and 2/3)."""
    z = [0, 1.5, 0, 1.5]
    assert evaluate_rules(z, ["WE2"], nsigmas=2.0)["WE2"].tolist() == [False] * 3 + [True]
    assert evaluate_rules(z, ["WE2"], nsigmas=3.0)["WE2"].tolist() == [False] * 4


def test_grouped_equals_separate_series():
    """Runs and windows never cross from one characteristic to the next."""
    rng = np.random.default_rng(1)
    series = [rng.normal(0.8, 1.2, size=n) for n in (40, 7, 60, 1, 25)]
    group = np.concatenate([np.full(len(s), i) for i, s in enumerate(series)])
    z = np.concatenate(series)
    rules = WESTERN_ELECTRIC + NELSON
    grouped = evaluate_rules_grouped(group, z, rules)
    for code in rules:
        separate = np.concatenate([evaluate_rules(s, [code])[code] for s in series])
        assert grouped[code].tolist() == separate.tolist(), code
    # a run of 8 split 4 + 4 across two groups is no run
    z = np.full(8, 0.5)
    g = np.array([0] * 4 + [1] * 4)
    assert not evaluate_rules_grouped(g, z, ["WE4"])["WE4"].any()
    with pytest.raises(InputError):
        evaluate_rules_grouped([1, 0], [0.0, 0.0], ["WE1"])


def test_normalize_rules_and_violations():
    assert normalize_rules(None) == DEFAULT_RULES == ("WE1", "WE4")
    assert normalize_rules("nelson") == NELSON
    assert normalize_rules(["we2", "Nelson3"]) == ("WE2", "N3")
    with pytest.raises(InputError):
        normalize_rules([1, 4])
    with pytest.raises(InputError):
        normalize_rules(["WE9"])
    flags = evaluate_rules([0, 3.2, -3.5], ["WE1"])
    (v,) = violations_from_flags(flags, ["a", "b", "c"])
    assert (v.rule, v.positions, v.sample_ids) == ("WE1", (2, 3), ("b", "c"))
    assert v.to_dict()["positions"] == [2, 3]
