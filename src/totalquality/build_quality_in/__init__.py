"""build_quality_in: statistical process control, capability, yield, defects, suppliers.

Single charts (one characteristic, numpy in): Shewhart X̄–R, X̄–S, individuals–MR, p, np,
c, u with Western Electric / Nelson rules; EWMA, CUSUM, Hotelling T²; OC curves.
At scale (every characteristic of a workspace at once, in the columnar engine):
:class:`ControlChartsAtScale`. Capability, first-pass and rolled throughput yield, defect
Pareto and supplier/lot quality. :func:`run_section` runs all of it on a workspace.
"""

from ._at_scale import ControlChartsAtScale, SpcAtScaleResult, spc_at_scale
from ._capability import CapabilityIndex, CapabilityResult, ProcessCapability
from ._charts import (
    CChart,
    ControlChartResult,
    ControlLimits,
    IndividualsChart,
    NPChart,
    PairedChartResult,
    PChart,
    RChart,
    SChart,
    UChart,
    XbarChart,
    XbarRChart,
    XbarSChart,
)
from ._constants import c4, d2, d3
from ._ewma_cusum import (
    CusumARL,
    CUSUMChart,
    CUSUMResult,
    EWMAChart,
    EWMAResult,
    TabularCusumResult,
    cusum_arl,
    tabular_cusum,
)
from ._multivariate import HotellingT2Chart, HotellingT2Result
from ._oc import OCCurve, OverdispersionResult, oc_curve, overdispersion_test
from ._pareto import ParetoResult, defect_pareto
from ._rules import evaluate_rules, normalize_rules
from ._section import run_section
from ._subgroups import Subgroups, make_subgroups
from ._suppliers import (
    SupplierLotTrace,
    SupplierQualityResult,
    incoming_quality,
    supplier_quality,
    trace_supplier_lot,
)
from ._yield import (
    DefectRateResult,
    RolledYieldResult,
    YieldResult,
    defects_per_unit,
    first_pass_yield,
    rolled_throughput_yield,
)

__all__ = [
    "CChart",
    "CUSUMChart",
    "CUSUMResult",
    "CapabilityIndex",
    "CapabilityResult",
    "ControlChartResult",
    "ControlChartsAtScale",
    "ControlLimits",
    "CusumARL",
    "DefectRateResult",
    "EWMAChart",
    "EWMAResult",
    "HotellingT2Chart",
    "HotellingT2Result",
    "IndividualsChart",
    "NPChart",
    "OCCurve",
    "OverdispersionResult",
    "PChart",
    "PairedChartResult",
    "ParetoResult",
    "ProcessCapability",
    "RChart",
    "RolledYieldResult",
    "SChart",
    "SpcAtScaleResult",
    "Subgroups",
    "SupplierLotTrace",
    "SupplierQualityResult",
    "TabularCusumResult",
    "UChart",
    "XbarChart",
    "XbarRChart",
    "XbarSChart",
    "YieldResult",
    "c4",
    "cusum_arl",
    "d2",
    "d3",
    "defect_pareto",
    "defects_per_unit",
    "evaluate_rules",
    "first_pass_yield",
    "incoming_quality",
    "make_subgroups",
    "normalize_rules",
    "oc_curve",
    "overdispersion_test",
    "rolled_throughput_yield",
    "run_section",
    "spc_at_scale",
    "supplier_quality",
    "tabular_cusum",
    "trace_supplier_lot",
]
