"""The clinic's records: patients, their cases and answers, the rules' assessments,
exercise library and plan templates, therapy plans, and the audit trail.

Clinical records use on_delete=PROTECT: a case, its answers and what the rules said about
it must survive any clean-up of related rows.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property
from urllib.parse import quote

import simple_history
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
    validate_email,
)
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from intake import rules
from intake.rules.questions import QUESTIONS, QUESTIONS_BY_KEY, Kind
from intake.validators import validate_visible_text

# Unambiguous letters and digits (no 0/O, 1/I/L, U): references are read over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_case_reference() -> str:
    """An unguessable public reference such as 'K7QM-3XDA' (30**8, about 6.6e11 values)."""
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


# --- One vocabulary: the engine's pathways and urgencies, in the words the pages use ----------------------


# The Django choices are the engine's values and labels (intake/rules/vocabulary.py), so the two can
# never disagree.
Pathway = models.TextChoices("Pathway", [(pathway.name, (pathway.value, pathway.label)) for pathway in rules.Pathway])
Urgency = models.TextChoices("Urgency", [(urgency.name, (urgency.value, urgency.label)) for urgency in rules.Urgency])
# The pathways with a self-care plan (a plan template each): the four the scores decide between.
PLANNED_PATHWAYS: tuple[str, ...] = tuple(pathway.value for pathway in rules.SCORED_PATHWAYS)


# --- Patients and cases ---------------------------------------------------------------------------


def validate_language(code: str) -> None:
    """A language the site offers (settings.LANGUAGES); no choices on the field, so adding a
    language needs no migration."""
    if code not in dict(settings.LANGUAGES):
        raise ValidationError(f"“{code}” is not one of the site's languages.")


class Patient(models.Model):
    name = models.CharField(
        max_length=200,
        validators=[validate_visible_text],
        help_text="The patient's full name as they typed it.",
    )
    date_of_birth = models.DateField(
        null=True, blank=True, help_text="Used with the name to tell patients apart; optional."
    )
    email = models.EmailField(blank=True, help_text="Optional. How the clinic may contact the patient.")
    phone = models.CharField(max_length=32, blank=True, help_text="Optional. How the clinic may contact the patient.")
    consent_given = models.BooleanField(
        default=False, help_text="The patient agreed to the clinic storing and using these answers."
    )
    consent_at = models.DateTimeField(null=True, blank=True, help_text="When the patient gave consent.")
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the personal data was erased (on request or after the retention period). "
        "The case and its clinical record are kept, anonymised.",
    )
    search_name = models.CharField(
        max_length=400,
        blank=True,
        editable=False,
        help_text="The name's words without accents, case or punctuation, for the staff search "
        "(derived from the name on every save).",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=False) | Q(consent_at__isnull=False),
                name="patient_consent_has_time",
                violation_error_message="Consent needs the time it was given.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A value derived from this row alone (never another row): the search column follows the name.
        self.search_name = search_words(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)


def search_folded(text: str) -> str:
    """Lower case without accents or apostrophes: "José O'Brien" -> "jose obrien"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return plain.replace("'", "").replace("\u2019", "")


def search_terms(text: str) -> list[str]:
    """The words of a name or a search, folded (``search_folded``), split at anything not a letter or digit."""
    return [word for word in re.split(r"[^\w]+|_", search_folded(text)) if word]


def search_words(name: str) -> str:
    """The stored search column: " jose obrien " (a space before each word, so that a search for
    the start of any word is ``contains(" " + term)`` on every database, with no collation involved)."""
    words = search_terms(name)
    return f" {' '.join(words)} " if words else ""


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Plan approved"
    REFERRED = "referred", "Referred on"
    CLOSED = "closed", "Closed"


# Cases a physiotherapist still has to act on (alerts and escalation look only at these).
OPEN_STATUSES = (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW)
# The queue's Open tab: also the cases with an approved plan, which the clinic follows until it closes them.
QUEUE_OPEN_STATUSES = (*OPEN_STATUSES, CaseStatus.APPROVED)


class QueuePriority(models.IntegerChoices):
    """Where a case sorts in the staff queue: red flags first, unacknowledged before acknowledged.

    Stored on the case (set by the services whenever urgency or acknowledgement changes) so the
    queue's ORDER BY is served by an index instead of a CASE expression over every row.
    """

    EMERGENCY_UNACKNOWLEDGED = 0, "Emergency, not yet acknowledged"
    EMERGENCY_ACKNOWLEDGED = 1, "Emergency, acknowledged"
    URGENT_UNACKNOWLEDGED = 2, "Urgent, not yet acknowledged"
    URGENT_ACKNOWLEDGED = 3, "Urgent, acknowledged"
    CALL_TODAY = 4, "Call today (a safety question answered Not sure)"
    ROUTINE = 5, "Routine"

    @classmethod
    def for_urgency(cls, urgency: str, *, acknowledged: bool, call_today: bool = False) -> QueuePriority:
        """Where a case of this urgency sorts, given whether all its red flags are acknowledged and
        whether the clinic still has to phone the patient today."""
        if urgency == Urgency.EMERGENCY:
            return cls.EMERGENCY_ACKNOWLEDGED if acknowledged else cls.EMERGENCY_UNACKNOWLEDGED
        if urgency == Urgency.URGENT:
            return cls.URGENT_ACKNOWLEDGED if acknowledged else cls.URGENT_UNACKNOWLEDGED
        return cls.CALL_TODAY if call_today else cls.ROUTINE


class OverrideReason(models.TextChoices):
    EXAMINATION_FINDINGS = "examination_findings", "Examination findings point elsewhere"
    HISTORY_ON_CALL = "history_on_call", "History taken with the patient differs"
    MIXED_PICTURE = "mixed_picture", "Mixed picture: another pathway leads"
    ANSWERS_MISUNDERSTOOD = "answers_misunderstood", "The patient misunderstood a question"
    OTHER = "other", "Other (see comment)"


class CloseReason(models.TextChoices):
    DISCHARGED_IMPROVED = "discharged_improved", "Discharged, improved"
    DISCHARGED_NOT_IMPROVED = "discharged_not_improved", "Discharged, not improved"
    REFERRED = "referred", "Referred elsewhere"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    OTHER = "other", "Other (see note)"


class ReferralDestination(models.TextChoices):
    EMERGENCY_DEPARTMENT = "emergency_department", "Emergency department"
    GP = "gp", "GP (family doctor)"
    ORTHOPAEDICS_OR_SPORTS_MEDICINE = "orthopaedics_sports_medicine", "Orthopaedics or sports medicine"
    OTHER = "other", "Other (see note)"


# "Other" is only an answer with words saying what it is: choice field -> (its Other, text field, message).
_OTHER_NEEDS_WORDS = {
    "reason": (OverrideReason.OTHER, "comment", "Say why in the comment when the reason is Other."),
    "destination": (ReferralDestination.OTHER, "note", "Say where to in the note when the destination is Other."),
    "close_reason": (CloseReason.OTHER, "note", "Say why in the note when the reason for closing is Other."),
}


def validate_other_explained(values: Mapping[str, object]) -> None:
    """ValidationError({text field: message}) when a reason or destination is Other with nothing typed."""
    for choice_field, (other, text_field, message) in _OTHER_NEEDS_WORDS.items():
        if values.get(choice_field) == other and not str(values.get(text_field) or "").strip():
            raise ValidationError({text_field: message})


# --- The case workflow: what a physiotherapist may do to a case in each status ----------------------------


class CaseAction(StrEnum):
    ASSIGN = "assign"
    EDIT_PLAN = "edit_plan"
    APPROVE_PLAN = "approve_plan"
    OVERRIDE = "override"
    REFER = "refer"
    CLOSE = "close"
    # The clinic phoned a "call today" patient (a safety question answered Not sure).
    PATIENT_CALLED = "patient_called"
    # The first-visit record (findings and working diagnosis), editable until signed.
    RECORD_FIRST_VISIT = "record_first_visit"
    # Notes, the contact log and addenda to a signed first visit: what happened stays writable.
    ADD_NOTE = "add_note"
    # A closed case opened again (the patient came back, or it was closed by mistake).
    REOPEN = "reopen"
    # What a referral or a red flag turned out to be (ReferralFinding): news arrives whatever the status.
    RECORD_REFERRAL_FINDING = "record_referral_finding"


