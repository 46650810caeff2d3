"""The audit trail: one function per audited action writes its AuditEvent, and ``describe`` says in
one line what each kind of event changed (the case page's timeline and its conflict message).

Details never hold a patient's personal data: ids, references, codes and staff usernames only. Free
text staff type about a patient (notes, comments) belongs to the patient's record, where erasure
reaches it; an event refers to it by id, never copies it.
An event that changed a case records the case version it made, in ``AuditEvent.version`` (queried)
and in its details (the record as exported).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.contrib.auth.models import User
from django.db.models import Subquery

from intake import rules
from intake.models import (
    Alert,
    AlertKind,
    AuditAction,
    AuditEvent,
    Case,
    CaseNote,
    CaseStatus,
    CheckIn,
    CloseReason,
    Differential,
    FirstVisit,
    FirstVisitAddendum,
    NoteKind,
    OverrideReason,
    Pathway,
    Patient,
    RedFlagAcknowledgement,
    ReferralDestination,
    ReferralFinding,
    ReferralOutcome,
    TherapyPlan,
    WhatIfRun,
    WorkingDiagnosis,
)


def record(
    *,
    action: str,
    case: Case | None = None,
    actor: User | None = None,
    details: Mapping[str, object] | None = None,
) -> AuditEvent:
    """Write one event; ``details["version"]``, when given, also fills the version column."""
    details = dict(details or {})
    version = details.get("version")
    assert version is None or isinstance(version, int), "details['version'] is the case's version number"
    event = AuditEvent(action=action, case=case, actor=actor, details=details, version=version)
    event.full_clean()
    event.save()
    return event


def _case_event(action: str, case: Case, actor: User | None, **details: object) -> AuditEvent:
    """An event that made the case's current version."""
    return record(action=action, case=case, actor=actor, details={**details, "version": case.version})


# --- The patient's questionnaire and the rules ------------------------------------------------------------


def case_submitted(*, case: Case, answered: int) -> AuditEvent:
    return _case_event(AuditAction.CASE_SUBMITTED, case, None, answered=answered)


def case_assessed(*, case: Case, actor: User | None, result: rules.Result) -> AuditEvent:
    return _case_event(
        AuditAction.CASE_ASSESSED,
        case,
        actor,
        pathway=result.pathway.value,
        urgency=result.urgency.value,
        red_flags=[flag.rule for flag in result.red_flags],
        rules_version=result.version,
    )


def intake_draft_saved(*, draft_id: int) -> AuditEvent:
    # The draft's id only: the answers and the resume code stay out of the audit trail.
    return record(action=AuditAction.INTAKE_DRAFT_SAVED, details={"draft": draft_id})


def intake_draft_discarded(*, draft_id: int) -> AuditEvent:
    return record(action=AuditAction.INTAKE_DRAFT_DISCARDED, details={"draft": draft_id})


def intake_drafts_purged(*, count: int) -> AuditEvent:
    return record(action=AuditAction.INTAKE_DRAFTS_PURGED, details={"drafts": count})


# --- Plans ---------------------------------------------------------------------------------------------------


def plan_created(*, case: Case, actor: User | None, plan: TherapyPlan, template: str, items: int) -> AuditEvent:
    details = {"plan": plan.pk, "template": template, "items": items}
    return record(action=AuditAction.PLAN_CREATED, case=case, actor=actor, details=details)


def plan_edited(*, case: Case, actor: User, plan: TherapyPlan, changes: Mapping[str, object]) -> AuditEvent:
    """``changes``: any of edited (items with their field changes), removed, moved, added."""
    return _case_event(AuditAction.PLAN_EDITED, case, actor, plan=plan.pk, **changes)


def plan_approved(*, case: Case, actor: User, plan: TherapyPlan, items: int) -> AuditEvent:
    expires = plan.patient_link_expires_at.isoformat() if plan.patient_link_expires_at else None
    return _case_event(
        AuditAction.PLAN_APPROVED, case, actor, plan=plan.pk, items=items, patient_link_expires_at=expires
    )


def plan_revised(*, case: Case, actor: User, plan: TherapyPlan, revised: TherapyPlan) -> AuditEvent:
    return _case_event(
        AuditAction.PLAN_REVISED, case, actor, plan=plan.pk, version_of_plan=plan.version, revised=revised.pk
    )


def plan_emailed(*, plan: TherapyPlan, pdf_attached: bool = False) -> AuditEvent:
    """The patient's "your plan is ready" e-mail left (with the handout PDF when the clinic attaches it);
    the address is never recorded."""
    details: dict[str, object] = {"plan": plan.pk}
    if pdf_attached:
        details["pdf_attached"] = True
    return record(action=AuditAction.PLAN_EMAILED, case=plan.case, details=details)


