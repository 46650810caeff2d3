"""The differentiating-signs rules, as data a clinician can read.

Started from section 7 of ../shared/clinical/README.md; the evidence behind each row is in sections
1-6 and the full citations in ``sources.py``. Where a row differs from section 7 its ``rationale``
says why. Every change here changes ``RULES_VERSION`` (a hash of this data), so stored assessments
always say which rules produced them.

Reading guide
* A condition is written with the predicates of ``conditions.py``; ``yes("felt_pop")`` means the
  patient answered yes, ``no(...)`` an explicit no. An unanswered question never counts for or
  against anything: a rule only fires when its condition is definitely true.
* Scoring weights: +3 defining sign, +2 moderate, +1 supportive; negative weights argue against.
  They are hand-set from the direction and rough strength of published signs, not fitted to data:
  the scores are ordinal, not probabilities (README 7.6).
"""

from __future__ import annotations

from intake.rules.conditions import (
    All,
    Any,
    AtLeast,
    Below,
    Condition,
    Eligible,
    Is,
    Not,
    OneOf,
    ScoredPathway,
    no,
    yes,
)
from intake.rules.records import (
    DifferentialNote,
    Gate,
    MixedPictureRule,
    PathwayPlan,
    PlanItem,
    RedFlagRule,
    RuleSet,
    Score,
    ScoreScale,
    ScoringRule,
    TieBreak,
)
from intake.rules.sources import SOURCE_LIST
from intake.rules.vocabulary import Pathway, Urgency

DECLARED_VERSION = "2026.1"

# --- Shared conditions ------------------------------------------------------------------------------

# Neurological or radicular leg features (GIRFT23: the cauda equina criteria are radicular or
# neurological), shared by the bilateral and sexual-dysfunction flags and, negated, by note N-BILAT,
# so the flags and the note agree about what "a neurological feature" is.
NEUROLOGICAL_LEG_SIGNS = (
    yes("leg_tingling"),
    yes("foot_tingling"),
    yes("leg_weakness"),
    yes("pain_below_knee"),
)
SHOOTING_THIGH_PAIN = Is("thigh_pain_quality", "shooting_or_burning")
BILATERAL_CES_FEATURES = Any(*NEUROLOGICAL_LEG_SIGNS, SHOOTING_THIGH_PAIN, yes("low_back_pain"))

# --- 1. Red flags (README sections 4 and 7.3): evaluated first, never outvoted ------------------------

_A_AND_E_NOW = (
    "Please go to A&E (the hospital emergency department) now, today. Do not wait for your physiotherapy "
    "appointment and do not wait to see if it settles. If you cannot get there safely, call {emergency_number}."
)

