"""The demo company and the quality problems built into its data.

Nordlap OÜ builds laptops and mini PCs in Tartu and sells them in Estonia,
Poland and other EU countries. One year of data, 2025-11-01 .. 2026-10-31.

Everything an analysis should find in the demo data is named here, so that the
generator and the tests that assert the analyses find it share one definition.
A "healthy" variant (``healthy=True``) generates the same company with none of
the problems built in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

START = dt.date(2025, 11, 1)
END = dt.date(2026, 10, 31)  # inclusive
DEFAULT_SEED = 42

COUNTRIES = ("EE", "PL", "LV", "LT", "FI", "DE")
LANGUAGES = ("et", "pl", "en")
SEGMENTS = ("consumer", "business", "education")

PRODUCTS = {
    "P-AIR13": ("Nordlap Air 13", "laptop"),
    "P-PRO15": ("Nordlap Pro 15", "laptop"),
    "P-MINI": ("Nordlap Mini", "desktop"),
}

# stage_id: (name, sequence)
STAGES = {
    "S10": ("SMT board assembly", 10),
    "S20": ("Reflow soldering", 20),
    "S30": ("Display assembly", 30),
    "S40": ("Battery pack assembly", 40),
    "S50": ("Final assembly", 50),
    "S60": ("Burn-in test", 60),
    "S70": ("Packaging", 70),
}

# characteristic_id: (stage_id, name, unit, lsl, target, usl, subgroup_size)
CHARACTERISTICS = {
    "C-S10-PASTE": ("S10", "Solder paste height", "µm", 100.0, 125.0, 150.0, 5),
    "C-S20-PEAK": ("S20", "Reflow peak temperature", "°C", 235.0, 245.0, 255.0, 5),
    "C-S30-GAP": ("S30", "Display bezel gap", "mm", 0.20, 0.50, 0.80, 5),
    "C-S40-CAP": ("S40", "Battery pack capacity", "Wh", 54.0, 57.0, 60.0, 5),
    "C-S50-TORQUE": ("S50", "Chassis screw torque", "N·cm", 25.0, 30.0, 35.0, 5),
    "C-S60-TEMP": ("S60", "CPU temperature under load", "°C", 40.0, 70.0, 90.0, 5),
}

# requirement_id: (name, dimension, stage_id realising it)
REQUIREMENTS = {
    "R-BATTERY": ("Long battery life", "performance", "S40"),
    "R-DISPLAY": ("Flawless display", "quality", "S30"),
    "R-DELIVERY": ("On-time delivery", "service", None),
    "R-SUPPORT": ("Fast, helpful support", "service", None),
    "R-WEIGHT": ("Light weight", "design", "S50"),
    "R-USBC": ("USB-C charging", "features", "S50"),
    "R-RGB": ("RGB keyboard lighting", "features", None),
}

SUPPLIERS = {
    "SUP-VOLTA": "battery cells",
    "SUP-ENERCELL": "battery cells",
    "SUP-LUMI": "display panels",
    "SUP-BOARDTEK": "main boards",
    "SUP-CASEWORKS": "chassis",
}


@dataclass(frozen=True)
class Scenario:
    """The problems built into the default demo data (what the analyses must find)."""

    # 1. A drifting stage: the display bezel gap drifts upward, then is corrected.
    drifting_stage: str = "S30"
    drifting_characteristic: str = "C-S30-GAP"
    drift_start: dt.date = dt.date(2026, 4, 1)
    drift_end: dt.date = dt.date(2026, 6, 30)
    drift_complaint_topic: str = "display"
    #: the process mean rises linearly by this much (mm) from drift_start to drift_end
    #: (in control before: mean 0.50, sigma 0.045), and is back on target the day after
    drift_shift_mm: float = 0.25

    # 2. A bad supplier lot of battery cells: battery defects at burn-in and complaints.
    bad_supplier: str = "SUP-VOLTA"
    bad_supplier_lot: str = "VOLTA-2605"
    bad_lot_window: tuple[dt.date, dt.date] = (dt.date(2026, 5, 4), dt.date(2026, 5, 24))
    bad_lot_defect_stage: str = "S60"
    bad_lot_defect_type: str = "battery swelling"
    bad_lot_complaint_topic: str = "battery"
    #: share of units of a finished lot containing the bad supplier lot that swell at
    #: burn-in (other laptop lots: 0.1 %), and share of its orders with a swollen battery
    #: in the field 10–70 days after delivery (other laptop orders: 0.3 %)
    bad_lot_defect_rate: float = 0.08
    bad_lot_field_rate: float = 0.22

    # 3. Growth strain: a campaign in Poland from August raises volume; final
    #    assembly's first-pass yield falls once weekly volume exceeds the threshold.
    strained_stage: str = "S50"
    growth_start: dt.date = dt.date(2026, 8, 1)
    strain_weekly_units: int = 230
    strain_defect_type: str = "loose chassis screw"
    strain_complaint_topic: str = "rattle"
    #: new Polish customers arrive this many times faster from growth_start (two-week ramp)
    growth_factor_pl: float = 9.0
    #: "loose chassis screw" rate per unit at S50: 0.4 % at or below the threshold, plus
    #: strain_slope × (weekly units / threshold − 1) above it (capped at 15 %); the threshold
    #: scales with the generator's ``scale``
    strain_slope: float = 0.25
    #: an order is late when delivered more than this many days after it was ordered;
    #: extra delays of 4–12 days hit 4 % of orders, 12 % of those built in a strained week
    #: (whose shipments are also 0–1 day slower)
    late_after_days: int = 7

    # 4. A requirement customers start asking for: USB-C charging, from August on,
    #    in comments and complaints, and its Kano category moves from A to M.
    emerging_requirement: str = "R-USBC"
    emerging_topic: str = "usb-c"
    emerging_start: dt.date = dt.date(2026, 8, 1)

    # 5. A segment whose satisfaction falls: business customers, from August
    #    (slow support), NPS down by about 30 points.
    declining_segment: str = "business"
    decline_start: dt.date = dt.date(2026, 8, 1)
    decline_topic: str = "support"
    #: business NPS (about +33 before) falls by about this many points through the
    #: segment's support problems (22 % of business orders from decline_start, 4 % before)
    #: and lower goodwill; measured before/after it falls by 35–45 points, because the
    #: growth strain lowers every segment's scores a little more from mid-August
    decline_nps_points: float = 30.0

    # 6. Right the first time: customers whose first order went wrong
    #    (complaint, defect, late delivery) repurchase about half as often.
    #    "Went wrong": the data show a trace of it — a complaint about the first order, a
    #    late delivery (see late_after_days), a detractor answer (NPS ≤ 6) about it, or a
    #    field defect from its lot (swollen battery, bezel gap, rattle) even without a
    #    complaint.
    #    "Repurchase": another order within repurchase_window_days of the first. Only new
    #    customers (customers.since on or after START) have their first order in the data.
    repurchase_rate_good_first: float = 0.40
    repurchase_rate_bad_first: float = 0.18
    repurchase_window_days: int = 90

    # 7. Kano categories of each requirement (overall), and the shift of R-USBC.
    kano: dict[str, str] = field(
        default_factory=lambda: {
            "R-BATTERY": "O",
            "R-DISPLAY": "M",
            "R-DELIVERY": "M",
            "R-SUPPORT": "O",
            "R-WEIGHT": "A",
            "R-USBC": "A",
            "R-RGB": "I",
        }
    )
    kano_shift: dict[str, tuple[str, str]] = field(
        default_factory=lambda: {"R-USBC": ("A", "M")}  # before / from emerging_start
    )


SCENARIO = Scenario()