# The services refuse every other action; the case page offers only these.
_ACTIVE_ACTIONS = frozenset(CaseAction) - {CaseAction.REOPEN}
ALLOWED_ACTIONS: dict[str, frozenset[CaseAction]] = {
    CaseStatus.SUBMITTED: _ACTIVE_ACTIONS,
    CaseStatus.IN_REVIEW: _ACTIVE_ACTIONS,
    CaseStatus.APPROVED: _ACTIVE_ACTIONS,
    # A referred case may still owe the patient the phone call a Not sure answer asked for; a referred patient
    # may have been examined first, and the record of that visit can still be written.
    CaseStatus.REFERRED: frozenset(
        {
            CaseAction.ASSIGN,
            CaseAction.CLOSE,
            CaseAction.PATIENT_CALLED,
            CaseAction.RECORD_FIRST_VISIT,
            CaseAction.ADD_NOTE,
            CaseAction.RECORD_REFERRAL_FINDING,
        }
    ),
    CaseStatus.CLOSED: frozenset({CaseAction.ADD_NOTE, CaseAction.REOPEN, CaseAction.RECORD_REFERRAL_FINDING}),
}
# How a refusal ends: "This case is closed: it cannot be <words>."
_REFUSAL_WORDS = {
    CaseAction.ASSIGN: "assigned",
    CaseAction.EDIT_PLAN: "edited",
    CaseAction.APPROVE_PLAN: "approved",
    CaseAction.OVERRIDE: "given another pathway",
    CaseAction.REFER: "referred",
    CaseAction.CLOSE: "closed again",
    CaseAction.PATIENT_CALLED: "marked as called",
    CaseAction.RECORD_FIRST_VISIT: "given a first-visit record",
    CaseAction.ADD_NOTE: "given a note",
    CaseAction.REOPEN: "reopened",
    CaseAction.RECORD_REFERRAL_FINDING: "given what the referral found",
}


