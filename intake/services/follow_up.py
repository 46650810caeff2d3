"""After approval: the patient's "your plan is ready" e-mail, and the follow-up check-ins.

* ``plan_ready_notify`` (called by plan_approve, inside its transaction) queues the e-mail once the
  approval commits, when the patient gave an address; the worker (intake/tasks.py) sends it with
  ``plan_email_deliver``.
* ``check_ins_schedule`` (the first approval of a case's plan) creates one check-in per
  FOLLOW_UP_WEEKS and queues each e-mail for its due time; ``check_in_deliver`` sends one.
* ``check_in_safety_answer`` stores a check-in's first page (safety questions, heel and thigh pain) and
  asks the rules about the safety answers at once (services.check_in_safety: a new red flag alerts the
  clinic even if the patient stops there); ``check_in_answer`` completes it with the second page (the
  measures) as its Outcome, scored.

The e-mails are in the case's language and say only that there is something to open, with the private
link: no name, no diagnosis, no answers (STYLE.md 31). A failed e-mail raises, so the worker records
the task as failed; staff still see the link on the case page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from django_tasks.base import Task

from intake import audit
from intake.handout_pdf import handout_filename, handout_pdf
from intake.models import (
    Case,
    CaseStatus,
    CheckIn,
    CheckInSafety,
    ClinicPolicy,
    Outcome,
    PlanItem,
    PlanStatus,
    TherapyPlan,
)
from intake.outcomes.measures import PsfsRating, ScoringError, lefs_score, psfs_score
from intake.services.check_in_safety import check_in_safety_assess


def _enqueue(choose: Callable[[ModuleType], Task[..., object]], argument: int) -> Callable[[], None]:
    """A callback for transaction.on_commit that queues one of intake/tasks.py's tasks."""

    def enqueue() -> None:
        from intake import tasks  # intake.tasks imports the services

        choose(tasks).enqueue(argument)

    return enqueue


def plan_link(plan: TherapyPlan) -> str:
    return settings.SITE_URL + reverse("patient_plan", kwargs={"token": plan.patient_link_token})


def check_in_link(check_in: CheckIn) -> str:
    return settings.SITE_URL + reverse("patient_check_in", kwargs={"token": check_in.token})


# --- The plan's e-mail ------------------------------------------------------------------------------------


def plan_ready_notify(*, plan: TherapyPlan) -> bool:
    """Queue the "your plan is ready" e-mail if the patient gave an address; False when there is none
    (staff then tell the patient the link)."""
    if not plan.case.patient.email:
        return False
    transaction.on_commit(_enqueue(lambda tasks: tasks.plan_email_send, plan.pk))
    return True


def plan_email_deliver(*, plan_id: int) -> bool:
    """Send the plan's e-mail (the worker's task). Nothing for a plan no longer approved (a newer
    version, or the case referred): its own e-mail, if any, carries the current link."""
    plan = TherapyPlan.objects.select_related("case__patient").get(pk=plan_id)
    address = plan.case.patient.email
    if plan.status != PlanStatus.APPROVED or not address:
        return False
    attachments = []
    if ClinicPolicy.current().email_handout_pdf:
        # The handout as the patient sees it at the link (no diagnosis), named by the reference only.
        plan = TherapyPlan.objects.prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.select_related("exercise"))
        ).get(pk=plan.pk)
        attachments.append((handout_filename(plan), handout_pdf(plan), "application/pdf"))
    _email_private_link(
        address=address,
        language=plan.case.language,
        subject=gettext_lazy("Your plan from %(clinic)s is ready"),
        intro=gettext_lazy("Your physiotherapist has checked and approved your plan. Open it here:"),
        link=plan_link(plan),
        attachments=attachments,
        attachment_note=gettext_lazy("Your plan is also attached to this e-mail as a PDF, to keep or print.")
        if attachments
        else None,
    )
    audit.plan_emailed(plan=plan, pdf_attached=bool(attachments))
    return True


