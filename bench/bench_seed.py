"""The staff benchmark's seed beyond the cases (bench_staff.py): each case's assessment, plan and timeline,
and COPY that fills any column a later migration adds with its model default."""

from __future__ import annotations

import json
import random

CLINICAL_TABLES = (
    "intake_patient", "intake_case", "intake_answers", "intake_assessment", "intake_therapyplan",
    "intake_planitem", "intake_auditevent",
)  # fmt: skip
PLAN_ITEMS = 6  # a typical plan: five or six exercises


def seed_clinical_records(raw, count: int, rng: random.Random, *, start, step, physios: list[int]) -> None:
    """Each case's assessment (a real engine result), its plan with six items (approved unless the case is
    still open) and its timeline (submitted, assessed, plan drafted; assigned, approved and closed as its
    status says), written with COPY like the cases, so the case page and the queue read realistic tables."""
    import datetime as dt

    from intake import rules
    from intake.demo.cases import DEMO_CASES
    from intake.models import Assessment, AuditEvent, Exercise, PlanItem, TherapyPlan, new_patient_link_token
    from tests.staff_support import load_library

    load_library()
    exercises = list(Exercise.objects.values_list("pk", "name"))
    results = []
    for case in DEMO_CASES:
        result = rules.assess(case["answers"])
        results.append((result.to_dict(emergency_number="999"), result.version))
    with raw.connection.cursor() as cursor:
        cursor.execute("SELECT id, status, pathway, urgency, submitted_at, assigned_to_id FROM intake_case")
        cases = cursor.fetchall()
    plans = []
    with copy_rows(
        raw, Assessment, ["id", "case_id", "pathway", "urgency", "result", "rules_version", "created_at"]
    ) as write:
        for case_id, _status, pathway, urgency, at, _assigned in cases:
            result, version = results[case_id % len(results)]
            write((case_id, case_id, pathway, urgency, json.dumps(result), version, at))
    plan_columns = ["id", "case_id", "assessment_id", "pathway", "status", "version", "created_at", "updated_at",
                    "approved_by_id", "approved_at", "patient_link_token"]  # fmt: skip
    with copy_rows(raw, TherapyPlan, plan_columns) as write:
        for case_id, status, pathway, _urgency, at, assigned in cases:
            if pathway == "urgent_referral":
                continue  # no self-care plan for a red flag
            approved = status not in ("submitted", "in_review") and assigned is not None
            later = at + dt.timedelta(days=1)
            write((case_id, case_id, case_id, pathway, "approved" if approved else "draft", 2 if approved else 1, at,
                   later if approved else at, assigned if approved else None, later if approved else None,
                   new_patient_link_token()))  # fmt: skip
            plans.append(case_id)
    item_columns = ["plan_id", "exercise_id", "position", "name", "sets", "reps", "frequency", "patient_instructions"]
    with copy_rows(raw, PlanItem, item_columns) as write:
        for plan_id in plans:
            for position in range(1, PLAN_ITEMS + 1):
                exercise_id, name = exercises[(plan_id + position) % len(exercises)]
                write((plan_id, exercise_id, position, name, 3, 10, "once a day", "As shown at your visit."))
    event_columns = ["actor_id", "action", "case_id", "details", "version", "created_at"]
    with copy_rows(raw, AuditEvent, event_columns) as write:
        for case_id, status, pathway, _urgency, at, assigned in cases:
            write((None, "case_submitted", case_id, "{}", 1, at))
            write((None, "case_assessed", case_id, json.dumps({"pathway": pathway}), 2, at))
            if pathway != "urgent_referral":
                write((None, "plan_created", case_id, "{}", 2, at))
            if assigned is not None:
                write((assigned, "case_assigned", case_id, json.dumps({"assigned_to": "physio"}), 3, at))
            if status not in ("submitted", "in_review") and assigned is not None and pathway != "urgent_referral":
                write((assigned, "plan_approved", case_id, "{}", 4, at + dt.timedelta(days=1)))
            if status == "closed":
                write((assigned, "case_closed", case_id, "{}", 5, at + dt.timedelta(days=42)))


class copy_rows:  # noqa: N801 (used as a context manager, like open())
    """COPY into a model's table: the columns given, then every other NOT NULL column with a Python
    default filled from the model (so a field added by a later migration does not break the seed)."""

    def __init__(self, raw, model, columns: list[str]):
        fields = {field.column: field for field in model._meta.concrete_fields}
        self.extra = [
            fields[name]
            for name in fields
            if name not in columns and name != "id" and not fields[name].null and _defaulted(fields[name])
        ]
        _check_columns(model, [*columns, *(field.column for field in self.extra), "id"])
        self.raw = raw
        self.sql = f"COPY {model._meta.db_table} ({', '.join([*columns, *(f.column for f in self.extra)])}) FROM STDIN"

    def __enter__(self):
        self.manager = self.raw.copy(self.sql)
        self.copy = self.manager.__enter__()
        extra = self.extra

        def write(row: tuple) -> None:
            self.copy.write_row((*row, *(_copyable(field.get_default()) for field in extra)))

        return write

    def __exit__(self, *exc):
        return self.manager.__exit__(*exc)


def _defaulted(field) -> bool:
    """A default in the model, or a text field that may be left blank (stored as "")."""
    return field.has_default() or (field.blank and field.empty_strings_allowed)


def _copyable(value):
    if isinstance(value, dict | list):
        return json.dumps(value)
    return getattr(value, "value", value)  # a TextChoices member as its stored text


def _check_columns(model, columns: list[str]) -> None:
    """Every NOT NULL column without a database default must be written, or COPY fails obscurely."""
    from django.db.models import NOT_PROVIDED

    names = {field.column for field in model._meta.concrete_fields}
    unknown = set(columns) - names
    if unknown:
        raise SystemExit(f"bench seed is out of date: {model.__name__} has no column(s) {sorted(unknown)}")
    missing = [
        field.column
        for field in model._meta.concrete_fields
        if field.column not in columns and not field.null and field.db_default is NOT_PROVIDED
    ]
    if missing:
        raise SystemExit(f"bench seed is out of date: {model.__name__} needs values for {missing}")
