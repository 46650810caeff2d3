"""Reads for the staff dashboard: the queue, one case with everything its page shows, the timeline.

Views call these and render; they never build querysets themselves. Every function here runs a
fixed number of queries whatever the number of rows (the tests pin the counts), and the queue's
queries stay cheap at a million cases:

* rows come from keyset pagination on (queue_priority, submitted_at, id) - the page after a
  given row, never OFFSET, so page 2,000 costs what page 1 costs;
* counts per status are capped (``COUNT_CAP``): each one stops reading after the cap, so no query
  ever counts the whole table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
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
from django.db.models.expressions import RawSQL
from django.utils import timezone

from intake import agreement
from intake.models import (
    OPEN_STATUSES,
    QUEUE_OPEN_STATUSES,
    READ_ACTIONS,
    REFERENCE_ALPHABET,
    Alert,
    AlertStatus,
    Assessment,
    AuditEvent,
    Case,
    CaseNote,
    CaseStatus,
    CheckIn,
    Exercise,
    FirstVisit,
    FirstVisitAddendum,
    IntakeDraft,
    Pathway,
    Patient,
    PlanItem,
    PlanStatus,
    QueuePriority,
    RedFlagAcknowledgement,
    TherapyPlan,
    Urgency,
    search_terms,
)

PAGE_SIZE = 50
# Counts per status stop at this many rows; the page shows "1,000+" beyond it.
COUNT_CAP = 1000
STATUS_OPEN = "open"
STATUS_ALL = "all"
# What the status filter accepts: the two groupings first, then each status.
STATUS_FILTERS: tuple[tuple[str, str], ...] = (
    (STATUS_OPEN, "Open (submitted, in review or plan approved)"),
    *CaseStatus.choices,
    (STATUS_ALL, "All"),
)


@dataclass(frozen=True)
class QueueFilters:
    """What the physiotherapist asked the queue for. Empty strings mean "any"."""

    status: str = STATUS_OPEN
    pathway: str = ""
    urgency: str = ""
    assigned_to_me: bool = False
    search: str = ""


@dataclass(frozen=True)
class Cursor:
    """A position in the queue order: the sort key of one row."""

    queue_priority: int
    submitted_at: dt.datetime
    id: int

    def encode(self) -> str:
        micros = int(self.submitted_at.timestamp() * 1_000_000)
        return f"{self.queue_priority}.{micros}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        """The cursor in a page link, or None when it is missing or malformed (first page)."""
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,19})\.(\d{1,19})", text or "")
        if not match:
            return None
        priority, micros, pk = (int(part) for part in match.groups())
        try:
            submitted_at = dt.datetime.fromtimestamp(micros / 1_000_000, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return cls(priority, submitted_at, pk)


@dataclass
class QueueRow:
    """One queue line, already in the words the table shows."""

    reference: str
    age: int | None
    side: str
    pathway: str
    pathway_label: str
    overridden_pathway_label: str
    urgency: str
    urgency_label: str
    queue_priority: int
    status: str
    status_label: str
    submitted_at: dt.datetime
    waiting: str
    assigned_to: str
    assigned_to_me: bool
    call_today: bool = False
    # An alert about this case could not be e-mailed (every retry failed): phone the on-call team.
    alert_failed: bool = False
    patient_name: str = ""

    @property
    def red_flags_acknowledged(self) -> bool | None:
        """True or False for a red-flag case, None for a routine one."""
        if self.queue_priority in (QueuePriority.EMERGENCY_UNACKNOWLEDGED, QueuePriority.URGENT_UNACKNOWLEDGED):
            return False
        if self.queue_priority in (QueuePriority.EMERGENCY_ACKNOWLEDGED, QueuePriority.URGENT_ACKNOWLEDGED):
            return True
        return None


@dataclass(frozen=True)
class WaitingCounts:
    """Every staff page's banner: open cases waiting for someone, each count capped at ``cap`` + 1."""

    emergency: int = 0
    urgent: int = 0
    call_today: int = 0
    cap: int = COUNT_CAP

    def words(self, count: int) -> str:
        return f"{self.cap:,}+" if count > self.cap else f"{count:,}"

    @property
    def emergency_words(self) -> str:
        return self.words(self.emergency)

    @property
    def urgent_words(self) -> str:
        return self.words(self.urgent)

    @property
    def call_today_words(self) -> str:
        return self.words(self.call_today)


