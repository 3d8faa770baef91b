"""measure: what customers think.

Scores with honest uncertainty (NPS with Wald, adjusted Wald and score
intervals as in the R NPS package; CSAT; CES), grouped and trended with
significance-aware flags; Kano classification and its shifts over time;
perception − expectation gaps (SERVQUAL) and importance–performance analysis;
key drivers (Johnson's relative weights, LMG/Shapley); comparisons with targets
and benchmarks; the PLS path model of a customer satisfaction index.
"""

from ._benchmarking import (
    BenchmarkComparison,
    compare_groups_with_value,
    compare_scores,
    compare_with_value,
)
from ._drivers import (
    DriverResult,
    KeyDriverAnalysis,
    johnson_weights,
    lmg_weights,
    relative_importance,
)
from ._gaps import (
    IPA_QUADRANTS,
    GapAnalysis,
    GapResult,
    IPAResult,
    gaps_from_means,
    importance_performance,
    servqual_score,
)
from ._kano import (
    EVALUATION_TABLE,
    KANO_CATEGORIES,
    KanoAnalysis,
    KanoResult,
    kano_category,
    kano_statistics,
)
from ._pls import (
    BlockSummary,
    EffectEstimate,
    ItemEstimate,
    PathEstimate,
    PLSPathModel,
    PLSResult,
    ReliabilityWarning,
    handle_missing,
)
from ._scores import (
    ScoreDifference,
    ScoreEstimate,
    TrendResult,
    ces,
    change_points,
    csat,
    grouped_scores,
    nps,
    nps_counts,
    nps_difference,
    nps_variance,
    score_trend,
)
from ._section import run_requirements_section, run_section

__all__ = [
    # scores
    "ScoreDifference",
    "ScoreEstimate",
    "TrendResult",
    "ces",
    "change_points",
    "csat",
    "grouped_scores",
    "nps",
    "nps_counts",
    "nps_difference",
    "nps_variance",
    "score_trend",
    # benchmarking
    "BenchmarkComparison",
    "compare_groups_with_value",
    "compare_scores",
    "compare_with_value",
    # Kano
    "EVALUATION_TABLE",
    "KANO_CATEGORIES",
    "KanoAnalysis",
    "KanoResult",
    "kano_category",
    "kano_statistics",
    # gaps and IPA
    "IPA_QUADRANTS",
    "GapAnalysis",
    "GapResult",
    "IPAResult",
    "gaps_from_means",
    "importance_performance",
    "servqual_score",
    # key drivers
    "DriverResult",
    "KeyDriverAnalysis",
    "johnson_weights",
    "lmg_weights",
    "relative_importance",
    # PLS path model (customer satisfaction index)
    "BlockSummary",
    "EffectEstimate",
    "ItemEstimate",
    "PLSPathModel",
    "PLSResult",
    "PathEstimate",
    "ReliabilityWarning",
    "handle_missing",
    # section runners
    "run_requirements_section",
    "run_section",
]