RED_FLAG_RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        id="RF-CES-BLADDER",
        key="bladder_bowel_change",
        condition=yes("bladder_bowel_change"),
        urgency=Urgency.EMERGENCY,
        advice=_A_AND_E_NOW + " Tell them about the change in your bladder or bowels and your back or leg pain.",
        staff_explanation="New bladder or bowel change: possible cauda equina syndrome, same-day emergency assessment.",
        sources=("GIRFT23",),
    ),
    RedFlagRule(
        id="RF-CES-SADDLE",
        key="saddle_numbness",
        condition=yes("saddle_numbness"),
        urgency=Urgency.EMERGENCY,
        advice=_A_AND_E_NOW + " Tell them about the numbness around your genitals, bottom or inner thighs.",
        staff_explanation="Saddle (S2-S5) sensory change: possible cauda equina syndrome, same-day emergency review.",
        sources=("GIRFT23",),
    ),
    RedFlagRule(
        id="RF-CES-BILATERAL",
        key="both_legs",
        condition=All(yes("both_legs"), BILATERAL_CES_FEATURES),
        urgency=Urgency.EMERGENCY,
        advice=_A_AND_E_NOW + " Tell them you have pain, numbness, tingling or weakness in both legs.",
        staff_explanation=(
            "Both legs with a neurological or radicular feature (bilateral sciatica or deficit): possible cauda "
            "equina syndrome."
        ),
        sources=("GIRFT23", "LOTH"),
        rationale=(
            "Added foot_tingling to the features of 7.3: burning, tingling or numbness in the sole is a "
            "neurological feature as much as leg_tingling, and a heel-pain patient may report it only there. "
            "both_legs alone still does not fire (bilateral heel pain is not a CES sign); see note N-BILAT."
        ),
    ),
    RedFlagRule(
        id="RF-DVT",
        key="calf_swelling",
        condition=yes("calf_swelling"),
        urgency=Urgency.EMERGENCY,
        advice=(
            "Please get your leg checked by a doctor today: go to A&E or an urgent treatment centre, or call "
            "NHS 111 now for a same-day appointment. Call {emergency_number} straight away if you become short "
            "of breath or have chest pain."
        ),
        staff_explanation=(
            "One calf swollen, red, warm or tender: possible deep vein thrombosis; Wells score and proximal "
            "ultrasound within 4 hours (NG158)."
        ),
        sources=("NG158",),
    ),
    RedFlagRule(
        id="RF-SEXUAL",
        key="sexual_dysfunction",
        condition=yes("sexual_dysfunction"),
        urgency=Urgency.URGENT,
        advice=(
            "Please see a doctor (your GP) within the next few days about the change in sexual function you "
            "told us about: ring the surgery today to book. Go to A&E straight away if you also notice any "
            "change in passing urine or in bowel control, numbness around your genitals or bottom, or symptoms "
            "in both legs."
        ),
        escalate_if=Any(
            yes("both_legs"),
            yes("saddle_numbness"),
            yes("bladder_bowel_change"),
            *NEUROLOGICAL_LEG_SIGNS,
            SHOOTING_THIGH_PAIN,
        ),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=_A_AND_E_NOW
        + " Tell them about the change in sexual function together with your leg, numbness or bladder symptoms.",
        staff_explanation=(
            "New sexual dysfunction: emergency with any leg, saddle or bladder feature (possible cauda equina "
            "syndrome); alone, or with low back pain only, unlikely to be CES but needs a doctor within days."
        ),
        sources=("GIRFT23",),
        rationale=(
            "Merges RF-CES-SEXUAL and RF-SEXUAL-ALONE of 7.3 into one rule that escalates. 'Sexual dysfunction "
            "without the above' cannot be decided while the other answers are missing, so the split rules let "
            "a skipped question hide the flag altogether; now the flag always fires (urgent) and becomes an "
            "emergency when a feature is reported. The features are the shared neurological list, so "
            "foot_tingling and shooting or burning pain count too; low back pain alone does not (GIRFT23)."
        ),
    ),
    RedFlagRule(
        id="RF-NEURO",
        key="leg_weakness",
        condition=yes("leg_weakness"),
        urgency=Urgency.URGENT,
        advice=(
            "Please see a doctor (your GP) within the next few days about the weakness in your leg or foot: "
            "ring the surgery today to book. Go to A&E the same day if the weakness gets worse quickly or "
            "affects both legs."
        ),
        escalate_if=yes("both_legs"),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=_A_AND_E_NOW + " Tell them you have new weakness and symptoms in both legs.",
        staff_explanation=(
            "New or worsening weakness or foot drop: progressive neurological deficit, medical review within "
            "days; emergency if both legs."
        ),
        sources=("LOTH", "KOE07"),
    ),
    RedFlagRule(
        id="RF-INFECTION",
        key="fever_unwell",
        condition=yes("fever_unwell"),
        urgency=Urgency.URGENT,
        advice=(
            "Please see a doctor (your GP) within the next day or two because of the fever or feeling unwell: "
            "ring the surgery today. Call NHS 111 or go to A&E today if you feel very unwell, confused, or it is "
            "getting worse quickly."
        ),
        escalate_if=yes("low_back_pain"),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=(
            "Please get seen by a doctor today: go to A&E, or call NHS 111 now, because you have a fever or feel "
            "unwell together with back pain. Do not wait for your physiotherapy appointment."
        ),
        staff_explanation="Fever, chills or systemic illness: possible infection; emergency with low back pain.",
        sources=("GCARE", "CKS", "NO-SOURCE"),
        rationale="Urgency mapping is a design choice (README 8.8: CKS says use clinical judgement).",
    ),
    RedFlagRule(
        id="RF-TRAUMA",
        key="major_trauma",
        condition=yes("major_trauma"),
        urgency=Urgency.URGENT,
        advice=(
            "Please have the injury checked within the next day by a doctor, a minor injuries unit or an urgent "
            "treatment centre. If you cannot take four steps on the leg, go today to A&E or an urgent treatment "
            "centre for an X-ray."
        ),
        escalate_if=yes("cannot_bear_weight"),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=(
            "Please go today to A&E or an urgent treatment centre for an X-ray, because you cannot put weight on "
            "the leg after a fall, accident or blow. Do not wait for your physiotherapy appointment."
        ),
        staff_explanation=(
            "Fall, accident or blow before the pain: exclude fracture (Ottawa foot rules); emergency when the "
            "patient cannot bear weight."
        ),
        sources=("GCARE", "TU11", "STI93", "BAC03"),
    ),
    RedFlagRule(
        id="RF-NWB",
        key="cannot_bear_weight",
        condition=yes("cannot_bear_weight"),
        urgency=Urgency.URGENT,
        advice=(
            "Please see a doctor within the next day or two (your GP or an urgent treatment centre) because you "
            "cannot put weight on your foot or leg, and avoid walking on it until you have been checked."
        ),
        escalate_if=yes("major_trauma"),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=(
            "Please go today to A&E or an urgent treatment centre for an X-ray, because you cannot put weight on "
            "the leg after a fall, accident or blow. Do not wait for your physiotherapy appointment."
        ),
        staff_explanation=(
            "Cannot bear weight: exclude stress or acute fracture (Ottawa: cannot take 4 steps means X-ray); "
            "emergency after trauma."
        ),
        sources=("TU11", "STI93", "BAC03"),
        rationale=(
            "7.3 fired this only 'without trauma', which an unanswered trauma question cannot settle, so a "
            "skipped question could hide it. It now always fires and escalates with trauma, mirroring RF-TRAUMA."
        ),
    ),
    RedFlagRule(
        id="RF-AVULSION",
        key="felt_pop",
        condition=All(yes("felt_pop"), Is("thigh_pain_site", "sitting_bone")),
        urgency=Urgency.URGENT,
        advice=(
            "Please see a doctor within the next few days (your GP, or an orthopaedic or sports-medicine "
            "clinic) and mention the pop you felt near your sitting bone. Some injuries like this are best "
            "treated within a few weeks, so please do not wait for it to settle on its own."
        ),
        staff_explanation=(
            "Pop at the sitting bone: possible proximal hamstring avulsion; MRI and orthopaedic opinion within "
            "days (repair best within about 4 weeks)."
        ),
        sources=("COL", "BER21", "BUC17", "VDM15"),
        rationale=(
            "7.3 also required thigh_onset = sudden. A felt pop is itself the sudden event; requiring the onset "
            "answer as well let an unanswered onset, or 'gradual' (a pop on a long-standing tendinopathy), hide "
            "an injury whose repair is time-critical (BUC17, BER21: often missed)."
        ),
    ),
    RedFlagRule(
        id="RF-CANCER",
        key="cancer_history",
        condition=yes("cancer_history"),
        urgency=Urgency.URGENT,
        advice=(
            "Please see your GP within the next few days, before starting exercises for this pain: ring the "
            "surgery to book and tell them about your medical history and this new pain."
        ),
        staff_explanation="History of cancer (however long ago) with new pain: exclude metastasis; GP within days.",
        sources=("GCARE", "CKS", "SHEF"),
    ),
    RedFlagRule(
        id="RF-WEIGHT",
        key="weight_loss",
        condition=yes("weight_loss"),
        urgency=Urgency.URGENT,
        advice=(
            "Please see your GP within the next few days, before starting exercises for this pain: ring the "
            "surgery to book and tell them about the weight you have lost without trying."
        ),
        staff_explanation="Unexplained weight loss: exclude serious pathology; GP review within days.",
        sources=("GCARE", "SHEF"),
    ),
    RedFlagRule(
        id="RF-NIGHT",
        key="night_pain",
        condition=yes("night_pain"),
        urgency=Urgency.URGENT,
        advice=(
            "Please see your GP within the next few days, before starting exercises for this pain: ring the "
            "surgery to book and tell them about the constant pain at night."
        ),
        staff_explanation=(
            "Constant night pain unrelieved by position: exclude infection, tumour or neuropathic pain; GP "
            "review within days."
        ),
        sources=("GCARE", "CKS", "FIN20"),
    ),
)

