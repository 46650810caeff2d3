"""A candidate rule set for bench/bench_whatif.py (and an example for `manage.py whatif`): the running
rules with one red flag removed, one lowered, and the hamstring-strain gate raised.

    python manage.py whatif bench/whatif_candidate.py
"""

import dataclasses

from intake.rules import RULE_SET as CURRENT
from intake.rules.vocabulary import Urgency

red_flags = tuple(
    dataclasses.replace(flag, urgency=Urgency.URGENT) if flag.id == "RF-DVT" else flag
    for flag in CURRENT.red_flags
    if flag.id != "RF-AVULSION"
)
gates = tuple(dataclasses.replace(gate, threshold=12) if gate.id == "G-HS" else gate for gate in CURRENT.gates)

RULE_SET = dataclasses.replace(CURRENT, declared_version="candidate", red_flags=red_flags, gates=gates)