def _email_private_link(
    *,
    address: str,
    language: str,
    subject: Promise,
    intro: Promise,
    link: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    attachment_note: Promise | None = None,
) -> None:
    """A patient e-mail in their language: a line saying what the link is for, the private link, and how
    to reach the clinic. Never a name or a health detail in the text; the plan's handout PDF may be
    attached (``attachments``: file name, content, type) when the clinic turns that on."""
    with translation.override(language):
        body = "\n".join(
            [
                str(intro),
                "",
                link,
                "",
                *([str(attachment_note), ""] if attachment_note else []),
                gettext("This link is private: please do not share it."),
                gettext("Questions? Call the clinic on %(phone)s.") % {"phone": settings.CLINIC_PHONE},
                f"— {settings.CLINIC_NAME}",
            ]
        )
        subject_text = str(subject) % {"clinic": settings.CLINIC_NAME}
    message = EmailMessage(subject=subject_text, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


# --- Follow-up check-ins ------------------------------------------------------------------------------------


def check_ins_schedule(*, case: Case, start: dt.datetime) -> list[CheckIn]:
    """One check-in per FOLLOW_UP_WEEKS after ``start`` (the first approval), each e-mailed when due."""
    check_ins = []
    for weeks in settings.FOLLOW_UP_WEEKS:
        check_in = CheckIn(case=case, weeks=weeks, due_at=start + dt.timedelta(weeks=weeks))
        check_in.full_clean()
        check_in.save()
        transaction.on_commit(_enqueue(_check_in_task(check_in.due_at), check_in.pk))
        check_ins.append(check_in)
    audit.check_ins_scheduled(case=case, weeks=settings.FOLLOW_UP_WEEKS)
    return check_ins


def _check_in_task(run_after: dt.datetime) -> Callable[[ModuleType], Task[..., object]]:
    """The check-in e-mail task, to run at ``run_after`` (a function, so each check-in keeps its own time)."""

    def choose(tasks: ModuleType) -> Task[..., object]:
        return tasks.check_in_send.using(run_after=run_after)

    return choose


def check_in_deliver(*, check_in_id: int) -> bool:
    """E-mail one check-in's private link (the worker's task, at its due time). Nothing for a closed
    case, a patient without an address, or a check-in already e-mailed or answered."""
    with transaction.atomic():
        check_in = CheckIn.objects.select_for_update().select_related("case__patient").get(pk=check_in_id)
        case = check_in.case
        address = case.patient.email
        answered = Outcome.objects.filter(check_in=check_in).exists()
        if case.status == CaseStatus.CLOSED or not address or check_in.emailed_at or answered:
            return False
        _email_private_link(
            address=address,
            language=case.language,
            subject=gettext_lazy("%(clinic)s: how are you getting on?"),
            intro=gettext_lazy("Please answer a few short questions about how you are getting on with your plan:"),
            link=check_in_link(check_in),
        )
        check_in.emailed_at = timezone.now()
        check_in.save(update_fields=["emailed_at"])
        audit.check_in_sent(check_in=check_in)
    return True


def check_in_is_open(check_in: CheckIn, *, now: dt.datetime | None = None) -> bool:
    """A check-in can be answered from its due time (the e-mail's) while the case is not closed."""
    return (now or timezone.now()) >= check_in.due_at and check_in.case.status != CaseStatus.CLOSED


def _open_check_in(check_in: CheckIn) -> CheckIn:
    """The check-in locked for answering; refused when it is not open or already complete."""
    check_in = CheckIn.objects.select_for_update().select_related("case").get(pk=check_in.pk)
    if not check_in_is_open(check_in):
        raise ValidationError(gettext("This check-in is not open."))
    if Outcome.objects.filter(check_in=check_in).exists():
        raise ValidationError(gettext("You have already answered this check-in. Thank you."))
    return check_in


@transaction.atomic
def check_in_safety_answer(
    *,
    check_in: CheckIn,
    heel_pain: int,
    thigh_pain: int,
    safety_answers: Mapping[str, str] | None = None,
) -> CheckInSafety:
    """Store the check-in's first page (once) and act on it at once: the safety questions asked again
    (yes / no / not_sure by catalogue key) re-assess the case and alert the clinic on a new red flag or a
    Not sure (services.check_in_safety), whether or not the patient goes on to the second page.
    None or empty ``safety_answers``: not asked (check-ins answered before they were)."""
    check_in = _open_check_in(check_in)
    if CheckInSafety.objects.filter(check_in=check_in).exists():
        raise ValidationError(gettext("You have already sent these answers. Thank you."))
    new_red_flags: list[str] = []
    if safety_answers:
        case = Case.objects.select_for_update().get(pk=check_in.case_id)
        unsure = [key for key, answer in safety_answers.items() if answer == "not_sure"]
        _, new_red_flags = check_in_safety_assess(case=case, safety_answers=safety_answers, unsure_safety_keys=unsure)
    safety = CheckInSafety(
        check_in=check_in,
        heel_pain=heel_pain,
        thigh_pain=thigh_pain,
        safety_answers=dict(safety_answers or {}),
        new_red_flags=new_red_flags,
    )
    safety.full_clean()
    safety.save()
    audit.check_in_safety_answered(check_in=check_in)
    return safety


@transaction.atomic
def check_in_answer(
    *,
    check_in: CheckIn,
    global_change: int,
    adherence_days: int,
    lefs_items: Sequence[int | None] | None = None,
    psfs: Sequence[PsfsRating] = (),
    heel_pain: int | None = None,
    thigh_pain: int | None = None,
    safety_answers: Mapping[str, str] | None = None,
) -> Outcome:
    """Complete a check-in with its second page (once): its Outcome, scored as published
    (intake/outcomes/measures.py), carrying the first page's pain and safety answers.

    ``lefs_items``: the 20 LEFS answers (all of them: an incomplete LEFS is refused, not guessed);
    ``psfs``: the activities the patient rates. The first page must have been sent
    (check_in_safety_answer); a caller holding both pages' answers at once (the demo data) passes
    ``heel_pain``, ``thigh_pain`` and ``safety_answers`` too, and the first page is stored first, with
    the same re-assessment and alerts.
    """
    check_in = _open_check_in(check_in)
    safety = CheckInSafety.objects.filter(check_in=check_in).first()
    if safety is None:
        if heel_pain is None or thigh_pain is None:
            raise ValidationError(gettext("Please answer the first page of questions first."))
        safety = check_in_safety_answer(
            check_in=check_in, heel_pain=heel_pain, thigh_pain=thigh_pain, safety_answers=safety_answers
        )
    elif heel_pain is not None or thigh_pain is not None or safety_answers:
        raise ValueError("The first page of this check-in was already sent; its answers are not given again.")
    try:
        lefs = lefs_score(lefs_items) if lefs_items is not None else None
        psfs_mean = psfs_score(psfs) if psfs else None
    except ScoringError as error:
        raise ValidationError(str(error)) from error
    outcome = Outcome(
        check_in=check_in,
        heel_pain=safety.heel_pain,
        thigh_pain=safety.thigh_pain,
        global_change=global_change,
        adherence_days=adherence_days,
        lefs_items=list(lefs_items or []),
        lefs_score=lefs,
        psfs_ratings=[{"activity": rating.activity, "score": rating.score} for rating in psfs],
        psfs_score=psfs_mean,
        safety_answers=safety.safety_answers,
        new_red_flags=safety.new_red_flags,
    )
    outcome.full_clean()
    outcome.save()
    audit.check_in_answered(check_in=check_in)
    return outcome