# --- 2. The four scores (README 7.4) ----------------------------------------------------------------

SCALES: tuple[ScoreScale, ...] = (
    ScoreScale(Score.PF, Pathway.PF_ONLY, yes("heel_pain"), "Plantar fasciitis (heel); counted only with heel pain."),
    ScoreScale(
        Score.COMP,
        Pathway.PF_COMPENSATION,
        yes("thigh_pain"),
        "Heel pain driving back-of-thigh compensation; counted only with thigh pain.",
    ),
    ScoreScale(
        Score.HS, Pathway.HAMSTRING_STRAIN, yes("thigh_pain"), "Local hamstring strain; counted only with thigh pain."
    ),
    ScoreScale(
        Score.SCI, Pathway.SCIATICA, None, "Sciatica or nerve-related pain, including piriformis; always counted."
    ),
)


def _rule(
    rule_id: str, score: Score, condition: Condition, weight: int, why: str, *sources: str, rationale: str = ""
) -> ScoringRule:
    """One row of a 7.4 table: id, score, condition, weight, why, sources."""
    return ScoringRule(rule_id, score, condition, weight, why, tuple(sources), rationale)


SCORING_RULES: tuple[ScoringRule, ...] = (
    # PF: plantar fasciitis. Threshold 6 plus the heel gate.
    _rule("PF1", Score.PF, yes("heel_pain"), 2, "Heel or sole pain: the presenting complaint.", "CPG14"),
    _rule(
        "PF2", Score.PF, yes("first_step_pain"), 3, "First-step pain: cardinal CPG criterion.", "CPG14", "SOURCE-DOC"
    ),
    _rule("PF3", Score.PF, yes("pain_after_rest"), 2, "Pain after a period of inactivity.", "CPG14"),
    _rule(
        "PF4",
        Score.PF,
        Is("heel_pain_site", "inner_underside"),
        3,
        "Plantar medial heel: the fascia's insertion.",
        "CPG14",
    ),
    _rule(
        "PF5", Score.PF, Is("heel_pain_site", "arch"), 1, "Arch: the fascia, but away from its insertion.", "NO-SOURCE"
    ),
    _rule(
        "PF6",
        Score.PF,
        Is("heel_pain_site", "back_of_heel"),
        -3,
        "Back of the heel: Achilles or insertional pain, not plantar fasciitis (also rules PF out).",
        "HUT13",
        "CPG14",
    ),
    _rule(
        "PF7",
        Score.PF,
        Is("heel_pain_site", "whole_heel"),
        -1,
        "Whole or central heel: fat pad or stress fracture more likely.",
        "TU11",
    ),
    _rule(
        "PF8",
        Score.PF,
        yes("eases_with_walking"),
        1,
        "Eases after a few minutes of walking: typical daily pattern.",
        "THO10",
    ),
    _rule(
        "PF9",
        Score.PF,
        yes("calf_tightness"),
        1,
        "Tight calves: limited dorsiflexion is a risk factor.",
        "CPG14",
        "RID03",
    ),
    _rule(
        "PF10", Score.PF, AtLeast("bmi", 30), 1, "BMI 30 or more: the most consistent risk factor.", "RID03", "VLE16"
    ),
    _rule(
        "PF11",
        Score.PF,
        AtLeast("standing_hours", 6),
        1,
        "On their feet most of the day (threshold is a design choice).",
        "RID03",
        "NO-SOURCE",
    ),
    _rule("PF12", Score.PF, Is("activity", "running"), 1, "Running: a risk factor.", "CPG14"),
    _rule("PF13", Score.PF, yes("unsupportive_footwear"), 1, "Poor shock absorption (weak evidence).", "CPG14"),
    _rule(
        "PF14",
        Score.PF,
        yes("foot_tingling"),
        -2,
        "Burning or tingling: neural heel pain (tarsal tunnel, Baxter nerve, S1).",
        "CPG14",
        "ALS08",
    ),
    # COMP: heel pain driving back-of-thigh compensation. Threshold 4, and the heel gate must pass.
    _rule(
        "C1",
        Score.COMP,
        yes("thigh_after_heel"),
        3,
        "Thigh trouble began after the heel pain: the sequence.",
        "SOURCE-DOC",
    ),
    _rule("C2", Score.COMP, Is("thigh_onset", "gradual"), 2, "Gradual onset: an overload pattern.", "SOURCE-DOC"),
    _rule("C3", Score.COMP, Is("thigh_onset", "sudden"), -3, "Sudden onset points to a strain.", "SOURCE-DOC", "ASK13"),
    _rule(
        "C4",
        Score.COMP,
        Is("thigh_pain_quality", "dull_tight_ache"),
        2,
        "Dull, tight ache: the source document's description.",
        "SOURCE-DOC",
    ),
    _rule(
        "C5", Score.COMP, Is("thigh_pain_quality", "sharp_localized"), -1, "Sharp and local: a strain.", "SOURCE-DOC"
    ),
    _rule(
        "C6",
        Score.COMP,
        Is("thigh_pain_quality", "shooting_or_burning"),
        -2,
        "Shooting or burning: a nerve.",
        "SOURCE-DOC",
    ),
    _rule(
        "C7", Score.COMP, Is("thigh_pain_site", "whole_back_of_thigh"), 1, "Diffuse ache along the thigh.", "SOURCE-DOC"
    ),
    _rule("C8", Score.COMP, yes("limping"), 1, "Limps to protect the heel.", "SOURCE-DOC", "PHI17"),
    _rule(
        "C9",
        Score.COMP,
        yes("outer_edge_walking"),
        1,
        "Weight on the outer edge of the foot (no study found).",
        "SOURCE-DOC",
        rationale="7.4 listed C8-C11 as one row; split so each sign carries its own id and source.",
    ),
    _rule(
        "C10",
        Score.COMP,
        yes("flat_quick_steps"),
        1,
        "Flat-footed, quick, short steps: heel off-loading.",
        "SOURCE-DOC",
        "PHI17",
    ),
    _rule("C11", Score.COMP, yes("knee_kept_bent"), 1, "Knee kept bent when walking (no study found).", "SOURCE-DOC"),
    _rule("C12", Score.COMP, yes("calf_tightness"), 1, "Posterior-chain tightness.", "BOL13"),
    _rule(
        "C13",
        Score.COMP,
        OneOf("onset_activity", ("sprinting", "lunging_or_stretching", "kicking")),
        -2,
        "Began sprinting, lunging or kicking: a strain mechanism.",
        "ASK13",
    ),
    _rule("C14", Score.COMP, yes("felt_pop"), -3, "A pop or tearing: tissue tear.", "COL"),
    _rule("C15", Score.COMP, yes("bruising_or_swelling"), -2, "Bruising or swelling: a local injury.", "SOURCE-DOC"),
    _rule("C16", Score.COMP, yes("pain_below_knee"), -2, "Pain below the knee: radicular.", "VRO02"),
    _rule("C17", Score.COMP, yes("leg_tingling"), -2, "Tingling or numbness in the leg: radicular.", "VRO02"),
    _rule("C18", Score.COMP, yes("worse_cough_sneeze"), -1, "Worse on coughing or sneezing: radicular.", "VER16"),
    _rule(
        "C19",
        Score.COMP,
        no("thigh_after_heel"),
        -3,
        "The thigh trouble did not begin after the heel pain: the heel cannot have started it.",
        "SOURCE-DOC",
        rationale=(
            "New. 7.4 scored only a 'yes' to thigh_after_heel. The pathway is defined by heel pain driving the "
            "thigh, so a thigh that hurt first argues against it as strongly as C1 argues for it."
        ),
    ),
    # HS: local hamstring strain. Threshold 6.
    _rule("H1", Score.HS, Is("thigh_onset", "sudden"), 3, "Sudden onset: the defining feature.", "SOURCE-DOC", "ASK13"),
    _rule(
        "H2", Score.HS, Is("thigh_onset", "gradual"), -2, "Gradual onset argues against an acute strain.", "SOURCE-DOC"
    ),
    _rule(
        "H3", Score.HS, Is("onset_activity", "sprinting"), 3, "Began while sprinting: sprint-type mechanism.", "ASK13"
    ),
    _rule(
        "H4",
        Score.HS,
        Is("onset_activity", "lunging_or_stretching"),
        3,
        "Began lunging or stretching: stretch-type mechanism.",
        "ASK13",
    ),
    _rule("H5", Score.HS, Is("onset_activity", "kicking"), 2, "Began kicking: stretch or sprint mechanism.", "ASK13"),
    _rule("H6", Score.HS, Is("onset_activity", "lifting"), 1, "Began lifting (weak).", "NO-SOURCE"),
    _rule("H7", Score.HS, Is("onset_activity", "none"), -2, "No mechanism at onset.", "SOURCE-DOC"),
    _rule("H8", Score.HS, yes("felt_pop"), 2, "A pop or tearing: tear (also checked for avulsion).", "COL"),
    _rule("H9", Score.HS, Is("thigh_pain_quality", "sharp_localized"), 2, "Sharp and local.", "SOURCE-DOC"),
    _rule(
        "H10",
        Score.HS,
        Is("thigh_pain_quality", "shooting_or_burning"),
        -2,
        "Shooting or burning: a nerve.",
        "SOURCE-DOC",
    ),
    _rule(
        "H11",
        Score.HS,
        Is("thigh_pain_site", "muscle_belly"),
        2,
        "Localised to the muscle belly.",
        "SOURCE-DOC",
        "KER13",
    ),
    _rule(
        "H12",
        Score.HS,
        Is("thigh_pain_site", "sitting_bone"),
        1,
        "At the tendon's attachment (also tendinopathy or avulsion).",
        "SOURCE-DOC",
    ),
    _rule(
        "H13",
        Score.HS,
        Is("thigh_pain_site", "buttock_to_thigh"),
        -1,
        "Buttock to thigh: referred or radicular.",
        "NO-SOURCE",
    ),
    _rule("H14", Score.HS, yes("bruising_or_swelling"), 2, "Bruising or swelling: supportive.", "SOURCE-DOC"),
    _rule("H15", Score.HS, Is("activity", "sprint_sport"), 1, "Plays a sprinting sport: exposure.", "HEI10"),
    _rule(
        "H16", Score.HS, yes("thigh_after_heel"), -2, "Began after the heel pain: favours compensation.", "SOURCE-DOC"
    ),
    _rule("H17", Score.HS, yes("pain_below_knee"), -2, "Pain below the knee: radicular.", "VRO02"),
    _rule("H18", Score.HS, yes("leg_tingling"), -2, "Tingling or numbness in the leg: radicular.", "VRO02"),
    _rule("H19", Score.HS, yes("worse_cough_sneeze"), -1, "Worse on coughing or sneezing: radicular.", "VER16"),
    # SCI: sciatica or nerve-related (including piriformis). Threshold 6 plus the nerve gate.
    _rule(
        "S1",
        Score.SCI,
        yes("pain_below_knee"),
        3,
        "Pain radiating below the knee.",
        "SOURCE-DOC",
        "VRO02",
        "DEV00",
    ),
    _rule(
        "S2", Score.SCI, Is("thigh_pain_quality", "shooting_or_burning"), 2, "Neuropathic descriptors.", "SOURCE-DOC"
    ),
    _rule("S3", Score.SCI, yes("leg_tingling"), 2, "Paraesthesia in the leg or foot.", "SOURCE-DOC", "VRO02"),
    _rule("S4", Score.SCI, yes("worse_cough_sneeze"), 2, "Leg pain worse on coughing or sneezing (DOR 2.28).", "VER16"),
    _rule("S5", Score.SCI, yes("low_back_pain"), 1, "Low back pain: spinal origin.", "SOURCE-DOC"),
    _rule(
        "S6",
        Score.SCI,
        yes("worse_sitting"),
        1,
        "Worse sitting (also proximal hamstring tendinopathy).",
        "SOURCE-DOC",
    ),
    _rule("S7", Score.SCI, yes("no_comfortable_position"), 1, "No comfortable position.", "SOURCE-DOC"),
    _rule(
        "S8",
        Score.SCI,
        Is("thigh_pain_site", "buttock_to_thigh"),
        2,
        "Buttock to thigh: sciatic or deep gluteal distribution.",
        "SOURCE-DOC",
        "MARH14",
    ),
    _rule(
        "S9", Score.SCI, Is("thigh_pain_site", "whole_back_of_thigh"), 1, "Along the course of the nerve.", "NO-SOURCE"
    ),
    _rule(
        "S10",
        Score.SCI,
        Is("thigh_pain_site", "muscle_belly"),
        -1,
        "Localised to the muscle: local cause.",
        "NO-SOURCE",
    ),
    _rule("S11", Score.SCI, Is("thigh_pain_quality", "dull_tight_ache"), -1, "Dull, tight ache: somatic.", "NO-SOURCE"),
    _rule("S12", Score.SCI, Is("thigh_onset", "gradual"), 1, "Non-sudden onset.", "VER14"),
    _rule("S13", Score.SCI, yes("leg_weakness"), 2, "Motor deficit (also a red flag).", "VRO02"),
    _rule(
        "S14a",
        Score.SCI,
        Is("onset_activity", "sprinting"),
        -2,
        "Began while sprinting: a strain mechanism.",
        "ASK13",
        rationale="7.4's S14 held three weights in one row; split into S14a-c so each weight has its own id.",
    ),
    _rule(
        "S14b", Score.SCI, Is("onset_activity", "lunging_or_stretching"), -1, "Began lunging or stretching.", "ASK13"
    ),
    _rule("S14c", Score.SCI, Is("onset_activity", "kicking"), -1, "Began kicking.", "ASK13"),
    _rule("S15", Score.SCI, Is("onset_activity", "lifting"), 1, "Began lifting: disc mechanism.", "NO-SOURCE"),
    _rule("S16", Score.SCI, yes("felt_pop"), -2, "A pop or tearing: a tear, not a nerve.", "COL"),
    _rule("S17", Score.SCI, yes("bruising_or_swelling"), -2, "Bruising or swelling: a local injury.", "SOURCE-DOC"),
    _rule("S18", Score.SCI, yes("foot_tingling"), 1, "S1 can present in the heel.", "VRO02", "ALS08"),
)