class Case(models.Model):
    reference = models.CharField(
        max_length=9,
        unique=True,
        default=new_case_reference,
        editable=False,
        help_text="The case's public reference, given to the patient. Never the database id.",
    )
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        max_length=16,
        choices=CaseStatus.choices,
        default=CaseStatus.SUBMITTED,
        help_text="Where the case is in the clinic's work.",
    )
    urgency = models.CharField(
        max_length=16,
        choices=Urgency.choices,
        default=Urgency.ROUTINE,
        help_text="Set from the latest assessment's red flags; emergency and urgent cases list first.",
    )
    pathway = models.CharField(
        max_length=20,
        choices=Pathway.choices,
        blank=True,
        help_text="The pathway the latest assessment suggests (copied here so the queue can filter on it).",
    )
    queue_priority = models.PositiveSmallIntegerField(
        choices=QueuePriority.choices,
        default=QueuePriority.ROUTINE,
        help_text="Sort order in the staff queue; follows urgency and red-flag acknowledgement.",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        help_text="The physiotherapist looking after this case.",
    )
    submitted_at = models.DateTimeField(auto_now_add=True, help_text="When the patient submitted the intake.")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        help_text="Raised by one on every change; a save based on an older version is refused (optimistic locking).",
    )
    submission_key = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Identifies the intake form that created this case, so submitting it twice makes one case.",
    )
    overridden_pathway = models.CharField(
        max_length=20,
        choices=Pathway.choices,
        blank=True,
        help_text="The pathway a physiotherapist chose instead of the suggestion, if any.",
    )
    override_reason = models.CharField(max_length=32, choices=OverrideReason.choices, blank=True)
    override_comment = models.TextField(blank=True)
    referred_to = models.CharField(
        max_length=32, choices=ReferralDestination.choices, blank=True, help_text="Where the case was referred on."
    )
    referral_note = models.TextField(blank=True)
    close_reason = models.CharField(
        max_length=32, choices=CloseReason.choices, blank=True, help_text="Why the case was last closed."
    )
    close_note = models.TextField(blank=True, help_text="Staff's words on closing (required when the reason is Other).")
    sent_early = models.BooleanField(
        default=False,
        help_text="The patient sent what they had answered straight after red-flag advice, before finishing.",
    )
    call_today = models.BooleanField(
        default=False,
        help_text="A safety question was answered Not sure: the clinic phones the patient today.",
    )
    unsure_safety_keys = models.JSONField(
        default=list,
        blank=True,
        help_text="The safety questions the patient answered Not sure (catalogue keys), for the call.",
    )
    language = models.CharField(
        max_length=16,
        default="en-gb",
        validators=[validate_language],
        help_text=(
            "The language the patient answered in (a code from settings.LANGUAGES, e.g. es). Their plan page, "
            "handout and plan items use it."
        ),
    )

    class Meta:
        ordering = ["queue_priority", "submitted_at"]
        permissions = [
            ("review_case", "Can review cases on the staff dashboard"),
            ("export_cases", "Can export the case queue as CSV"),
            ("review_rules", "Can see the rules review (agreement between the rules and first visits)"),
            ("export_deidentified", "Can download the de-identified research and audit export"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="case_urgency_valid"),
            models.CheckConstraint(condition=Q(pathway__in=[*Pathway.values, ""]), name="case_pathway_valid"),
            models.CheckConstraint(condition=Q(version__gte=1), name="case_version_positive"),
            models.CheckConstraint(
                condition=Q(overridden_pathway="") | ~Q(override_reason=""),
                name="case_override_has_reason",
                violation_error_message="Overriding the pathway needs a reason.",
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | ~Q(referred_to=""),
                name="case_referral_has_destination",
                violation_error_message="A referred case needs where it was referred to.",
            ),
        ]
        indexes = [
            # The staff queue's Open tab (QUEUE_OPEN_STATUSES), red flags first, then the longest waiting.
            models.Index(
                fields=["queue_priority", "submitted_at"],
                name="case_open_queue_idx",
                condition=Q(status__in=["submitted", "in_review", "approved"]),
            ),
            # The queue filtered by status (any status), same order.
            models.Index(fields=["status", "queue_priority", "submitted_at"], name="case_status_queue_idx"),
            # The queue's "All" tab (no status filter) and its keyset pagination: the page after a row
            # is a range scan on (queue_priority, submitted_at, id) instead of sorting every case.
            models.Index(fields=["queue_priority", "submitted_at", "id"], name="case_queue_order_idx"),
            # Counts per status and the "assigned to me" filter.
            models.Index(fields=["assigned_to", "status"], name="case_assigned_status_idx"),
            # The staff banner's count of open cases the clinic still has to phone today.
            models.Index(
                fields=["submitted_at"],
                name="case_open_call_today_idx",
                condition=Q(call_today=True, status__in=["submitted", "in_review"]),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    # --- The workflow (ALLOWED_ACTIONS), for services and templates alike ---

    def allows(self, action: CaseAction) -> bool:
        return action in ALLOWED_ACTIONS[self.status]

    def refuse_unless_allowed(self, action: CaseAction) -> None:
        if not self.allows(action):
            raise ValidationError(
                f"This case is {self.get_status_display().lower()}: it cannot be {_REFUSAL_WORDS[action]}."
            )

    @property
    def is_open(self) -> bool:
        """Still waiting for a physiotherapist's decision (the queue's default tab)."""
        return self.status in OPEN_STATUSES

    @property
    def can_assign(self) -> bool:
        return self.allows(CaseAction.ASSIGN)

    @property
    def can_edit_plan(self) -> bool:
        return self.allows(CaseAction.EDIT_PLAN)

    @property
    def can_refer(self) -> bool:
        return self.allows(CaseAction.REFER)

    @property
    def can_close(self) -> bool:
        return self.allows(CaseAction.CLOSE)

    @property
    def can_reopen(self) -> bool:
        return self.allows(CaseAction.REOPEN)

    @property
    def can_mark_called(self) -> bool:
        """Offer "Patient called" only while the case is marked call today and the status allows it."""
        return self.call_today and self.allows(CaseAction.PATIENT_CALLED)

    @property
    def has_referral(self) -> bool:
        """A case whose red flag or referral can have a finding: urgent or emergency, or referred on."""
        return self.urgency in (Urgency.URGENT, Urgency.EMERGENCY) or bool(self.referred_to)

    @property
    def can_record_referral_finding(self) -> bool:
        return self.has_referral and self.allows(CaseAction.RECORD_REFERRAL_FINDING)

    def start_review(self) -> None:
        """The first staff action on a submitted case puts it in review."""
        if self.status == CaseStatus.SUBMITTED:
            self.status = CaseStatus.IN_REVIEW

    @property
    def effective_pathway(self) -> str:
        """The physiotherapist's pathway when they chose one, else the suggestion."""
        return self.overridden_pathway or self.pathway

    def latest_assessment(self) -> Assessment | None:
        try:
            return self.assessments.latest()
        except Assessment.DoesNotExist:
            return None


# --- Answers ----------------------------------------------------------------------------------------


def answer_field(key: str) -> models.Field:
    """A nullable column for one contract key: NULL means "not answered", never "no"."""
    question = QUESTIONS_BY_KEY[key]
    common = {"null": True, "blank": True, "help_text": question.meaning.capitalize() + "."}
    if question.kind is Kind.BOOL:
        return models.BooleanField(**common)
    if question.kind is Kind.INT:
        return models.PositiveSmallIntegerField(
            validators=[MinValueValidator(question.minimum), MaxValueValidator(question.maximum)], **common
        )
    return models.CharField(max_length=32, choices=question.choices, **common)


def answer_constraints() -> list[models.CheckConstraint]:
    """The database enforces each key's range or choices; NULL (not answered) is always allowed."""
    constraints = []
    for question in QUESTIONS:
        if question.kind is Kind.INT:
            condition = Q(**{f"{question.key}__range": (question.minimum, question.maximum)})
        elif question.kind is Kind.CHOICE:
            condition = Q(**{f"{question.key}__in": question.values})
        else:
            continue
        constraints.append(
            models.CheckConstraint(
                condition=condition | Q(**{f"{question.key}__isnull": True}),
                name=f"answers_{question.key}_allowed",
            )
        )
    return constraints


class Answers(models.Model):
    """One patient's intake answers, one typed column per key of the question catalogue."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="answers")
    # About the patient
    age = answer_field("age")
    affected_side = answer_field("affected_side")
    activity = answer_field("activity")
    standing_hours = answer_field("standing_hours")
    bmi = answer_field("bmi")
    # Heel and foot
    heel_pain = answer_field("heel_pain")
    heel_pain_site = answer_field("heel_pain_site")
    first_step_pain = answer_field("first_step_pain")
    pain_after_rest = answer_field("pain_after_rest")
    eases_with_walking = answer_field("eases_with_walking")
    heel_pain_score = answer_field("heel_pain_score")
    heel_pain_weeks = answer_field("heel_pain_weeks")
    calf_tightness = answer_field("calf_tightness")
    foot_tingling = answer_field("foot_tingling")
    unsupportive_footwear = answer_field("unsupportive_footwear")
    heel_onset = answer_field("heel_onset")
    heel_pop = answer_field("heel_pop")
    tiptoe_difficulty = answer_field("tiptoe_difficulty")
    heel_steroid_injection = answer_field("heel_steroid_injection")
    training_increase = answer_field("training_increase")
    # Walking (compensation)
    limping = answer_field("limping")
    outer_edge_walking = answer_field("outer_edge_walking")
    flat_quick_steps = answer_field("flat_quick_steps")
    knee_kept_bent = answer_field("knee_kept_bent")
    # Back of the thigh
    thigh_pain = answer_field("thigh_pain")
    thigh_onset = answer_field("thigh_onset")
    onset_activity = answer_field("onset_activity")
    felt_pop = answer_field("felt_pop")
    thigh_pain_site = answer_field("thigh_pain_site")
    thigh_pain_quality = answer_field("thigh_pain_quality")
    pain_below_knee = answer_field("pain_below_knee")
    leg_tingling = answer_field("leg_tingling")
    bruising_or_swelling = answer_field("bruising_or_swelling")
    worse_sitting = answer_field("worse_sitting")
    no_comfortable_position = answer_field("no_comfortable_position")
    low_back_pain = answer_field("low_back_pain")
    worse_cough_sneeze = answer_field("worse_cough_sneeze")
    thigh_after_heel = answer_field("thigh_after_heel")
    thigh_pain_score = answer_field("thigh_pain_score")
    thigh_pain_weeks = answer_field("thigh_pain_weeks")
    # Safety questions (red flags)
    bladder_bowel_change = answer_field("bladder_bowel_change")
    saddle_numbness = answer_field("saddle_numbness")
    both_legs = answer_field("both_legs")
    sexual_dysfunction = answer_field("sexual_dysfunction")
    leg_weakness = answer_field("leg_weakness")
    calf_swelling = answer_field("calf_swelling")
    fever_unwell = answer_field("fever_unwell")
    cancer_history = answer_field("cancer_history")
    weight_loss = answer_field("weight_loss")
    night_pain = answer_field("night_pain")
    major_trauma = answer_field("major_trauma")
    cannot_bear_weight = answer_field("cannot_bear_weight")
    foot_red_hot_swollen = answer_field("foot_red_hot_swollen")
    calf_tender = answer_field("calf_tender")
    breathless_or_chest_pain = answer_field("breathless_or_chest_pain")
    # Health background
    diabetes = answer_field("diabetes")
    immunosuppressed = answer_field("immunosuppressed")
    long_term_steroids = answer_field("long_term_steroids")
    osteoporosis = answer_field("osteoporosis")
    anticoagulants = answer_field("anticoagulants")
    inflammatory_features = answer_field("inflammatory_features")
    # Follow-ups (asked only after an earlier Yes)
    nerve_symptoms_recent = answer_field("nerve_symptoms_recent")
    recent_surgery_or_immobilised = answer_field("recent_surgery_or_immobilised")
    long_journey = answer_field("long_journey")
    pregnant_or_postpartum = answer_field("pregnant_or_postpartum")
    previous_clot = answer_field("previous_clot")
    injury_kind = answer_field("injury_kind")

    class Meta:
        verbose_name_plural = "answers"
        constraints = answer_constraints()

    def __str__(self) -> str:
        return f"Answers for {self.case}"

    def as_dict(self) -> dict[str, object]:
        """The answered keys only, as the rules engine and `manage.py assess` take them."""
        answered = {}
        for question in QUESTIONS:
            value = getattr(self, question.key)
            if value is not None:
                answered[question.key] = value
        return answered


# --- What the rules said ------------------------------------------------------------------------------


class Assessment(models.Model):
    """A snapshot of the rules engine's result, so later rule changes never rewrite what was reviewed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    pathway = models.CharField(max_length=20, choices=Pathway.choices, help_text="The pathway the rules suggested.")
    urgency = models.CharField(max_length=16, choices=Urgency.choices, help_text="The highest red-flag urgency.")
    result = models.JSONField(
        help_text="The full result: ranking with signs for and against, red flags, notes, questions to ask."
    )
    rules_version = models.CharField(max_length=40, help_text="The rule set version that produced this result.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(pathway__in=Pathway.values), name="assessment_pathway_valid"),
            models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="assessment_urgency_valid"),
        ]
        indexes = [
            # A case's current (latest) assessment and its history on the case page.
            models.Index(fields=["case", "-created_at"], name="assessment_case_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_pathway_display()} ({self.rules_version})"

    @cached_property
    def engine_result(self) -> rules.Result:
        """The stored snapshot as the engine's own typed Result (``result`` is its JSON)."""
        return rules.Result.from_dict(self.result)

    @property
    def red_flags(self) -> list[dict]:
        """The stored red flags as JSON (exports and tests); pages read ``engine_result``."""
        return self.result.get("red_flags", [])

    @property
    def red_flag_rules(self) -> set[str]:
        return {flag.rule for flag in self.engine_result.red_flags}


class RedFlagAcknowledgement(models.Model):
    """A physiotherapist has seen one red flag of a case and acted on it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="acknowledgements")
    rule_id = models.CharField(max_length=32, help_text="The red-flag rule acknowledged, e.g. RF-CES-SADDLE.")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True, help_text="What was done, e.g. patient phoned and sent to A&E.")

    class Meta:
        ordering = ["acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "rule_id"], name="redflagack_once_per_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} on {self.case} acknowledged"


# --- The first visit: what the physiotherapist found, and what they think it is ---------------------------


class Finding(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    NOT_DONE = "not_done", "Not done"


# The examination findings that decide between the pathways (clinical README section 3), in the order
# they are examined: field name -> (label, what a positive finding means, with its README section).
FIRST_VISIT_FINDINGS: dict[str, tuple[str, str]] = {
    "windlass": ("Windlass test", "Heel pain on passive big-toe extension, weight-bearing (3.1)."),
    "medial_calcaneal_tenderness": (
        "Tenderness at the medial calcaneal tubercle",
        "At the plantar fascia insertion; central heel tenderness points to the fat pad instead (3.1).",
    ),
    "calf_squeeze": (
        "Calf squeeze (Thompson) test",
        "Positive: no plantar flexion when the calf is squeezed (Achilles rupture; red flag RF-ACHILLES).",
    ),
    "hamstring_palpation": ("Hamstring palpation", "Local tenderness of the muscle belly or tendon (3.2)."),
    "resisted_knee_flexion": ("Resisted knee flexion", "Pain or weakness on resisted knee flexion (3.2)."),
    "straight_leg_raise": ("Straight-leg raise", "Leg pain below the knee reproduced (3.3)."),
    "slump": ("Slump test", "Symptoms reproduced and eased by neck extension (3.3)."),
    "neuro_screen": ("Neurological screen", "Positive: a deficit in power, reflexes or sensation (3.3)."),
}


class WorkingDiagnosis(models.TextChoices):
    """The physiotherapist's working diagnosis: one of the four pathways the rules decide between, or other."""

    PF_COMPENSATION = "pf_compensation", rules.Pathway.PF_COMPENSATION.label
    PF_ONLY = "pf_only", rules.Pathway.PF_ONLY.label
    HAMSTRING_STRAIN = "hamstring_strain", rules.Pathway.HAMSTRING_STRAIN.label
    SCIATICA = "sciatica", rules.Pathway.SCIATICA.label
    OTHER = "other", "Other (choose the condition, or describe it)"


class Differential(models.TextChoices):
    """The other heel and thigh conditions of the clinical README, section 3.4, coded."""

    CALCANEAL_STRESS_FRACTURE = "calcaneal_stress_fracture", "Calcaneal stress fracture"
    ACUTE_CALCANEAL_FRACTURE = "acute_calcaneal_fracture", "Acute calcaneal fracture"
    TARSAL_TUNNEL = "tarsal_tunnel", "Tarsal tunnel syndrome / Baxter nerve entrapment"
    ACHILLES_TENDINOPATHY = "achilles_tendinopathy", "Achilles tendinopathy"
    FAT_PAD = "fat_pad", "Heel fat pad syndrome / atrophy"
    SEVER = "sever", "Calcaneal apophysitis (Sever)"
    SYSTEMIC = "systemic", "Seronegative spondyloarthropathy, infection or tumour"
    PROXIMAL_HAMSTRING_TENDINOPATHY = "proximal_hamstring_tendinopathy", "Proximal hamstring tendinopathy"
    DVT = "dvt", "Deep vein thrombosis"
    NOT_LISTED = "not_listed", "Not listed (describe it)"


FIRST_VISIT_OTHER_NEEDS_WORDS = "Choose the condition, or describe it, when the working diagnosis is Other."


def _finding_field(name: str) -> models.CharField:
    label, meaning = FIRST_VISIT_FINDINGS[name]
    return models.CharField(label, max_length=10, choices=Finding.choices, default=Finding.NOT_DONE, help_text=meaning)


class FirstVisit(models.Model):
    """The physiotherapist's first examination of a case: findings and working diagnosis.

    Editable until signed (services.first_visit_save); a signed record is kept as it was, and later
    corrections are addenda (FirstVisitAddendum). ``save`` refuses to change a signed row whoever calls it.
    """

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="first_visit")
    windlass = _finding_field("windlass")
    medial_calcaneal_tenderness = _finding_field("medial_calcaneal_tenderness")
    calf_squeeze = _finding_field("calf_squeeze")
    hamstring_palpation = _finding_field("hamstring_palpation")
    resisted_knee_flexion = _finding_field("resisted_knee_flexion")
    straight_leg_raise = _finding_field("straight_leg_raise")
    slump = _finding_field("slump")
    neuro_screen = _finding_field("neuro_screen")
    working_diagnosis = models.CharField(
        max_length=20, choices=WorkingDiagnosis.choices, help_text="What the physiotherapist thinks it is."
    )
    differential = models.CharField(
        max_length=40,
        choices=Differential.choices,
        blank=True,
        help_text="With Other: which of the other heel and thigh conditions (clinical README 3.4).",
    )
    diagnosis_note = models.TextField(
        blank=True, help_text="Free text: the reasoning, or the condition when it is not listed."
    )
    examined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    examined_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(working_diagnosis__in=WorkingDiagnosis.values), name="firstvisit_diagnosis_valid"
            ),
            models.CheckConstraint(
                condition=Q(differential__in=[*Differential.values, ""]), name="firstvisit_differential_valid"
            ),
            models.CheckConstraint(
                condition=Q(differential="") | Q(working_diagnosis="other"),
                name="firstvisit_differential_only_with_other",
                violation_error_message="A coded condition goes with the working diagnosis Other only.",
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_by__isnull=True)
                | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="firstvisit_signed_has_who_and_when",
                violation_error_message="A signed first visit needs who signed it and when.",
            ),
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__in": Finding.values}), name=f"firstvisit_{name}_valid")
                for name in FIRST_VISIT_FINDINGS
            ],
        ]
        indexes = [
            # The rules review reads signed first visits.
            models.Index(fields=["signed_at"], name="firstvisit_signed_idx"),
        ]

    def __str__(self) -> str:
        return f"First visit for {self.case}"

    def save(self, *args, **kwargs):
        # Guarding the signed record is not a side effect: it refuses, it never writes.
        if self.pk is not None and FirstVisit.objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise ValidationError(FIRST_VISIT_SIGNED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("First-visit records are clinical records and cannot be deleted.")

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def findings(self) -> list[tuple[str, str, str]]:
        """(field name, label, value) for every finding, in examination order."""
        return [(name, label, getattr(self, name)) for name, (label, _meaning) in FIRST_VISIT_FINDINGS.items()]

    def clean(self) -> None:
        if self.working_diagnosis == WorkingDiagnosis.OTHER:
            if not self.differential and not self.diagnosis_note.strip():
                raise ValidationError({"differential": FIRST_VISIT_OTHER_NEEDS_WORDS})
            if self.differential == Differential.NOT_LISTED and not self.diagnosis_note.strip():
                raise ValidationError({"diagnosis_note": FIRST_VISIT_OTHER_NEEDS_WORDS})


FIRST_VISIT_SIGNED = "This first visit is signed: it is kept as it was. Add an addendum instead."


class FirstVisitAddendum(models.Model):
    """A later addition to a signed first visit; the signed record itself never changes."""

    first_visit = models.ForeignKey(FirstVisit, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(help_text="What is added or corrected, and why.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "first visit addenda"

    def __str__(self) -> str:
        return f"Addendum to {self.first_visit}"


# --- Case notes and the contact log ---------------------------------------------------------------------


class NoteKind(models.TextChoices):
    NOTE = "note", "Note"
    PHONED = "phoned", "Phoned (spoke to the patient)"
    NO_ANSWER = "no_answer", "Phoned, no answer"
    LEFT_MESSAGE = "left_message", "Phoned, left a message"
    EMAILED = "emailed", "E-mailed"


CONTACT_KINDS = tuple(kind for kind in NoteKind if kind != NoteKind.NOTE)


class CaseNote(models.Model):
    """A note on a case, or one line of its contact log (phoned, no answer, left message, e-mailed).

    Append-only, like the audit trail it appears in: who and when are set once.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=16, choices=NoteKind.choices, default=NoteKind.NOTE)
    text = models.TextField(blank=True, help_text="No identifiers the case already holds (name, phone, e-mail).")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=NoteKind.values), name="casenote_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="note") | ~Q(text=""),
                name="casenote_note_has_text",
                violation_error_message="A note needs some text.",
            ),
        ]
        indexes = [models.Index(fields=["case", "created_at"], name="casenote_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case}"


# --- What a referral or a red flag found -------------------------------------------------------------------


class ReferralOutcome(models.TextChoices):
    """What the clinic heard back about a red-flag case or a referral (the rules review counts these)."""

    CONFIRMED = "confirmed", "Serious pathology confirmed"
    NOT_CONFIRMED = "not_confirmed", "Serious pathology not confirmed"
    NOT_KNOWN_YET = "not_known_yet", "Not known yet"


class ReferralFinding(models.Model):
    """What a referral (or the red flag behind it) turned out to be, as staff heard it.

    Append-only like the notes: a later finding ("not known yet", then "confirmed") is a new row, and
    the latest counts. The free text is the patient's record (erased with it), never copied to the audit.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referral_findings")
    outcome = models.CharField(
        max_length=16, choices=ReferralOutcome.choices, help_text="What the referral or the red flag turned out to be."
    )
    note = models.TextField(
        blank=True,
        help_text='What was found, by whom (e.g. "MRI: cauda equina compression, decompressed"). No identifiers.',
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ReferralOutcome.values), name="referralfinding_outcome_valid"
            ),
        ]
        indexes = [
            # The case page's findings and the rules review's latest finding per case.
            models.Index(fields=["case", "-recorded_at", "-id"], name="referralfinding_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.case}"


def new_resume_code() -> str:
    """A short code a patient can copy down, e.g. 'M4KQ-7TXH-2PRA' (30**12, about 5e17 values)."""
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


class IntakeDraft(models.Model):
    """An unfinished questionnaire saved with "save and continue later": answers so far, server-side."""

    resume_code = models.CharField(max_length=14, unique=True, default=new_resume_code, editable=False)
    data = models.JSONField(default=dict, help_text="The answers so far, step by step.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(help_text="After this the resume code no longer works.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Deleting expired drafts.
            models.Index(fields=["expires_at"], name="intakedraft_expires_idx"),
        ]

    def __str__(self) -> str:
        return f"Draft saved {self.created_at:%Y-%m-%d %H:%M}"


# --- Exercise library and plan templates ---------------------------------------------------------------


class ItemKind(models.TextChoices):
    EXERCISE = "exercise", "Exercise"
    ADVICE = "advice", "Advice (splint, footwear, education...)"


class TimeOfDay(models.TextChoices):
    # Lazy translations: the handout shows them in the patient's language (Dose.dose_text).
    BEFORE_FIRST_STEPS = "before_first_steps", _("Before the first steps of the day")
    MORNING = "morning", _("In the morning")
    THROUGH_THE_DAY = "through_the_day", _("Through the day")
    EVENING = "evening", _("In the evening")
    NIGHT = "night", _("At night")
    ANY_TIME = "any_time", _("Any time")


class Dose(models.Model):
    """What a patient does and how much: shared by library exercises and plan items."""

    sets = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Number of sets; blank if not counted.")
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Repetitions in each set; blank if not counted."
    )
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How long to hold each repetition, in seconds."
    )
    frequency = models.CharField(
        max_length=100, blank=True, help_text='How often, in the patient\'s words, e.g. "3 times a day".'
    )
    time_of_day = models.CharField(
        max_length=20, choices=TimeOfDay.choices, default=TimeOfDay.ANY_TIME, help_text="When in the day."
    )

    class Meta:
        abstract = True

    def dose_text(self) -> str:
        """How much, as a person would say it, in the active language (the handout's: the patient's):
        "3 sets of 10, once a day"; a hold counted once per set or repetition reads "hold 20 seconds,
        3 times" (never "3 sets of 1"). ``frequency`` is the item's own text, already in that language."""
        parts = self._amount_words()
        if self.frequency:
            parts.append(self.frequency)
        if self.time_of_day != TimeOfDay.ANY_TIME:
            parts.append(self.get_time_of_day_display().lower())
        return ", ".join(parts)

    def _amount_words(self) -> list[str]:
        """Sets, repetitions and the hold: "3 sets of 10", "hold 20 seconds, 3 times"."""
        sets, reps = self.sets, self.reps
        # A set of one repetition, or one set of several, is simply a number of times.
        if reps == 1:
            sets, reps = None, sets or 1
        elif sets == 1 and reps:
            sets = None
        hold = self._hold_words()
        if sets and reps:
            amount = ngettext("%(sets)d set of %(reps)d", "%(sets)d sets of %(reps)d", sets) % {
                "sets": sets,
                "reps": reps,
            }
            return [amount, hold] if hold else [amount]
        count = reps or sets
        parts = [hold] if hold else []
        if count and (count > 1 or not hold):
            parts.append(ngettext("%(reps)d time", "%(reps)d times", count) % {"reps": count})
        return parts

    def _hold_words(self) -> str:
        if not self.hold_seconds:
            return ""
        seconds = self.hold_seconds
        return ngettext("hold %(seconds)d second", "hold %(seconds)d seconds", seconds) % {"seconds": seconds}


# The pictures an exercise may carry, by extension, with the type they are served as.
PICTURE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
PICTURE_MAX_BYTES = 2 * 1024 * 1024


def validate_exercise_picture(picture) -> None:
    FileExtensionValidator(list(PICTURE_TYPES))(picture)
    if picture.size > PICTURE_MAX_BYTES:
        raise ValidationError("The picture is larger than 2 MB: save it smaller and upload it again.")


class Exercise(Dose):
    code = models.CharField(
        max_length=16,
        unique=True,
        help_text="Short code from the clinical plan items (e.g. PF-02); the rules suggest items by code.",
    )
    name = models.CharField(max_length=120, help_text="Short name staff and patients both understand.")
    kind = models.CharField(max_length=16, choices=ItemKind.choices, default=ItemKind.EXERCISE)
    patient_instructions = models.TextField(
        help_text="Plain-language steps the patient reads on the handout. No diagnosis, no jargon."
    )
    duration = models.CharField(max_length=100, blank=True, help_text='For how long overall, e.g. "8 weeks".')
    staff_notes = models.TextField(blank=True, help_text="For physiotherapists only: evidence, cautions, sources.")
    picture = models.FileField(
        upload_to="exercises/",
        blank=True,
        validators=[validate_exercise_picture],
        help_text="Optional drawing or photo shown with the instructions on the patient's plan: PNG, JPEG or WebP, "
        "at most 2 MB, no faces or people who could be recognised.",
    )
    is_active = models.BooleanField(default=True, help_text="Untick to hide from new plans without deleting history.")
    # Every admin edit, with the values before and after and who made it (Django admin → History).
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="exercise_kind_valid"),
            models.CheckConstraint(condition=Q(time_of_day__in=TimeOfDay.values), name="exercise_time_of_day_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    # The fields a patient reads, which each language has its own text for.
    PATIENT_TEXT_FIELDS = ("name", "patient_instructions", "frequency", "duration")

    def patient_text(self, language: str) -> dict[str, str]:
        """The patient's text (PATIENT_TEXT_FIELDS) in ``language``: its translation if the library has
        one, else the exercise's own (English) text. Reads ``translations`` (prefetch it for many)."""
        translation = next((row for row in self.translations.all() if row.language == language), None)
        source = translation if translation is not None else self
        return {field: getattr(source, field) for field in self.PATIENT_TEXT_FIELDS}

    def missing_languages(self) -> list[str]:
        """The site's languages, besides the exercise's own, it has no translation for."""
        translated = {row.language for row in self.translations.all()}
        return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE and code not in translated]


