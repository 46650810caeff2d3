"""Reads for the staff dashboard: one case with everything its page shows, the timeline, the rules review.

Views call these and render; they never build querysets themselves. Every function here runs a fixed
number of queries whatever the number of rows (the tests pin the counts). The queue's reads live in
``intake/queue.py`` and are re-exported here, so views read ``selectors.queue_page`` as before.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    FilteredRelation,
    JSONField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from intake import agreement, rules
from intake.models import (
    READ_ACTIONS,
    Answers,
    Assessment,
    AuditAction,
    AuditEvent,
    Case,
    CaseNote,
    CheckIn,
    Exercise,
    FirstVisit,
    FirstVisitAddendum,
    IntakeDraft,
    Outcome,
    Patient,
    PlanItem,
    PlanStatus,
    ProgrammeDay,
    RedFlagAcknowledgement,
    ReferralFinding,
    TherapyPlan,
    Urgency,
    WhatIfChange,
    WhatIfRun,
    WhatIfSection,
)
from intake.outcome_selectors import (  # noqa: F401  (re-exported: views read outcomes through selectors)
    FollowUpLists,
    PathwayOutcomes,
    follow_up_lists,
    outcomes_per_pathway,
)
from intake.queue import (  # noqa: F401  (re-exported: the staff views read the queue through selectors)
    COUNT_CAP,
    PAGE_SIZE,
    STATUS_ALL,
    STATUS_FILTERS,
    STATUS_OPEN,
    Cursor,
    QueueFilters,
    QueuePage,
    QueueRow,
    WaitingCounts,
    queue_export_rows,
    queue_page,
    queue_status_counts,
    staff_name,
    waiting_counts,
    waiting_words,
)

# --- One case ----------------------------------------------------------------------------------------


def _latest_assessment(field_name: str, output_field=None) -> Subquery:
    """One column of the case's latest assessment (Assessment.Meta.get_latest_by), as a subquery."""
    latest = Assessment.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(latest.values(field_name)[:1], output_field=output_field)


@dataclass
class CaseDetail:
    """Everything the case page shows, loaded in a fixed number of queries whatever the size of plan
    or timeline (one more, for the acknowledgements, only when the assessment raised red flags)."""

    case: Case
    assessment: Assessment | None
    draft_plan: TherapyPlan | None
    approved_plan: TherapyPlan | None
    # The latest events the timeline shows, oldest first, and every alert event (the banners read those
    # whole); each carries ``newest`` (1 for the latest event). All of them when the whole trail is asked for.
    events: list[AuditEvent]
    acknowledgements: dict[str, RedFlagAcknowledgement]
    exercises: list[Exercise]
    first_visit: FirstVisit | None = None
    notes: list[CaseNote] = field(default_factory=list)
    addenda: list[FirstVisitAddendum] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    referral_findings: list[ReferralFinding] = field(default_factory=list)
    event_count: int = 0  # every event of the timeline, shown or not


def case_for_staff(*, reference: str) -> Case | None:
    """The case with its patient, answers, assigned physiotherapist, current plans and the latest
    assessment snapshot, in one query; None when no case has that reference.

    The draft and the approved plan come through FilteredRelation joins: a case has at most one
    draft (a database constraint) and plan_approve supersedes an earlier approved plan.
    """
    return (
        Case.objects.filter(reference=reference)
        .annotate(
            draft_plan=FilteredRelation("plans", condition=Q(plans__status=PlanStatus.DRAFT)),
            approved_plan=FilteredRelation("plans", condition=Q(plans__status=PlanStatus.APPROVED)),
            latest_assessment_id=_latest_assessment("id"),
            latest_assessment_result=_latest_assessment("result", JSONField()),
            latest_assessment_created_at=_latest_assessment("created_at", DateTimeField()),
            latest_rules_version=_latest_assessment("rules_version"),
        )
        .select_related(
            "patient",
            "answers",
            "assigned_to",
            "draft_plan",
            "approved_plan",
            "approved_plan__approved_by",
            "first_visit",
            "first_visit__examined_by",
            "first_visit__signed_by",
        )
        .order_by("-approved_plan__approved_at")
        .first()
    )


