"""The demo company Nordlap OÜ: its data generator and the problems built into it.

``generate(out_dir, seed=42, scale=1.0, healthy=False)`` writes one CSV per
workspace table; :data:`SCENARIO` names every problem the analyses must find
(documented in ``docs/demo-data.md``).
"""

from ._generate import generate, generate_tables
from ._scenario import SCENARIO, Scenario

__all__ = ["SCENARIO", "Scenario", "generate", "generate_tables"]
