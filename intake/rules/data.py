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
from intake.rules.i18n import gettext_noop
from intake.rules.records import (
    DifferentialNote,
    Gate,
    MixedPictureRule,
    PathwayPlan,
    PlanCaution,
    PlanItem,
    RedFlagRule,
    RuleSet,
    Score,
    ScoreScale,
    ScoringRule,
    TieBreak,
    TieBreakReason,
)
from intake.rules.sources import SOURCE_LIST
from intake.rules.vocabulary import Pathway, Urgency

DECLARED_VERSION = "2026.2"

# --- Shared conditions ------------------------------------------------------------------------------

# Nerve features of the legs, shared by the sexual-dysfunction flag and the cancer-with-deficit flag.
NEUROLOGICAL_LEG_SIGNS = (
    yes("leg_tingling"),
    yes("foot_tingling"),
    yes("leg_weakness"),
    yes("pain_below_knee"),
)
SHOOTING_THIGH_PAIN = Is("thigh_pain_quality", "shooting_or_burning")
# Back or radicular features for the bilateral flag (GIRFT23: bilateral radicular symptoms or deficit).
# Tingling on its own is not one: with back or radicular pain it is covered by those features, and
# alone in both feet it is far more often a peripheral neuropathy. Negated by note N-BILAT.
BILATERAL_CES_FEATURES = Any(yes("leg_weakness"), yes("pain_below_knee"), SHOOTING_THIGH_PAIN, yes("low_back_pain"))

# A tender calf with every clot risk factor explicitly answered no (NG158 Wells items; RCOG37a for
# pregnancy and the weeks after birth, which is not asked from age 56). Softens RF-DVT; note N-CALF.
CALF_TENDER_WITHOUT_CLOT_RISK = All(
    no("calf_swelling"),
    no("recent_surgery_or_immobilised"),
    no("previous_clot"),
    no("long_journey"),
    no("cancer_history"),
    Any(no("pregnant_or_postpartum"), AtLeast("age", 56)),
)

# A knock or bump with no sign of bone fragility (DOW13, FIN20). Softens RF-TRAUMA; note N-KNOCK.
KNOCK_WITHOUT_FRAGILITY = All(
    Is("injury_kind", "knock"), no("long_term_steroids"), no("osteoporosis"), Below("age", 70)
)

# An explicit mechanism at the onset of the thigh pain: a strain, not a spontaneous bleed.
STRAIN_MECHANISM = OneOf("onset_activity", ("sprinting", "lunging_or_stretching", "kicking", "lifting"))

# --- 1. Red flags: evaluated first, never outvoted -----------------------------------------------------

# Patient advice is wrapped in gettext_noop (intake/rules/i18n.py) so makemessages extracts it, and the
# patient pages show it in the patient's language. Each advice is one literal, even where several start
# with the same "go to A&E now" sentences: a translator must see, and translate, the whole text.