# --- 3. Eligibility gates and tie-break (README 7.2 steps 4-7) --------------------------------------

GATES: tuple[Gate, ...] = (
    Gate(
        id="G-PF",
        pathway=Pathway.PF_ONLY,
        score=Score.PF,
        threshold=6,
        requires=All(yes("heel_pain"), Any(yes("first_step_pain"), yes("pain_after_rest"))),
        ruled_out_by=Is("heel_pain_site", "back_of_heel"),
        staff_explanation=(
            "CPG14 cardinal features: heel pain worst on first steps or after rest; posterior heel pain is not "
            "plantar fasciitis. PF score 6 or more."
        ),
        sources=("CPG14", "HUT13"),
        rationale=(
            "7.2 wrote 'heel_pain_site is not back_of_heel', which an unanswered site fails; written as 'ruled "
            "out by back of heel' so a missing answer never counts against (the site is then asked). 7.2 also "
            "required thigh pain to be absent; that is left to the tie-break (compensation first) and note "
            "N-THIGH, which is what its step 6 does anyway."
        ),
    ),
    Gate(
        id="G-COMP",
        pathway=Pathway.PF_COMPENSATION,
        score=Score.COMP,
        threshold=4,
        requires=yes("thigh_pain"),
        requires_eligible=Pathway.PF_ONLY,
        staff_explanation="The heel gate passes, there is thigh pain, and the COMP score is 4 or more.",
        sources=("SOURCE-DOC", "LAB11", "BOL13"),
    ),
    Gate(
        id="G-HS",
        pathway=Pathway.HAMSTRING_STRAIN,
        score=Score.HS,
        threshold=6,
        requires=yes("thigh_pain"),
        staff_explanation="Thigh pain and an HS score of 6 or more.",
        sources=("SOURCE-DOC", "ASK13"),
    ),
    Gate(
        id="G-SCI",
        pathway=Pathway.SCIATICA,
        score=Score.SCI,
        threshold=6,
        requires=Any(
            yes("pain_below_knee"),
            yes("leg_tingling"),
            Is("thigh_pain_quality", "shooting_or_burning"),
            yes("worse_cough_sneeze"),
            yes("leg_weakness"),
        ),
        staff_explanation=(
            "At least one radicular or neural sign (radiation below the knee, paraesthesia, shooting or burning "
            "pain, worse on cough or sneeze, weakness) and an SCI score of 6 or more."
        ),
        sources=("VRO02", "VER16", "NG59"),
        rationale=(
            "New requirement. 7.2 let SCI reach 6 from non-specific items alone (back pain, worse sitting, no "
            "comfortable position, gradual onset, diffuse thigh ache, lifting), i.e. sciatica with no radicular "
            "or neural sign at all; sciatica is defined by radiating leg pain with neural features (VRO02)."
        ),
    ),
)

