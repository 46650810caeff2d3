"""Demo first visits: what a physiotherapist found at the first examination of the demo cases, and
what they think it is. Most agree with the rules; some do not, as in a real clinic, so the rules review
has something to show. Keyed by the demo patient's name (intake/demo/cases.py).

The findings follow the bedside signs of the clinical README, section 3: plantar fasciitis shows
tenderness at the medial calcaneal tubercle and often a positive windlass test (which rules in, not
out); a local hamstring strain is tender on palpation and painful on resisted knee flexion; nerve-related
pain gives a positive straight-leg raise and slump, sometimes a neurological deficit.
"""

from __future__ import annotations

NOT_DONE = "not_done"
POS = "positive"
NEG = "negative"


def findings(
    windlass=NOT_DONE,
    tubercle=NOT_DONE,
    calf_squeeze=NOT_DONE,
    palpation=NOT_DONE,
    knee_flexion=NOT_DONE,
    slr=NOT_DONE,
    slump=NOT_DONE,
    neuro=NOT_DONE,
) -> dict[str, str]:
    return {
        "windlass": windlass,
        "medial_calcaneal_tenderness": tubercle,
        "calf_squeeze": calf_squeeze,
        "hamstring_palpation": palpation,
        "resisted_knee_flexion": knee_flexion,
        "straight_leg_raise": slr,
        "slump": slump,
        "neuro_screen": neuro,
    }


PF_WITH_TIGHT_THIGH = findings(POS, POS, NEG, NEG, NEG, NEG, NEG, NEG)
PF_HEEL_ONLY = findings(POS, POS, NEG)
PF_WINDLASS_NEGATIVE = findings(NEG, POS, NEG)
STRAIN = findings(palpation=POS, knee_flexion=POS, slr=NEG, slump=NEG, neuro=NEG)
NERVE = findings(palpation=NEG, knee_flexion=NEG, slr=POS, slump=POS, neuro=NEG)
NERVE_WITH_DEFICIT = findings(palpation=NEG, knee_flexion=NEG, slr=POS, slump=POS, neuro=POS)


def visit(found, diagnosis, differential="", note="", signed=True, override=None):
    """``override``: (pathway, coded reason) when the physiotherapist also changed the case's pathway."""
    return {
        "values": {**found, "working_diagnosis": diagnosis, "differential": differential, "diagnosis_note": note},
        "signed": signed,
        "override": override,
    }


DEMO_FIRST_VISITS: dict[str, dict] = {
    # Heel pain driving back-of-thigh overload: mostly agreed.
    "Margaret Ellison": visit(PF_WITH_TIGHT_THIGH, "pf_compensation"),
    "Derek Okafor": visit(PF_WITH_TIGHT_THIGH, "pf_compensation"),
    "Siobhan Reilly": visit(findings(NEG, POS, NEG, NEG, NEG, NEG, NEG, NEG), "pf_compensation"),
    "Graham Pike": visit(PF_WITH_TIGHT_THIGH, "pf_compensation", signed=False),
    "Aisha Rahman": visit(
        findings(POS, POS, NEG, NEG, NEG, NEG, NEG, NEG),
        "pf_only",
        note="Thigh ache settled since the intake; treating the heel alone.",
        override=("pf_only", "history_on_call"),
    ),
    "Helen Marsh": visit(
        findings(POS, POS, NEG, POS, NEG, NEG, NEG, NEG),
        "other",
        "proximal_hamstring_tendinopathy",
        note="Pain at the sitting bone on prolonged sitting; tendon tender at the ischial tuberosity.",
    ),
    # Heel pain only.
    "Peter Lindqvist": visit(PF_HEEL_ONLY, "pf_only"),
    "Fatima Haddad": visit(PF_WINDLASS_NEGATIVE, "pf_only"),
    "Brian Coulter": visit(PF_HEEL_ONLY, "pf_only"),
    "Joanna Wells": visit(PF_HEEL_ONLY, "pf_only", signed=False),
    "Kwame Asante": visit(
        findings(NEG, NEG, NEG),
        "other",
        "fat_pad",
        note="Central heel tenderness, worse barefoot on hard floors; plantar fascia insertion not tender.",
    ),
    "Lucy Brennan": visit(
        findings(NEG, NEG, NEG, neuro=POS),
        "other",
        "tarsal_tunnel",
        note="Burning into the arch, Tinel positive behind the medial malleolus.",
    ),
    # Local hamstring strain.
    "Callum Fraser": visit(STRAIN, "hamstring_strain"),
    "Ruby Thompson": visit(STRAIN, "hamstring_strain"),
    "Oliver Grant": visit(STRAIN, "hamstring_strain"),
    "Nadia Petrova": visit(findings(POS, POS, NEG, POS, POS, NEG, NEG, NEG), "hamstring_strain"),
    "Samuel Adeyemi": visit(
        findings(palpation=NEG, knee_flexion=NEG, slr=POS, slump=POS, neuro=NEG),
        "sciatica",
        note="Palpation unremarkable; slump reproduces the thigh pain.",
        override=("sciatica", "examination_findings"),
    ),
    # Nerve-related.
    "Irene Kowalski": visit(NERVE, "sciatica"),
    "Martin Hughes": visit(NERVE, "sciatica"),
    "Catherine Doyle": visit(NERVE_WITH_DEFICIT, "sciatica"),
    "Ahmed Khalil": visit(
        findings(palpation=POS, knee_flexion=POS, slr=NEG, slump=NEG, neuro=NEG),
        "hamstring_strain",
        note="Back pain minor; tender mid-belly of biceps femoris after lifting.",
    ),
    # A red-flag case examined after the urgent review found no cauda equina or cord compression.
    "Victor Stanescu": visit(NERVE_WITH_DEFICIT, "sciatica", note="Seen after the GP's same-week review."),
    # Too little to go on: the examination decides.
    "Hannah Cole": visit(PF_HEEL_ONLY, "pf_only"),
    "George Barker": visit(STRAIN, "hamstring_strain", signed=False),
}
