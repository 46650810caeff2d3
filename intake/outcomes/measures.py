"""The follow-up check-in's outcome measures as data: items, scoring and MCIDs, each with its source.

Plain Python (no Django import, like intake/rules): the check-in form builds its questions from
``LEFS_ITEMS`` and ``LEFS_CHOICES``, the services score with ``lefs_score`` and ``psfs_score``, and
the case page, the queue's follow-up tab and the outcomes-per-pathway page read ``MEASURES`` for the
MCID and whether a higher score is better.

Texts are English and marked with ``gettext_noop`` (a no-op here) so ``make messages`` collects them;
the form translates them with gettext_lazy, as the rules' question catalogue does.

Sources (clinical README section 5 and 9):

* NPRS - Farrar JT et al. Pain 2001;94:149-158 (FAR01); Salaffi F et al. Eur J Pain 2004;8:283-291
  (SAL04); Ostelo RW et al. Spine 2008;33:90-94 (OST08): 2 points.
* LEFS - Binkley JM, Stratford PW, Lott SA, Riddle DL. The Lower Extremity Functional Scale (LEFS):
  scale development, measurement properties, and clinical application. Phys Ther 1999;79(4):371-383
  (BIN99): 20 items scored 0-4, total = sum, 0-80; MDC and MCID 9 points.
* PSFS - Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on individual
  patients: a report of a patient specific measure. Physiother Can 1995;47:258-263 (STR95): each
  activity 0 (unable) to 10 (able to do it as before), score = mean of the activities. MCID: 2 points
  for the mean, 3 for a single activity - Horn KK, Jennings S, Richardson G, et al. The patient-specific
  functional scale: psychometrics, clinimetrics, and application as a clinical outcome measure.
  J Orthop Sports Phys Ther 2012;42(1):30-42 (HOR12).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


def gettext_noop(text: str) -> str:
    """Marks a text for translation without translating it (Django's gettext_noop, without Django)."""
    return text


class ScoringError(ValueError):
    """Answers that cannot be scored as published (an item missing or out of range)."""


class Measure(StrEnum):
    HEEL_PAIN = "heel_pain"
    THIGH_PAIN = "thigh_pain"
    LEFS = "lefs"
    PSFS = "psfs"


@dataclass(frozen=True)
class MeasureInfo:
    """What staff pages need to know about a measure: its name, range, MCID and direction."""

    measure: Measure
    name: str
    short_name: str
    minimum: int
    maximum: int
    mcid: Decimal
    higher_is_better: bool
    source: str

    def improvement(self, first: Decimal | int, latest: Decimal | int) -> Decimal:
        """Change from ``first`` to ``latest``, positive when the patient is better."""
        change = Decimal(latest) - Decimal(first)
        return change if self.higher_is_better else -change

    def reached_mcid(self, first: Decimal | int, latest: Decimal | int) -> bool:
        return self.improvement(first, latest) >= self.mcid


NPRS_SOURCE = "FAR01, SAL04, OST08 (clinical README section 5): 2 points on the 0-10 scale."
MEASURES: dict[Measure, MeasureInfo] = {
    Measure.HEEL_PAIN: MeasureInfo(
        Measure.HEEL_PAIN, "Heel pain (NPRS 0-10)", "Heel pain", 0, 10, Decimal(2), False, NPRS_SOURCE
    ),
    Measure.THIGH_PAIN: MeasureInfo(
        Measure.THIGH_PAIN, "Back-of-thigh pain (NPRS 0-10)", "Thigh pain", 0, 10, Decimal(2), False, NPRS_SOURCE
    ),
    Measure.LEFS: MeasureInfo(
        Measure.LEFS,
        "Lower Extremity Functional Scale (LEFS 0-80)",
        "LEFS",
        0,
        80,
        Decimal(9),
        True,
        "Binkley et al. Phys Ther 1999;79:371-383 (BIN99): MDC and MCID 9 points.",
    ),
    Measure.PSFS: MeasureInfo(
        Measure.PSFS,
        "Patient-Specific Functional Scale (PSFS 0-10, mean of the activities)",
        "PSFS",
        0,
        10,
        Decimal(2),
        True,
        "Stratford et al. Physiother Can 1995;47:258-263; Horn et al. JOSPT 2012;42:30-42: "
        "2 points for the mean score, 3 for a single activity.",
    ),
}

# --- LEFS (Binkley et al. 1999) --------------------------------------------------------------------------

LEFS_INSTRUCTIONS = gettext_noop(
    "We are interested in knowing whether you are having any difficulty at all with the activities "
    "listed below because of your lower limb problem. Please give an answer for each activity."
)
LEFS_QUESTION = gettext_noop("Today, do you or would you have any difficulty at all with:")
# The published answer scale, most difficulty (0) to none (4).
LEFS_CHOICES: tuple[tuple[int, str], ...] = (
    (0, gettext_noop("Extreme difficulty or unable to perform activity")),
    (1, gettext_noop("Quite a bit of difficulty")),
    (2, gettext_noop("Moderate difficulty")),
    (3, gettext_noop("A little bit of difficulty")),
    (4, gettext_noop("No difficulty")),
)
# The 20 activities in the published order (item 1 first).
LEFS_ITEMS: tuple[str, ...] = (
    gettext_noop("Any of your usual work, housework or school activities."),
    gettext_noop("Your usual hobbies, recreational or sporting activities."),
    gettext_noop("Getting into or out of the bath."),
    gettext_noop("Walking between rooms."),
    gettext_noop("Putting on your shoes or socks."),
    gettext_noop("Squatting."),
    gettext_noop("Lifting an object, like a bag of groceries from the floor."),
    gettext_noop("Performing light activities around your home."),
    gettext_noop("Performing heavy activities around your home."),
    gettext_noop("Getting into or out of a car."),
    gettext_noop("Walking 2 blocks."),
    gettext_noop("Walking a mile."),
    gettext_noop("Going up or down 10 stairs (about 1 flight of stairs)."),
    gettext_noop("Standing for 1 hour."),
    gettext_noop("Sitting for 1 hour."),
    gettext_noop("Running on even ground."),
    gettext_noop("Running on uneven ground."),
    gettext_noop("Making sharp turns while running fast."),
    gettext_noop("Hopping."),
    gettext_noop("Rolling over in bed."),
)
LEFS_ITEM_MAX = 4
LEFS_MAX = LEFS_ITEM_MAX * len(LEFS_ITEMS)


def lefs_score(items: Sequence[int | None]) -> int:
    """The LEFS total: the sum of the 20 items, 0 (worst) to 80 (best), as published (BIN99).

    The publication gives no rule for missing items, so an incomplete form is not scored: the
    check-in asks every item, and a missing or out-of-range one is an error, never a guess.
    """
    if len(items) != len(LEFS_ITEMS):
        raise ScoringError(f"The LEFS has {len(LEFS_ITEMS)} items; {len(items)} given.")
    missing = [number for number, value in enumerate(items, start=1) if value is None]
    if missing:
        raise ScoringError(f"LEFS items not answered: {missing}.")
    answered = [value for value in items if value is not None]
    if any(not 0 <= value <= LEFS_ITEM_MAX for value in answered):
        raise ScoringError("Each LEFS item is scored 0 to 4.")
    return sum(answered)


# --- PSFS (Stratford et al. 1995) -----------------------------------------------------------------------

PSFS_MAX_ACTIVITIES = 3
PSFS_ACTIVITY_MAX = 10
PSFS_SINGLE_ACTIVITY_MCID = Decimal(3)
PSFS_INSTRUCTIONS = gettext_noop(
    "Name up to three activities that you are unable to do, or have difficulty doing, because of your "
    "problem, and rate each one: 0 means unable to do it, 10 means able to do it as well as before."
)


@dataclass(frozen=True)
class PsfsRating:
    activity: str
    score: int


def psfs_score(ratings: Sequence[PsfsRating]) -> Decimal:
    """The PSFS score: the mean of the activities' ratings (1 to 3 activities, each 0-10), rounded to
    two decimals (STR95: "total score = sum of the activity scores / number of activities")."""
    if not 1 <= len(ratings) <= PSFS_MAX_ACTIVITIES:
        raise ScoringError(f"The PSFS needs 1 to {PSFS_MAX_ACTIVITIES} activities; {len(ratings)} given.")
    if any(not 0 <= rating.score <= PSFS_ACTIVITY_MAX for rating in ratings):
        raise ScoringError("Each PSFS activity is rated 0 to 10.")
    if any(not rating.activity.strip() for rating in ratings):
        raise ScoringError("Each PSFS activity needs a name.")
    mean = Decimal(sum(rating.score for rating in ratings)) / len(ratings)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