# --- Follow-up check-ins ---------------------------------------------------------------------------------


def check_ins_scheduled(*, case: Case, weeks: Sequence[int]) -> AuditEvent:
    return record(action=AuditAction.CHECK_INS_SCHEDULED, case=case, details={"weeks": list(weeks)})


def check_in_sent(*, check_in: CheckIn) -> AuditEvent:
    return record(
        action=AuditAction.CHECK_IN_SENT,
        case=check_in.case,
        details={"check_in": check_in.pk, "weeks": check_in.weeks},
    )


def check_in_safety_answered(*, check_in: CheckIn) -> AuditEvent:
    return record(
        action=AuditAction.CHECK_IN_SAFETY_ANSWERED,
        case=check_in.case,
        details={"check_in": check_in.pk, "weeks": check_in.weeks},
    )


def check_in_answered(*, check_in: CheckIn) -> AuditEvent:
    return record(
        action=AuditAction.CHECK_IN_ANSWERED,
        case=check_in.case,
        details={"check_in": check_in.pk, "weeks": check_in.weeks},
    )


# --- Review --------------------------------------------------------------------------------------------------


def red_flag_acknowledged(
    *,
    case: Case,
    actor: User,
    acknowledgement: RedFlagAcknowledgement,
    urgency: str,
    all_acknowledged: bool,
) -> AuditEvent:
    return _case_event(
        AuditAction.RED_FLAG_ACKNOWLEDGED,
        case,
        actor,
        rule_id=acknowledgement.rule_id,
        urgency=urgency,
        # A reference to the note, never a copy: the note is the patient's record (erased with it).
        acknowledgement=acknowledgement.pk,
        noted=bool(acknowledgement.note),
        all_acknowledged=all_acknowledged,
    )


def case_assigned(*, case: Case, actor: User, assignee: User, previous: str) -> AuditEvent:
    return _case_event(AuditAction.CASE_ASSIGNED, case, actor, assigned_to=assignee.get_username(), previous=previous)


def pathway_overridden(*, case: Case, actor: User, previous: str, reason: str, links_withdrawn: int) -> AuditEvent:
    return _case_event(
        AuditAction.PATHWAY_OVERRIDDEN,
        case,
        actor,
        **{"from": previous, "to": case.overridden_pathway, "reason": reason},
        patient_links_withdrawn=links_withdrawn,
    )


def case_referred(*, case: Case, actor: User, from_status: str, links_withdrawn: int) -> AuditEvent:
    return _case_event(
        AuditAction.CASE_REFERRED,
        case,
        actor,
        destination=case.referred_to,
        from_status=from_status,
        patient_links_withdrawn=links_withdrawn,
    )


def case_closed(*, case: Case, actor: User, from_status: str) -> AuditEvent:
    """The reason is a code; the note is the patient's record (on the case), never copied here."""
    return _case_event(
        AuditAction.CASE_CLOSED,
        case,
        actor,
        from_status=from_status,
        reason=case.close_reason,
        noted=bool(case.close_note),
    )


def case_reopened(*, case: Case, actor: User, closed_reason: str) -> AuditEvent:
    return _case_event(AuditAction.CASE_REOPENED, case, actor, closed_reason=closed_reason, to_status=case.status)


def patient_called(*, case: Case, actor: User) -> AuditEvent:
    return _case_event(AuditAction.PATIENT_CALLED, case, actor)


# --- Alerts to the clinic (the worker; no actor, and no case version: an alert never changes the case) ------


def _alert_details(alert: Alert, **details: object) -> dict[str, object]:
    return {"alert": alert.pk, "kind": alert.kind, "urgency": alert.urgency, "attempt": alert.attempts, **details}


def alert_raised(*, alert: Alert) -> AuditEvent:
    """Queued for the worker; ``call_today`` and ``sent_early`` say what the e-mail will mention."""
    details = _alert_details(alert, call_today=alert.call_today, sent_early=alert.sent_early)
    return record(action=AuditAction.ALERT_RAISED, case=alert.case, details=details)


def alert_sent(*, alert: Alert, recipients: int) -> AuditEvent:
    """``recipients``: how many addresses (the addresses themselves are the clinic policy's)."""
    details = _alert_details(alert, recipients=recipients)
    return record(action=AuditAction.ALERT_SENT, case=alert.case, details=details)


