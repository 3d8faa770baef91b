"""The industries a random company is drawn from: products, stages, characteristics, parts.

Each industry lists more than any one company uses; ``_company`` draws a subset (stages in
flow order, 0–2 characteristics per stage, 1–4 supplied parts). Every stage, characteristic
and part names the product topic customers complain about when it goes wrong, so a
planted production problem has a field symptom with its own sentences in the text banks.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EMERGING_NAMES",
    "INDUSTRIES",
    "SERVICE_REQUIREMENTS",
    "CharSpec",
    "Industry",
    "PartSpec",
    "ReqSpec",
    "StageSpec",
]


@dataclass(frozen=True)
class CharSpec:
    """A measured characteristic: target ± half-width tolerance, gauge resolution."""

    key: str
    name: str
    unit: str
    target: float
    half: float
    resolution: float
    topic: str


@dataclass(frozen=True)
class StageSpec:
    key: str
    name: str
    #: what customers complain about when this stage's work goes wrong (growth strain)
    topic: str
    #: (defect type, base rate per unit) — the first is the one that rises under strain
    defects: tuple[tuple[str, float], ...]
    chars: tuple[CharSpec, ...]


@dataclass(frozen=True)
class PartSpec:
    """A bought-in part: its failure shows as ``defect`` at the first of ``stages`` the
    company has (else its last stage) and in the field as (topic, kind)."""

    name: str
    topic: str
    kind: str
    defect: str
    stages: tuple[str, ...]
    suppliers: tuple[str, ...]


@dataclass(frozen=True)
class ReqSpec:
    key: str
    name: str
    dimension: str
    topic: str
    stage: str | None
    kano: str


@dataclass(frozen=True)
class Industry:
    name: str
    brands: tuple[str, ...]
    #: (code, model name, family)
    products: tuple[tuple[str, str, str], ...]
    stages: tuple[StageSpec, ...]
    parts: tuple[PartSpec, ...]
    #: product topics with positive sentences (praise of an aspect)
    praised: tuple[str, ...]
    emerging: tuple[str, ...]
    requirements: tuple[ReqSpec, ...]


def _c(
    key: str, name: str, unit: str, target: float, half: float, res: float, topic: str
) -> CharSpec:
    return CharSpec(key, name, unit, target, half, res, topic)


ELECTRONICS = Industry(
    name="electronics",
    brands=("Kvarts", "Polaris", "Tundra", "Lumen", "Nordvik"),
    products=(
        ("A13", "Air 13", "laptop"),
        ("P15", "Pro 15", "laptop"),
        ("F14", "Flex 14", "convertible"),
        ("S16", "Studio 16", "laptop"),
        ("E11", "Edu 11", "laptop"),
        ("X14", "Carbon X14", "laptop"),
    ),
    stages=(
        StageSpec(
            "SMT",
            "SMT board assembly",
            "thermal",
            (("solder bridge", 0.004), ("missing component", 0.002), ("tombstoning", 0.002)),
            (
                _c("PASTE", "Solder paste height", "µm", 125.0, 25.0, 0.1, "thermal"),
                _c("PLACE", "Component placement offset", "µm", 0.0, 50.0, 0.5, "thermal"),
            ),
        ),
        StageSpec(
            "RFL",
            "Reflow soldering",
            "thermal",
            (("cold joint", 0.004), ("voiding", 0.003)),
            (
                _c("PEAK", "Reflow peak temperature", "°C", 245.0, 10.0, 0.1, "thermal"),
                _c("TAL", "Time above liquidus", "s", 60.0, 15.0, 0.1, "thermal"),
            ),
        ),
        StageSpec(
            "DSP",
            "Display assembly",
            "display",
            (("bezel gap out of spec", 0.002), ("panel scratch", 0.002)),
            (
                _c("GAP", "Display bezel gap", "mm", 0.50, 0.30, 0.001, "display"),
                _c("UNIF", "Backlight uniformity", "%", 90.0, 8.0, 0.1, "display"),
            ),
        ),
        StageSpec(
            "BAT",
            "Battery pack assembly",
            "battery",
            (("cell imbalance", 0.003), ("connector damage", 0.002)),
            (
                _c("CAP", "Battery pack capacity", "Wh", 57.0, 3.0, 0.01, "battery"),
                _c("SPREAD", "Cell voltage spread", "mV", 15.0, 15.0, 0.1, "battery"),
            ),
        ),
        StageSpec(
            "KBD",
            "Keyboard fitting",
            "keyboard",
            (("sticking key", 0.003), ("keyboard misalignment", 0.003)),
            (
                _c("FORCE", "Key actuation force", "g", 60.0, 10.0, 0.1, "keyboard"),
                _c("FLAT", "Keyboard flatness", "mm", 0.25, 0.25, 0.01, "keyboard"),
            ),
        ),
        StageSpec(
            "FIN",
            "Final assembly",
            "rattle",
            (("loose chassis screw", 0.004), ("scratched casing", 0.005)),
            (
                _c("TORQUE", "Chassis screw torque", "N·cm", 30.0, 5.0, 0.1, "rattle"),
                _c("SEAM", "Chassis seam gap", "mm", 0.30, 0.20, 0.01, "rattle"),
            ),
        ),
        StageSpec(
            "BRN",
            "Burn-in test",
            "thermal",
            (("thermal shutdown", 0.003), ("boot failure", 0.003)),
            (
                _c("TEMP", "CPU temperature under load", "°C", 70.0, 20.0, 0.1, "thermal"),
                _c("FAN", "Fan noise at full load", "dB(A)", 32.0, 8.0, 0.1, "thermal"),
            ),
        ),
        StageSpec(
            "PCK",
            "Packaging",
            "packaging",
            (("damaged box", 0.002), ("missing accessory", 0.002)),
            (_c("WEIGHT", "Packed weight", "g", 2100.0, 80.0, 1.0, "packaging"),),
        ),
    ),
    parts=(
        PartSpec(
            "battery cells",
            "battery",
            "swelling",
            "battery swelling",
            ("BRN", "BAT"),
            ("VOLTA", "ENERCELL", "CELLTRON"),
        ),
        PartSpec("display panel", "display", "neg", "dead pixel", ("DSP",), ("LUMI", "PANELCO")),
        PartSpec(
            "main board",
            "thermal",
            "neg",
            "board failure",
            ("BRN", "SMT"),
            ("BOARDTEK", "CIRCUITA"),
        ),
        PartSpec("chassis", "rattle", "neg", "chassis defect", ("FIN",), ("CASEWORKS", "ALUFORM")),
        PartSpec(
            "keyboard module", "keyboard", "neg", "dead key", ("KBD", "FIN"), ("KEYMAX", "TYPELINE")
        ),
    ),
    praised=("battery", "display", "keyboard", "thermal"),
    emerging=("usb-c", "ram", "linux"),
    requirements=(
        ReqSpec("BATTERY", "Long battery life", "performance", "battery", "BAT", "O"),
        ReqSpec("DISPLAY", "Flawless display", "quality", "display", "DSP", "M"),
        ReqSpec("COOL", "Quiet and cool running", "performance", "thermal", "BRN", "O"),
        ReqSpec("KEYBOARD", "Comfortable keyboard", "design", "keyboard", "KBD", "O"),
        ReqSpec("BUILD", "Solid build", "quality", "rattle", "FIN", "M"),
    ),
)

EBIKES = Industry(
    name="ebikes",
    brands=("Velora", "Ratas", "Rowerix", "Tuulik", "Voltbike"),
    products=(
        ("CTY", "City 7", "city e-bike"),
        ("TRK", "Trek 500", "trekking e-bike"),
        ("CRG", "Cargo Duo", "cargo e-bike"),
        ("FLD", "Fold S", "folding e-bike"),
        ("MTB", "Mountain X", "e-MTB"),
        ("URB", "Urban Step", "city e-bike"),
    ),
    stages=(
        StageSpec(
            "WLD",
            "Frame welding",
            "frame",
            (("porous weld", 0.003), ("misaligned dropout", 0.002)),
            (
                _c("SEAM", "Weld seam width", "mm", 6.0, 1.0, 0.01, "frame"),
                _c("ALIGN", "Frame alignment", "mm", 0.0, 1.5, 0.01, "frame"),
            ),
        ),
        StageSpec(
            "PNT",
            "Painting",
            "frame",
            (("paint run", 0.004), ("bare spot", 0.002)),
            (_c("COAT", "Paint thickness", "µm", 80.0, 20.0, 0.1, "frame"),),
        ),
        StageSpec(
            "WHL",
            "Wheel building",
            "brakes",
            (("loose spoke", 0.003), ("rim dent", 0.001)),
            (
                _c("TENSION", "Spoke tension", "kgf", 120.0, 20.0, 0.1, "brakes"),
                _c("RUNOUT", "Rim runout", "mm", 0.25, 0.25, 0.01, "brakes"),
            ),
        ),
        StageSpec(
            "DRV",
            "Drivetrain assembly",
            "gears",
            (("derailleur misadjusted", 0.004), ("chain skip", 0.002)),
            (
                _c("CHAIN", "Chain tension", "mm", 10.0, 5.0, 0.1, "gears"),
                _c("INDEX", "Derailleur index offset", "mm", 0.0, 0.6, 0.01, "gears"),
            ),
        ),
        StageSpec(
            "MOT",
            "Motor installation",
            "motor",
            (("motor noise", 0.003), ("connector fault", 0.002)),
            (
                _c("MOUNT", "Motor mount torque", "N·m", 40.0, 5.0, 0.1, "motor"),
                _c("CURRENT", "Motor idle current", "A", 8.0, 2.0, 0.01, "motor"),
            ),
        ),
        StageSpec(
            "BAT",
            "Battery pack assembly",
            "battery",
            (("cell imbalance", 0.003), ("BMS fault", 0.002)),
            (
                _c("CAP", "Pack capacity", "Ah", 14.0, 0.8, 0.01, "battery"),
                _c("RES", "Pack internal resistance", "mΩ", 120.0, 40.0, 0.1, "battery"),
            ),
        ),
        StageSpec(
            "FIN",
            "Final assembly",
            "brakes",
            (("brake rub", 0.004), ("loose handlebar", 0.002)),
            (
                _c("LEVER", "Brake lever travel", "mm", 12.0, 4.0, 0.1, "brakes"),
                _c("STEM", "Stem bolt torque", "N·m", 6.0, 1.0, 0.01, "frame"),
            ),
        ),
        StageSpec(
            "RDT",
            "Road test",
            "motor",
            (("assist cut-out", 0.003), ("brake squeal", 0.003)),
            (
                _c("ASSIST", "Assist torque", "N·m", 85.0, 10.0, 0.1, "motor"),
                _c("STOP", "Braking distance at 25 km/h", "m", 4.0, 1.0, 0.01, "brakes"),
            ),
        ),
    ),
    parts=(
        PartSpec(
            "battery cells",
            "battery",
            "neg",
            "cell failure",
            ("BAT", "RDT"),
            ("VOLTA", "CELLTRON", "LIONIX"),
        ),
        PartSpec(
            "hub motor", "motor", "neg", "motor fault", ("MOT", "RDT"), ("BAFANG-EU", "MOTORIX")
        ),
        PartSpec("brake set", "brakes", "neg", "brake leak", ("FIN", "RDT"), ("STOPTEC", "DISKO")),
        PartSpec("derailleur", "gears", "neg", "shifting fault", ("DRV",), ("GEARWORKS", "SHIFTO")),
        PartSpec("frame tubes", "frame", "neg", "tube flaw", ("WLD",), ("STEELO", "ALUTUBE")),
    ),
    praised=("motor", "battery", "brakes", "gears"),
    emerging=("gps", "removable-battery", "cargo-rack"),
    requirements=(
        ReqSpec("RANGE", "Long range", "performance", "battery", "BAT", "O"),
        ReqSpec("MOTOR", "Strong, smooth motor", "performance", "motor", "MOT", "O"),
        ReqSpec("BRAKES", "Safe brakes", "safety", "brakes", "FIN", "M"),
        ReqSpec("SHIFT", "Smooth shifting", "quality", "gears", "DRV", "M"),
        ReqSpec("FRAME", "Durable frame and paint", "quality", "frame", "PNT", "M"),
    ),
)

KITCHEN = Industry(
    name="kitchen",
    brands=("Kööken", "Kuchnix", "Hearth", "Pliita", "Cookwell"),
    products=(
        ("DW45", "Dishwasher D45", "dishwasher"),
        ("OV60", "Built-in oven B60", "oven"),
        ("ES2", "Espresso E2", "coffee machine"),
        ("IH4", "Induction hob I4", "hob"),
        ("RH90", "Range hood H90", "hood"),
        ("KT1", "Kettle K1", "kettle"),
    ),
    stages=(
        StageSpec(
            "PRS",
            "Sheet metal forming",
            "door",
            (("dented panel", 0.003), ("burr", 0.002)),
            (
                _c("FLAT", "Panel flatness", "mm", 0.4, 0.4, 0.01, "door"),
                _c("BEND", "Bend angle", "°", 90.0, 1.0, 0.01, "door"),
            ),
        ),
        StageSpec(
            "CTG",
            "Enamel coating",
            "door",
            (("coating bubble", 0.003),),
            (_c("COAT", "Coating thickness", "µm", 120.0, 30.0, 0.1, "door"),),
        ),
        StageSpec(
            "HTR",
            "Heating element assembly",
            "heating",
            (("element open circuit", 0.002), ("loose terminal", 0.002)),
            (
                _c("OHM", "Element resistance", "Ω", 26.5, 1.5, 0.01, "heating"),
                _c("INSUL", "Insulation resistance", "MΩ", 50.0, 40.0, 0.1, "heating"),
            ),
        ),
        StageSpec(
            "HYD",
            "Pump and hydraulics",
            "leak",
            (("hose clamp loose", 0.003), ("pump noise", 0.002)),
            (
                _c("CLAMP", "Hose clamp torque", "N·cm", 250.0, 30.0, 0.1, "leak"),
                _c("FLOW", "Pump flow", "l/min", 12.0, 2.0, 0.01, "leak"),
            ),
        ),
        StageSpec(
            "DOR",
            "Door assembly",
            "door",
            (("door misaligned", 0.003), ("seal pinched", 0.002)),
            (
                _c("GAP", "Door gap", "mm", 3.0, 1.0, 0.01, "door"),
                _c("SEAL", "Seal compression", "mm", 2.5, 0.7, 0.01, "leak"),
            ),
        ),
        StageSpec(
            "ELC",
            "Control electronics",
            "controls",
            (("display fault", 0.002), ("button fault", 0.003)),
            (_c("VOLT", "Board supply voltage", "V", 5.0, 0.15, 0.001, "controls"),),
        ),
        StageSpec(
            "FIN",
            "Final assembly",
            "noise",
            (("loose motor mount", 0.003), ("scratched front", 0.004)),
            (_c("MOUNT", "Motor mount torque", "N·m", 8.0, 1.0, 0.01, "noise"),),
        ),
        StageSpec(
            "TST",
            "Function test",
            "heating",
            (("temperature out of range", 0.003), ("leak at test", 0.002)),
            (
                _c("SETPT", "Temperature at 180 °C setpoint", "°C", 180.0, 8.0, 0.1, "heating"),
                _c("NOISE", "Noise level", "dB(A)", 44.0, 6.0, 0.1, "noise"),
            ),
        ),
    ),
    parts=(
        PartSpec(
            "heating element",
            "heating",
            "neg",
            "element failure",
            ("HTR", "TST"),
            ("THERMA", "HEATCO", "CALORIX"),
        ),
        PartSpec("pump", "leak", "neg", "pump leak", ("HYD", "TST"), ("AQUAPUMP", "FLUIDO")),
        PartSpec(
            "control board",
            "controls",
            "neg",
            "control board fault",
            ("ELC", "TST"),
            ("CIRCUITA", "BOARDTEK"),
        ),
        PartSpec("door seal", "leak", "neg", "seal defect", ("DOR",), ("SEALTEC", "GUMMI")),
        PartSpec(
            "door hinge", "door", "neg", "hinge defect", ("DOR", "FIN"), ("HINGEWORKS", "SCHARNIER")
        ),
    ),
    praised=("heating", "noise", "controls"),
    emerging=("wifi", "quiet-mode", "dishwasher-safe"),
    requirements=(
        ReqSpec("HEAT", "Fast, even heating", "performance", "heating", "HTR", "O"),
        ReqSpec("TIGHT", "No leaks", "quality", "leak", "HYD", "M"),
        ReqSpec("QUIET", "Quiet operation", "comfort", "noise", "FIN", "O"),
        ReqSpec("DOOR", "Sturdy door", "quality", "door", "DOR", "M"),
        ReqSpec("CONTROLS", "Easy controls", "usability", "controls", "ELC", "A"),
    ),
)

INDUSTRIES: dict[str, Industry] = {i.name: i for i in (ELECTRONICS, EBIKES, KITCHEN)}

SERVICE_REQUIREMENTS = (
    ReqSpec("DELIVERY", "On-time delivery", "service", "delivery", None, "M"),
    ReqSpec("SUPPORT", "Fast, helpful support", "service", "support", None, "O"),
    ReqSpec("INVOICE", "Correct invoices", "service", "invoices", None, "M"),
    ReqSpec("VALUE", "Fair price", "value", "price", None, "O"),
    ReqSpec("ONLINE", "Easy ordering online", "service", "app", None, "A"),
    ReqSpec("RETURNS", "Easy returns", "service", "returns", None, "I"),
)

#: wished-for features: topic -> (requirement key, name, dimension)
EMERGING_NAMES: dict[str, tuple[str, str, str]] = {
    "usb-c": ("USBC", "USB-C charging", "features"),
    "ram": ("RAM", "Upgradeable memory", "features"),
    "linux": ("LINUX", "Linux support", "features"),
    "gps": ("GPS", "GPS theft tracking", "features"),
    "removable-battery": ("SWAP", "Removable battery", "features"),
    "cargo-rack": ("RACK", "Cargo rack and child seat mount", "features"),
    "wifi": ("APP", "App control over Wi-Fi", "features"),
    "quiet-mode": ("NIGHT", "Quiet night mode", "features"),
    "dishwasher-safe": ("DWSAFE", "Dishwasher-safe parts", "features"),
    "parcel-locker": ("LOCKER", "Delivery to parcel lockers", "service"),
    "e-invoice": ("EINVOICE", "E-invoicing", "service"),
    "instalments": ("INSTAL", "Payment in instalments", "service"),
}