@dataclass
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str = ""
    previous_cursor: str = ""
    is_first_page: bool = True
    # status value -> capped count, e.g. {"open": 12, "submitted": 7, ..., "all": 1000}
    counts: dict[str, int] = field(default_factory=dict)
    count_cap: int = COUNT_CAP
    # The banner's counts, read in the same query as ``counts`` (so the queue adds no query for it).
    waiting: WaitingCounts = field(default_factory=WaitingCounts)


# --- The queue ---------------------------------------------------------------------------------------

_REFERENCE_CHARACTERS = set(REFERENCE_ALPHABET)


def _reference_prefix(search: str) -> str | None:
    """The reference prefix a search means, or None when it cannot be (part of) a reference.

    References look like K7QM-3XDA; staff may type them with or without the dash, in any case.
    """
    compact = search.upper().replace("-", "").replace(" ", "")
    if not compact or len(compact) > 8 or not set(compact) <= _REFERENCE_CHARACTERS:
        return None
    return compact if len(compact) <= 4 else f"{compact[:4]}-{compact[4:]}"


def _looks_like_reference(search: str) -> bool:
    """Names have no digits or dashes between letters; references nearly always have a digit or the dash."""
    return any(character.isdigit() for character in search) or re.fullmatch(r"\w{4}-\w{0,4}", search) is not None


def _name_prefix_filter(search: str) -> Q:
    """Every word of ``search`` starts a word of the patient's name, ignoring case, accents and
    punctuation: "smith", "SMITH", "joan" and "jose" find "Smith, Joan" and "José".

    Matched against ``Patient.search_name`` (the name's words folded, each after a space), with a
    plain ``contains(" " + word)``: the same on PostgreSQL and SQLite, whatever the collation, since
    both sides are folded in Python. A contains cannot use a btree index; the search is bounded by the
    other filters and the page size, like the prefix match it replaces.
    """
    terms = search_terms(search)
    if not terms:
        return Q(pk__in=[])
    condition = Q()
    for term in terms:
        condition &= Q(patient__search_name__contains=f" {term}")
    return condition


def _filtered_cases(*, filters: QueueFilters, user: AbstractBaseUser, status: str | None = None) -> QuerySet[Case]:
    """Cases matching every filter; ``status`` overrides the filters' status (for the counts)."""
    cases = Case.objects.all()
    status = filters.status if status is None else status
    if status == STATUS_OPEN:
        # Matches the predicate of the partial index case_open_queue_idx exactly.
        cases = cases.filter(status__in=[str(value) for value in QUEUE_OPEN_STATUSES])
    elif status != STATUS_ALL:
        cases = cases.filter(status=status)
    if filters.pathway:
        cases = cases.filter(pathway=filters.pathway)
    if filters.urgency:
        cases = cases.filter(urgency=filters.urgency)
    if filters.assigned_to_me:
        cases = cases.filter(assigned_to=user)
    search = filters.search.strip()
    if search:
        reference = _reference_prefix(search)
        if reference is not None and _looks_like_reference(search):
            cases = cases.filter(reference__startswith=reference)
        else:
            by_name = _name_prefix_filter(search)
            cases = cases.filter(by_name | Q(reference__startswith=reference) if reference else by_name)
    return cases