def alert_retry_scheduled(*, alert: Alert, retry_in_seconds: int) -> AuditEvent:
    """``error``: the mail server's answer, shortened; it names no patient (the e-mail holds no personal data)."""
    details = _alert_details(alert, error=alert.last_error, retry_in_seconds=retry_in_seconds)
    return record(action=AuditAction.ALERT_RETRY_SCHEDULED, case=alert.case, details=details)


def alert_failed(*, alert: Alert) -> AuditEvent:
    details = _alert_details(alert, error=alert.last_error)
    return record(action=AuditAction.ALERT_FAILED, case=alert.case, details=details)


# --- The first visit, notes and the contact log ---------------------------------------------------------------
# Details hold ids and codes; the free text stays in its own row (erasable, never copied here).


def first_visit_recorded(
    *, case: Case, actor: User, first_visit: FirstVisit, created: bool, changed: Sequence[str]
) -> AuditEvent:
    return _case_event(
        AuditAction.FIRST_VISIT_RECORDED,
        case,
        actor,
        first_visit=first_visit.pk,
        created=created,
        changed=list(changed),
        working_diagnosis=first_visit.working_diagnosis,
        differential=first_visit.differential,
    )


def first_visit_signed(*, case: Case, actor: User, first_visit: FirstVisit) -> AuditEvent:
    return _case_event(
        AuditAction.FIRST_VISIT_SIGNED,
        case,
        actor,
        first_visit=first_visit.pk,
        working_diagnosis=first_visit.working_diagnosis,
        differential=first_visit.differential,
    )


def first_visit_addendum(*, case: Case, actor: User, addendum: FirstVisitAddendum) -> AuditEvent:
    return record(action=AuditAction.FIRST_VISIT_ADDENDUM, case=case, actor=actor, details={"addendum": addendum.pk})


def note_added(*, case: Case, actor: User, note: CaseNote) -> AuditEvent:
    """A note or a contact-log line; neither changes the case, so neither makes a version."""
    action = AuditAction.NOTE_ADDED if note.kind == NoteKind.NOTE else AuditAction.CONTACT_LOGGED
    return record(action=action, case=case, actor=actor, details={"note": note.pk, "kind": note.kind})


def referral_finding_recorded(*, case: Case, actor: User, finding: ReferralFinding) -> AuditEvent:
    """The outcome code only; the note stays in its row (the patient's record)."""
    details = {"referral_finding": finding.pk, "outcome": finding.outcome}
    return record(action=AuditAction.REFERRAL_FINDING_RECORDED, case=case, actor=actor, details=details)


def whatif_requested(*, actor: User, run: WhatIfRun) -> AuditEvent:
    details = {"run": run.pk, "candidate": run.candidate_name, "candidate_version": run.candidate_version}
    return record(action=AuditAction.WHATIF_REQUESTED, actor=actor, details=details)


def deidentified_exported(*, actor: User, cases: int, patients: int) -> AuditEvent:
    details = {"cases": cases, "patients": patients}
    return record(action=AuditAction.DEIDENTIFIED_EXPORTED, actor=actor, details=details)


# --- Personal data -------------------------------------------------------------------------------------------


def patient_exported(*, patient: Patient, actor: User | None, references: Sequence[str]) -> AuditEvent:
    details = {"patient": patient.pk, "cases": list(references)}
    return record(action=AuditAction.PATIENT_EXPORTED, actor=actor, details=details)


def patient_erased(*, case: Case, patient: Patient, actor: User | None, reason: str) -> AuditEvent:
    """On the patient's request, or (reason "retention") once the retention period is over."""
    action = AuditAction.PATIENT_ERASED if reason == "request" else AuditAction.CASE_ANONYMISED
    return record(action=action, case=case, actor=actor, details={"patient": patient.pk, "reason": reason})


# --- The access log: reads of health data ---------------------------------------------------------------------


def case_viewed(*, reference: str, actor: User) -> AuditEvent:
    """A staff member opened a case page. Written after the page was built, with the case found by its
    reference inside the INSERT, so the access log adds one statement to the page and no lookup."""
    event = AuditEvent(
        action=AuditAction.CASE_VIEWED,
        case_id=Subquery(Case.objects.filter(reference=reference).values("pk")[:1]),
        actor=actor,
        details={"reference": reference},
    )
    event.save()
    return event


def case_summary_downloaded(*, case: Case, actor: User) -> AuditEvent:
    """A staff member downloaded a case's summary (for the practice system). Saved directly, as
    ``case_viewed`` is: the case and the actor were just read, so no lookup validates them again."""
    event = AuditEvent(
        action=AuditAction.CASE_SUMMARY_DOWNLOADED, case=case, actor=actor, details={"reference": case.reference}
    )
    event.save()
    return event