def case_detail(*, reference: str, timeline_limit: int | None = None) -> CaseDetail | None:
    """The case page's data: the case with its first visit (one query), plan items, the timeline, the
    notes and contact log, the exercise library, the red flags' acknowledgements when there are red
    flags, and the addenda when the first visit is signed. ``timeline_limit``: read only the latest so
    many events (and every alert event), with the count of all of them; None reads them all."""
    case = case_for_staff(reference=reference)
    if case is None:
        return None
    draft_plan = _plan_or_none(case, "draft_plan")
    approved_plan = _plan_or_none(case, "approved_plan")
    plans = [plan for plan in (draft_plan, approved_plan) if plan is not None]
    # One query for the items of both plans, with the library exercise each was copied from.
    prefetch_related_objects(plans, Prefetch("items", queryset=PlanItem.objects.select_related("exercise")))
    events, event_count = _timeline_events(case, timeline_limit)
    exercises = list(Exercise.objects.filter(is_active=True).order_by("code")) if draft_plan is not None else []
    assessment = latest_assessment_of(case)
    acknowledgements = {}
    if assessment is not None and assessment.red_flag_rules:
        acknowledgements = {
            acknowledgement.rule_id: acknowledgement
            for acknowledgement in case.acknowledgements.select_related("acknowledged_by")
        }
    first_visit = _first_visit_or_none(case)
    notes = list(CaseNote.objects.filter(case=case).select_related("author").order_by("created_at", "id"))
    addenda = []
    if first_visit is not None and first_visit.is_signed:
        addenda = list(first_visit.addenda.select_related("author").order_by("created_at", "id"))
    # The follow-up check-ins with their answers: one query, whatever their number.
    check_ins = list(CheckIn.objects.filter(case=case).select_related("safety", "outcome").order_by("due_at", "id"))
    # What its referral found: one more query, only for a red-flag or referred case.
    referral_findings = []
    if case.has_referral:
        referral_findings = list(case.referral_findings.select_related("recorded_by").order_by("recorded_at", "id"))
    return CaseDetail(
        case=case,
        assessment=assessment,
        draft_plan=draft_plan,
        approved_plan=approved_plan,
        events=events,
        acknowledgements=acknowledgements,
        exercises=exercises,
        first_visit=first_visit,
        notes=notes,
        addenda=addenda,
        check_ins=check_ins,
        referral_findings=referral_findings,
        event_count=event_count,
    )


def _timeline_events(case: Case, limit: int | None) -> tuple[list[AuditEvent], int]:
    """Only what the timeline and the alert banners read: the latest ``limit`` events (all with None)
    and every alert event, oldest first, each numbered from the latest (``newest``), with the count of
    all of them, in one query. A trail of 200 events built 200 events and 200 users; now some 50 and one
    user per person. Hand-written (window functions, as every supported database has them): the ORM's
    filtered-window query cost more to compile than reading the rows it spares."""
    params = [case.pk, *READ_ACTIONS, limit if limit is not None else 2**31 - 1, *ALERT_ACTIONS]
    rows = list(AuditEvent.objects.raw(_timeline_sql(connection.vendor), params))
    user = AuditEvent._meta.get_field("actor").related_model
    names = [user_field.attname for user_field in user._meta.concrete_fields if user_field.attname in _ACTOR_FIELDS]
    actors: dict[int, AbstractBaseUser] = {}
    for event in rows:
        actor = None
        if event.actor_id is not None:
            actor = actors.get(event.actor_id)
            if actor is None:
                values = {name: getattr(event, f"actor_{name}") for name in _ACTOR_FIELDS}  # actor_id: the event's
                actor = actors[event.actor_id] = user.from_db(event._state.db, names, [values[name] for name in names])
        AuditEvent.actor.field.set_cached_value(event, actor)  # as select_related("actor") leaves it
    return rows, (rows[0].total if rows else 0)


_ACTOR_FIELDS = ("id", "username", "first_name", "last_name")


