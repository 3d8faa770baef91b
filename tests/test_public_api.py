"""The public surface is deliberate: adding or removing a name is a conscious change."""

import totalquality

EXPECTED_TOP_LEVEL = {
    "TABLES",
    "ActionError",
    "Analysis",
    "ConvergenceWarning",
    "Finding",
    "InMemoryTables",
    "InputError",
    "InsufficientDataError",
    "MissingTableError",
    "NonNormalWarning",
    "NotFittedError",
    "NotFoundError",
    "Problem",
    "ReliabilityWarning",
    "Result",
    "SmallSampleWarning",
    "StoreError",
    "TableSource",
    "TotalQualityError",
    "TotalQualityWarning",
    "UnstableProcessWarning",
    "__version__",
    "json_schema",
    "to_jsonable",
}


def test_top_level_all_is_pinned():
    assert set(totalquality.__all__) == EXPECTED_TOP_LEVEL
    for name in totalquality.__all__:
        assert hasattr(totalquality, name), name


def test_error_hierarchy():
    from totalquality import (
        InputError,
        InsufficientDataError,
        MissingTableError,
        NotFittedError,
        StoreError,
        TotalQualityError,
    )

    for cls in (InputError, InsufficientDataError, MissingTableError, NotFittedError, StoreError):
        assert issubclass(cls, TotalQualityError)
    assert issubclass(MissingTableError, InputError)


def test_problem_names_file_row_column():
    from totalquality import Problem

    text = str(
        Problem(
            "orders.csv",
            "expected an ISO 8601 timestamp",
            row=7,
            column="ordered_at",
            value="yesterday",
        )
    )
    assert "orders.csv" in text and "row 7" in text and "ordered_at" in text and "yesterday" in text