class ExerciseTranslation(models.Model):
    """A library exercise's patient text in one more language (the exercise itself holds the text in
    LANGUAGE_CODE, English). Copied into a plan item when a patient who answered in this language gets
    the exercise (Exercise.patient_text).

    A row per language, not a column per language: a clinic adds a language without a migration."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        max_length=16,
        validators=[validate_language],
        help_text="The language of this text: a code from settings.LANGUAGES, e.g. es for Spanish.",
    )
    name = models.CharField(max_length=120, help_text="The exercise's name in this language.")
    patient_instructions = models.TextField(
        help_text="The steps as the patient reads them on the handout, in this language. Plain words, no diagnosis."
    )
    frequency = models.CharField(
        max_length=100, blank=True, help_text='How often, in this language, e.g. "3 veces al día".'
    )
    duration = models.CharField(
        max_length=100, blank=True, help_text='For how long, in this language, e.g. "8 semanas".'
    )

    class Meta:
        ordering = ["exercise", "language"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "language"], name="exercisetranslation_one_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise.code} ({self.language}) {self.name}"


class PlanTemplate(models.Model):
    pathway = models.CharField(
        max_length=20,
        choices=[(value, label) for value, label in Pathway.choices if value in PLANNED_PATHWAYS],
        help_text="The suggested pathway whose new cases get this template as their draft plan.",
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, help_text="For staff: what the template is for and its evidence.")
    is_active = models.BooleanField(
        default=True, help_text="Only the active template of a pathway is used for new draft plans."
    )
    exercises = models.ManyToManyField(Exercise, through="PlanTemplateItem", related_name="templates")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pathway", "name"]
        constraints = [
            # One active template per pathway, so the draft plan a case gets is never ambiguous.
            models.UniqueConstraint(
                fields=["pathway"], condition=Q(is_active=True), name="plantemplate_one_active_per_pathway"
            ),
            models.CheckConstraint(
                condition=Q(pathway__in=list(PLANNED_PATHWAYS)),
                name="plantemplate_pathway_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanTemplateItem(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="template_items")
    position = models.PositiveSmallIntegerField(help_text="Order on the plan, smallest first.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="plantemplateitem_unique_position"),
            models.UniqueConstraint(fields=["template", "exercise"], name="plantemplateitem_unique_exercise"),
        ]

    def __str__(self) -> str:
        return f"{self.template} #{self.position}: {self.exercise}"


# --- Therapy plans -------------------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


def new_patient_link_token() -> str:
    return secrets.token_urlsafe(32)


class TherapyPlan(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The assessment whose suggestion this plan started from.",
    )
    pathway = models.CharField(max_length=20, choices=Pathway.choices, help_text="The pathway this plan treats.")
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveSmallIntegerField(
        default=1,
        help_text="1 for the first plan; a revision of an approved plan is the next number. Approved versions stay.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="approved_plans"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    patient_link_token = models.CharField(
        max_length=64,
        unique=True,
        default=new_patient_link_token,
        editable=False,
        help_text="Secret part of the patient's private link to the approved handout.",
    )
    patient_link_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="After this the patient's link stops working; set on approval."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("approve_therapyplan", "Can approve therapy plans")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="therapyplan_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.APPROVED) | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="therapyplan_approved_has_who_and_when",
                violation_error_message="An approved plan needs who approved it and when.",
            ),
            # A case has at most one plan being worked on at a time.
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="draft"), name="therapyplan_one_draft_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} plan for {self.case} (version {self.version})"


class PlanItem(Dose):
    """One line of a therapy plan: a copy of the library exercise, so editing the library later
    never rewrites a plan that was already reviewed."""

    plan = models.ForeignKey(TherapyPlan, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(
        Exercise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        help_text="The library exercise this item was copied from.",
    )
    position = models.PositiveSmallIntegerField(help_text="Order on the plan, smallest first.")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=ItemKind.choices, default=ItemKind.EXERCISE)
    patient_instructions = models.TextField()
    duration = models.CharField(max_length=100, blank=True)
    staff_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="planitem_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.dose_text()})" if self.dose_text() else self.name


# --- The patient's daily programme log ------------------------------------------------------------------


class ProgrammeDay(models.Model):
    """One day of the patient's home programme, as the patient logged it on their plan page: today's
    pain and an optional note; the exercises ticked as done are its ``ticks``. Saving the same day
    again updates the row (one per case and day)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="programme_days")
    plan = models.ForeignKey(
        TherapyPlan,
        on_delete=models.PROTECT,
        related_name="programme_days",
        help_text="The approved plan version the patient followed that day.",
    )
    day = models.DateField(help_text="The day logged, in the clinic's time zone.")
    pain = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(10)], help_text="The patient's pain that day, 0 (none) to 10 (worst imaginable)."
    )
    note = models.TextField(
        blank=True, max_length=500, help_text="The patient's own note for the day (erased with the patient)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "day"]
        constraints = [
            models.UniqueConstraint(fields=["case", "day"], name="programmeday_one_per_case_and_day"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="programmeday_pain_0_10"),
        ]

    def __str__(self) -> str:
        return f"{self.case} programme on {self.day:%Y-%m-%d}"


class ProgrammeTick(models.Model):
    """An exercise of the plan the patient ticked as done on a ProgrammeDay."""

    day = models.ForeignKey(ProgrammeDay, on_delete=models.CASCADE, related_name="ticks")
    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="ticks")

    class Meta:
        ordering = ["day", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["day", "item"], name="programmetick_one_per_day_and_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name} done on {self.day.day:%Y-%m-%d}"


# --- Follow-up check-ins and outcomes ---------------------------------------------------------------------


def new_check_in_token() -> str:
    return secrets.token_urlsafe(32)


class CheckIn(models.Model):
    """A follow-up the clinic asks of the patient a set number of weeks after the plan's first approval:
    an e-mail with a private link to a short questionnaire (services.follow_up)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="check_ins")
    weeks = models.PositiveSmallIntegerField(help_text="Weeks after the first approval of the plan.")
    due_at = models.DateTimeField(help_text="When the e-mail goes out and the questionnaire opens.")
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_check_in_token,
        editable=False,
        help_text="Secret part of the patient's private link to this check-in.",
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "due_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "weeks"], name="checkin_one_per_case_and_week"),
        ]

    def __str__(self) -> str:
        return f"{self.case} check-in at {self.weeks} weeks"


class GlobalChange(models.IntegerChoices):
    """The global rating of change, 7 points from much worse to much better. Lazy translations: the
    patient chooses in their language."""

    MUCH_WORSE = -3, _("Much worse")
    WORSE = -2, _("Worse")
    A_LITTLE_WORSE = -1, _("A little worse")
    SAME = 0, _("About the same")
    A_LITTLE_BETTER = 1, _("A little better")
    BETTER = 2, _("Better")
    MUCH_BETTER = 3, _("Much better")


class CheckInSafety(models.Model):
    """The first page of a check-in, stored the moment the patient sends it: the safety questions asked
    again and today's heel and thigh pain. Its own record so that a red flag reaches the clinic even if
    the patient never sends the second page (the measures); the Outcome, written when they do, repeats
    the pain and safety answers so every reader of outcomes (charts, queue, per pathway, FHIR) reads one
    complete record and never a half-answered check-in."""

    check_in = models.OneToOneField(CheckIn, on_delete=models.PROTECT, related_name="safety")
    heel_pain = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(10)], help_text="Heel pain now, 0 (none) to 10 (worst imaginable): NPRS."
    )
    thigh_pain = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(10)], help_text="Back-of-thigh pain now, 0 to 10: NPRS."
    )
    safety_answers = models.JSONField(
        default=dict,
        blank=True,
        help_text="The safety questions asked again: catalogue key to yes, no or not_sure.",
    )
    new_red_flags = models.JSONField(
        default=list,
        blank=True,
        help_text="Red-flag rules these answers fired that the case's previous assessment had not (rule ids).",
    )
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at"]
        verbose_name = "check-in first page (safety and pain)"
        verbose_name_plural = "check-in first pages (safety and pain)"
        constraints = [
            models.CheckConstraint(condition=Q(heel_pain__lte=10), name="check_in_safety_heel_pain_0_10"),
            models.CheckConstraint(condition=Q(thigh_pain__lte=10), name="check_in_safety_thigh_pain_0_10"),
        ]

    def __str__(self) -> str:
        return f"Safety and pain of {self.check_in}"

    @property
    def unsure_safety_keys(self) -> list[str]:
        return [key for key, answer in self.safety_answers.items() if answer == "not_sure"]

    @property
    def needs_advice(self) -> bool:
        """A new red flag or a Not sure: the patient is told what to do now (the intake's advice)."""
        return bool(self.new_red_flags or self.unsure_safety_keys)


class Outcome(models.Model):
    """The patient's answers to one check-in: the outcome record staff follow over time."""

    check_in = models.OneToOneField(CheckIn, on_delete=models.PROTECT, related_name="outcome")
    heel_pain = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(10)], help_text="Heel pain now, 0 (none) to 10 (worst imaginable): NPRS."
    )
    thigh_pain = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(10)], help_text="Back-of-thigh pain now, 0 to 10: NPRS."
    )
    global_change = models.SmallIntegerField(
        choices=GlobalChange.choices, help_text="Since starting the plan, from much worse (-3) to much better (+3)."
    )
    adherence_days = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(7)], help_text="Days in the last 7 the patient did the programme."
    )
    # The outcome measures (intake/outcomes/measures.py). Empty on check-ins answered before they were asked.
    lefs_items = models.JSONField(
        default=list, blank=True, help_text="The 20 LEFS answers in the published order, each 0 to 4."
    )
    lefs_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(80)],
        help_text="Lower Extremity Functional Scale total, 0 (worst) to 80 (best): the sum of the 20 items.",
    )
    psfs_ratings = models.JSONField(
        default=list,
        blank=True,
        help_text="Patient-Specific Functional Scale: up to 3 activities the patient named, each rated 0-10.",
    )
    psfs_score = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
        help_text="PSFS score: the mean of the activities' ratings, 0 (unable) to 10 (as before).",
    )
    safety_answers = models.JSONField(
        default=dict,
        blank=True,
        help_text="The safety questions asked again: catalogue key to yes, no or not_sure.",
    )
    new_red_flags = models.JSONField(
        default=list,
        blank=True,
        help_text="Red-flag rules these answers fired that the case's previous assessment had not (rule ids).",
    )
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at"]
        permissions = [("view_outcomes_per_pathway", "Can see outcomes per pathway (staff area)")]
        constraints = [
            models.CheckConstraint(condition=Q(heel_pain__lte=10), name="outcome_heel_pain_0_10"),
            models.CheckConstraint(condition=Q(thigh_pain__lte=10), name="outcome_thigh_pain_0_10"),
            models.CheckConstraint(
                condition=Q(global_change__gte=-3, global_change__lte=3), name="outcome_change_valid"
            ),
            models.CheckConstraint(condition=Q(adherence_days__lte=7), name="outcome_adherence_0_7"),
            models.CheckConstraint(condition=Q(lefs_score__lte=80), name="outcome_lefs_0_80"),
            models.CheckConstraint(condition=Q(psfs_score__gte=0, psfs_score__lte=10), name="outcome_psfs_0_10"),
        ]

    def __str__(self) -> str:
        return f"Outcome of {self.check_in}"