@functools.cache
def _timeline_sql(vendor: str) -> str:
    """The SQL of ``_timeline_events`` (per database vendor: its quoting); its parameters: the case, the
    read actions left out, the limit and the alert actions."""
    quote = connection.ops.quote_name
    meta, user = AuditEvent._meta, AuditEvent._meta.get_field("actor").related_model
    fields = ("id", "action", "case", "details", "version", "created_at", "actor")
    column = {name: quote(meta.get_field(name).column) for name in fields}
    selected = ", ".join(f"{column[name]} AS {quote(meta.get_field(name).attname)}" for name in column)
    user_table, user_id = quote(user._meta.db_table), quote(user._meta.pk.column)
    actor = ", ".join(
        f"{user_table}.{quote(user._meta.get_field(name).column)} AS {quote('actor_' + name)}"
        for name in _ACTOR_FIELDS[1:]
    )
    read = ", ".join(["%s"] * len(READ_ACTIONS))
    alerts = ", ".join(["%s"] * len(ALERT_ACTIONS))
    return (
        f"SELECT trail.*, {actor} FROM ("
        f"SELECT {selected}, ROW_NUMBER() OVER (ORDER BY {column['created_at']} DESC, {column['id']} DESC) AS newest,"
        f" COUNT(*) OVER () AS total FROM {quote(meta.db_table)}"
        f" WHERE {column['case']} = %s AND {column['action']} NOT IN ({read})"
        f") trail LEFT OUTER JOIN {user_table} ON {user_table}.{user_id} = trail.{quote('actor_id')}"
        f" WHERE trail.newest <= %s OR trail.{quote('action')} IN ({alerts})"
        f" ORDER BY trail.{quote('created_at')}, trail.{quote('id')}"
    )


def _first_visit_or_none(case: Case) -> FirstVisit | None:
    try:
        return case.first_visit
    except FirstVisit.DoesNotExist:
        return None


def latest_assessment_of(case: Case) -> Assessment | None:
    """The latest assessment, from the columns case_for_staff annotated (no query of its own)."""
    if case.latest_assessment_id is None:
        return None
    return Assessment(
        id=case.latest_assessment_id,
        case=case,
        result=case.latest_assessment_result,
        rules_version=case.latest_rules_version or "",
        created_at=case.latest_assessment_created_at,
    )


def _plan_or_none(case: Case, name: str) -> TherapyPlan | None:
    plan = getattr(case, name, None)
    return plan if plan is not None and plan.pk is not None else None


def unacknowledged_red_flags(*, case: Case) -> set[str]:
    """Rule ids of the latest assessment's red flags that no physiotherapist has acknowledged."""
    assessment = case.latest_assessment()
    flagged = assessment.red_flag_rules if assessment else set()
    return flagged - set(RedFlagAcknowledgement.objects.filter(case=case).values_list("rule_id", flat=True))


def staff_display_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return staff_name(getattr(user, "first_name", ""), getattr(user, "last_name", ""), user.get_username())


# An event as the case page shows it: what happened, when, to which version, and who did it (their name).
EVENT_FIELDS = (
    "action", "case_id", "details", "version", "created_at",
    "actor_id", "actor__first_name", "actor__last_name", "actor__username",
)  # fmt: skip
# The events the case page's alert banners read, whether the timeline shows them or not.
ALERT_ACTIONS = (AuditAction.ALERT_SENT, AuditAction.ALERT_RETRY_SCHEDULED, AuditAction.ALERT_FAILED)


def case_events_since(*, case: Case, version: int) -> list[AuditEvent]:
    """Events that changed the case after it was at ``version`` (each change records the version it made)."""
    return list(
        AuditEvent.objects.filter(case=case, version__gt=version).select_related("actor").order_by("created_at", "id")
    )


def approved_plan_for_patient(*, token: str) -> TherapyPlan | None:
    """The case's current approved plan behind a patient's private link, with its items (and their
    library exercises); None when the case has none.

    Any version's link that was ever approved leads to the latest approved version, so a revised plan
    reaches the patient at the link they already have. Drafts are never returned, so a patient can
    never see an unreviewed plan; a plan withdrawn (referred, another pathway) leaves nothing approved.
    Expiry is for the caller to check (an expired link gets its own page).
    """
    linked = TherapyPlan.objects.filter(patient_link_token=token, approved_at__isnull=False).values("case_id")[:1]
    return (
        TherapyPlan.objects.filter(case_id__in=Subquery(linked), status=PlanStatus.APPROVED)
        .select_related("case")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("exercise")))
        .order_by("-approved_at", "-id")
        .first()
    )


def programme_day_of(*, case: Case, day: dt.date) -> ProgrammeDay | None:
    """The patient's programme log entry for ``day``, with its ticks and their items (an item of an earlier
    version of the plan, when the plan was revised after the patient saved); None before they save one."""
    return ProgrammeDay.objects.filter(case=case, day=day).prefetch_related("ticks__item").first()


@dataclass(frozen=True)
class ProgrammeLog:
    """The patient's daily log for the case page: when the programme started (the day of the plan's
    first approval) and the entries of the last ``days`` days, oldest first, each with ``done``
    (the number of exercises ticked)."""

    started_on: dt.date | None
    entries: list[ProgrammeDay]


