"""The patient's home programme: the daily log they keep on their plan page (ProgrammeDay).

``programme_day_record`` stores today's entry: the exercises ticked, today's pain and a note. Saving the
same day again replaces that day's entry, so a patient who ticks one more exercise in the evening simply
saves again.

No AuditEvent: the entry is the patient's own diary, kept with its own created and updated times, not a
decision about the case; an event a day would bury the staff timeline. The note is erased with the patient
(services.privacy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from intake.models import ItemKind, PlanStatus, ProgrammeDay, ProgrammeTick, TherapyPlan


@transaction.atomic
def programme_day_record(
    *, plan: TherapyPlan, day: dt.date, done_item_ids: Iterable[int], pain: int, note: str = ""
) -> ProgrammeDay:
    """Store (or replace) the patient's entry for ``day`` on their approved ``plan``.

    Only the plan's exercises can be ticked; an id from elsewhere (an old page, a tampered form) is
    refused rather than silently dropped, so the patient is told to reload."""
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(gettext("This plan has been updated: open your link again to see the new one."))
    exercises = {item.pk: item for item in plan.items.all() if item.kind == ItemKind.EXERCISE}
    done = set(done_item_ids)
    if not done <= exercises.keys():
        raise ValidationError(gettext("Your plan has changed since you opened this page: open your link again."))
    # get_or_create: a double tap that sends the form twice at once finds the row the first one made.
    entry, _created = ProgrammeDay.objects.select_for_update().get_or_create(
        case_id=plan.case_id, day=day, defaults={"plan": plan, "pain": pain}
    )
    entry.plan = plan
    entry.pain = pain
    entry.note = note.strip()
    entry.full_clean()
    entry.save()
    entry.ticks.all().delete()
    ProgrammeTick.objects.bulk_create(ProgrammeTick(day=entry, item=exercises[item_id]) for item_id in sorted(done))
    return entry