def _beyond(cursor: Cursor, operator: str) -> RawSQL:
    """Rows after (">") or before ("<") the cursor in queue order.

    A row-value comparison, so PostgreSQL walks the (queue_priority, submitted_at) index from the
    cursor instead of filtering from the start; SQLite (3.15+) understands it too. The time is
    adapted as the database stores it (naive UTC text on SQLite), since raw SQL skips the field.
    """
    return RawSQL(
        f'("intake_case"."queue_priority", "intake_case"."submitted_at", "intake_case"."id") {operator} (%s, %s, %s)',
        (cursor.queue_priority, connection.ops.adapt_datetimefield_value(cursor.submitted_at), cursor.id),
        output_field=BooleanField(),
    )


_QUEUE_ORDER = ("queue_priority", "submitted_at", "id")
_QUEUE_ORDER_REVERSED = ("-queue_priority", "-submitted_at", "-id")
_QUEUE_COLUMNS = (
    "id",
    "reference",
    "status",
    "urgency",
    "pathway",
    "overridden_pathway",
    "queue_priority",
    "submitted_at",
    "assigned_to_id",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "answers__age",
    "answers__affected_side",
    "call_today",
)
# The queue page's rows also say whether an alert about the case failed (a subquery per row shown).
_QUEUE_ROW_COLUMNS = (*_QUEUE_COLUMNS, "alert_failed")
# With the patient's name (QUEUE_SHOW_PATIENT_NAMES): the same query, one more column.
_QUEUE_ROW_COLUMNS_WITH_NAME = (*_QUEUE_ROW_COLUMNS, "patient__name")

_PATHWAY_LABELS = dict(Pathway.choices)
_URGENCY_LABELS = dict(Urgency.choices)
_STATUS_LABELS = dict(CaseStatus.choices)
_SIDE_LABELS = {"left": "Left", "right": "Right", "both": "Both"}


