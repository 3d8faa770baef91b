"""Connect: customer voice ↔ orders ↔ lots ↔ stages and suppliers; growth; retention."""

from ._growth import GrowthQuality, GrowthResult, StageStrain
from ._links import ComplaintLinks, LinkResult
from ._retention import RetentionAnalysis, RetentionResult
from ._section import run_growth_section, run_links_section, run_retention_section

__all__ = [
    "ComplaintLinks",
    "GrowthQuality",
    "GrowthResult",
    "LinkResult",
    "RetentionAnalysis",
    "RetentionResult",
    "StageStrain",
    "run_growth_section",
    "run_links_section",
    "run_retention_section",
]
