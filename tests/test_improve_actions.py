"""PDCA/CAPA: an action cannot close as effective without evidence from the data."""

import numpy as np
import pandas as pd
import pytest

from totalquality import ActionError, InMemoryTables
from totalquality.improve import advance, check_effect, close, new_action, record_check


def _fpy_tables(improves: bool) -> InMemoryTables:
    rng = np.random.default_rng(0)
    days = pd.date_range("2026-01-01", "2026-06-30", freq="D", tz="UTC")
    after = days >= pd.Timestamp("2026-04-01", tz="UTC")
    p_fail = np.where(after & improves, 0.02, 0.06)
    failed = rng.binomial(200, p_fail)
    ins = pd.DataFrame(
        {
            "stage_id": "S50",
            "inspected_at": days,
            "inspected": 200,
            "passed_first_time": 200 - failed,
        }
    )
    return InMemoryTables({"inspections": ins})


def _through_to_check(started="2026-04-01T00:00:00+00:00"):
    a = new_action("A1", "growth_strain:stage:S50", "Add a second screwdriver station", by="mari")
    a = advance(a, "do", by="mari", at=started)
    return advance(a, "check", by="mari")


def test_full_cycle_closes_effective_with_evidence():
    a = _through_to_check()
    check = check_effect(a, _fpy_tables(improves=True))
    assert check.improved and check.significant and check.after > check.before
    a = record_check(a, check)
    a = advance(a, "act")
    a = close(a, effective=True, by="mari")
    assert a.status == "closed" and a.effective is True
    assert [h["status"] for h in a.history] == ["plan", "do", "check", "check", "act", "closed"]


def test_cannot_close_effective_without_a_real_effect():
    a = _through_to_check()
    check = check_effect(a, _fpy_tables(improves=False))
    assert not check.significant
    a = advance(record_check(a, check), "act")
    with pytest.raises(ActionError, match="no significant improvement"):
        close(a, effective=True)
    with pytest.raises(ActionError, match="note"):
        close(a, effective=False)
    assert close(a, effective=False, note="screws were not the cause").effective is False


def test_transitions_are_enforced():
    a = new_action("A2", "segment_decline:segment:business", "Faster support")
    with pytest.raises(ActionError, match="can move to do"):
        advance(a, "check")
    with pytest.raises(ActionError, match="close"):
        advance(a, "closed")