def waiting_words(since: dt.datetime, now: dt.datetime) -> str:
    """How long a case has waited, short enough for a table cell: "45 min", "5 h", "3 d 4 h", "6 wk"."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h"
    days, hours = divmod(hours, 24)
    if days < 14:
        return f"{days} d {hours} h" if hours else f"{days} d"
    return f"{days // 7} wk"


def _staff_name(first: str | None, last: str | None, username: str | None) -> str:
    full = f"{first or ''} {last or ''}".strip()
    return full or (username or "")


def queue_page(
    *,
    filters: QueueFilters,
    user: AbstractBaseUser,
    after: str = "",
    before: str = "",
    page_size: int = PAGE_SIZE,
    with_names: bool = False,
) -> QueuePage:
    """One page of the queue (two queries: the rows, then the capped counts per status and the staff
    banner's waiting counts).

    Red flags first (emergency, then urgent; unacknowledged before acknowledged, which is what
    Case.queue_priority encodes), then the longest waiting, then the id as a tie-break so the
    order is total and keyset pagination never skips or repeats a row.
    """
    cases = _filtered_cases(filters=filters, user=user).annotate(
        alert_failed=Exists(Alert.objects.filter(case=OuterRef("pk"), status=AlertStatus.FAILED))
    )
    columns = _QUEUE_ROW_COLUMNS_WITH_NAME if with_names else _QUEUE_ROW_COLUMNS
    after_cursor, before_cursor = Cursor.decode(after), Cursor.decode(before)
    if before_cursor is not None:
        # Walk backwards from the cursor, then put the rows back in queue order.
        records = list(
            cases.filter(_beyond(before_cursor, "<")).order_by(*_QUEUE_ORDER_REVERSED).values(*columns)[: page_size + 1]
        )
        has_previous = len(records) > page_size
        records = list(reversed(records[:page_size]))
        has_next = True
    else:
        if after_cursor is not None:
            cases = cases.filter(_beyond(after_cursor, ">"))
        records = list(cases.order_by(*_QUEUE_ORDER).values(*columns)[: page_size + 1])
        has_next = len(records) > page_size
        records = records[:page_size]
        has_previous = after_cursor is not None

    counts, waiting = _status_and_waiting_counts(filters=filters, user=user)
    now = timezone.now()
    rows = [
        QueueRow(
            reference=record["reference"],
            age=record["answers__age"],
            side=_SIDE_LABELS.get(record["answers__affected_side"] or "", ""),
            pathway=record["pathway"],
            pathway_label=_PATHWAY_LABELS.get(record["pathway"], ""),
            overridden_pathway_label=_PATHWAY_LABELS.get(record["overridden_pathway"], ""),
            urgency=record["urgency"],
            urgency_label=_URGENCY_LABELS.get(record["urgency"], record["urgency"]),
            queue_priority=record["queue_priority"],
            status=record["status"],
            status_label=_STATUS_LABELS.get(record["status"], record["status"]),
            submitted_at=record["submitted_at"],
            waiting=waiting_words(record["submitted_at"], now),
            assigned_to=_staff_name(
                record["assigned_to__first_name"], record["assigned_to__last_name"], record["assigned_to__username"]
            ),
            assigned_to_me=record["assigned_to_id"] == user.pk,
            call_today=record["call_today"],
            alert_failed=record["alert_failed"],
            patient_name=record.get("patient__name") or "",
        )
        for record in records
    ]

    def cursor_of(record: dict) -> str:
        return Cursor(record["queue_priority"], record["submitted_at"], record["id"]).encode()

    return QueuePage(
        rows=rows,
        next_cursor=cursor_of(records[-1]) if records and has_next else "",
        previous_cursor=cursor_of(records[0]) if records and has_previous else "",
        is_first_page=not has_previous,
        counts=counts,
        waiting=waiting,
    )


def queue_status_counts(*, filters: QueueFilters, user: AbstractBaseUser, cap: int = COUNT_CAP) -> dict[str, int]:
    return _status_and_waiting_counts(filters=filters, user=user, cap=cap)[0]


def _waiting_subqueries(cap: int) -> tuple[list[str], list]:
    """The banner's three capped counts as SQL subqueries, served by the partial indexes on open cases."""
    open_cases = Case.objects.filter(status__in=[str(value) for value in OPEN_STATUSES]).order_by()
    parts, params = [], []
    for index, cases in enumerate(
        (
            open_cases.filter(queue_priority=QueuePriority.EMERGENCY_UNACKNOWLEDGED),
            open_cases.filter(queue_priority=QueuePriority.URGENT_UNACKNOWLEDGED),
            open_cases.filter(call_today=True),
        )
    ):
        sql, subquery_params = cases.values("id")[: cap + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS waiting_{index})")
        params.extend(subquery_params)
    return parts, params


def waiting_counts(*, cap: int = COUNT_CAP) -> WaitingCounts:
    """Open emergency and urgent cases nobody has acknowledged, and open call-today cases: one query."""
    parts, params = _waiting_subqueries(cap)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        emergency, urgent, call_today = cursor.fetchone()
    return WaitingCounts(emergency=emergency, urgent=urgent, call_today=call_today, cap=cap)


def _status_and_waiting_counts(
    *, filters: QueueFilters, user: AbstractBaseUser, cap: int = COUNT_CAP
) -> tuple[dict[str, int], WaitingCounts]:
    """Cases per status under the other filters, each count capped at ``cap`` + 1, in ONE query.

    ``SELECT (SELECT COUNT(*) FROM (... LIMIT cap+1)), ...``: each subquery reads at most cap + 1
    index entries, so the cost does not grow with the table. "Open" and "All" are sums of the
    per-status counts (still exact up to the cap, and over it whenever a part is). The subqueries
    differ only in the status they compare with, so one is compiled and its status parameter
    swapped: compiling five querysets cost more than running the query.
    """
    sentinel = "\x00status\x00"
    # No ORDER BY: any cap + 1 rows will do, and sorting would read them all.
    subquery = _filtered_cases(filters=filters, user=user, status=sentinel).order_by().values("id")[: cap + 1]
    sql, subquery_params = subquery.query.sql_with_params()
    statuses = CaseStatus.values
    parts = [f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})" for index in range(len(statuses))]
    params = [status if param == sentinel else param for status in statuses for param in subquery_params]
    # The staff banner's counts ride along in the same statement.
    waiting_parts, waiting_params = _waiting_subqueries(cap)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([*parts, *waiting_parts]), [*params, *waiting_params])
        values = cursor.fetchone()
    counts = dict(zip(statuses, values[: len(statuses)], strict=True))
    counts[STATUS_OPEN] = sum(counts[status] for status in QUEUE_OPEN_STATUSES)
    counts[STATUS_ALL] = sum(counts[status] for status in statuses)
    emergency, urgent, call_today = values[len(statuses) :]
    return counts, WaitingCounts(emergency=emergency, urgent=urgent, call_today=call_today, cap=cap)