TIE_BREAK = TieBreak(
    order=(Pathway.SCIATICA, Pathway.HAMSTRING_STRAIN, Pathway.PF_COMPENSATION, Pathway.PF_ONLY),
    staff_explanation=(
        "When several pathways qualify: a specific nerve or local cause, when its signs are present, explains the "
        "thigh better than compensation, which the source document itself treats as one option among "
        "overlapping ones. The ranking still shows the others, and a qualifying heel adds the heel module."
    ),
    sources=("SOURCE-DOC", "NO-SOURCE"),
)

# --- 4. Differential notes for the physiotherapist (README 7.5) -------------------------------------

DIFFERENTIAL_NOTES: tuple[DifferentialNote, ...] = (
    DifferentialNote(
        id="N-ACH",
        condition=Is("heel_pain_site", "back_of_heel"),
        note=(
            "Posterior heel: consider Achilles tendinopathy (pain 2-6 cm above the insertion) or insertional "
            "pain; not plantar fasciitis."
        ),
        sources=("HUT13",),
    ),
    DifferentialNote(
        id="N-FATPAD",
        condition=All(Is("heel_pain_site", "whole_heel"), no("first_step_pain")),
        note=(
            "Central or whole heel without first-step pain: consider heel fat pad syndrome or a calcaneal stress "
            "fracture (squeeze test, single-leg hop)."
        ),
        sources=("TU11",),
    ),
    DifferentialNote(
        id="N-NERVE",
        condition=yes("foot_tingling"),
        note="Burning or tingling in the sole or heel: consider tarsal tunnel, Baxter nerve or S1 radiculopathy.",
        sources=("ALS08", "LAR14"),
    ),
    DifferentialNote(
        id="N-PHT",
        condition=All(Is("thigh_pain_site", "sitting_bone"), Is("thigh_onset", "gradual"), yes("worse_sitting")),
        note="Gradual pain at the sitting bone, worse sitting: consider proximal hamstring tendinopathy.",
        sources=("GOO16",),
    ),
    DifferentialNote(
        id="N-PROXIMAL",
        condition=All(Is("thigh_pain_site", "sitting_bone"), Is("thigh_onset", "sudden")),
        note=(
            "Sudden pain at the sitting bone: examine for proximal hamstring avulsion (palpable gap, bruising "
            "appearing 3-7 days later, weak knee flexion) even without a pop; MRI and orthopaedic opinion within "
            "days if suspected."
        ),
        sources=("COL", "BER21"),
        rationale=(
            "New. Avulsions are often missed (BER21) and the RF-AVULSION flag needs a reported pop; this prompts "
            "the examination when the pop was not felt or not reported."
        ),
    ),
    DifferentialNote(
        id="N-BILAT",
        condition=All(
            yes("both_legs"),
            Not(Any(*NEUROLOGICAL_LEG_SIGNS, yes("low_back_pain"))),
            # No shooting or burning thigh pain: either no thigh pain at all (its quality is then never
            # asked) or another quality.
            Any(no("thigh_pain"), OneOf("thigh_pain_quality", ("dull_tight_ache", "sharp_localized"))),
        ),
        note=(
            "Symptoms in both legs with every neurological question answered no: on its own not a cauda equina "
            "flag; bilateral heel pain suggests considering inflammatory or systemic causes. Re-check for "
            "bladder, saddle or leg neurological symptoms at the first visit."
        ),
        sources=("GIRFT23", "NG65"),
        rationale=(
            "'No neurological feature' means every feature of RF-CES-BILATERAL answered no (the same list, "
            "negated), except that 'no thigh pain' settles the thigh pain quality, which is then never asked. "
            "While a feature is unanswered the note waits, and questions to ask lists the missing ones."
        ),
    ),
    DifferentialNote(
        id="N-BILAT-HEEL",
        condition=All(yes("heel_pain"), Is("affected_side", "both")),
        note=(
            "Heel pain on both sides: poorer prognosis (bilateral HR 0.33 for recovery); consider systemic or "
            "inflammatory causes (seronegative spondyloarthropathy). Not a red flag on its own."
        ),
        sources=("GUL23", "NG65", "GIRFT23"),
        rationale=(
            "New. Bilateral heel pain is reported through affected_side, not both_legs (which asks about the "
            "legs), so 7.5's N-BILAT alone would miss the commonest bilateral picture."
        ),
    ),
    DifferentialNote(
        id="N-CHILD",
        condition=All(Below("age", 16), yes("heel_pain")),
        note=(
            "Under 16 with heel pain: consider calcaneal apophysitis (Sever's), especially posterior heel pain in "
            "an active child; review before sending an adult plantar fasciitis plan."
        ),
        sources=("NO-SOURCE",),
        rationale="The README tags this [secondary] without a citation, hence NO-SOURCE.",
    ),
    DifferentialNote(
        id="N-THIGH",
        condition=All(ScoredPathway(Pathway.PF_ONLY), yes("thigh_pain")),
        note="Thigh pain present but not explained by the documented signs: assess the thigh at the first visit.",
        sources=("NO-SOURCE",),
    ),
    DifferentialNote(
        id="N-HEEL-SCIATICA",
        condition=All(yes("heel_pain"), Eligible(Pathway.SCIATICA)),
        note=(
            "Heel pain with nerve-related leg signs: check for S1 radiculopathy or tarsal tunnel as the source of "
            "the heel pain; do not present heel insoles as a treatment for the leg pain (SCI-04)."
        ),
        sources=("ALS08", "CPG14", "NG59"),
        rationale="New: the examination prompt of README 6.4 (PF + sciatica), as a note the dashboard shows.",
    ),
)