RED_FLAG_RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        id="RF-CES-BLADDER",
        key="bladder_bowel_change",
        condition=yes("bladder_bowel_change"),
        urgency=Urgency.EMERGENCY,
        advice=gettext_noop(
            "Please go to A&E (the hospital emergency department) now, today. Do not wait for your "
            "physiotherapy appointment and do not wait to see if it settles. If you cannot get there safely,"
            " call {emergency_number}. Tell them about the change in your bladder or bowels and your back or"
            " leg pain."
        ),
        staff_explanation="New bladder or bowel change: possible cauda equina syndrome, same-day emergency assessment.",
        sources=("GIRFT23",),
    ),
    RedFlagRule(
        id="RF-CES-SADDLE",
        key="saddle_numbness",
        condition=yes("saddle_numbness"),
        urgency=Urgency.EMERGENCY,
        advice=gettext_noop(
            "Please go to A&E (the hospital emergency department) now, today. Do not wait for your "
            "physiotherapy appointment and do not wait to see if it settles. If you cannot get there safely,"
            " call {emergency_number}. Tell them about the numbness around your genitals, bottom or inner "
            "thighs."
        ),
        staff_explanation="Saddle (S2-S5) sensory change: possible cauda equina syndrome, same-day emergency review.",
        sources=("GIRFT23",),
    ),
    RedFlagRule(
        id="RF-CES-BILATERAL",
        key="both_legs",
        condition=All(yes("both_legs"), BILATERAL_CES_FEATURES),
        urgency=Urgency.EMERGENCY,
        advice=gettext_noop(
            "Please go to A&E (the hospital emergency department) now, today. Do not wait for your "
            "physiotherapy appointment and do not wait to see if it settles. If you cannot get there safely,"
            " call {emergency_number}. Tell them you have pain, numbness, tingling or weakness in both legs."
        ),
        soften_if=no("nerve_symptoms_recent"),
        soften_to=Urgency.URGENT,
        softened_advice=(
            gettext_noop(
                "Please see a doctor (your GP) within the next few days about the symptoms in both legs: ring the "
                "surgery today to book. Go to A&E at once if you notice any change in passing urine or in bowel "
                "control, numbness around your genitals or bottom, or if your legs get weaker or the symptoms get "
                "worse."
            )
        ),
        staff_explanation=(
            "Both legs with back pain, weakness or radicular pain (bilateral sciatica or deficit): possible cauda "
            "equina syndrome, emergency. Urgent (doctor within days) when the patient says the symptoms are "
            "neither new nor worse in the last 2 weeks."
        ),
        sources=("GIRFT23", "LOTH"),
        rationale=(
            "The first edition let tingling alone, in the leg or in the sole, qualify; that sent people with "
            "long-standing tingling or burning in both feet and no back pain (typically a diabetic neuropathy) "
            "to A&E as possible cauda equina. Tingling now counts together with back or radicular pain, which "
            "are features in their own right. GIRFT23's criteria are new or deteriorating bilateral symptoms, so "
            "an explicit answer that they are neither new nor worse lowers the flag to urgent; an unanswered "
            "question never does. Both legs alone still does not fire (bilateral heel pain is not a cauda equina "
            "sign); see note N-BILAT."
        ),
    ),
    RedFlagRule(
        id="RF-MSCC",
        key="cancer_history",
        condition=All(
            yes("cancer_history"),
            Any(
                yes("leg_weakness"),
                yes("saddle_numbness"),
                yes("bladder_bowel_change"),
                All(yes("both_legs"), Any(*NEUROLOGICAL_LEG_SIGNS, SHOOTING_THIGH_PAIN)),
            ),
        ),
        urgency=Urgency.EMERGENCY,
        advice=(
            gettext_noop(
                "Because you have had cancer in the past, these symptoms need checking today. Please contact your "
                "cancer team's acute oncology service now (the number is usually on your cancer care letters or "
                "card). If you cannot reach them, go to A&E today and tell them about your cancer history and these "
                "symptoms. Do not wait for your physiotherapy appointment. If you cannot get there safely, call "
                "{emergency_number}."
            )
        ),
        staff_explanation=(
            "History of cancer with a neurological deficit (leg weakness, saddle or bladder/bowel change, or nerve "
            "symptoms in both legs): possible metastatic spinal cord compression; MRI within 24 hours (NG234), "
            "via the acute oncology service."
        ),
        sources=("NG234",),
        rationale=(
            "New. Cancer and a new deficit were separate urgent flags that nothing combined: a man with prostate "
            "cancer, back pain, night pain and a leg giving way came out urgent, and his advice never mentioned "
            "his cancer. NG234 asks for an MRI within 24 hours when there are neurological symptoms."
        ),
    ),
    RedFlagRule(
        id="RF-PE",
        key="breathless_or_chest_pain",
        condition=yes("breathless_or_chest_pain"),
        urgency=Urgency.EMERGENCY,
        advice=(
            gettext_noop(
                "Please call {emergency_number} now because of the new breathlessness or chest pain. Do not drive "
                "yourself to hospital and do not wait for your physiotherapy appointment."
            )
        ),
        staff_explanation=(
            "New breathlessness or chest pain: possible pulmonary embolism, especially with leg or calf "
            "symptoms; emergency (NG158)."
        ),
        sources=("NG158",),
        rationale="New: no first-edition question asked about breathlessness or chest pain.",
    ),
    RedFlagRule(
        id="RF-DVT",
        key="calf_swelling",
        condition=Any(yes("calf_swelling"), yes("calf_tender")),
        urgency=Urgency.EMERGENCY,
        advice=(
            gettext_noop(
                "Please get your leg checked by a doctor today: go to A&E or an urgent treatment centre, or call "
                "NHS 111 now for a same-day appointment. Call {emergency_number} straight away if you become short "
                "of breath or have chest pain."
            )
        ),
        soften_if=CALF_TENDER_WITHOUT_CLOT_RISK,
        soften_to=None,
        staff_explanation=(
            "One calf swollen, or red and warm, or tender: possible deep vein thrombosis; Wells score and "
            "proximal ultrasound within 4 hours (NG158). A tender calf that is not swollen, with every clot risk "
            "factor answered no, is not a flag: note N-CALF asks for a Wells assessment at the first visit."
        ),
        sources=("NG158", "RCOG37a"),
        rationale=(
            "Tenderness alone is now its own question. A tender calf counts like a swollen one when any clot risk "
            "factor is present or not answered (operation, cast or immobility, previous clot, long journey, "
            "cancer, pregnancy or the 6 weeks after birth: NG158, RCOG37a); only explicit no answers to all of "
            "them make it a staff note. Pregnancy is not asked from age 56, so that age settles it."
        ),
    ),
    RedFlagRule(
        id="RF-ACHILLES",
        key="heel_pop",
        condition=Any(yes("heel_pop"), All(Is("heel_onset", "sudden"), yes("tiptoe_difficulty"))),
        urgency=Urgency.EMERGENCY,
        advice=(
            gettext_noop(
                "Please get your heel and calf checked today at an urgent treatment centre or A&E. Until then, avoid "
                "walking on that foot as far as you can, and do not stretch or exercise it. Do not wait for your "
                "physiotherapy appointment."
            )
        ),
        staff_explanation=(
            "A pop, snap or kick felt at the back of the heel or calf, or sudden pain with inability to rise on "
            "tiptoe: possible Achilles tendon rupture; same-day examination (calf squeeze test, palpable gap, weak "
            "push-off) and protection of the tendon (AAOS10)."
        ),
        sources=("AAOS10",),
        rationale=(
            "New: no first-edition question could see it; a sudden pop with inability to tiptoe came out as too "
            "little to go on, with a routine reply."
        ),
    ),
    RedFlagRule(
        id="RF-DIABETIC-FOOT",
        key="foot_red_hot_swollen",
        condition=All(yes("diabetes"), yes("foot_red_hot_swollen")),
        urgency=Urgency.EMERGENCY,
        advice=(
            gettext_noop(
                "Please contact your GP practice or your diabetes foot team now, today, about your red, hot, swollen "
                "foot. If you cannot be seen today, go to an urgent treatment centre or A&E today. Keep your weight "
                "off the foot as much as you can until it has been checked."
            )
        ),
        staff_explanation=(
            "Diabetes with a red, hot, swollen foot: an active diabetic foot problem (infection or Charcot foot); "
            "refer within 1 working day, immediately if limb- or life-threatening (NG19)."
        ),
        sources=("NG19",),
        rationale="New: no first-edition question asked about diabetes or a red, hot, swollen foot.",
    ),
    RedFlagRule(
        id="RF-BLEED",
        key="anticoagulants",
        condition=All(yes("anticoagulants"), yes("bruising_or_swelling"), Is("thigh_onset", "sudden")),
        urgency=Urgency.EMERGENCY,
        advice=(
            gettext_noop(
                "Please go to A&E today and tell them you take a blood thinner and about the sudden swelling or "
                "bruising in your thigh. Do not wait for your physiotherapy appointment. If you feel faint or dizzy, "
                "call {emergency_number}."
            )
        ),
        soften_if=STRAIN_MECHANISM,
        soften_to=None,
        staff_explanation=(
            "On an anticoagulant with sudden thigh swelling or bruising and no strain mechanism: possible "
            "spontaneous muscle bleed; same-day assessment (NG158). Not a flag when the pain began sprinting, "
            "lunging or stretching, kicking or lifting (a strain); note N-ANTICOAG still applies."
        ),
        sources=("NG158",),
        rationale=(
            "New. Fires with no activity at onset or with the activity not answered; only an explicit strain "
            "mechanism makes it a strain."
        ),
    ),
    RedFlagRule(
        id="RF-SEXUAL",
        key="sexual_dysfunction",
        condition=yes("sexual_dysfunction"),
        urgency=Urgency.URGENT,
        advice=(
            gettext_noop(
                "Please see a doctor (your GP) within the next few days about the change in sexual function you "
                "told us about: ring the surgery today to book. Go to A&E straight away if you also notice any "
                "change in passing urine or in bowel control, numbness around your genitals or bottom, or symptoms "
                "in both legs."
            )
        ),
        escalate_if=Any(
            yes("both_legs"),
            yes("saddle_numbness"),
            yes("bladder_bowel_change"),
            *NEUROLOGICAL_LEG_SIGNS,
            SHOOTING_THIGH_PAIN,
        ),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=gettext_noop(
            "Please go to A&E (the hospital emergency department) now, today. Do not wait for your "
            "physiotherapy appointment and do not wait to see if it settles. If you cannot get there safely,"
            " call {emergency_number}. Tell them about the change in sexual function together with your leg,"
            " numbness or bladder symptoms."
        ),
        staff_explanation=(
            "New sexual dysfunction: emergency with any leg, saddle or bladder feature (possible cauda equina "
            "syndrome); alone, or with low back pain only, unlikely to be CES but needs a doctor within days."
        ),
        sources=("GIRFT23",),
        rationale=(
            "The source table split this into an emergency rule (with a leg, saddle or bladder feature) and an "
            "urgent one (without). 'Without' cannot be decided while the other answers are missing, so the split "
            "let a skipped question hide the flag altogether; now the flag always fires (urgent) and becomes an "
            "emergency when a feature is reported. The features include tingling in the leg or sole and "
            "shooting or burning pain; low back pain alone does not count (GIRFT23)."
        ),
    ),
    RedFlagRule(
        id="RF-NEURO",
        key="leg_weakness",
        condition=yes("leg_weakness"),
        urgency=Urgency.URGENT,
        advice=(
            gettext_noop(
                "Please see a doctor (your GP) within the next few days about the weakness in your leg or foot: "
                "ring the surgery today to book. Go to A&E the same day if the weakness gets worse quickly or "
                "affects both legs."
            )
        ),
        escalate_if=Any(yes("both_legs"), yes("cancer_history"), yes("fever_unwell")),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=gettext_noop(
            "Please go to A&E (the hospital emergency department) now, today. Do not wait for your "
            "physiotherapy appointment and do not wait to see if it settles. If you cannot get there safely,"
            " call {emergency_number}. Tell them you have new weakness in your leg or foot, and about your "
            "other symptoms and your medical history."
        ),
        staff_explanation=(
            "New or worsening weakness or foot drop: progressive neurological deficit, medical review within "
            "days. Emergency with both legs, with a history of cancer (possible spinal cord compression, NG234) "
            "or with fever (possible spinal infection, FIN20)."
        ),
        sources=("LOTH", "KOE07", "NG234", "FIN20"),
        rationale=(
            "Cancer or fever with a new deficit now escalates: each was a separate urgent flag that nothing "
            "combined, so a patient with cancer and a weak leg was sent to a doctor within days instead of the "
            "same day (NG234: MRI within 24 hours with neurological symptoms)."
        ),
    ),
    RedFlagRule(
        id="RF-INFECTION",
        key="fever_unwell",
        condition=yes("fever_unwell"),
        urgency=Urgency.URGENT,
        advice=(
            gettext_noop(
                "Please see a doctor (your GP) within the next day or two because of the fever or feeling unwell: "
                "ring the surgery today. Call NHS 111 or go to A&E today if you feel very unwell, confused, or it is "
                "getting worse quickly."
            )
        ),
        escalate_if=Any(
            yes("low_back_pain"),
            yes("leg_weakness"),
            yes("both_legs"),
            yes("diabetes"),
            yes("immunosuppressed"),
            yes("foot_red_hot_swollen"),
            yes("night_pain"),
        ),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=(
            gettext_noop(
                "Please get seen by a doctor today: go to an urgent treatment centre or A&E, or call NHS 111 now for "
                "a same-day appointment, because you have a fever or feel unwell together with your other symptoms "
                "or health conditions. Do not wait for your physiotherapy appointment."
            )
        ),
        staff_explanation=(
            "Fever, chills or systemic illness: possible infection. Same-day emergency with back pain, leg "
            "weakness, both legs, diabetes, a weakened immune system, a red hot swollen foot or constant night "
            "pain (spinal infection: FIN20; diabetic foot infection: NG19)."
        ),
        sources=("GCARE", "CKS", "FIN20", "NG19", "NO-SOURCE"),
        rationale=(
            "Urgent for fever alone is this clinic's design choice: the guidelines leave it to clinical "
            "judgement. The features that make a spinal or foot infection more likely (FIN20, NG19) make it a "
            "same-day emergency; the first edition escalated with back pain only."
        ),
    ),
    RedFlagRule(
        id="RF-TRAUMA",
        key="major_trauma",
        condition=yes("major_trauma"),
        urgency=Urgency.URGENT,
        advice=(
            gettext_noop(
                "Please have the injury checked within the next day by a doctor, a minor injuries unit or an urgent "
                "treatment centre. If you cannot take four steps on the leg, go today to A&E or an urgent treatment "
                "centre for an X-ray."
            )
        ),
        escalate_if=Any(Is("injury_kind", "high_energy"), yes("cannot_bear_weight")),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=(
            gettext_noop(
                "Please go today to A&E or an urgent treatment centre for an X-ray and a check-up, because of the kind "
                "of fall, accident or blow you had or because you cannot put weight on the leg. Do not wait for your "
                "physiotherapy appointment."
            )
        ),
        soften_if=KNOCK_WITHOUT_FRAGILITY,
        soften_to=None,
        staff_explanation=(
            "Fall, accident or blow before the pain: exclude a fracture (Ottawa rules). Emergency after a "
            "high-energy injury (fall from a height, road accident, hard collision) or when the patient cannot "
            "bear weight. A knock or bump under 70 with no long-term steroids and no osteoporosis is not a flag: "
            "note N-KNOCK."
        ),
        sources=("GCARE", "TU11", "STI93", "BAC03", "DOW13", "FIN20"),
        rationale=(
            "The first edition could not tell a fall from a ladder from a stumble, so a knock months earlier made "
            "a classic heel pain an urgent referral. Fracture red flags are major trauma, or minor trauma with "
            "bone fragility: older age, long-term steroids, osteoporosis (DOW13, FIN20). A missing injury kind, "
            "age or fragility answer keeps the flag."
        ),
    ),
    RedFlagRule(
        id="RF-NWB",
        key="cannot_bear_weight",
        condition=yes("cannot_bear_weight"),
        urgency=Urgency.URGENT,
        advice=(
            gettext_noop(
                "Please see a doctor within the next day or two (your GP or an urgent treatment centre) because you "
                "cannot put weight on your foot or leg, and avoid walking on it until you have been checked."
            )
        ),
        escalate_if=yes("major_trauma"),
        escalate_to=Urgency.EMERGENCY,
        escalated_advice=(
            gettext_noop(
                "Please go today to A&E or an urgent treatment centre for an X-ray, because you cannot put weight on "
                "the leg after a fall, accident or blow. Do not wait for your physiotherapy appointment."
            )
        ),
        staff_explanation=(
            "Cannot bear weight: exclude stress or acute fracture (Ottawa: cannot take 4 steps means X-ray); "
            "emergency after trauma."
        ),
        sources=("TU11", "STI93", "BAC03"),
        rationale=(
            "The source table fired this only 'without trauma', which an unanswered trauma question cannot "
            "settle, so a skipped question could hide it. It now always fires and escalates with trauma, "
            "mirroring RF-TRAUMA."
        ),
    ),
    RedFlagRule(
        id="RF-AVULSION",
        key="felt_pop",
        condition=Any(
            All(yes("felt_pop"), OneOf("thigh_pain_site", ("sitting_bone", "buttock_to_thigh"))),
            All(Below("age", 17), Is("thigh_onset", "sudden"), Is("thigh_pain_site", "sitting_bone")),
        ),
        urgency=Urgency.URGENT,
        advice=(
            gettext_noop(
                "Please get this checked within the next few days at an urgent treatment centre or a fracture clinic, "
                "rather than waiting for a routine GP appointment, and mention the pop or the sudden pain near your "
                "sitting bone. Injuries like this are best repaired within about four weeks, so please do not wait "
                "for it to settle on its own."
            )
        ),
        staff_explanation=(
            "Pop at the sitting bone or from the buttock into the thigh, or sudden sitting-bone pain under 17: "
            "possible proximal hamstring avulsion (in adolescents an apophyseal avulsion fracture); imaging and "
            "orthopaedic opinion within days (repair best within about 4 weeks)."
        ),
        sources=("COL", "BER21", "BUC17", "VDM15", "ROS01"),
        rationale=(
            "A felt pop is itself the sudden event: requiring a sudden onset as well let an unanswered onset, or "
            "'gradual' (a pop on a long-standing tendinopathy), hide an injury whose repair is time-critical and "
            "often missed (BUC17, BER21). A pop felt from the buttock into the thigh counts too (a water-skier "
            "with such a pop got a routine strain plan), and under 17 sudden sitting-bone pain counts without a "
            "pop (apophyseal avulsion, ROS01). A pop in the muscle belly is a strain, not this flag. The advice "
            "goes through an urgent treatment centre or fracture clinic, not a routine GP appointment."
        ),
    ),
    RedFlagRule(
        id="RF-CANCER",
        key="cancer_history",
        condition=yes("cancer_history"),
        urgency=Urgency.URGENT,
        advice=(
            gettext_noop(
                "Please see your GP within the next few days, before starting exercises for this pain: ring the "
                "surgery to book and tell them about your medical history and this new pain."
            )
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
            gettext_noop(
                "Please see your GP within the next few days, before starting exercises for this pain: ring the "
                "surgery to book and tell them about the weight you have lost without trying."
            )
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
            gettext_noop(
                "Please see your GP within the next few days, before starting exercises for this pain: ring the "
                "surgery to book and tell them about the constant pain at night."
            )
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
        rationale=(
            "The source table listed the four walking signs as one row; split so each carries its own id and source."
        ),
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
            "New. The source table scored only a 'yes' to thigh_after_heel. The pathway is defined by heel pain "
            "driving the thigh, so a thigh that hurt first argues against it as strongly as C1 argues for it."
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
        rationale="The source table held three weights in one row; split into S14a-c so each weight has its own id.",
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
            "The source algorithm wrote 'heel pain site is not back of heel', which an unanswered site fails; "
            "written as 'ruled out by back of heel' so a missing answer never counts against (the site is then "
            "asked). It also required thigh pain to be absent; that is left to the tie-break (compensation "
            "first) and note N-THIGH, which is what the source algorithm does for unexplained thigh pain anyway."
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
            "New requirement. The source algorithm let SCI reach 6 from non-specific items alone (back pain, "
            "worse sitting, no comfortable position, gradual onset, diffuse thigh ache, lifting), i.e. sciatica "
            "with no radicular or neural sign at all; sciatica is defined by radiating leg pain with neural "
            "features (VRO02)."
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
    reasons=(
        TieBreakReason(
            Pathway.SCIATICA,
            "sciatica",
            "a nerve cause, when its signs are present, explains the leg and thigh symptoms better than a local "
            "strain or compensation for the heel, and it changes which exercises are safe",
        ),
        TieBreakReason(
            Pathway.HAMSTRING_STRAIN,
            "a hamstring strain",
            "a local injury with a clear onset explains the thigh better than compensation for the heel, which "
            "the clinic's clinical description treats as one option among overlapping ones",
        ),
        TieBreakReason(
            Pathway.PF_COMPENSATION,
            "heel pain driving thigh strain",
            "it explains the thigh pain as well as the heel, which plantar fasciitis alone leaves unexplained",
        ),
        TieBreakReason(
            Pathway.PF_ONLY,
            "plantar fasciitis",
            "no other pathway's signs explain the symptoms better",
        ),
    ),
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
            Not(Any(yes("leg_weakness"), yes("pain_below_knee"), yes("low_back_pain"))),
            # No shooting or burning thigh pain: either no thigh pain at all (its quality is then never
            # asked) or another quality.
            Any(no("thigh_pain"), OneOf("thigh_pain_quality", ("dull_tight_ache", "sharp_localized"))),
        ),
        note=(
            "Symptoms in both legs without back pain, weakness, pain below the knee or shooting thigh pain: not a "
            "cauda equina flag on its own. Tingling or burning in both feet without back pain suggests a "
            "peripheral neuropathy (for example diabetic); bilateral heel pain suggests considering inflammatory "
            "or systemic causes. Re-check for bladder, saddle or new leg symptoms at the first visit."
        ),
        sources=("GIRFT23", "NG65", "NG19"),
        rationale=(
            "The exact negation of the bilateral flag's features: each answered no, except that 'no thigh pain' "
            "settles the thigh pain quality, which is then never asked. While a feature is unanswered the note "
            "waits, and questions to ask lists the missing ones."
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
            "legs), so N-BILAT alone would miss the commonest bilateral picture."
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
        rationale=(
            "A design choice of this clinic: Sever's is the common heel diagnosis in active children, but no "
            "primary source for this prompt was found."
        ),
    ),
    DifferentialNote(
        id="N-THIGH",
        condition=All(ScoredPathway(Pathway.PF_ONLY), yes("thigh_pain")),
        note="Thigh pain present but not explained by the documented signs: assess the thigh at the first visit.",
        sources=("NO-SOURCE",),
        rationale=(
            "A design choice of this clinic: the heel plan goes ahead, and the thigh is examined at the first visit."
        ),
    ),
    DifferentialNote(
        id="N-HEEL-SCIATICA",
        condition=All(yes("heel_pain"), Eligible(Pathway.SCIATICA)),
        note=(
            "Heel pain with nerve-related leg signs: check for S1 radiculopathy or tarsal tunnel as the source of "
            "the heel pain; do not present heel insoles as a treatment for the leg pain (SCI-04)."
        ),
        sources=("ALS08", "CPG14", "NG59"),
        rationale="The examination prompt for heel pain with sciatica, as a note the case page shows.",
    ),
    DifferentialNote(
        id="N-PF-RUPTURE",
        condition=All(yes("heel_steroid_injection"), Is("heel_onset", "sudden")),
        note=(
            "Steroid injection into the heel in the last 3 months, then sudden heel pain: examine for a plantar "
            "fascia rupture (sudden sharp pain, bruising in the arch, flatter arch) before any loading exercise."
        ),
        sources=("ACFAS", "TU11"),
    ),
    DifferentialNote(
        id="N-STRESS-FRACTURE",
        condition=All(yes("training_increase"), Any(Is("heel_pain_site", "whole_heel"), yes("cannot_bear_weight"))),
        note=(
            "A recent sudden increase in training with whole-heel pain or inability to bear weight: consider a "
            "calcaneal stress fracture (squeeze test, single-leg hop; imaging if suspected) before loading."
        ),
        sources=("TU11",),
    ),
    DifferentialNote(
        id="N-SPA",
        condition=All(
            yes("inflammatory_features"),
            Any(All(yes("heel_pain"), Is("affected_side", "both")), yes("low_back_pain")),
        ),
        note=(
            "Inflammatory features (long morning stiffness, psoriasis, inflammatory bowel disease or uveitis) "
            "with heel pain on both sides or back pain: consider spondyloarthritis; refer to rheumatology if "
            "suspected (NG65)."
        ),
        sources=("NG65",),
    ),
    DifferentialNote(
        id="N-CALF",
        condition=All(yes("calf_tender"), CALF_TENDER_WITHOUT_CLOT_RISK),
        note=(
            "Tender calf, not swollen, with every clot risk factor answered no (not a red flag): assess with the "
            "Wells score at the first visit, and refer the same day if a clot is likely."
        ),
        sources=("NG158",),
        rationale="Says what to do when RF-DVT is not raised for a tender calf.",
    ),
    DifferentialNote(
        id="N-ANTICOAG",
        condition=yes("anticoagulants"),
        note=(
            "Takes an anticoagulant: bleeding risk with injections, dry needling and deep manual therapy; new "
            "swelling or bruising without an injury needs same-day assessment."
        ),
        sources=("NG158",),
    ),
    DifferentialNote(
        id="N-KNOCK",
        condition=All(yes("major_trauma"), KNOCK_WITHOUT_FRAGILITY),
        note=(
            "The injury was a knock or bump, under 70, with no long-term steroids and no osteoporosis (not a red "
            "flag on its own): examine, and X-ray only if the Ottawa rules say so (bony tenderness, or cannot "
            "take 4 steps)."
        ),
        sources=("STI93", "BAC03", "DOW13"),
        rationale="Says what to do when RF-TRAUMA is not raised for a knock.",
    ),
)