# --- Clinic-wide policy ----------------------------------------------------------------------------------


def email_list(text: str) -> list[str]:
    """The addresses in a list typed one per line or separated by commas, duplicates dropped."""
    addresses: list[str] = []
    for part in re.split(r"[,;\s]+", text or ""):
        if part and part.lower() not in (address.lower() for address in addresses):
            addresses.append(part)
    return addresses


def validate_email_list(text: str) -> None:
    for address in email_list(text):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(f"“{address}” is not an e-mail address.") from None


# The one placeholder a booking address may carry: the case reference, filled in per patient.
BOOKING_REFERENCE_PLACEHOLDER = "{reference}"


def validate_booking_url(url: str) -> None:
    """An https address of the clinic's online booking page, with at most the {reference} placeholder."""
    if not url:
        return
    sample = url.replace(BOOKING_REFERENCE_PLACEHOLDER, "ABCD-EFGH")
    if "{" in sample or "}" in sample:
        raise ValidationError(
            "The only placeholder allowed is {reference} (the case reference); remove any other {…} part."
        )
    try:
        URLValidator(schemes=["https"])(sample)
    except ValidationError:
        raise ValidationError(
            "Enter the full address of the booking page, starting with https:// "
            "(for example https://yourclinic.janeapp.com/)."
        ) from None