# --- 5. Plan items and plans (README section 6) -----------------------------------------------------

PLAN_ITEMS: tuple[PlanItem, ...] = (
    PlanItem(
        "PF-01",
        "Education: benign but slow course; load management (reduce long standing and impact for a while, not "
        "rest); supportive footwear; weight if BMI is high.",
        "once, repeated at reviews",
        "",
        ("MOR21", "CPG14"),
        "MOR21 [seen]; CPG14 risk factors [seen]",
    ),
    PlanItem(
        "PF-02",
        "Plantar-fascia-specific stretch: sitting, cross the leg and pull the toes back until the arch tightens.",
        "10 x 10 s, 3 times a day; first set before the first step in the morning and before standing after long "
        "sitting",
        "8 weeks or more",
        ("DIG03", "DIG06", "CPG14", "CPG23"),
        "DIG03 trial [seen]; dose [recalled]; CPG grade A [recalled/secondary]",
    ),
    PlanItem(
        "PF-03",
        "Calf stretch against a wall: gastrocnemius (back knee straight) and soleus (knee bent).",
        "3 x 20 s or 1 x 3 min, 2-3 times a day",
        "8 weeks or more",
        ("CPG14", "RAD07"),
        "CPG14 dose [recalled]; RAD07 (not alone) [seen]",
    ),
    PlanItem(
        "PF-04",
        "High-load heel raise with a towel under the toes, on a step, single leg (both legs up, one down if too hard).",
        "3 s up, 2 s hold, 3 s down; weeks 1-2: 12RM x 3; weeks 3-4: 10RM x 4 with a loaded backpack; week 5 on: "
        "8RM x 5; every second day",
        "12 weeks",
        ("RAT15",),
        "RAT15 [seen]",
    ),
    PlanItem(
        "PF-05",
        "Taping (antipronation / low-Dye), applied in clinic.",
        "for short-term relief",
        "up to about 3 weeks",
        ("CPG14", "CPG23"),
        "CPG14/23 grade A [recalled/secondary]",
    ),
    PlanItem(
        "PF-06",
        "Night splint holding slight dorsiflexion.",
        "nightly, if first-step pain persists",
        "1-3 months",
        ("CPG14", "CPG23"),
        "CPG14/23 grade A [recalled/secondary]",
    ),
    PlanItem(
        "PF-07",
        "Footwear and insoles: cushioned heel, arch support, no barefoot on hard floors; prefabricated insole with "
        "the exercises; custom orthoses if no progress by about 12 weeks.",
        "daily",
        "",
        ("MOR21", "CPG23"),
        "MOR21 [seen]; CPG23 'not as isolated short-term treatment' [secondary]",
    ),
    PlanItem(
        "PFC-01",
        "Hamstring stretch (lying with a strap, or standing with the heel on a step).",
        "3 x 30 s, 1-2 times a day",
        "6-8 weeks",
        ("LAB11", "BOL13", "NO-SOURCE"),
        "rationale LAB11/BOL13 [seen]; dose [NO SOURCE]; no PF trial found",
    ),
    PlanItem(
        "PFC-02",
        "Gluteal and hip strengthening: bridges, side-lying hip abduction (optional).",
        "3 x 10-15, 3 times a week",
        "6-8 weeks",
        ("KAM16", "NO-SOURCE"),
        "optional: KAM16 found no added benefit [seen]; dose [NO SOURCE]",
    ),
    PlanItem(
        "PFC-03",
        "Walking cue: even heel-to-toe steps as pain allows, once the heel pain is settling.",
        "during daily walking",
        "",
        ("PHI17", "NO-SOURCE"),
        "rationale PHI17 [seen]; intervention [NO SOURCE]",
    ),
    PlanItem(
        "HS-01",
        "Early phase: avoid sprinting and hard stretching; walk normally as pain allows; pain-free isometric "
        "hamstring contractions.",
        "daily",
        "first days",
        ("HEI10",),
        "HEI10 [recalled]",
    ),
    PlanItem(
        "HS-02",
        "'Extender': lying, hold the thigh at about 90 degrees of hip flexion and slowly straighten the knee to "
        "just short of pain.",
        "3 x 12, twice a day",
        "until return to sport",
        ("ASK13", "ASK14"),
        "lengthening protocol ASK13/ASK14 [seen]; names and doses [recalled]",
    ),
    PlanItem(
        "HS-03",
        "'Diver': standing on the injured leg, lean forward with arms out while the other leg lifts back.",
        "3 x 6, every other day",
        "until return to sport",
        ("ASK13", "ASK14"),
        "[recalled]",
    ),
    PlanItem(
        "HS-04",
        "'Glider': holding a support, slide the other leg backward on a smooth floor, controlling with the injured "
        "leg.",
        "3 x 4, every third day",
        "until return to sport",
        ("ASK13", "ASK14"),
        "[recalled]",
    ),
    PlanItem(
        "HS-05",
        "Progressive running, agility and trunk stabilisation; return-to-sport check with the H-test (no "
        "insecurity, symmetric range).",
        "progressive",
        "",
        ("HEI10", "ASK10"),
        "HEI10 [recalled]; ASK10 [seen]",
    ),
    PlanItem(
        "HS-06",
        "After return: Nordic hamstring exercise for prevention.",
        "1-3 times a week",
        "ongoing",
        ("ISH20", "NO-SOURCE"),
        "ISH20 risk reduction [seen]; dose [NO SOURCE]",
    ),
    PlanItem(
        "SCI-01",
        "Advice: stay active and continue normal activities and work as able; avoid bed rest; most people improve.",
        "every contact",
        "",
        ("NG59", "KOE07"),
        "NG59 [seen]; KOE07 [secondary]",
    ),
    PlanItem(
        "SCI-02",
        "Exercise programme (biomechanical, aerobic, mind-body or mixed; group or individual).",
        "per physiotherapist",
        "",
        ("NG59",),
        "NG59 [seen]",
    ),
    PlanItem(
        "SCI-03",
        "Manual therapy only as part of a package that includes exercise.",
        "optional",
        "",
        ("NG59",),
        "NG59 [seen]",
    ),
    PlanItem(
        "SCI-04",
        "Do not offer belts or corsets, foot orthotics or shoe inserts, rocker soles, traction, acupuncture, "
        "TENS/PENS or ultrasound for the back or sciatica.",
        "",
        "",
        ("NG59",),
        "NG59 [seen]",
    ),
    PlanItem(
        "SCI-05",
        "Risk stratification (STarT Back) at first contact; no routine imaging outside specialist care.",
        "once",
        "",
        ("NG59",),
        "NG59 [seen]",
    ),
    PlanItem(
        "SCI-06",
        "Safety-net: written advice to go to A&E for any new bladder, bowel, saddle or both-leg symptoms.",
        "every contact",
        "",
        ("GIRFT23",),
        "GIRFT23 [seen]; NHS-SCI [secondary]",
    ),
)

