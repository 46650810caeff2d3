"""The first visit and what follows it: the examination findings and working diagnosis (editable until
signed, then kept as they were with later addenda), case notes and the contact log.

The first-visit record changes the case (it takes the version the form showed, services.locking);
notes, contact-log lines and addenda only add a row each, so two people writing them at once never
conflict and they make no case version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intake import audit
from intake.models import (
    FIRST_VISIT_FINDINGS,
    FIRST_VISIT_SIGNED,
    Case,
    CaseAction,
    CaseNote,
    FirstVisit,
    FirstVisitAddendum,
    NoteKind,
)
from intake.services.locking import case_locked, case_save

# What the first-visit form may set (the findings, then the diagnosis).
FIRST_VISIT_FIELDS: tuple[str, ...] = (*FIRST_VISIT_FINDINGS, "working_diagnosis", "differential", "diagnosis_note")
NOT_SIGNED_YET = "Sign the first visit before adding an addendum: until then, edit it."
NO_FIRST_VISIT = "Record the first visit before signing it."
ALREADY_SIGNED = "This first visit is already signed."
EMPTY_TEXT = "Write something first."
HOLDS_IDENTIFIER = (
    "This text contains the patient's {what}, which the case already holds: remove it (the case page shows it)."
)


def refuse_identifiers(*, case: Case, text: str) -> None:
    """Refuse free text that repeats an identifier the case already holds (full name, e-mail, phone,
    date of birth): free text travels further than the patient's record and is not erased with it."""
    patient = case.patient
    folded = text.casefold()
    digits = re.sub(r"\D", "", text)
    found = []
    if patient.name and len(patient.name.split()) > 1 and patient.name.casefold() in folded:
        found.append("full name")
    if patient.email and patient.email.casefold() in folded:
        found.append("e-mail address")
    phone = re.sub(r"\D", "", patient.phone)
    if len(phone) >= 6 and phone[-6:] in digits:
        found.append("phone number")
    born = patient.date_of_birth
    if born is not None and any(
        form in folded for form in (born.isoformat(), born.strftime("%d/%m/%Y"), born.strftime("%d.%m.%Y"))
    ):
        found.append("date of birth")
    if found:
        raise ValidationError(HOLDS_IDENTIFIER.format(what=" and ".join(found)))


@transaction.atomic
def first_visit_save(
    *, case: Case, values: Mapping[str, str], actor: User, expected_version: int, sign: bool = False
) -> FirstVisit:
    """Record the first visit, or change it while it is unsigned; ``sign`` also signs it.

    A signed record is refused (FIRST_VISIT_SIGNED): it stays as it was, and corrections are addenda.
    """
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.RECORD_FIRST_VISIT)
    unknown = set(values) - set(FIRST_VISIT_FIELDS)
    if unknown:
        raise ValueError(f"not first-visit fields: {sorted(unknown)}")
    first_visit = FirstVisit.objects.select_for_update().filter(case=case).first()
    created = first_visit is None
    if first_visit is None:
        first_visit = FirstVisit(case=case, examined_by=actor)
    elif first_visit.is_signed:
        raise ValidationError(FIRST_VISIT_SIGNED)
    changed = []
    for name, value in values.items():
        value = value.strip() if name == "diagnosis_note" else value
        if getattr(first_visit, name) != value:
            setattr(first_visit, name, value)
            changed.append(name)
    if not created and not changed and not sign:
        return first_visit
    refuse_identifiers(case=case, text=first_visit.diagnosis_note)
    first_visit.full_clean()
    first_visit.save()
    case.start_review()
    case_save(case, fields=["status"])
    if created or changed:
        audit.first_visit_recorded(case=case, actor=actor, first_visit=first_visit, created=created, changed=changed)
    if sign:
        _sign(case=case, first_visit=first_visit, actor=actor)
    return first_visit


@transaction.atomic
def first_visit_sign(*, case: Case, actor: User, expected_version: int) -> FirstVisit:
    """Sign the first visit as it stands: from now on it is kept as it was."""
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.RECORD_FIRST_VISIT)
    first_visit = FirstVisit.objects.select_for_update().filter(case=case).first()
    if first_visit is None:
        raise ValidationError(NO_FIRST_VISIT)
    if first_visit.is_signed:
        raise ValidationError(ALREADY_SIGNED)
    case_save(case, fields=[])
    _sign(case=case, first_visit=first_visit, actor=actor)
    return first_visit


def _sign(*, case: Case, first_visit: FirstVisit, actor: User) -> None:
    first_visit.signed_by = actor
    first_visit.signed_at = timezone.now()
    first_visit.full_clean()
    first_visit.save()
    audit.first_visit_signed(case=case, actor=actor, first_visit=first_visit)


@transaction.atomic
def first_visit_addendum_add(*, case: Case, text: str, actor: User) -> FirstVisitAddendum:
    """Add to a signed first visit (a correction, a result that came later); the record stays as signed."""
    case.refuse_unless_allowed(CaseAction.ADD_NOTE)
    first_visit = FirstVisit.objects.filter(case=case).first()
    if first_visit is None or not first_visit.is_signed:
        raise ValidationError(NOT_SIGNED_YET)
    if not text.strip():
        raise ValidationError(EMPTY_TEXT)
    refuse_identifiers(case=case, text=text)
    addendum = FirstVisitAddendum(first_visit=first_visit, text=text.strip(), author=actor)
    addendum.full_clean()
    addendum.save()
    audit.first_visit_addendum(case=case, actor=actor, addendum=addendum)
    return addendum


@transaction.atomic
def case_note_add(*, case: Case, kind: str, text: str, actor: User) -> CaseNote:
    """A note (text required) or a contact-log line (phoned, no answer, left message, e-mailed; text optional)."""
    case.refuse_unless_allowed(CaseAction.ADD_NOTE)
    if kind == NoteKind.NOTE and not text.strip():
        raise ValidationError(EMPTY_TEXT)
    refuse_identifiers(case=case, text=text)
    note = CaseNote(case=case, kind=kind, text=text.strip(), author=actor)
    note.full_clean()
    note.save()
    audit.note_added(case=case, actor=actor, note=note)
    return note
