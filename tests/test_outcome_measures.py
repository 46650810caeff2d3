"""The outcome measures' scoring, as published (intake/outcomes/measures.py): database-free and
table-driven, with the boundaries of each scale and the refusals of what cannot be scored."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from intake.outcomes import measures
from intake.outcomes.measures import MEASURES, Measure, PsfsRating, ScoringError, lefs_score, psfs_score


def test_the_measures_module_has_no_django_import():
    tree = ast.parse(Path(measures.__file__).read_text())
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names] + [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ]
    assert not [name for name in imported if name.startswith("django")]


def test_the_lefs_has_the_published_twenty_items_and_five_answers():
    assert len(measures.LEFS_ITEMS) == 20
    assert measures.LEFS_ITEMS[0].startswith("Any of your usual work")
    assert measures.LEFS_ITEMS[11] == "Walking a mile."
    assert measures.LEFS_ITEMS[19] == "Rolling over in bed."
    assert [value for value, _ in measures.LEFS_CHOICES] == [0, 1, 2, 3, 4]
    assert measures.LEFS_MAX == 80


# Binkley 1999: the total is the sum of the 20 item scores (0 = extreme difficulty, 4 = no difficulty).
LEFS_EXAMPLES = [
    pytest.param([4] * 20, 80, id="no difficulty with anything: the maximum, 80"),
    pytest.param([0] * 20, 0, id="extreme difficulty with everything: the minimum, 0"),
    pytest.param([2] * 20, 40, id="moderate difficulty throughout: 40"),
    pytest.param([4, 3, 4, 4, 4, 2, 3, 4, 2, 4, 4, 2, 3, 4, 4, 1, 0, 0, 1, 4], 57, id="a heel-pain pattern: 57"),
    pytest.param([0] * 19 + [4], 4, id="one item only without difficulty: 4"),
]


@pytest.mark.parametrize(("items", "total"), LEFS_EXAMPLES)
def test_the_lefs_total_is_the_sum_of_the_items(items, total):
    assert lefs_score(items) == total


LEFS_REFUSALS = [
    pytest.param([4] * 19, id="19 items"),
    pytest.param([4] * 21, id="21 items"),
    pytest.param([4] * 19 + [None], id="one item not answered: no published rule, so not scored"),
    pytest.param([4] * 19 + [5], id="an item above 4"),
    pytest.param([4] * 19 + [-1], id="an item below 0"),
]


@pytest.mark.parametrize("items", LEFS_REFUSALS)
def test_a_lefs_that_cannot_be_scored_as_published_is_refused(items):
    with pytest.raises(ScoringError):
        lefs_score(items)


# Stratford 1995: each activity 0-10; the score is the sum of the ratings divided by the number of activities.
PSFS_EXAMPLES = [
    pytest.param([3, 4, 5], Decimal("4.00"), id="three activities 3, 4, 5: mean 4"),
    pytest.param([7], Decimal("7.00"), id="one activity: its rating"),
    pytest.param([2, 5], Decimal("3.50"), id="two activities: mean 3.5"),
    pytest.param([1, 2, 2], Decimal("1.67"), id="a mean of 5/3 rounds to 1.67"),
    pytest.param([0, 0, 0], Decimal("0.00"), id="unable to do any: 0"),
    pytest.param([10, 10, 10], Decimal("10.00"), id="all as before: 10"),
]


@pytest.mark.parametrize(("scores", "mean"), PSFS_EXAMPLES)
def test_the_psfs_score_is_the_mean_of_the_activities(scores, mean):
    assert psfs_score([PsfsRating(f"activity {n}", score) for n, score in enumerate(scores)]) == mean


PSFS_REFUSALS = [
    pytest.param([], id="no activity"),
    pytest.param([PsfsRating("a", 1)] * 4, id="four activities"),
    pytest.param([PsfsRating("walking", 11)], id="a rating above 10"),
    pytest.param([PsfsRating("walking", -1)], id="a rating below 0"),
    pytest.param([PsfsRating("  ", 5)], id="an activity without a name"),
]


@pytest.mark.parametrize("ratings", PSFS_REFUSALS)
def test_a_psfs_that_cannot_be_scored_is_refused(ratings):
    with pytest.raises(ScoringError):
        psfs_score(ratings)


# The MCIDs of the clinical README section 5 (and Horn 2012 for the PSFS); improvement is signed so that
# better is positive whichever way the scale runs.
MCID_EXAMPLES = [
    pytest.param(Measure.HEEL_PAIN, 7, 5, True, id="heel pain 7 to 5: 2 points better, reaches the MCID"),
    pytest.param(Measure.HEEL_PAIN, 7, 6, False, id="heel pain 7 to 6: 1 point, does not"),
    pytest.param(Measure.THIGH_PAIN, 3, 6, False, id="thigh pain worse: does not"),
    pytest.param(Measure.LEFS, 40, 49, True, id="LEFS 40 to 49: 9 points, reaches the MCID"),
    pytest.param(Measure.LEFS, 40, 48, False, id="LEFS 40 to 48: 8 points, does not"),
    pytest.param(Measure.PSFS, Decimal("3.00"), Decimal("5.00"), True, id="PSFS 3 to 5: reaches the MCID"),
    pytest.param(Measure.PSFS, Decimal("3.00"), Decimal("4.67"), False, id="PSFS 3 to 4.67: does not"),
]


@pytest.mark.parametrize(("measure", "first", "latest", "reached"), MCID_EXAMPLES)
def test_the_mcid_is_reached_by_an_improvement_of_at_least_its_size(measure, first, latest, reached):
    assert MEASURES[measure].reached_mcid(first, latest) is reached


def test_the_mcids_are_the_published_ones():
    assert {measure: info.mcid for measure, info in MEASURES.items()} == {
        Measure.HEEL_PAIN: 2,
        Measure.THIGH_PAIN: 2,
        Measure.LEFS: 9,
        Measure.PSFS: 2,
    }
    assert all(info.source for info in MEASURES.values())
