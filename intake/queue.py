"""The staff queue's reads: one page of cases, the counts per status and the waiting banner, the export.

Every function here runs a fixed number of queries whatever the number of rows (the tests pin the
counts), and the queries stay cheap at a million cases:

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
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from intake.models import (
    OPEN_STATUSES,
    QUEUE_OPEN_STATUSES,
    REFERENCE_ALPHABET,
    Alert,
    AlertStatus,
    Case,
    CaseStatus,
    Pathway,
    QueuePriority,
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


def staff_name(first: str | None, last: str | None, username: str | None) -> str:
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
            assigned_to=staff_name(
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