class ClinicPolicy(models.Model):
    """Settings a clinic admin changes in Django admin without a deployment. One row."""

    require_two_factor = models.BooleanField(
        default=False,
        help_text="Every staff member must sign in with a code from an authenticator app. "
        "Takes effect at each person's next sign-in; those without an app set it up then.",
    )
    on_call_emails = models.TextField(
        blank=True,
        validators=[validate_email_list],
        help_text="Who is alerted within a minute when a case has an emergency or urgent red flag or must be "
        "phoned today: one address per line (a shared on-call mailbox or phone-to-e-mail gateway works best). "
        "The alert carries the case reference, its urgency and a link, never the patient's name or answers.",
    )
    escalation_emails = models.TextField(
        blank=True,
        validators=[validate_email_list],
        help_text="Alerted as well when an emergency is not acknowledged in time, on top of every active "
        "clinic admin's own e-mail address. One address per line; optional.",
    )
    escalate_after_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text="Minutes an emergency may wait unacknowledged before the clinic admins are alerted too.",
    )
    booking_url = models.CharField(
        "booking page address",
        max_length=500,
        blank=True,
        validators=[validate_booking_url],
        help_text="Your online booking page (Jane, Cliniko or another), offered to patients whose answers raised "
        "no red flag and need no call today, once they have sent their answers. Starts with https://. Where your "
        "booking system can carry a note or reference in its address, put {reference} where the case reference "
        "goes (for example https://yourclinic.example/book?ref={reference}). Leave empty to offer no booking link.",
    )
    email_handout_pdf = models.BooleanField(
        "attach the handout as a PDF",
        default=False,
        help_text="Attach the plan, as a PDF in the patient's language, to the e-mail that tells the patient their "
        "plan is ready. The PDF holds the exercises and advice, the clinic's name and phone, never a diagnosis; "
        "leave off if patients' e-mail should carry only the private link.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "clinic policy"
        verbose_name_plural = "clinic policy"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="clinicpolicy_single_row")]

    def __str__(self) -> str:
        return "Clinic policy"

    @classmethod
    def current(cls) -> ClinicPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy

    @property
    def on_call_addresses(self) -> list[str]:
        return email_list(self.on_call_emails)

    @property
    def escalation_addresses(self) -> list[str]:
        return email_list(self.escalation_emails)

    def booking_link(self, reference: str) -> str:
        """The booking page's address for one case, its reference filled in where the address asks for it."""
        if not self.booking_url:
            return ""
        return self.booking_url.replace(BOOKING_REFERENCE_PLACEHOLDER, quote(reference, safe=""))


