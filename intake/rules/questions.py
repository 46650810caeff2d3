"""The intake question catalogue: the contract in ../shared/clinical/questions.md, as data.

The models, the patient forms, the rules engine and ``manage.py assess`` all read these
definitions, so a key, its type and its allowed values are written down exactly once.
No Django import here: the engine must stay testable without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from intake.rules.i18n import gettext_noop
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
    _int("age", Section.ABOUT, "age in years", gettext_noop("How old are you?"), 12, 110),
    _choice(
        "affected_side",
        Section.ABOUT,
        "side of the main symptoms",
        gettext_noop("Which side is worst?"),
        [("left", gettext_noop("Left")), ("right", gettext_noop("Right")), ("both", gettext_noop("Both sides"))],
    ),
    _choice(
        "activity",
        Section.ABOUT,
        "main physical activity",
        gettext_noop("What is your main physical activity?"),
        [
            ("none", gettext_noop("None in particular")),
            ("walking", gettext_noop("Walking")),
            ("running", gettext_noop("Running or jogging")),
            ("sprint_sport", gettext_noop("Sport with sprinting (football, rugby, athletics...)")),
            ("other", gettext_noop("Something else")),
        ],
    ),
    _int(
        "standing_hours",
        Section.ABOUT,
        "hours a day on their feet (work and home)",
        gettext_noop("About how many hours a day are you on your feet?"),
        0,
        24,
    ),
    _int(
        "bmi",
        Section.ABOUT,
        "body-mass index, when height and weight are given",
        gettext_noop("Body-mass index"),
        10,
        80,
    ),
    # Heel and foot
    _bool(
        "heel_pain",
        Section.HEEL,
        "pain in the heel or sole of the foot",
        gettext_noop("Do you have pain in your heel or the sole of your foot?"),
    ),
    _choice(
        "heel_pain_site",
        Section.HEEL,
        "where it hurts most",
        gettext_noop("Where does your heel or foot hurt most?"),
        [
            ("inner_underside", gettext_noop("Under the heel, towards the inside")),
            ("back_of_heel", gettext_noop("At the back of the heel")),
            ("arch", gettext_noop("In the arch of the foot")),
            ("whole_heel", gettext_noop("All over the heel")),
            ("other", gettext_noop("Somewhere else")),
        ],
    ),
    _bool(
        "first_step_pain",
        Section.HEEL,
        "sharp or stabbing pain with the first steps in the morning",
        gettext_noop("Is it sharp or stabbing with your first steps in the morning?"),
    ),
    _bool(
        "pain_after_rest",
        Section.HEEL,
        "pain on standing up after sitting or resting",
        gettext_noop("Does it hurt when you stand up after sitting or resting?"),
    ),
    _bool(
        "eases_with_walking",
        Section.HEEL,
        "the pain eases after a few minutes of walking",
        gettext_noop("Does it ease after a few minutes of walking?"),
    ),
    _int(
        "heel_pain_score",
        Section.HEEL,
        "worst heel pain in the last week (NPRS)",
        gettext_noop(
            "How bad has your heel pain been at its worst in the last week? (0 = no pain, 10 = worst pain imaginable)"
        ),
        0,
        10,
    ),
    _int(
        "heel_pain_weeks",
        Section.HEEL,
        "how long the heel has hurt, in weeks",
        gettext_noop("How many weeks has your heel hurt?"),
        0,
        520,
    ),
    _bool(
        "calf_tightness",
        Section.HEEL,
        "calves or ankles feel tight or stiff",
        gettext_noop("Do your calves or ankles feel tight or stiff?"),
    ),
    _bool(
        "foot_tingling",
        Section.HEEL,
        "burning, tingling or numbness in the sole or heel",
        gettext_noop("Do you have burning, tingling or numbness in your sole or heel?"),
    ),
    _bool(
        "unsupportive_footwear",
        Section.HEEL,
        "mostly flat, worn or unsupportive shoes, or barefoot",
        gettext_noop("Do you mostly wear flat, worn or unsupportive shoes, or go barefoot?"),
    ),
    # Heel and foot, second edition (asked with heel pain; training_increase also with thigh pain)
    _choice(
        "heel_onset",
        Section.HEEL,
        "how the heel or back-of-heel pain started",
        gettext_noop("How did the heel pain start?"),
        [
            ("sudden", gettext_noop("Suddenly, at one moment")),
            ("gradual", gettext_noop("Gradually, over days or weeks")),
        ],
    ),
    _bool(
        "heel_pop",
        Section.HEEL,
        "felt a pop or snap, or as if kicked, at the back of the heel or calf when it started",
        gettext_noop(
            "When it started, did you feel a pop or snap at the back of your heel or calf, or feel as if someone "
            "had kicked you there?"
        ),
    ),
    _bool(
        "tiptoe_difficulty",
        Section.HEEL,
        "cannot rise up onto tiptoe on the painful leg",
        gettext_noop("Standing on the painful leg only, are you unable to rise up onto your tiptoes?"),
    ),
    _bool(
        "heel_steroid_injection",
        Section.HEEL,
        "a steroid injection into the heel in the last 3 months",
        gettext_noop("Have you had a steroid injection into your heel in the last 3 months?"),
    ),
    _bool(
        "training_increase",
        Section.HEEL,
        "a recent sudden increase in running, walking or training",
        gettext_noop("Have you recently increased your running, walking or training a lot, or quite suddenly?"),
    ),
    # Walking (compensation)
    _bool(
        "limping",
        Section.WALKING,
        "limps or changes the way they walk to avoid heel pain",
        gettext_noop("Do you limp or change how you walk to protect your heel?"),
    ),
    _bool(
        "outer_edge_walking",
        Section.WALKING,
        "puts weight on the outer edge of the foot",
        gettext_noop("Do you put your weight on the outer edge of your foot?"),
    ),
    _bool(
        "flat_quick_steps",
        Section.WALKING,
        "lands flat-footed with quick, short steps",
        gettext_noop("Do you land flat-footed with short, quick steps?"),
    ),
    _bool(
        "knee_kept_bent",
        Section.WALKING,
        "keeps the knee slightly bent when walking",
        gettext_noop("Do you keep your knee slightly bent when you walk?"),
    ),
    # Back of the thigh
    _bool(
        "thigh_pain",
        Section.THIGH,
        "pain, tightness or ache in the back of the thigh",
        gettext_noop("Do you have pain, tightness or ache in the back of your thigh?"),
    ),
    _choice(
        "thigh_onset",
        Section.THIGH,
        "how it started",
        gettext_noop("Did the thigh pain start suddenly or come on gradually?"),
        [
            ("sudden", gettext_noop("Suddenly, at one moment")),
            ("gradual", gettext_noop("Gradually, over days or weeks")),
        ],
    ),
    _choice(
        "onset_activity",
        Section.THIGH,
        "what they were doing when it started",
        gettext_noop("What were you doing when it started?"),
        [
            ("sprinting", gettext_noop("Running fast or sprinting")),
            ("lunging_or_stretching", gettext_noop("Lunging, doing the splits or stretching")),
            ("kicking", gettext_noop("Kicking")),
            ("lifting", gettext_noop("Lifting something")),
            ("none", gettext_noop("Nothing in particular")),
        ],
    ),
    _bool(
        "felt_pop",
        Section.THIGH,
        "felt or heard a pop or tearing at the time",
        gettext_noop("Did you feel or hear a pop or tearing at the time?"),
    ),
    _choice(
        "thigh_pain_site",
        Section.THIGH,
        "where it hurts most",
        gettext_noop("Where is the thigh pain worst?"),
        [
            ("muscle_belly", gettext_noop("In the middle of the back of the thigh")),
            ("sitting_bone", gettext_noop("Near the sitting bone, where the buttock meets the thigh")),
            ("whole_back_of_thigh", gettext_noop("All along the back of the thigh")),
            ("buttock_to_thigh", gettext_noop("From the buttock down into the thigh")),
        ],
    ),
    _choice(
        "thigh_pain_quality",
        Section.THIGH,
        "what the pain feels like",
        gettext_noop("What does the thigh pain feel like?"),
        [
            ("dull_tight_ache", gettext_noop("A dull, tight ache")),
            ("sharp_localized", gettext_noop("Sharp, in one spot")),
            ("shooting_or_burning", gettext_noop("Shooting or burning")),
        ],
    ),
    _bool(
        "pain_below_knee",
        Section.THIGH,
        "the pain travels below the knee",
        gettext_noop("Does the pain travel below your knee?"),
    ),
    _bool(
        "leg_tingling",
        Section.THIGH,
        "tingling, pins and needles or numbness in the leg or foot",
        gettext_noop("Do you have tingling, pins and needles or numbness in your leg or foot?"),
    ),
    _bool(
        "bruising_or_swelling",
        Section.THIGH,
        "bruising or swelling in the back of the thigh",
        gettext_noop("Is there bruising or swelling on the back of your thigh?"),
    ),
    _bool("worse_sitting", Section.THIGH, "worse when sitting", gettext_noop("Is it worse when you sit?")),
    _bool(
        "no_comfortable_position",
        Section.THIGH,
        "hard to find any comfortable position",
        gettext_noop("Is it hard to find any comfortable position?"),
    ),
    _bool(
        "low_back_pain", Section.THIGH, "pain in the lower back", gettext_noop("Do you have pain in your lower back?")
    ),
    _bool(
        "worse_cough_sneeze",
        Section.THIGH,
        "leg pain worse when coughing or sneezing",
        gettext_noop("Is the leg pain worse when you cough or sneeze?"),
    ),
    _bool(
        "thigh_after_heel",
        Section.THIGH,
        "the thigh trouble began after the heel pain did",
        gettext_noop("Did the thigh trouble begin after the heel pain did?"),
    ),
    _int(
        "thigh_pain_score",
        Section.THIGH,
        "worst thigh pain in the last week (NPRS)",
        gettext_noop(
            "How bad has your thigh pain been at its worst in the last week? (0 = no pain, 10 = worst pain imaginable)"
        ),
        0,
        10,
    ),
    _int(
        "thigh_pain_weeks",
        Section.THIGH,
        "how long the thigh has hurt, in weeks",
        gettext_noop("How many weeks has your thigh hurt?"),
        0,
        520,
    ),
    # Safety questions (red flags)
    _bool(
        "bladder_bowel_change",
        Section.SAFETY,
        "new trouble passing urine, loss of bladder or bowel control",
        gettext_noop("Have you had any new trouble passing urine, or lost control of your bladder or bowels?"),
    ),
    _bool(
        "saddle_numbness",
        Section.SAFETY,
        "numbness around the genitals, buttocks or inner thighs",
        gettext_noop("Do you have any numbness around your genitals, bottom or inner thighs?"),
    ),
    _bool(
        "both_legs",
        Section.SAFETY,
        "leg pain, numbness or weakness in both legs",
        gettext_noop("Do you have pain, numbness or weakness in both legs?"),
    ),
    _bool(
        "sexual_dysfunction",
        Section.SAFETY,
        "new sexual dysfunction",
        gettext_noop("Have you had any new problems with sexual function?"),
    ),
    _bool(
        "leg_weakness",
        Section.SAFETY,
        "new or worsening weakness in the leg or foot, foot drop, tripping",
        gettext_noop("Do you have new or worsening weakness in your leg or foot, or do you trip over your foot?"),
    ),
    _bool(
        "calf_swelling",
        Section.SAFETY,
        "one calf newly swollen, or red and warm",
        gettext_noop("Is one of your calves newly swollen, or red and warm?"),
    ),
    _bool(
        "fever_unwell",
        Section.SAFETY,
        "fever, chills or feeling generally unwell",
        gettext_noop("Do you have a fever or chills, or feel generally unwell?"),
    ),
    _bool("cancer_history", Section.SAFETY, "a history of cancer", gettext_noop("Have you ever had cancer?")),
    _bool(
        "weight_loss",
        Section.SAFETY,
        "weight loss without trying",
        gettext_noop("Have you lost weight without trying?"),
    ),
    _bool(
        "night_pain",
        Section.SAFETY,
        "constant pain at night that no position eases",
        gettext_noop("Do you have constant pain at night that no position eases?"),
    ),
    _bool(
        "major_trauma",
        Section.SAFETY,
        "a fall, accident or blow before the pain began",
        gettext_noop("Did a fall, accident or blow happen before the pain began?"),
    ),
    _bool(
        "cannot_bear_weight",
        Section.SAFETY,
        "cannot put weight on the foot or leg",
        gettext_noop("Are you unable to put weight on the foot or leg?"),
    ),
    _bool(
        "foot_red_hot_swollen",
        Section.SAFETY,
        "the foot or ankle is red, hot and swollen",
        gettext_noop("Is your foot or ankle red, hot and swollen?"),
    ),
    _bool(
        "calf_tender",
        Section.SAFETY,
        "one calf tender or painful to touch",
        gettext_noop("Is one of your calves tender or painful when you touch it?"),
    ),
    _bool(
        "breathless_or_chest_pain",
        Section.SAFETY,
        "new breathlessness, or chest pain",
        gettext_noop("Have you become short of breath, or had any chest pain, recently?"),
    ),
    # Health background (asked of everyone)
    _bool("diabetes", Section.HEALTH, "has diabetes", gettext_noop("Do you have diabetes?")),
    _bool(
        "immunosuppressed",
        Section.HEALTH,
        "a weakened immune system: chemotherapy, immune-suppressing medicines, HIV, or injecting drugs",
        gettext_noop(
            "Is your immune system weakened, for example by chemotherapy, medicines that suppress it, HIV, or "
            "injecting drugs?"
        ),
    ),
    _bool(
        "long_term_steroids",
        Section.HEALTH,
        "has taken steroid tablets for 3 months or more",
        gettext_noop("Have you taken steroid tablets (such as prednisolone) for 3 months or more?"),
    ),
    _bool(
        "osteoporosis",
        Section.HEALTH,
        "osteoporosis, or a bone broken by a minor fall",
        gettext_noop("Do you have osteoporosis (thin bones), or have you broken a bone in a minor fall?"),
    ),
    _bool(
        "anticoagulants",
        Section.HEALTH,
        "takes a blood thinner (for example warfarin, apixaban, rivaroxaban, edoxaban, dabigatran)",
        gettext_noop(
            "Do you take a blood thinner, for example warfarin, apixaban, rivaroxaban, edoxaban or dabigatran?"
        ),
    ),
    _bool(
        "inflammatory_features",
        Section.HEALTH,
        "back or joint stiffness over 30 minutes most mornings, or psoriasis, inflammatory bowel disease or eye "
        "inflammation (uveitis)",
        gettext_noop(
            "Are your back or joints stiff for more than 30 minutes most mornings, or do you have psoriasis, "
            "Crohn's disease, ulcerative colitis or inflamed eyes (uveitis)?"
        ),
    ),
    # Follow-ups: asked only when an earlier answer calls for them (see the patient forms)
    _bool(
        "nerve_symptoms_recent",
        Section.FOLLOW_UP,
        "the numbness, tingling, weakness or both-leg symptoms started or got worse within the last 2 weeks",
        gettext_noop(
            "Did the numbness, tingling, weakness or symptoms in both legs start, or get worse, in the last 2 weeks?"
        ),
    ),
    _bool(
        "recent_surgery_or_immobilised",
        Section.FOLLOW_UP,
        "an operation, a plaster cast, or mostly in bed or a chair for 3 days or more, in the last 12 weeks",
        gettext_noop(
            "In the last 12 weeks, have you had an operation or a plaster cast, or been mostly in bed or a chair for "
            "3 days or more?"
        ),
    ),
    _bool(
        "long_journey",
        Section.FOLLOW_UP,
        "a journey of 4 hours or more in the last 4 weeks",
        gettext_noop("In the last 4 weeks, have you made a journey of 4 hours or more (car, coach, train or plane)?"),
    ),
    _bool(
        "pregnant_or_postpartum",
        Section.FOLLOW_UP,
        "pregnant, or had a baby in the last 6 weeks",
        gettext_noop("Are you pregnant, or have you had a baby in the last 6 weeks?"),
    ),
    _bool(
        "previous_clot",
        Section.FOLLOW_UP,
        "a blood clot in a leg or lung before",
        gettext_noop("Have you ever had a blood clot in a leg or a lung?"),
    ),
    _choice(
        "injury_kind",
        Section.FOLLOW_UP,
        "the injury before the pain: a fall from a height, a road accident or a hard collision; a fall from "
        "standing, a twist or a stumble; or a knock or bump",
        gettext_noop("What kind of fall, accident or blow was it?"),
        [
            ("high_energy", gettext_noop("A fall from a height, a road accident or a hard collision")),
            ("fall_or_twist", gettext_noop("A fall from standing, a twist or a stumble")),
            ("knock", gettext_noop("A knock or bump")),
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
