"""The case page's home-programme panel: adherence over the last 7 and 28 days and the pain trend, from
the patient's daily log (selectors.programme_log). Rendered by templates/staff/_programme.html.

A *session* is one exercise of the plan done on one day, so the prescribed sessions of a window are the
plan's exercises times the days of the window since the programme started (the day of the first
approval). The patient's plan gives each exercise its own frequency in words ("twice a day"), which no
count can read reliably; the daily checklist asks "did you do it today", and so does this measure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from intake import selectors
from intake.models import Case, TherapyPlan
from intake.patient.programme import exercise_items

WINDOWS = (7, 28)
# The pain chart's box in SVG units: one step per day of the longest window, pain 10 at the top.
CHART_WIDTH, CHART_HEIGHT, DAY_STEP = 270, 100, 10


@dataclass(frozen=True)
class Adherence:
    days: int
    done: int
    prescribed: int

    @property
    def percent(self) -> int | None:
        return round(100 * min(self.done, self.prescribed) / self.prescribed) if self.prescribed else None


def adherence(log: selectors.ProgrammeLog, *, exercises: int, today: dt.date, days: int) -> Adherence:
    """Sessions done against prescribed over the ``days`` days up to and including ``today``."""
    if log.started_on is None or log.started_on > today:
        return Adherence(days=days, done=0, prescribed=0)
    first_day = max(today - dt.timedelta(days=days - 1), log.started_on)
    done = sum(entry.done for entry in log.entries if entry.day >= first_day)
    return Adherence(days=days, done=done, prescribed=exercises * ((today - first_day).days + 1))


def pain_points(log: selectors.ProgrammeLog, *, today: dt.date) -> list[tuple[int, int]]:
    """SVG coordinates of the logged pain, a day per step, the last 28 days left to right, 10 at the
    top. Days without an entry are skipped, so the line joins the days that have one."""
    first_day = today - dt.timedelta(days=WINDOWS[-1] - 1)
    return [
        ((entry.day - first_day).days * DAY_STEP, round(CHART_HEIGHT - entry.pain * CHART_HEIGHT / 10))
        for entry in log.entries
    ]


def programme_context(case: Case, plan: TherapyPlan | None) -> dict:
    """The panel's context; nothing (no query) before a plan is approved."""
    if plan is None:
        return {"programme": None}
    today = timezone.localdate()
    log = selectors.programme_log(case=case, today=today, days=WINDOWS[-1])
    exercises = len(exercise_items(plan.items.all()))
    points = pain_points(log, today=today)
    return {
        "programme": {
            "started_on": log.started_on,
            "exercises": exercises,
            "windows": [adherence(log, exercises=exercises, today=today, days=days) for days in WINDOWS],
            "entries": log.entries,
            "pain_points": " ".join(f"{x},{y}" for x, y in points),
            "pain_dots": points,
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
        }
    }
