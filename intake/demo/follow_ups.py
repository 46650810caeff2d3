"""Demo follow-ups: a few demo cases with an approved plan whose check-ins the patient answered, so the
case page's outcome charts, the queue's follow-up tab and the outcomes per pathway have something to show,
and the last three weeks of the patient's daily programme log, so the home-programme panel shows
adherence and the pain trend.

Fictional answers through the same services as a real patient's (services.check_in_answer). The check-ins
are moved into the past (demo data only) so they can be answered today. Idempotent: nothing is added once
a demo case has check-ins.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from intake import services, tasks
from intake.models import (
    Assessment,
    Case,
    CaseStatus,
    CheckIn,
    FirstVisit,
    ItemKind,
    Outcome,
    PlanStatus,
    ProgrammeDay,
    TherapyPlan,
    Urgency,
)
from intake.outcomes.measures import PsfsRating

# One trajectory per demo case: (heel pain, thigh pain, global change, days done, LEFS item value, PSFS rating)
# at 2 and 6 weeks (None: not answered). The first improves past every MCID, the second does not improve
# (listed on the follow-up tab), the third has not answered its 6-week check-in (overdue).
TRAJECTORIES = [
    [(6, 2, 1, 5, 2, 3), (2, 1, 3, 6, 3, 7)],
    [(5, 4, 0, 2, 2, 4), (5, 4, 0, 1, 2, 4)],
    [(7, 1, 1, 4, 1, 2), None],
]
ACTIVITIES = ["Walking to the shops", "Standing at work", "Running for the bus"]
# The daily log of the last LOG_DAYS days, one row per demo case: today's pain on the first and the last
# day logged (a straight line between), and every how many days the patient skips (0: never) or does
# only part of the programme.
LOG_DAYS = 21
LOGS = [(4, 2, 6, 4), (5, 5, 3, 2), (6, 4, 4, 3)]
LOG_NOTES = {3: "Sore after a long walk.", 10: "Easier on the stairs today."}


def demo_follow_ups(*, physio: User, emails: list[str]) -> int:
    """Approve the plans of the first routine demo cases (by patient e-mail, in order) and answer their
    check-ins; how many cases were given follow-ups."""
    if CheckIn.objects.filter(case__patient__email__in=emails).exists():
        return 0  # loaded before
    added = 0
    candidates = Case.objects.filter(
        patient__email__in=emails, urgency=Urgency.ROUTINE, status__in=[CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW]
    ).order_by("submitted_at", "id")
    for case, trajectory in zip(
        list(candidates[: len(TRAJECTORIES)]),
        TRAJECTORIES,
        strict=False,
    ):
        plan = case.plans.filter(status=PlanStatus.DRAFT).first()
        if plan is None or not plan.items.exists():
            continue
        services.plan_approve(plan=plan, actor=physio, expected_version=case.version)
        # As if the plan had been approved 7 weeks ago: the 2- and 6-week check-ins are due.
        for check_in in CheckIn.objects.filter(case=case):
            check_in.due_at = timezone.now() - dt.timedelta(weeks=7) + dt.timedelta(weeks=check_in.weeks)
            check_in.save(update_fields=["due_at"])
        for weeks, answers in zip((2, 6), trajectory, strict=True):
            if answers is None:
                # Not answered: its e-mail goes now (the worker's), as it would have when it fell due.
                check_in_id = CheckIn.objects.get(case=case, weeks=weeks).pk
                transaction.on_commit(lambda check_in_id=check_in_id: tasks.check_in_send.enqueue(check_in_id))
                continue
            heel, thigh, change, days, lefs_item, psfs = answers
            services.check_in_answer(
                check_in=CheckIn.objects.get(case=case, weeks=weeks),
                heel_pain=heel,
                thigh_pain=thigh,
                global_change=change,
                adherence_days=days,
                lefs_items=[lefs_item] * 20,
                psfs=[PsfsRating(ACTIVITIES[added], psfs)],
                safety_answers={},
            )
        added += 1
    return added


def demo_programme_days(*, emails: list[str]) -> int:
    """The daily log of the demo cases that have follow-ups: the last LOG_DAYS days before today, through
    the same service as the patient's checklist. The plan's first approval is moved to where the demo's
    check-ins say it was (two weeks before the first one is due), so the log falls inside the programme.
    Idempotent: nothing is added once a demo case has a logged day; how many cases were given a log."""
    if ProgrammeDay.objects.filter(case__patient__email__in=emails).exists():
        return 0  # loaded before
    today = timezone.localdate()
    cases = (
        Case.objects.filter(patient__email__in=emails, status=CaseStatus.APPROVED, check_ins__isnull=False)
        .distinct()
        .order_by("submitted_at", "id")
    )
    added = 0
    for case, (first_pain, last_pain, skip_every, part_every) in zip(list(cases), LOGS, strict=False):
        plan = TherapyPlan.objects.get(case=case, status=PlanStatus.APPROVED)
        first_check_in = CheckIn.objects.filter(case=case).order_by("weeks").first()
        started = first_check_in.due_at - dt.timedelta(weeks=first_check_in.weeks)
        if plan.approved_at > started:
            _move_back(case=case, plan=plan, started=started)
        exercises = [item.pk for item in plan.items.all() if item.kind == ItemKind.EXERCISE]
        for offset in range(LOG_DAYS):
            if skip_every and offset % skip_every == skip_every - 1:
                continue
            done = exercises[: max(1, len(exercises) - 2)] if part_every and offset % part_every == 1 else exercises
            services.programme_day_record(
                plan=plan,
                day=today - dt.timedelta(days=LOG_DAYS - offset),
                done_item_ids=done,
                pain=round(first_pain + (last_pain - first_pain) * offset / (LOG_DAYS - 1)),
                note=LOG_NOTES.get(offset, "") if added == 0 else "",
            )
        added += 1
    return added


def _move_back(*, case: Case, plan: TherapyPlan, started: dt.datetime) -> None:
    """Demo data only: date the case's clinical records as the check-ins' due times tell its story (sent a
    few days before the plan, examined the day before, answers a day after each check-in's e-mail), so
    no page says a plan was approved before the case was sent. The audit trail is append-only and keeps
    the times the demo was loaded."""
    Case.objects.filter(pk=case.pk).update(submitted_at=started - dt.timedelta(days=4))
    Assessment.objects.filter(case=case).update(created_at=started - dt.timedelta(days=4))
    FirstVisit.objects.filter(case=case).update(examined_at=started - dt.timedelta(days=1))
    FirstVisit.objects.filter(case=case, signed_at__isnull=False).update(signed_at=started - dt.timedelta(days=1))
    TherapyPlan.objects.filter(pk=plan.pk).update(created_at=started - dt.timedelta(days=1), approved_at=started)
    for outcome in Outcome.objects.filter(check_in__case=case).select_related("check_in"):
        Outcome.objects.filter(pk=outcome.pk).update(answered_at=outcome.check_in.due_at + dt.timedelta(days=1))