# --- 5. Plan items and plans (README section 6) -----------------------------------------------------

# Plan cautions (staff), shared with the staff text of the plan items they are about.
_NEURAL_CAUTION = (
    "Can provoke nerve pain in sciatica or a mixed picture with sciatica: use the bent-knee calf stretch "
    "instead of the straight-knee one, and stop if shooting pain or tingling appears."
)
_FALLS_CAUTION = (
    "Single-leg heel raises on a step carry a fall risk at 75 or over, or with pain of 8/10 or more: start on "
    "the floor with both legs."
)

PLAN_ITEMS: tuple[PlanItem, ...] = (
    PlanItem(
        "PF-01",
        "Understanding your heel pain: a harmless but slow course; load management (less long standing and impact "
        "for a while, not rest); supportive footwear; weight if BMI is high.",
        "once, repeated at reviews",
        "",
        ("MOR21", "CPG14"),
        "Review evidence (MOR21); risk factors from the guideline (CPG14).",
    ),
    PlanItem(
        "PF-02",
        "Sole-of-foot stretch: sitting, cross the leg and pull the toes back until the arch tightens "
        "(plantar-fascia-specific stretch).",
        "10 x 10 s, 3 times a day; first set before the first step in the morning and before standing after long "
        "sitting",
        "8 weeks or more",
        ("DIG03", "DIG06", "CPG14", "CPG23"),
        "Trial evidence (DIG03, DIG06) and a strong guideline recommendation (CPG14, CPG23); dose as in the "
        "trials, to confirm against their methods.",
    ),
    PlanItem(
        "PF-03",
        "Calf stretch against a wall: back knee straight (gastrocnemius), then bent (soleus).",
        "3 x 20 s or 1 x 3 min, 2-3 times a day",
        "8 weeks or more",
        ("CPG14", "RAD07"),
        "Guideline recommendation (CPG14), dose from clinical practice; not effective on its own (RAD07).",
        caution=_NEURAL_CAUTION,
    ),
    PlanItem(
        "PF-04",
        "Slow heel raises on a step: a towel under the toes, single leg (both legs up, one down if too hard).",
        "3 s up, 2 s hold, 3 s down; weeks 1-2: 12RM x 3; weeks 3-4: 10RM x 4 with a loaded backpack; week 5 on: "
        "8RM x 5; every second day",
        "12 weeks",
        ("RAT15",),
        "Trial evidence (RAT15), dose from the trial.",
        caution=_FALLS_CAUTION,
    ),
    PlanItem(
        "PF-05",
        "Taping (antipronation / low-Dye), applied in clinic.",
        "for short-term relief",
        "up to about 3 weeks",
        ("CPG14", "CPG23"),
        "Strong guideline recommendation for short-term relief (CPG14, CPG23).",
    ),
    PlanItem(
        "PF-06",
        "Night splint holding slight dorsiflexion.",
        "nightly, if first-step pain persists",
        "1-3 months",
        ("CPG14", "CPG23"),
        "Guideline recommendation when first-step pain persists (CPG14, CPG23).",
    ),
    PlanItem(
        "PF-07",
        "Footwear and insoles: cushioned heel, arch support, no barefoot on hard floors; prefabricated insole with "
        "the exercises; custom orthoses if no progress by about 12 weeks.",
        "daily",
        "",
        ("MOR21", "CPG23"),
        "Review evidence (MOR21); the guideline advises against insoles as an isolated short-term treatment (CPG23).",
    ),
    PlanItem(
        "PFC-01",
        "Hamstring stretch (lying with a strap, or standing with the heel on a step).",
        "3 x 30 s, 1-2 times a day",
        "6-8 weeks",
        ("LAB11", "BOL13", "NO-SOURCE"),
        "Rationale from studies linking hamstring tightness with heel pain (LAB11, BOL13); no trial in heel pain; "
        "dose from clinical practice.",
        caution=_NEURAL_CAUTION,
    ),
    PlanItem(
        "PFC-02",
        "Gluteal and hip strengthening: bridges, side-lying hip abduction (optional).",
        "3 x 10-15, 3 times a week",
        "6-8 weeks",
        ("KAM16", "NO-SOURCE"),
        "Optional: a trial found no added benefit over heel treatment alone (KAM16); dose from clinical practice.",
    ),
    PlanItem(
        "PFC-03",
        "Walking cue: even heel-to-toe steps as pain allows, once the heel pain is settling.",
        "during daily walking",
        "",
        ("PHI17", "NO-SOURCE"),
        "Rationale from a gait study of heel off-loading (PHI17); the cue itself is this clinic's design choice.",
    ),
    PlanItem(
        "HS-01",
        "Gentle start after a thigh strain: avoid sprinting and hard stretching; walk normally as pain allows; "
        "pain-free tightening of the back-of-thigh muscles without moving the leg.",
        "daily",
        "first days",
        ("HEI10",),
        "Clinical review (HEI10); timing from clinical practice.",
    ),
    PlanItem(
        "HS-02",
        "'Extender': lying, hold the thigh at about 90 degrees of hip flexion and slowly straighten the knee to "
        "just short of pain.",
        "3 x 12, twice a day",
        "until return to sport",
        ("ASK13", "ASK14"),
        "Trial evidence for the lengthening protocol (ASK13, ASK14); names and doses as in the trials, to confirm "
        "against their methods.",
    ),
    PlanItem(
        "HS-03",
        "'Diver': standing on the injured leg, lean forward with arms out while the other leg lifts back.",
        "3 x 6, every other day",
        "until return to sport",
        ("ASK13", "ASK14"),
        "Trial evidence (ASK13, ASK14); dose as in the trials, to confirm against their methods.",
    ),
    PlanItem(
        "HS-04",
        "'Glider': holding a support, slide the other leg backward on a smooth floor, controlling with the injured "
        "leg.",
        "3 x 4, every third day",
        "until return to sport",
        ("ASK13", "ASK14"),
        "Trial evidence (ASK13, ASK14); dose as in the trials, to confirm against their methods.",
    ),
    PlanItem(
        "HS-05",
        "Progressive running, agility and trunk stabilisation; return-to-sport check with the H-test (no "
        "insecurity, symmetric range).",
        "progressive",
        "",
        ("HEI10", "ASK10"),
        "Clinical review (HEI10); return-to-sport test from a cohort study (ASK10).",
    ),
    PlanItem(
        "HS-06",
        "After return: Nordic hamstring exercise for prevention.",
        "1-3 times a week",
        "ongoing",
        ("ISH20", "NO-SOURCE"),
        "Review evidence of fewer injuries (ISH20); dose from clinical practice.",
    ),
    PlanItem(
        "SCI-01",
        "Advice: stay active and continue normal activities and work as able; avoid bed rest; most people improve.",
        "every contact",
        "",
        ("NG59", "KOE07"),
        "NICE guideline (NG59) and clinical review (KOE07).",
    ),
    PlanItem(
        "SCI-02",
        "Exercise programme (biomechanical, aerobic, mind-body or mixed; group or individual).",
        "per physiotherapist",
        "",
        ("NG59",),
        "NICE guideline (NG59).",
    ),
    PlanItem(
        "SCI-03",
        "Manual therapy only as part of a package that includes exercise.",
        "optional",
        "",
        ("NG59",),
        "NICE guideline (NG59).",
    ),
    PlanItem(
        "SCI-04",
        "Do not offer belts or corsets, foot orthotics or shoe inserts, rocker soles, traction, acupuncture, "
        "TENS/PENS or ultrasound for the back or leg pain.",
        "",
        "",
        ("NG59",),
        "NICE guideline (NG59).",
    ),
    PlanItem(
        "SCI-05",
        "Risk stratification (STarT Back) at first contact; no routine imaging outside specialist care.",
        "once",
        "",
        ("NG59",),
        "NICE guideline (NG59).",
    ),
    PlanItem(
        "SCI-06",
        "Safety-net: written advice to go to A&E for any new bladder, bowel, saddle or both-leg symptoms.",
        "every contact",
        "",
        ("GIRFT23",),
        "National cauda equina pathway (GIRFT23).",
    ),
)

