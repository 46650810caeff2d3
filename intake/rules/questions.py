"""The intake question catalogue: the contract in ../shared/clinical/questions.md, as data.

The models, the patient forms, the rules engine and ``manage.py assess`` all read these
definitions, so a key, its type and its allowed values are written down exactly once.
No Django import here: the engine must stay testable without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from intake.rules.vocabulary import Section

__all__ = ["QUESTIONS", "QUESTIONS_BY_KEY", "AnswerValue", "Kind", "Question", "Section", "domain", "questions_in"]

# What an answer can be once validated: a yes/no, a whole number or a choice's value.
AnswerValue = bool | int | str


class Kind(StrEnum):
    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"


@dataclass(frozen=True)
class Question:
    key: str
    kind: Kind
    section: Section
    meaning: str
    # Plain-language wording a patient reads (section 7.1 of the clinical README, adapted).
    wording: str
    minimum: int | None = None
    maximum: int | None = None
    # (value, plain label) pairs, in the order a patient should see them.
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)

    def allowed(self) -> str:
        """What the key accepts, in words, for error messages."""
        if self.kind is Kind.BOOL:
            return "true or false"
        if self.kind is Kind.INT:
            return f"a whole number from {self.minimum} to {self.maximum}"
        return "one of " + ", ".join(self.values)


def _bool(key: str, section: Section, meaning: str, wording: str) -> Question:
    return Question(key, Kind.BOOL, section, meaning, wording)


def _int(key: str, section: Section, meaning: str, wording: str, minimum: int, maximum: int) -> Question:
    return Question(key, Kind.INT, section, meaning, wording, minimum=minimum, maximum=maximum)


def _choice(key: str, section: Section, meaning: str, wording: str, choices: Iterable[tuple[str, str]]) -> Question:
    return Question(key, Kind.CHOICE, section, meaning, wording, choices=tuple(choices))


QUESTIONS: tuple[Question, ...] = (
    # About the patient
    _int("age", Section.ABOUT, "age in years", "How old are you?", 12, 110),
    _choice(
        "affected_side",
        Section.ABOUT,
        "side of the main symptoms",
        "Which side is worst?",
        [("left", "Left"), ("right", "Right"), ("both", "Both sides")],
    ),
    _choice(
        "activity",
        Section.ABOUT,
        "main physical activity",
        "What is your main physical activity?",
        [
            ("none", "None in particular"),
            ("walking", "Walking"),
            ("running", "Running or jogging"),
            ("sprint_sport", "Sport with sprinting (football, rugby, athletics...)"),
            ("other", "Something else"),
        ],
    ),
    _int(
        "standing_hours",
        Section.ABOUT,
        "hours a day on their feet (work and home)",
        "About how many hours a day are you on your feet?",
        0,
        24,
    ),
    _int("bmi", Section.ABOUT, "body-mass index, when height and weight are given", "Body-mass index", 10, 80),
    # Heel and foot
    _bool(
        "heel_pain",
        Section.HEEL,
        "pain in the heel or sole of the foot",
        "Do you have pain in your heel or the sole of your foot?",
    ),
    _choice(
        "heel_pain_site",
        Section.HEEL,
        "where it hurts most",
        "Where does your heel or foot hurt most?",
        [
            ("inner_underside", "Under the heel, towards the inside"),
            ("back_of_heel", "At the back of the heel"),
            ("arch", "In the arch of the foot"),
            ("whole_heel", "All over the heel"),
            ("other", "Somewhere else"),
        ],
    ),
    _bool(
        "first_step_pain",
        Section.HEEL,
        "sharp or stabbing pain with the first steps in the morning",
        "Is it sharp or stabbing with your first steps in the morning?",
    ),
    _bool(
        "pain_after_rest",
        Section.HEEL,
        "pain on standing up after sitting or resting",
        "Does it hurt when you stand up after sitting or resting?",
    ),
    _bool(
        "eases_with_walking",
        Section.HEEL,
        "the pain eases after a few minutes of walking",
        "Does it ease after a few minutes of walking?",
    ),
    _int(
        "heel_pain_score",
        Section.HEEL,
        "worst heel pain in the last week (NPRS)",
        "How bad has your heel pain been at its worst in the last week? (0 = no pain, 10 = worst pain imaginable)",
        0,
        10,
    ),
    _int(
        "heel_pain_weeks",
        Section.HEEL,
        "how long the heel has hurt, in weeks",
        "How many weeks has your heel hurt?",
        0,
        520,
    ),
    _bool(
        "calf_tightness",
        Section.HEEL,
        "calves or ankles feel tight or stiff",
        "Do your calves or ankles feel tight or stiff?",
    ),
    _bool(
        "foot_tingling",
        Section.HEEL,
        "burning, tingling or numbness in the sole or heel",
        "Do you have burning, tingling or numbness in your sole or heel?",
    ),
    _bool(
        "unsupportive_footwear",
        Section.HEEL,
        "mostly flat, worn or unsupportive shoes, or barefoot",
        "Do you mostly wear flat, worn or unsupportive shoes, or go barefoot?",
    ),
    # Heel and foot, second edition (asked with heel pain; training_increase also with thigh pain)
    _choice(
        "heel_onset",
        Section.HEEL,
        "how the heel or back-of-heel pain started",
        "How did the heel pain start?",
        [("sudden", "Suddenly, at one moment"), ("gradual", "Gradually, over days or weeks")],
    ),
    _bool(
        "heel_pop",
        Section.HEEL,
        "felt a pop or snap, or as if kicked, at the back of the heel or calf when it started",
        "When it started, did you feel a pop or snap at the back of your heel or calf, or feel as if someone "
        "had kicked you there?",
    ),
    _bool(
        "tiptoe_difficulty",
        Section.HEEL,
        "cannot rise up onto tiptoe on the painful leg",
        "Standing on the painful leg only, are you unable to rise up onto your tiptoes?",
    ),
    _bool(
        "heel_steroid_injection",
        Section.HEEL,
        "a steroid injection into the heel in the last 3 months",
        "Have you had a steroid injection into your heel in the last 3 months?",
    ),
    _bool(
        "training_increase",
        Section.HEEL,
        "a recent sudden increase in running, walking or training",
        "Have you recently increased your running, walking or training a lot, or quite suddenly?",
    ),
    # Walking (compensation)
    _bool(
        "limping",
        Section.WALKING,
        "limps or changes the way they walk to avoid heel pain",
        "Do you limp or change how you walk to protect your heel?",
    ),
    _bool(
        "outer_edge_walking",
        Section.WALKING,
        "puts weight on the outer edge of the foot",
        "Do you put your weight on the outer edge of your foot?",
    ),
    _bool(
        "flat_quick_steps",
        Section.WALKING,
        "lands flat-footed with quick, short steps",
        "Do you land flat-footed with short, quick steps?",
    ),
    _bool(
        "knee_kept_bent",
        Section.WALKING,
        "keeps the knee slightly bent when walking",
        "Do you keep your knee slightly bent when you walk?",
    ),
    # Back of the thigh
    _bool(
        "thigh_pain",
        Section.THIGH,
        "pain, tightness or ache in the back of the thigh",
        "Do you have pain, tightness or ache in the back of your thigh?",
    ),
    _choice(
        "thigh_onset",
        Section.THIGH,
        "how it started",
        "Did the thigh pain start suddenly or come on gradually?",
        [("sudden", "Suddenly, at one moment"), ("gradual", "Gradually, over days or weeks")],
    ),
    _choice(
        "onset_activity",
        Section.THIGH,
        "what they were doing when it started",
        "What were you doing when it started?",
        [
            ("sprinting", "Running fast or sprinting"),
            ("lunging_or_stretching", "Lunging, doing the splits or stretching"),
            ("kicking", "Kicking"),
            ("lifting", "Lifting something"),
            ("none", "Nothing in particular"),
        ],
    ),
    _bool(
        "felt_pop",
        Section.THIGH,
        "felt or heard a pop or tearing at the time",
        "Did you feel or hear a pop or tearing at the time?",
    ),
    _choice(
        "thigh_pain_site",
        Section.THIGH,
        "where it hurts most",
        "Where is the thigh pain worst?",
        [
            ("muscle_belly", "In the middle of the back of the thigh"),
            ("sitting_bone", "Near the sitting bone, where the buttock meets the thigh"),
            ("whole_back_of_thigh", "All along the back of the thigh"),
            ("buttock_to_thigh", "From the buttock down into the thigh"),
        ],
    ),
    _choice(
        "thigh_pain_quality",
        Section.THIGH,
        "what the pain feels like",
        "What does the thigh pain feel like?",
        [
            ("dull_tight_ache", "A dull, tight ache"),
            ("sharp_localized", "Sharp, in one spot"),
            ("shooting_or_burning", "Shooting or burning"),
        ],
    ),
    _bool("pain_below_knee", Section.THIGH, "the pain travels below the knee", "Does the pain travel below your knee?"),
    _bool(
        "leg_tingling",
        Section.THIGH,
        "tingling, pins and needles or numbness in the leg or foot",
        "Do you have tingling, pins and needles or numbness in your leg or foot?",
    ),
    _bool(
        "bruising_or_swelling",
        Section.THIGH,
        "bruising or swelling in the back of the thigh",
        "Is there bruising or swelling on the back of your thigh?",
    ),
    _bool("worse_sitting", Section.THIGH, "worse when sitting", "Is it worse when you sit?"),
    _bool(
        "no_comfortable_position",
        Section.THIGH,
        "hard to find any comfortable position",
        "Is it hard to find any comfortable position?",
    ),
    _bool("low_back_pain", Section.THIGH, "pain in the lower back", "Do you have pain in your lower back?"),
    _bool(
        "worse_cough_sneeze",
        Section.THIGH,
        "leg pain worse when coughing or sneezing",
        "Is the leg pain worse when you cough or sneeze?",
    ),
    _bool(
        "thigh_after_heel",
        Section.THIGH,
        "the thigh trouble began after the heel pain did",
        "Did the thigh trouble begin after the heel pain did?",
    ),
    _int(
        "thigh_pain_score",
        Section.THIGH,
        "worst thigh pain in the last week (NPRS)",
        "How bad has your thigh pain been at its worst in the last week? (0 = no pain, 10 = worst pain imaginable)",
        0,
        10,
    ),
    _int(
        "thigh_pain_weeks",
        Section.THIGH,
        "how long the thigh has hurt, in weeks",
        "How many weeks has your thigh hurt?",
        0,
        520,
    ),
    # Safety questions (red flags)
    _bool(
        "bladder_bowel_change",
        Section.SAFETY,
        "new trouble passing urine, loss of bladder or bowel control",
        "Have you had any new trouble passing urine, or lost control of your bladder or bowels?",
    ),
    _bool(
        "saddle_numbness",
        Section.SAFETY,
        "numbness around the genitals, buttocks or inner thighs",
        "Do you have any numbness around your genitals, bottom or inner thighs?",
    ),
    _bool(
        "both_legs",
        Section.SAFETY,
        "leg pain, numbness or weakness in both legs",
        "Do you have pain, numbness or weakness in both legs?",
    ),
    _bool(
        "sexual_dysfunction",
        Section.SAFETY,
        "new sexual dysfunction",
        "Have you had any new problems with sexual function?",
    ),
    _bool(
        "leg_weakness",
        Section.SAFETY,
        "new or worsening weakness in the leg or foot, foot drop, tripping",
        "Do you have new or worsening weakness in your leg or foot, or do you trip over your foot?",
    ),
    _bool(
        "calf_swelling",
        Section.SAFETY,
        "one calf newly swollen, or red and warm",
        "Is one of your calves newly swollen, or red and warm?",
    ),
    _bool(
        "fever_unwell",
        Section.SAFETY,
        "fever, chills or feeling generally unwell",
        "Do you have a fever or chills, or feel generally unwell?",
    ),
    _bool("cancer_history", Section.SAFETY, "a history of cancer", "Have you ever had cancer?"),
    _bool("weight_loss", Section.SAFETY, "weight loss without trying", "Have you lost weight without trying?"),
    _bool(
        "night_pain",
        Section.SAFETY,
        "constant pain at night that no position eases",
        "Do you have constant pain at night that no position eases?",
    ),
    _bool(
        "major_trauma",
        Section.SAFETY,
        "a fall, accident or blow before the pain began",
        "Did a fall, accident or blow happen before the pain began?",
    ),
    _bool(
        "cannot_bear_weight",
        Section.SAFETY,
        "cannot put weight on the foot or leg",
        "Are you unable to put weight on the foot or leg?",
    ),
    _bool(
        "foot_red_hot_swollen",
        Section.SAFETY,
        "the foot or ankle is red, hot and swollen",
        "Is your foot or ankle red, hot and swollen?",
    ),
    _bool(
        "calf_tender",
        Section.SAFETY,
        "one calf tender or painful to touch",
        "Is one of your calves tender or painful when you touch it?",
    ),
    _bool(
        "breathless_or_chest_pain",
        Section.SAFETY,
        "new breathlessness, or chest pain",
        "Have you become short of breath, or had any chest pain, recently?",
    ),
    # Health background (asked of everyone)
    _bool("diabetes", Section.HEALTH, "has diabetes", "Do you have diabetes?"),
    _bool(
        "immunosuppressed",
        Section.HEALTH,
        "a weakened immune system: chemotherapy, immune-suppressing medicines, HIV, or injecting drugs",
        "Is your immune system weakened, for example by chemotherapy, medicines that suppress it, HIV, or "
        "injecting drugs?",
    ),
    _bool(
        "long_term_steroids",
        Section.HEALTH,
        "has taken steroid tablets for 3 months or more",
        "Have you taken steroid tablets (such as prednisolone) for 3 months or more?",
    ),
    _bool(
        "osteoporosis",
        Section.HEALTH,
        "osteoporosis, or a bone broken by a minor fall",
        "Do you have osteoporosis (thin bones), or have you broken a bone in a minor fall?",
    ),
    _bool(
        "anticoagulants",
        Section.HEALTH,
        "takes a blood thinner (for example warfarin, apixaban, rivaroxaban, edoxaban, dabigatran)",
        "Do you take a blood thinner, for example warfarin, apixaban, rivaroxaban, edoxaban or dabigatran?",
    ),
    _bool(
        "inflammatory_features",
        Section.HEALTH,
        "back or joint stiffness over 30 minutes most mornings, or psoriasis, inflammatory bowel disease or eye "
        "inflammation (uveitis)",
        "Are your back or joints stiff for more than 30 minutes most mornings, or do you have psoriasis, "
        "Crohn's disease, ulcerative colitis or inflamed eyes (uveitis)?",
    ),
    # Follow-ups: asked only when an earlier answer calls for them (see the patient forms)
    _bool(
        "nerve_symptoms_recent",
        Section.FOLLOW_UP,
        "the numbness, tingling, weakness or both-leg symptoms started or got worse within the last 2 weeks",
        "Did the numbness, tingling, weakness or symptoms in both legs start, or get worse, in the last 2 weeks?",
    ),
    _bool(
        "recent_surgery_or_immobilised",
        Section.FOLLOW_UP,
        "an operation, a plaster cast, or mostly in bed or a chair for 3 days or more, in the last 12 weeks",
        "In the last 12 weeks, have you had an operation or a plaster cast, or been mostly in bed or a chair for "
        "3 days or more?",
    ),
    _bool(
        "long_journey",
        Section.FOLLOW_UP,
        "a journey of 4 hours or more in the last 4 weeks",
        "In the last 4 weeks, have you made a journey of 4 hours or more (car, coach, train or plane)?",
    ),
    _bool(
        "pregnant_or_postpartum",
        Section.FOLLOW_UP,
        "pregnant, or had a baby in the last 6 weeks",
        "Are you pregnant, or have you had a baby in the last 6 weeks?",
    ),
    _bool(
        "previous_clot",
        Section.FOLLOW_UP,
        "a blood clot in a leg or lung before",
        "Have you ever had a blood clot in a leg or a lung?",
    ),
    _choice(
        "injury_kind",
        Section.FOLLOW_UP,
        "the injury before the pain: a fall from a height, a road accident or a hard collision; a fall from "
        "standing, a twist or a stumble; or a knock or bump",
        "What kind of fall, accident or blow was it?",
        [
            ("high_energy", "A fall from a height, a road accident or a hard collision"),
            ("fall_or_twist", "A fall from standing, a twist or a stumble"),
            ("knock", "A knock or bump"),
        ],
    ),
)

QUESTIONS_BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}


def questions_in(section: Section) -> tuple[Question, ...]:
    return tuple(question for question in QUESTIONS if question.section is section)


def domain(key: str) -> tuple[AnswerValue, ...]:
    """Every value a key accepts (the whole-number ranges of the contract are small enough to list)."""
    question = QUESTIONS_BY_KEY[key]
    if question.kind is Kind.BOOL:
        return (True, False)
    if question.kind is Kind.INT:
        assert question.minimum is not None and question.maximum is not None
        return tuple(range(question.minimum, question.maximum + 1))
    return question.values