def queue_export_rows(*, filters: QueueFilters, user: AbstractBaseUser) -> Iterator[dict]:
    """Every case matching the filters, in queue order, streamed from the database in chunks."""
    cases = _filtered_cases(filters=filters, user=user).order_by(*_QUEUE_ORDER).values(*_QUEUE_COLUMNS)
    yield from cases.iterator(chunk_size=2000)


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
    events: list[AuditEvent]
    acknowledgements: dict[str, RedFlagAcknowledgement]
    exercises: list[Exercise]
    first_visit: FirstVisit | None = None
    notes: list[CaseNote] = field(default_factory=list)
    addenda: list[FirstVisitAddendum] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)


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


def case_detail(*, reference: str) -> CaseDetail | None:
    """The case page's data: the case with its first visit (one query), plan items, the timeline, the
    notes and contact log, the exercise library, the red flags' acknowledgements when there are red
    flags, and the addenda when the first visit is signed."""
    case = case_for_staff(reference=reference)
    if case is None:
        return None
    draft_plan = _plan_or_none(case, "draft_plan")
    approved_plan = _plan_or_none(case, "approved_plan")
    plans = [plan for plan in (draft_plan, approved_plan) if plan is not None]
    # One query for the items of both plans, with the library exercise each was copied from.
    prefetch_related_objects(plans, Prefetch("items", queryset=PlanItem.objects.select_related("exercise")))
    events = list(
        AuditEvent.objects.filter(case=case)
        .exclude(action__in=READ_ACTIONS)
        .select_related("actor")
        .order_by("created_at", "id")
    )
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
    check_ins = list(CheckIn.objects.filter(case=case).select_related("outcome").order_by("due_at", "id"))
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
    return _staff_name(getattr(user, "first_name", ""), getattr(user, "last_name", ""), user.get_username())


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


def check_in_for_patient(*, token: str) -> CheckIn | None:
    """The check-in behind a patient's private link, with its case and answers (if any)."""
    return CheckIn.objects.filter(token=token).select_related("case", "outcome").first()


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
        .annotate(rules_version=_latest_assessment("rules_version"), first_ack=Min("acknowledgements__acknowledged_at"))
        .filter(rules_version__isnull=False)
        .values_list("rules_version", "urgency", "submitted_at", "first_ack", "queue_priority", "referred_to")
        .order_by()
    )
    red_flags = [agreement.RedFlagCase(*row) for row in flagged.iterator(chunk_size=2000)]
    return RulesReviewData(reviewed=reviewed, overrides=overrides, red_flags=red_flags)


def _latest_assessment_of_case(field_name: str, output_field=None) -> Subquery:
    """One column of the latest assessment of the case a row points to (for rows of FirstVisit)."""
    latest = Assessment.objects.filter(case=OuterRef("case_id")).order_by("-created_at", "-id")
    return Subquery(latest.values(field_name)[:1], output_field=output_field)
