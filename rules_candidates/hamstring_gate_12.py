"""Hamstring strain needs 12 points instead of 6: fewer thigh cases called a strain on a thin picture.

An example candidate for the what-if page (README: "What a rule change would do"). A candidate is a
Python file in settings.RULES_CANDIDATES_DIR that defines RULE_SET, built with the engine's records;
the simplest start is the running rules with one thing changed, as here. On the demo data it changes one
case: a thigh strain suggested on 11 points that the demo physiotherapist found to be nerve-related.
"""

import dataclasses

from intake.rules import RULE_SET as CURRENT

gates = tuple(dataclasses.replace(gate, threshold=12) if gate.id == "G-HS" else gate for gate in CURRENT.gates)
RULE_SET = dataclasses.replace(CURRENT, declared_version=f"{CURRENT.declared_version}-hs12", gates=gates)