def programme_log(*, case: Case, today: dt.date, days: int = 28) -> ProgrammeLog:
    """Two queries, whatever the number of entries or ticks."""
    first_approved = TherapyPlan.objects.filter(case=case, approved_at__isnull=False).aggregate(
        first=Min("approved_at")
    )["first"]
    entries = list(
        ProgrammeDay.objects.filter(case=case, day__gt=today - dt.timedelta(days=days), day__lte=today)
        .annotate(done=Count("ticks"))
        .order_by("day")
    )
    return ProgrammeLog(
        started_on=timezone.localdate(first_approved) if first_approved else None,
        entries=entries,
    )


def check_in_for_patient(*, token: str) -> CheckIn | None:
    """The check-in behind a patient's private link, with its case and the answers to each page (if any)."""
    return CheckIn.objects.filter(token=token).select_related("case", "safety", "outcome").first()


def psfs_activities_for(*, case: Case) -> list[str]:
    """The PSFS activities the patient named at their earliest check-in that has them (rated again at
    every later one, so the scores compare), or none at the first."""
    ratings = (
        Outcome.objects.filter(check_in__case=case)
        .exclude(psfs_ratings=[])
        .order_by("answered_at", "id")
        .values_list("psfs_ratings", flat=True)
        .first()
    )
    return [rating["activity"] for rating in ratings or []]


def check_in_intake_answers(*, case: Case) -> dict[str, object]:
    """The case's stored intake answers (which safety questions a check-in asks depends on them)."""
    answers = Answers.objects.filter(case=case).first()
    return answers.as_dict() if answers is not None else {}


def draft_plan_for_case(*, case: Case) -> TherapyPlan | None:
    return (
        TherapyPlan.objects.filter(case=case, status=PlanStatus.DRAFT)
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("exercise")))
        .first()
    )


def approved_plan_for_case(*, case: Case) -> TherapyPlan | None:
    return (
        TherapyPlan.objects.filter(case=case, status=PlanStatus.APPROVED)
        .select_related("approved_by")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("exercise")))
        .order_by("-approved_at")
        .first()
    )


# --- Personal data and unfinished questionnaires ---------------------------------------------------------


def patients_past_retention(*, retention_days: int, now: dt.datetime | None = None) -> QuerySet[Patient]:
    """Patients not yet erased whose every case was submitted more than retention_days ago."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days)
    return (
        Patient.objects.filter(erased_at__isnull=True)
        .annotate(last_submitted=Max("cases__submitted_at"))
        .filter(last_submitted__lt=cutoff)
        .order_by("pk")
    )


class IntakeDraftExpired(Exception):
    """The resume code existed but is past its expiry."""


def intake_draft_find(*, resume_code: str) -> IntakeDraft:
    """The live draft with this code; IntakeDraft.DoesNotExist or IntakeDraftExpired otherwise."""
    draft = IntakeDraft.objects.get(resume_code=resume_code)
    if draft.expires_at <= timezone.now():
        raise IntakeDraftExpired(resume_code)
    return draft


# --- The rules review ------------------------------------------------------------------------------------


@dataclass
class RulesReviewData:
    """What the rules review computes from, read in three queries whatever the number of cases."""

    reviewed: list = field(default_factory=list)  # agreement.ReviewedCase
    overrides: list[tuple[str, str, int]] = field(default_factory=list)
    red_flags: list = field(default_factory=list)  # agreement.RedFlagCase


def rules_review_data() -> RulesReviewData:
    """Signed first visits with the latest assessment of their case; override reasons per rules version;
    every urgent or emergency case with the time of its first acknowledgement. Three queries."""
    signed = (
        FirstVisit.objects.filter(signed_at__isnull=False)
        .annotate(
            rules_version=_latest_assessment_of_case("rules_version"),
            result=_latest_assessment_of_case("result", JSONField()),
        )
        .filter(rules_version__isnull=False)
        .values_list("rules_version", "result", "working_diagnosis", "differential")
    )
    reviewed = [
        agreement.reviewed_case_from_result(
            rules_version=version, result=result or {}, working_diagnosis=diagnosis, differential=differential
        )
        for version, result, diagnosis, differential in signed.iterator(chunk_size=2000)
    ]
    overrides = list(
        Case.objects.exclude(override_reason="")
        .annotate(rules_version=_latest_assessment("rules_version"))
        .filter(rules_version__isnull=False)
        .values("rules_version", "override_reason")
        .annotate(cases=Count("id"))
        .values_list("rules_version", "override_reason", "cases")
        .order_by()
    )
    flagged = (
        Case.objects.filter(urgency__in=[Urgency.EMERGENCY, Urgency.URGENT])
        .annotate(
            rules_version=_latest_assessment("rules_version"),
            first_ack=Min("acknowledgements__acknowledged_at"),
            # The red flags that fired and what the referral found (the latest finding), for the
            # referral findings per red-flag rule: still one query.
            result=_latest_assessment("result", JSONField()),
            finding=_latest_referral_finding("outcome"),
        )
        .filter(rules_version__isnull=False)
        .values_list(
            "rules_version",
            "urgency",
            "submitted_at",
            "first_ack",
            "queue_priority",
            "referred_to",
            "result",
            "finding",
        )
        .order_by()
    )
    red_flags = [
        agreement.RedFlagCase(*row[:6], flags=agreement.red_flag_rules_of(row[6]), finding=row[7] or "")
        for row in flagged.iterator(chunk_size=2000)
    ]
    return RulesReviewData(reviewed=reviewed, overrides=overrides, red_flags=red_flags)


def _latest_referral_finding(field_name: str) -> Subquery:
    """One column of the case's latest referral finding (ReferralFinding: append-only, the latest counts)."""
    latest = ReferralFinding.objects.filter(case=OuterRef("pk")).order_by("-recorded_at", "-id")
    return Subquery(latest.values(field_name)[:1])


