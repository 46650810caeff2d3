"""What-if runs from the web: the clinical lead chooses a candidate rule set by name (never a path), the
task worker assesses every stored case under it (intake/whatif.py's streaming engine: one streamed query,
no case held in memory), and the report rows are stored in bulk as they come.

Progress is written every PROGRESS_EVERY cases, so the page can say how far a long run has got.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intake import audit, whatif
from intake.models import WhatIfChange, WhatIfRun, WhatIfRunStatus, WhatIfSection
from intake.whatif_models import WhatIfBaseline, direction_order

# Report rows written per INSERT, and cases between two progress updates of the run.
BATCH_SIZE = 2000
PROGRESS_EVERY = 50_000


@transaction.atomic
def whatif_run_request(*, candidate_name: str, actor: User, baseline: str = WhatIfBaseline.STORED) -> WhatIfRun:
    """Queue a run of the named candidate (the worker does it once this transaction commits)."""
    try:
        engine = whatif.load_named_candidate(candidate_name)
    except whatif.CandidateInvalid as error:
        raise ValidationError({"candidate": str(error)}) from error
    run = WhatIfRun(
        requested_by=actor, candidate_name=candidate_name, candidate_version=engine.version, baseline=baseline
    )
    run.full_clean()
    run.save()
    audit.whatif_requested(actor=actor, run=run)
    transaction.on_commit(_enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> Callable[[], None]:
    def enqueue() -> None:
        # Imported here: intake.tasks imports this module (the task calls whatif_run_execute).
        from intake import tasks

        tasks.whatif_run.enqueue(run_id)

    return enqueue


def whatif_run_execute(*, run_id: int) -> WhatIfRun:
    """Assess every stored case under the run's candidate and store the report. A run that is not
    waiting (done, failed, or taken by another worker) is left as it is."""
    claimed = WhatIfRun.objects.filter(pk=run_id, status=WhatIfRunStatus.QUEUED).update(
        status=WhatIfRunStatus.RUNNING, started_at=timezone.now()
    )
    run = WhatIfRun.objects.get(pk=run_id)
    if not claimed:
        return run
    try:
        _execute(run)
    except Exception as error:  # noqa: BLE001 - whatever the candidate did, the run says so instead of vanishing
        WhatIfChange.objects.filter(run=run).delete()
        run.status = WhatIfRunStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
    return run


def _execute(run: WhatIfRun) -> None:
    engine = whatif.load_named_candidate(run.candidate_name)
    run.candidate_version = engine.version  # the file may have changed since it was listed: say what ran
    tally = whatif.Tally()
    batch: list[WhatIfChange] = []
    rows = _reporting_progress(whatif.stored_cases(), run, tally)
    for change in whatif.changes(engine, baseline=run.baseline, tally=tally, rows=rows):
        batch.extend(_report_rows(run, change))
        if change.loses_red_flag_urgency:
            run.lost_urgency += 1
        if len(batch) >= BATCH_SIZE:
            WhatIfChange.objects.bulk_create(batch)
            batch.clear()
    WhatIfChange.objects.bulk_create(batch)
    run.assessed, run.not_assessed, run.changed = tally.assessed, tally.not_assessed, tally.changed
    run.seconds = tally.seconds
    run.status = WhatIfRunStatus.DONE
    run.finished_at = timezone.now()
    run.save()


def _reporting_progress(
    rows: Iterator[tuple[object, ...]], run: WhatIfRun, tally: whatif.Tally
) -> Iterator[tuple[object, ...]]:
    """The rows as they stream past, writing the counts so far every PROGRESS_EVERY cases."""
    for seen, row in enumerate(rows, start=1):
        if seen % PROGRESS_EVERY == 0:
            WhatIfRun.objects.filter(pk=run.pk).update(
                assessed=tally.assessed, not_assessed=tally.not_assessed, changed=tally.changed
            )
        yield row


def _report_rows(run: WhatIfRun, change: whatif.Change) -> list[WhatIfChange]:
    """The change in each section it belongs to: urgency (lost or gained), pathway, or both."""
    rows = []
    if change.urgency_changed:
        section = WhatIfSection.LOST_URGENCY if change.loses_red_flag_urgency else WhatIfSection.MORE_URGENT
        rows.append(_row(run, change, section, change.urgency_before.value, change.urgency_after.value))
    if change.pathway_changed:
        section = WhatIfSection.PATHWAY
        rows.append(_row(run, change, section, change.pathway_before.value, change.pathway_after.value))
    return rows


def _row(run: WhatIfRun, change: whatif.Change, section: int, before: str, after: str) -> WhatIfChange:
    return WhatIfChange(
        run=run,
        section=section,
        direction_order=direction_order(section, before, after),
        case_reference=change.reference,
        pathway_before=change.pathway_before.value,
        pathway_after=change.pathway_after.value,
        urgency_before=change.urgency_before.value,
        urgency_after=change.urgency_after.value,
    )