_PF_ESCALATE = (
    "No meaningful change at 4-6 weeks: consider shockwave and re-check the diagnosis; about 12 weeks: custom "
    "orthoses; refractory after 6 months: podiatry or orthopaedic opinion."
)

PATHWAY_PLANS: tuple[PathwayPlan, ...] = (
    PathwayPlan(
        Pathway.PF_ONLY,
        ("PF-01", "PF-02", "PF-03", "PF-04", "PF-05", "PF-06", "PF-07"),
        reassess="At 4-6 weeks with first-step NPRS and LEFS (or FAAM).",
        escalate=_PF_ESCALATE,
        sources=("MOR21", "ACFAS"),
    ),
    PathwayPlan(
        Pathway.PF_COMPENSATION,
        ("PF-01", "PF-02", "PF-03", "PF-04", "PF-05", "PF-06", "PF-07", "PFC-01", "PFC-02", "PFC-03"),
        reassess="At 4-6 weeks with first-step NPRS and LEFS (or FAAM).",
        escalate=_PF_ESCALATE
        + " Thigh pain becoming sharp, shooting, below the knee or with tingling: re-triage as sciatica; new "
        "sudden thigh pain in activity: re-triage as strain.",
        sources=("MOR21", "ACFAS", "NO-SOURCE"),
    ),
    PathwayPlan(
        Pathway.HAMSTRING_STRAIN,
        ("HS-01", "HS-02", "HS-03", "HS-04", "HS-05", "HS-06"),
        reassess=(
            "At about 1 week (prognosis is more accurate then than on the day), then weekly; more than 1 day to "
            "walk pain-free predicts more than 3 weeks out."
        ),
        escalate=(
            "Avulsion warning signs: urgent orthopaedic opinion. No progress in 2-3 weeks, recurrence, or neural "
            "signs (slump positive, tingling): physiotherapist re-assessment."
        ),
        sources=("KER13", "HEI10", "WAR10", "NO-SOURCE"),
    ),
    PathwayPlan(
        Pathway.SCIATICA,
        ("SCI-01", "SCI-02", "SCI-03", "SCI-04", "SCI-05", "SCI-06"),
        reassess="At 2-4 weeks (interval is a design choice).",
        escalate=(
            "Not improving after 6-8 weeks or intractable pain: spinal or MSK specialist. Progressive weakness: "
            "urgent. Any cauda equina feature: emergency."
        ),
        sources=("KOE07", "LOTH", "GIRFT23", "NO-SOURCE"),
    ),
)

