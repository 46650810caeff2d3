"""Demo follow-ups: a few demo cases with an approved plan whose check-ins the patient answered, so the
case page's outcome charts, the queue's follow-up tab and the outcomes per pathway have something to show.

Fictional answers through the same services as a real patient's (services.check_in_answer). The check-ins
are moved into the past (demo data only) so they can be answered today. Idempotent: nothing is added once
a demo case has check-ins.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from intake import services
from intake.models import Case, CaseStatus, CheckIn, PlanStatus, Urgency
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
