"""Report strings in English, Estonian and Polish.

The report carries all three and switches in the browser, so one file serves
every reader. Numbers and dates are formatted per language with Babel.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_datetime

LANGUAGES = ("en", "et", "pl")

STRINGS: dict[str, dict[str, str]] = {
    "title": {
        "en": "Quality report",
        "et": "Kvaliteediaruanne",
        "pl": "Raport jakości",
    },
    "generated": {"en": "Generated", "et": "Koostatud", "pl": "Wygenerowano"},
    "language": {"en": "Language", "et": "Keel", "pl": "Język"},
    "summary": {"en": "Summary", "et": "Kokkuvõte", "pl": "Podsumowanie"},
    "recommendations": {"en": "Recommendations", "et": "Soovitused", "pl": "Rekomendacje"},
    "rank": {"en": "Rank", "et": "Koht", "pl": "Pozycja"},
    "kind": {"en": "Kind", "et": "Liik", "pl": "Rodzaj"},
    "subject": {"en": "Subject", "et": "Objekt", "pl": "Obiekt"},
    "action": {"en": "Recommended action", "et": "Soovitatud tegevus", "pl": "Zalecane działanie"},
    "evidence": {"en": "Evidence", "et": "Tõendid", "pl": "Dowody"},
    "impact": {"en": "Impact", "et": "Mõju", "pl": "Wpływ"},
    "confidence": {"en": "Confidence", "et": "Kindlus", "pl": "Pewność"},
    "score": {"en": "Score", "et": "Skoor", "pl": "Wynik"},
    "why_rank": {"en": "Why this rank", "et": "Miks see koht", "pl": "Dlaczego ta pozycja"},
    "watch": {"en": "watch", "et": "jälgida", "pl": "obserwować"},
    "customers_write": {
        "en": "What customers write about",
        "et": "Millest kliendid kirjutavad",
        "pl": "O czym piszą klienci",
    },
    "warnings": {"en": "Caveats", "et": "Hoiatused", "pl": "Zastrzeżenia"},
    "missing": {"en": "Missing tables", "et": "Puuduvad tabelid", "pl": "Brakujące tabele"},
    "findings": {"en": "Findings", "et": "Leiud", "pl": "Ustalenia"},
    "expectations": {
        "en": "What customers now expect",
        "et": "Mida kliendid nüüd ootavad",
        "pl": "Czego klienci teraz oczekują",
    },
    "no_recommendations": {
        "en": "No significant problems found.",
        "et": "Olulisi probleeme ei leitud.",
        "pl": "Nie znaleziono istotnych problemów.",
    },
    "section_failed": {
        "en": "This section failed",
        "et": "See osa ebaõnnestus",
        "pl": "Ta sekcja nie powiodła się",
    },
    "timings": {"en": "Run time by step", "et": "Tööaeg sammude kaupa", "pl": "Czas według kroków"},
    "section.satisfaction": {"en": "Satisfaction", "et": "Rahulolu", "pl": "Satysfakcja"},
    "section.requirements": {"en": "Requirements", "et": "Nõuded", "pl": "Wymagania"},
    "section.index": {
        "en": "Satisfaction index",
        "et": "Rahuloluindeks",
        "pl": "Indeks satysfakcji",
    },
    "section.text": {
        "en": "What customers write",
        "et": "Mida kliendid kirjutavad",
        "pl": "Co piszą klienci",
    },
    "section.process": {"en": "Process", "et": "Protsess", "pl": "Proces"},
    "section.links": {"en": "Links", "et": "Seosed", "pl": "Powiązania"},
    "section.places": {
        "en": "Where and since when",
        "et": "Kus ja millest alates",
        "pl": "Gdzie i od kiedy",
    },
    "section.growth": {
        "en": "Growth and quality",
        "et": "Kasv ja kvaliteet",
        "pl": "Wzrost a jakość",
    },
    "section.retention": {"en": "Retention", "et": "Kliendihoid", "pl": "Utrzymanie klientów"},
    "kind.process_out_of_control": {
        "en": "Process out of control",
        "et": "Protsess pole kontrolli all",
        "pl": "Proces poza kontrolą",
    },
    "kind.capability_below_target": {
        "en": "Capability below target",
        "et": "Võimekus alla eesmärgi",
        "pl": "Zdolność poniżej celu",
    },
    "kind.low_first_pass_yield": {
        "en": "Low first-pass yield",
        "et": "Madal esmaläbimise saagis",
        "pl": "Niska wydajność za pierwszym razem",
    },
    "kind.supplier_lot_problem": {
        "en": "Supplier lot problem",
        "et": "Tarnija partii probleem",
        "pl": "Problem z partią dostawcy",
    },
    "kind.supplier_problem": {
        "en": "Supplier problem",
        "et": "Tarnija probleem",
        "pl": "Problem z dostawcą",
    },
    "kind.growth_strain": {
        "en": "Growth strain",
        "et": "Kasvu koormus",
        "pl": "Przeciążenie wzrostem",
    },
    "kind.unmet_basic_requirement": {
        "en": "Unmet basic requirement",
        "et": "Täitmata põhinõue",
        "pl": "Niespełnione wymaganie podstawowe",
    },
    "kind.requirement_gap": {"en": "Requirement gap", "et": "Nõude lõhe", "pl": "Luka wymagania"},
    "kind.emerging_requirement": {
        "en": "Emerging requirement",
        "et": "Esilekerkiv nõue",
        "pl": "Nowe wymaganie",
    },
    "kind.complaint_topic": {
        "en": "Complaint topic",
        "et": "Kaebuste teema",
        "pl": "Temat reklamacji",
    },
    "kind.segment_decline": {
        "en": "Segment decline",
        "et": "Segmendi langus",
        "pl": "Spadek w segmencie",
    },
    "kind.local_problem": {
        "en": "Local problem",
        "et": "Kohalik probleem",
        "pl": "Problem lokalny",
    },
    "kind.score_below_benchmark": {
        "en": "Score below benchmark",
        "et": "Skoor alla võrdlustaseme",
        "pl": "Wynik poniżej benchmarku",
    },
    "kind.at_risk_customers": {
        "en": "Customers at risk",
        "et": "Ohustatud kliendid",
        "pl": "Klienci zagrożeni odejściem",
    },
    "kind.retention_gap": {
        "en": "Retention gap",
        "et": "Kliendihoiu lõhe",
        "pl": "Luka w utrzymaniu",
    },
}


def t(key: str, lang: str = "en") -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key.split(".", 1)[-1].replace("_", " ")
    return entry.get(lang) or entry["en"]


def format_when(when: dt.datetime, lang: str) -> str:
    return format_datetime(when, format="medium", locale={"en": "en_GB"}.get(lang, lang))