def handout_pdf_downloaded(*, case: Case, actor: User, plan: TherapyPlan) -> AuditEvent:
    """A staff member downloaded the approved plan's handout as a PDF."""
    details = {"reference": case.reference, "plan": plan.pk, "plan_version": plan.version}
    return record(action=AuditAction.HANDOUT_PDF_DOWNLOADED, case=case, actor=actor, details=details)


def queue_exported(*, actor: User, filters: Mapping[str, object]) -> AuditEvent:
    """``filters``: which filters were set (never the search text, which may be a patient's name)."""
    return record(action=AuditAction.QUEUE_EXPORTED, actor=actor, details=dict(filters))


def patients_searched(*, actor: User, where: str, patients: Sequence[int]) -> AuditEvent:
    """An admin search that could match patients by name; the ids it found, never the words typed."""
    details = {"where": where, "patients": list(patients)}
    return record(action=AuditAction.PATIENTS_SEARCHED, actor=actor, details=details)


def patient_viewed(*, actor: User, patient_id: int) -> AuditEvent:
    return record(action=AuditAction.PATIENT_VIEWED, actor=actor, details={"patient": patient_id})


def fhir_read(*, token_id: int, resource: str, case_ids: Sequence[int] = ()) -> None:
    """Another system read through the FHIR API with a token: one event per case it read (one insert
    for a page of search results), or one event without a case for the questionnaire."""
    details = {"token": token_id, "resource": resource}
    events = [AuditEvent(action=AuditAction.FHIR_READ, case_id=case_id, details=details) for case_id in case_ids]
    AuditEvent.objects.bulk_create(events or [AuditEvent(action=AuditAction.FHIR_READ, details=details)])


# --- Staff accounts ---------------------------------------------------------------------------------------


def staff_two_factor_reset(*, user: User, actor: User, devices: int) -> AuditEvent:
    details = {"user": user.pk, "username": user.get_username(), "devices": devices}
    return record(action=AuditAction.STAFF_TWO_FACTOR_RESET, actor=actor, details=details)


# --- One line per event, for the timeline ---------------------------------------------------------------------

_PATHWAY_LABELS = dict(Pathway.choices)
_DOSE_NAMES = {
    "sets": "sets",
    "reps": "reps",
    "hold_seconds": "hold (s)",
    "frequency": "how often",
    "time_of_day": "when",
}


def _label(labels: Mapping[str, str], value: object) -> str:
    return labels.get(str(value or ""), str(value or ""))


def _assessed(details: Mapping) -> str:
    flags = ", ".join(details.get("red_flags", [])) or "none"
    return (
        f"Suggested {_label(_PATHWAY_LABELS, details.get('pathway'))}; "
        f"urgency {details.get('urgency', '')}; red flags: {flags}; rules {details.get('rules_version', '')}."
    )


def _acknowledged(details: Mapping) -> str:
    # The note itself is shown with the red flag (RedFlagAcknowledgement.note), never kept here.
    noted = " with a note" if details.get("noted") else ""
    return f"{details.get('rule_id', '')} acknowledged{noted}."


def _item_changes(edit: Mapping) -> str:
    changes = []
    for name, change in edit.get("changes", {}).items():
        if isinstance(change, list):
            before, after = (("—" if value in (None, "") else value) for value in change)
            changes.append(f"{_DOSE_NAMES.get(name, name)} {before} → {after}")
        else:
            changes.append(f"{name.replace('_', ' ')} changed")
    return f"{edit.get('item', '')}: {', '.join(changes)}"


def _plan_edited(details: Mapping) -> str:
    parts = [_item_changes(edit) for edit in details.get("edited", [])]
    parts += [f"{verb} {details[verb]}" for verb in ("moved", "added", "removed") if details.get(verb)]
    return "; ".join(parts) + "."


def _overridden(details: Mapping) -> str:
    return (
        f"{_label(_PATHWAY_LABELS, details.get('from'))} → {_label(_PATHWAY_LABELS, details.get('to'))} "
        f"({_label(dict(OverrideReason.choices), details.get('reason'))})."
    )


def _diagnosis(details: Mapping) -> str:
    words = _label(dict(WorkingDiagnosis.choices), details.get("working_diagnosis"))
    if details.get("differential"):
        words = _label(dict(Differential.choices), details["differential"])
    return words


def _first_visit_recorded(details: Mapping) -> str:
    verb = "Recorded" if details.get("created") else "Changed"
    changed = details.get("changed") or []
    what = f" ({len(changed)} field{'s' if len(changed) != 1 else ''})" if not details.get("created") else ""
    return f"{verb}{what}; working diagnosis: {_diagnosis(details)}."