_HEEL_MODULE = ("PF-01", "PF-02", "PF-03")

MIXED_PICTURE_RULES: tuple[MixedPictureRule, ...] = (
    MixedPictureRule(
        id="MIX-SCI-PF",
        primary=Pathway.SCIATICA,
        also_eligible=Pathway.PF_ONLY,
        add_items=_HEEL_MODULE,
        staff_explanation=(
            "Sciatica with a qualifying heel: sciatica plan plus the heel module (education and stretches). "
            "No insoles: they are not a treatment for the leg pain (SCI-04)."
        ),
        sources=("ALS08", "NG59"),
    ),
    MixedPictureRule(
        id="MIX-HS-PF",
        primary=Pathway.HAMSTRING_STRAIN,
        also_eligible=Pathway.PF_ONLY,
        add_items=_HEEL_MODULE,
        staff_explanation=(
            "Strain with a qualifying heel: strain plan plus the heel module; heel raises (PF-04) are left out "
            "while they could load the thigh."
        ),
        sources=("NO-SOURCE",),
        rationale=(
            "README 6.4 says keep PF-02/PF-03 and 7.2 says PF-01 to PF-03; education (PF-01) is kept as it "
            "cannot load the thigh."
        ),
    ),
)

RULE_SET = RuleSet(
    declared_version=DECLARED_VERSION,
    red_flags=RED_FLAG_RULES,
    scales=SCALES,
    scoring_rules=SCORING_RULES,
    gates=GATES,
    tie_break=TIE_BREAK,
    notes=DIFFERENTIAL_NOTES,
    plan_items=PLAN_ITEMS,
    plans=PATHWAY_PLANS,
    mixed_pictures=MIXED_PICTURE_RULES,
    sources=SOURCE_LIST,
)
