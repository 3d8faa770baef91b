"""Demo companies: Nordlap OÜ with its built-in problems, and random companies with a truth.

``generate(out_dir, seed=42, scale=1.0, healthy=False)`` writes one CSV per workspace table of
Nordlap; :data:`SCENARIO` names every problem the analyses must find (``docs/demo-data.md``).
``generate_company(seed, ...)`` draws a random company with planted problems and confounders,
``write_company`` writes its tables and ``truth.json`` (``docs/scenarios.md``).
"""

from ._company import Company, generate_company, write_company
from ._generate import generate, generate_tables
from ._scenario import SCENARIO, Scenario

__all__ = [
    "SCENARIO",
    "Company",
    "Scenario",
    "generate",
    "generate_company",
    "generate_tables",
    "write_company",
]