_DESCRIPTIONS: dict[str, Callable[[Mapping], str]] = {
    AuditAction.CASE_SUBMITTED: lambda details: f"{details.get('answered', '?')} questions answered.",
    AuditAction.CASE_ASSESSED: _assessed,
    AuditAction.RED_FLAG_ACKNOWLEDGED: _acknowledged,
    AuditAction.CASE_ASSIGNED: lambda details: f"Assigned to {details.get('assigned_to', '')}.",
    AuditAction.PLAN_CREATED: lambda details: (
        f"Draft plan from “{details.get('template', '')}” ({details.get('items', 0)} items)."
    ),
    AuditAction.PLAN_EDITED: _plan_edited,
    AuditAction.PLAN_APPROVED: lambda details: (
        f"Plan approved ({details.get('items', 0)} items); the patient's link is live."
    ),
    AuditAction.PATHWAY_OVERRIDDEN: _overridden,
    AuditAction.CASE_REFERRED: lambda details: (
        f"Referred to {_label(dict(ReferralDestination.choices), details.get('destination'))}."
    ),
    AuditAction.CASE_CLOSED: lambda details: (
        f"Closed (was {_label(dict(CaseStatus.choices), details.get('from_status'))})"
        + (f"; reason: {_label(dict(CloseReason.choices), details['reason'])}." if details.get("reason") else ".")
    ),
    AuditAction.FIRST_VISIT_RECORDED: _first_visit_recorded,
    AuditAction.FIRST_VISIT_SIGNED: lambda details: f"Signed; working diagnosis: {_diagnosis(details)}.",
    AuditAction.CONTACT_LOGGED: lambda details: f"{_label(dict(NoteKind.choices), details.get('kind'))}.",
    AuditAction.REFERRAL_FINDING_RECORDED: lambda details: (
        f"{_label(dict(ReferralOutcome.choices), details.get('outcome'))}."
    ),
}


_ALERT_KIND_WORDS = {AlertKind.ON_CALL: "to the on-call team", AlertKind.ESCALATION: "to the clinic admins"}


def _alert_words(details: Mapping) -> str:
    return f"{details.get('urgency', '').capitalize()} alert {_ALERT_KIND_WORDS.get(details.get('kind', ''), '')}"


def _alert_sent(details: Mapping) -> str:
    return f"{_alert_words(details)}, {details.get('recipients', 0)} address(es), attempt {details.get('attempt', 1)}."


def _alert_retry(details: Mapping) -> str:
    return (
        f"{_alert_words(details)}: attempt {details.get('attempt', '?')} failed ({details.get('error', '')}); "
        f"next in {details.get('retry_in_seconds', '?')} s."
    )


def _alert_failed(details: Mapping) -> str:
    return (
        f"{_alert_words(details)} NOT delivered after {details.get('attempt', '?')} attempts "
        f"({details.get('error', '')}). Phone the on-call team."
    )


_DESCRIPTIONS.update(
    {
        AuditAction.ALERT_RAISED: lambda details: f"{_alert_words(details)} queued for e-mail.",
        AuditAction.ALERT_SENT: _alert_sent,
        AuditAction.ALERT_RETRY_SCHEDULED: _alert_retry,
        AuditAction.ALERT_FAILED: _alert_failed,
        AuditAction.PATIENT_CALLED: lambda details: "The patient was phoned; no longer marked call today.",
        AuditAction.CASE_REOPENED: lambda details: (
            f"Back to {_label(dict(CaseStatus.choices), details.get('to_status'))}."
        ),
        AuditAction.PLAN_REVISED: lambda details: f"New draft: version {details.get('version_of_plan', '?')}.",
        AuditAction.CHECK_INS_SCHEDULED: lambda details: (
            "At " + ", ".join(str(weeks) for weeks in details.get("weeks", [])) + " weeks after approval."
        ),
        AuditAction.CHECK_IN_SENT: lambda details: f"The {details.get('weeks')}-week check-in link.",
        AuditAction.CHECK_IN_ANSWERED: lambda details: f"The {details.get('weeks')}-week check-in.",
        AuditAction.FHIR_READ: lambda details: (
            f"{details.get('resource')} read through the FHIR API with token {details.get('token')}."
        ),
    }
)


def describe(event: AuditEvent) -> str:
    """One line saying what an event changed; empty for events the timeline only names."""
    description = _DESCRIPTIONS.get(event.action)
    return description(event.details or {}) if description else ""