def _latest_assessment_of_case(field_name: str, output_field=None) -> Subquery:
    """One column of the latest assessment of the case a row points to (for rows of FirstVisit)."""
    latest = Assessment.objects.filter(case=OuterRef("case_id")).order_by("-created_at", "-id")
    return Subquery(latest.values(field_name)[:1], output_field=output_field)


# --- What-if runs (the clinical lead's page) ------------------------------------------------------------

WHATIF_PAGE_SIZE = 100
PATHWAY_LABELS = {pathway.value: pathway.label for pathway in rules.Pathway}
WHATIF_RECENT_RUNS = 20


def whatif_recent_runs() -> list[WhatIfRun]:
    """The latest runs, who asked for each: one query."""
    return list(WhatIfRun.objects.select_related("requested_by").order_by("-requested_at", "-id")[:WHATIF_RECENT_RUNS])


@dataclass(frozen=True)
class WhatIfDirection:
    section: int
    before: str
    after: str
    cases: int

    @property
    def section_label(self) -> str:
        return WhatIfSection(self.section).label


@dataclass
class WhatIfReport:
    """A run, the number of cases per direction (report order: lost urgency first), and one page of rows."""

    run: WhatIfRun
    directions: list[WhatIfDirection]
    rows: list[WhatIfChange]
    page: int
    pages: int

    @property
    def total_rows(self) -> int:
        return sum(direction.cases for direction in self.directions)


def whatif_report(*, run_id: int, page: int = 1) -> WhatIfReport | None:
    """The run with its report: three queries (the run, the counts per direction, one page of rows),
    whatever the number of changed cases."""
    run = WhatIfRun.objects.select_related("requested_by").filter(pk=run_id).first()
    if run is None:
        return None
    # Within a direction the section's own before and after are the same on every row: Min reads them.
    counts = (
        WhatIfChange.objects.filter(run=run)
        .values("section", "direction_order")
        .annotate(
            cases=Count("id"),
            urgency_before=Min("urgency_before"),
            urgency_after=Min("urgency_after"),
            pathway_before=Min("pathway_before"),
            pathway_after=Min("pathway_after"),
        )
        .order_by("section", "direction_order")
    )
    ordered = [WhatIfDirection(row["section"], *_direction_words(row), cases=row["cases"]) for row in counts]
    total = sum(direction.cases for direction in ordered)
    pages = max(1, -(-total // WHATIF_PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * WHATIF_PAGE_SIZE
    rows = list(
        WhatIfChange.objects.filter(run=run).order_by("section", "direction_order", "id")[
            start : start + WHATIF_PAGE_SIZE
        ]
    )
    return WhatIfReport(run=run, directions=ordered, rows=rows, page=page, pages=pages)


def _direction_words(row: dict) -> tuple[str, str]:
    if row["section"] == WhatIfSection.PATHWAY:
        return PATHWAY_LABELS[row["pathway_before"]], PATHWAY_LABELS[row["pathway_after"]]
    return row["urgency_before"], row["urgency_after"]