PLAN_CAUTIONS: tuple[PlanCaution, ...] = (
    PlanCaution(
        id="CAUTION-NEURAL",
        condition=Eligible(Pathway.SCIATICA),
        items=("PF-03", "PFC-01"),
        caution=_NEURAL_CAUTION,
        sources=("DEV00", "MAJ08", "NO-SOURCE"),
        rationale=(
            "Straight-knee calf and hamstring stretches tension the sciatic nerve as the straight-leg raise and "
            "slump tests do (DEV00, MAJ08); the caution itself is a design choice of this clinic. It applies "
            "whenever sciatica qualifies, chosen or alongside another pathway."
        ),
    ),
    PlanCaution(
        id="CAUTION-FALLS",
        condition=Any(AtLeast("age", 75), AtLeast("heel_pain_score", 8), AtLeast("thigh_pain_score", 8)),
        items=("PF-04",),
        caution=_FALLS_CAUTION,
        sources=("RAT15", "NO-SOURCE"),
        rationale=(
            "The trial's heel raises are single-leg on a step (RAT15); the age and pain limits are a design "
            "choice of this clinic."
        ),
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
            "The mixed-picture guidance keeps the two stretches (PF-02, PF-03) and the algorithm adds PF-01 to "
            "PF-03; education (PF-01) is kept as it cannot load the thigh."
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
    cautions=PLAN_CAUTIONS,
)