# --- Alerts to the clinic -------------------------------------------------------------------------------


class AlertKind(models.TextChoices):
    ON_CALL = "on_call", "Alert to the on-call team"
    ESCALATION = "escalation", "Escalation to the clinic admins"


class AlertStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    RETRYING = "retrying", "Sending failed; trying again"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed: not delivered"


class Alert(models.Model):
    """One e-mail telling the clinic about a case, and how its delivery went.

    What the alert says is fixed when it is raised (urgency, call today, sent early), so a retry an hour
    later still says what triggered it. It carries no personal data: the e-mail is built from these
    fields and the case reference only (services.alerts).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=16, choices=AlertKind.choices, default=AlertKind.ON_CALL)
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.PENDING)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, help_text="The case's urgency when raised.")
    call_today = models.BooleanField(default=False, help_text="The case was marked call today when raised.")
    sent_early = models.BooleanField(default=False, help_text="The patient sent the case early when raised.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Delivery attempts so far.")
    last_error = models.CharField(
        max_length=200, blank=True, help_text="Why the last attempt failed (the mail server's answer, shortened)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="alert_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=AlertStatus.values), name="alert_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=AlertStatus.SENT) | Q(sent_at__isnull=False),
                name="alert_sent_has_time",
                violation_error_message="A sent alert needs the time it was sent.",
            ),
        ]
        indexes = [
            # "Alert failed" on the queue's rows and the case page: the failed alerts of a case.
            models.Index(fields=["case", "status"], name="alert_case_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.case_id} ({self.get_status_display().lower()})"


# --- Audit trail ---------------------------------------------------------------------------------------


class AuditAction(models.TextChoices):
    CASE_SUBMITTED = "case_submitted", "Case submitted"
    CASE_ASSESSED = "case_assessed", "Case assessed"
    RED_FLAG_ACKNOWLEDGED = "red_flag_acknowledged", "Red flag acknowledged"
    CASE_ASSIGNED = "case_assigned", "Case assigned"
    PLAN_CREATED = "plan_created", "Draft plan created"
    PLAN_EDITED = "plan_edited", "Plan edited"
    PLAN_APPROVED = "plan_approved", "Plan approved"
    PATHWAY_OVERRIDDEN = "pathway_overridden", "Pathway overridden"
    CASE_REFERRED = "case_referred", "Case referred on"
    CASE_CLOSED = "case_closed", "Case closed"
    DEMO_DATA_LOADED = "demo_data_loaded", "Demo data loaded"
    PATIENT_EXPORTED = "patient_exported", "Patient data exported"
    PATIENT_ERASED = "patient_erased", "Patient personal data erased"
    CASE_ANONYMISED = "case_anonymised", "Case anonymised after the retention period"
    INTAKE_DRAFT_SAVED = "intake_draft_saved", "Unfinished questionnaire saved for later"
    INTAKE_DRAFT_DISCARDED = "intake_draft_discarded", "Saved questionnaire discarded"
    ALERT_RAISED = "alert_raised", "Alert raised"
    ALERT_SENT = "alert_sent", "Alert e-mailed"
    ALERT_RETRY_SCHEDULED = "alert_retry_scheduled", "Alert e-mail failed; trying again"
    ALERT_FAILED = "alert_failed", "Alert e-mail failed"
    PATIENT_CALLED = "patient_called", "Patient called"
    STAFF_TWO_FACTOR_RESET = "staff_two_factor_reset", "Staff member's two-factor sign-in reset"
    INTAKE_DRAFTS_PURGED = "intake_drafts_purged", "Expired saved questionnaires deleted"
    # Reads of health data (the access log): who looked, when, at what; never shown on the timeline.
    CASE_VIEWED = "case_viewed", "Case viewed"
    QUEUE_EXPORTED = "queue_exported", "Case queue exported"
    PATIENTS_SEARCHED = "patients_searched", "Patients searched in admin"
    PATIENT_VIEWED = "patient_viewed", "Patient record viewed in admin"

    FIRST_VISIT_RECORDED = "first_visit_recorded", "First visit recorded"
    FIRST_VISIT_SIGNED = "first_visit_signed", "First visit signed"
    FIRST_VISIT_ADDENDUM = "first_visit_addendum", "Addendum to the first visit"
    NOTE_ADDED = "note_added", "Note"
    CONTACT_LOGGED = "contact_logged", "Contact"
    DEIDENTIFIED_EXPORTED = "deidentified_exported", "De-identified export downloaded"
    CASE_SUMMARY_DOWNLOADED = "case_summary_downloaded", "Case summary downloaded"
    HANDOUT_PDF_DOWNLOADED = "handout_pdf_downloaded", "Handout PDF downloaded by staff"

    PLAN_REVISED = "plan_revised", "Plan revision started"
    PLAN_EMAILED = "plan_emailed", "Plan link e-mailed to the patient"
    CASE_REOPENED = "case_reopened", "Case reopened"
    CHECK_INS_SCHEDULED = "check_ins_scheduled", "Follow-up check-ins scheduled"
    CHECK_IN_SENT = "check_in_sent", "Follow-up check-in e-mailed"
    CHECK_IN_SAFETY_ANSWERED = "check_in_safety_answered", "Follow-up check-in: safety and pain sent"
    CHECK_IN_ANSWERED = "check_in_answered", "Follow-up check-in answered"
    FHIR_READ = "fhir_read", "Read through the FHIR API"

    REFERRAL_FINDING_RECORDED = "referral_finding_recorded", "What the referral found"
    WHATIF_REQUESTED = "whatif_requested", "What-if run of candidate rules requested"


# Events that record a read, not a change: the access log. The case page's timeline leaves them out.
READ_ACTIONS = (
    AuditAction.CASE_VIEWED,
    AuditAction.QUEUE_EXPORTED,
    AuditAction.PATIENTS_SEARCHED,
    AuditAction.PATIENT_VIEWED,
    AuditAction.FHIR_READ,
    AuditAction.CASE_SUMMARY_DOWNLOADED,
    AuditAction.HANDOUT_PDF_DOWNLOADED,
)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only and cannot be updated.")

    def delete(self):
        raise TypeError("Audit events are append-only and cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what, when, to which case. Append-only: rows are never changed or deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text="The staff member who acted; empty for the patient or the system.",
    )
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events")
    details = models.JSONField(default=dict, blank=True, help_text="What changed. Never the patient's personal data.")
    version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The case version this event made (empty for events that do not change a case).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The case page's timeline.
            models.Index(fields=["case", "created_at"], name="auditevent_case_timeline_idx"),
            # What changed on a case after a given version (the conflict message on the case page).
            models.Index(fields=["case", "version"], name="auditevent_case_version_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        # Guarding the append-only invariant is not a side effect: it refuses, it never writes.
        if self.pk is not None and not self._state.adding:
            raise TypeError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only and cannot be deleted.")


# --- Change history of staff accounts and roles ----------------------------------------------------------
# Django's own User and Group get the same history as the library (values, who, when), kept in this app.
# The password hash and the last sign-in time are left out: a copy of every old hash helps nobody but an
# attacker, and a row per sign-in would bury the changes that matter.
simple_history.register(
    get_user_model(),
    app="intake",
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups", "user_permissions"],
)
simple_history.register(Group, app="intake", m2m_fields=["permissions"])

# The FHIR API's read tokens live beside the code that uses them; imported here so Django finds them.
from intake.fhir.models import ApiToken  # noqa: E402, F401

# The what-if runs of candidate rule sets (the clinical lead's page) live in their own module.
from intake.whatif_models import WhatIfChange, WhatIfRun, WhatIfRunStatus, WhatIfSection  # noqa: E402, F401
