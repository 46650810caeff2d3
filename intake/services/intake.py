"""The patient's side of the clinic's records: a submitted questionnaire becomes a case with its
answers and the rules' assessment; an unfinished one is kept as a draft under a resume code.

Drafts are not clinical records (no case exists yet): they are deleted on submission and once
expired, and their audit events carry the draft's id only.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake import audit, rules
from intake.models import Answers, Assessment, Case, IntakeDraft, Patient, QueuePriority
from intake.services.alerts import alerts_raise
from intake.services.plans import plan_draft_from_template


@transaction.atomic
def case_submit(
    *,
    answers: Mapping[str, object],
    name: str,
    date_of_birth: date | None = None,
    email: str = "",
    phone: str = "",
    consent_given: bool,
    submission_key: uuid.UUID | None = None,
    sent_early: bool = False,
    unsure_safety_keys: Sequence[str] = (),
    language: str | None = None,
) -> Case:
    """Store the patient, their answers and the rules' assessment in one transaction.

    `submission_key` identifies one filled-in questionnaire: submitting it again (a double click,
    a re-sent form, back and submit) returns the case it already made instead of making a second.
    `sent_early`: sent straight after red-flag advice, with the answers so far. `unsure_safety_keys`:
    safety questions answered Not sure, which mark the case "call today". `language`: the one the
    patient answered in (settings.LANGUAGES; LANGUAGE_CODE when not given), kept for their plan.
    """
    if submission_key is not None:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    try:
        # A savepoint, so a lost race below leaves the surrounding transaction usable.
        with transaction.atomic():
            return _case_create(
                answers=answers,
                name=name,
                date_of_birth=date_of_birth,
                email=email,
                phone=phone,
                consent_given=consent_given,
                submission_key=submission_key,
                sent_early=sent_early,
                unsure_safety_keys=unsure_safety_keys,
                language=language or settings.LANGUAGE_CODE,
            )
    except (IntegrityError, ValidationError):
        # Two requests with the same key raced past the check above; the unique key let one in.
        existing = Case.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return existing


def _case_create(
    *,
    answers: Mapping[str, object],
    name: str,
    date_of_birth: date | None,
    email: str,
    phone: str,
    consent_given: bool,
    submission_key: uuid.UUID | None,
    sent_early: bool,
    unsure_safety_keys: Sequence[str],
    language: str,
) -> Case:
    validated = rules.validate(answers)
    patient = Patient(
        name=name,
        date_of_birth=date_of_birth,
        email=email,
        phone=phone,
        consent_given=consent_given,
        consent_at=timezone.now() if consent_given else None,
    )
    patient.full_clean()
    patient.save()
    case = Case(
        patient=patient,
        submission_key=submission_key,
        sent_early=sent_early,
        call_today=bool(unsure_safety_keys),
        unsure_safety_keys=list(unsure_safety_keys),
        language=language,
    )
    case.full_clean()
    case.save()
    stored = Answers(case=case, **dict(validated))
    # rules.validate has checked every key, type and range; the database's CHECK constraints
    # enforce them again. Django would evaluate each of the ~20 constraints with its own query.
    stored.full_clean(validate_constraints=False)
    stored.save()
    audit.case_submitted(case=case, answered=len(dict(validated)))
    case_assess(case=case)
    case.refresh_from_db()
    return case


def assessment_record(*, case: Case, result: rules.Result) -> Assessment:
    """Store ``result`` as the case's newest assessment snapshot (earlier ones stay as history)."""
    assessment = Assessment(
        case=case,
        pathway=result.pathway,
        urgency=result.urgency,
        result=result.to_dict(emergency_number=settings.EMERGENCY_NUMBER),
        rules_version=result.version,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def case_assess(*, case: Case, actor: User | None = None) -> Assessment:
    """Run the rules on the stored answers, keep a snapshot, set urgency, draft a plan and, for an
    emergency, urgent or call-today case, alert the clinic (services.alerts).

    Re-assessing adds a new snapshot; earlier ones stay as history.
    """
    # Lock the row and work on its current state: a stale object must never set the version back.
    case = Case.objects.select_for_update().get(pk=case.pk)
    answers = Answers.objects.get(case=case)
    result = rules.assess(answers.as_dict())
    assessment = assessment_record(case=case, result=result)

    case.pathway = result.pathway
    case.urgency = result.urgency
    fired = {flag.rule for flag in result.red_flags}
    acknowledged = set(case.acknowledgements.values_list("rule_id", flat=True))
    case.queue_priority = QueuePriority.for_urgency(
        result.urgency, acknowledged=bool(fired) and fired <= acknowledged, call_today=case.call_today
    )
    case.version += 1
    case.save(update_fields=["pathway", "urgency", "queue_priority", "version", "updated_at"])
    audit.case_assessed(case=case, actor=actor, result=result)
    plan_draft_from_template(case=case, assessment=assessment, actor=actor)
    # An emergency, urgent or call-today case tells the on-call team within a minute (once committed).
    alerts_raise(case=case)
    return assessment


# --- Unfinished questionnaires --------------------------------------------------------------------------


def intake_draft_save(*, data: Mapping[str, object], resume_code: str | None = None) -> IntakeDraft:
    """Keep an unfinished questionnaire under a resume code valid for INTAKE_DRAFT_DAYS.

    Saving again with the code of a live draft updates it (same code, expiry renewed).
    """
    now = timezone.now()
    IntakeDraft.objects.filter(expires_at__lt=now).delete()  # nobody can resume these any more
    draft = None
    if resume_code:
        draft = IntakeDraft.objects.filter(resume_code=resume_code, expires_at__gte=now).first()
    if draft is None:
        draft = IntakeDraft()
    draft.data = dict(data)
    draft.expires_at = now + timedelta(days=settings.INTAKE_DRAFT_DAYS)
    draft.full_clean()
    draft.save()
    audit.intake_draft_saved(draft_id=draft.pk)
    return draft


def intake_draft_discard(*, resume_code: str) -> None:
    """A submitted questionnaire's draft is deleted: its answers now live in the case."""
    for draft_id in IntakeDraft.objects.filter(resume_code=resume_code).values_list("pk", flat=True):
        audit.intake_draft_discarded(draft_id=draft_id)
    IntakeDraft.objects.filter(resume_code=resume_code).delete()


def intake_drafts_purge(*, now: datetime | None = None) -> int:
    """Delete every saved questionnaire past its expiry (nobody can resume it any more); how many.

    Run on a timer (deploy/clinic-purge-drafts.timer), so an expired draft's answers do not wait for
    the next "save and continue later" to be deleted. One audit event per run that deleted any.
    """
    expired = IntakeDraft.objects.filter(expires_at__lt=now or timezone.now())
    count, _ = expired.delete()
    if count:
        audit.intake_drafts_purged(count=count)
    return count
