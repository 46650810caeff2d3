"""The what-if runs the clinical lead asks for from the web (intake/staff/learning_views.py): one run of a
candidate rule set over every stored case, done by the task worker, and its report rows.

Imported by intake/models.py (so Django finds the models); kept apart because they describe a report,
not a clinical record: no foreign key to a case (a row names the case by its reference) and the rows go
when their run is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from intake.rules import Pathway, Urgency


class WhatIfRunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class WhatIfBaseline(models.TextChoices):
    """What each case is compared with (intake/whatif.py: BASELINE_STORED, BASELINE_CURRENT)."""

    STORED = "stored", "Each case's stored assessment"
    CURRENT = "current", "The rules running now"


class WhatIfSection(models.IntegerChoices):
    """The report's sections, in the order the page lists them: lost urgency always first."""

    LOST_URGENCY = 0, "Red-flag cases that would lose urgency"
    MORE_URGENT = 1, "Cases that would become more urgent"
    PATHWAY = 2, "Pathway changes"


class WhatIfRun(models.Model):
    """One what-if run: who asked, when, which candidate (name and rules version), how far it got."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    candidate_name = models.CharField(
        max_length=100, help_text="The candidate's file name (without .py) in settings.RULES_CANDIDATES_DIR."
    )
    candidate_version = models.CharField(
        max_length=64, help_text="The candidate's rules version, as listed when asked and as run."
    )
    baseline = models.CharField(max_length=16, choices=WhatIfBaseline.choices, default=WhatIfBaseline.STORED)
    status = models.CharField(max_length=16, choices=WhatIfRunStatus.choices, default=WhatIfRunStatus.QUEUED)
    assessed = models.PositiveIntegerField(default=0, help_text="Cases assessed so far.")
    not_assessed = models.PositiveIntegerField(default=0, help_text="Cases with no stored assessment, skipped.")
    changed = models.PositiveIntegerField(default=0, help_text="Cases whose pathway or urgency would change.")
    lost_urgency = models.PositiveIntegerField(default=0, help_text="Red-flag cases that would lose urgency.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="How long the assessment took.")
    error = models.TextField(blank=True, help_text="Why a failed run failed (the candidate's error).")

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=WhatIfRunStatus.values), name="whatifrun_status_valid"),
            models.CheckConstraint(condition=Q(baseline__in=WhatIfBaseline.values), name="whatifrun_baseline_valid"),
        ]

    def __str__(self) -> str:
        return f"What if {self.candidate_name} ({self.candidate_version}), {self.get_status_display().lower()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (WhatIfRunStatus.DONE, WhatIfRunStatus.FAILED)


_PATHWAYS = list(Pathway)
_PATHWAY_CHOICES = [(pathway.value, pathway.label) for pathway in Pathway]
_URGENCY_CHOICES = [(urgency.value, urgency.label) for urgency in Urgency]


def direction_order(section: int, before: str, after: str) -> int:
    """Where a direction sorts within its section: the biggest loss of urgency first; pathways in the
    engine's order of pathways."""
    if section == WhatIfSection.PATHWAY:
        return _PATHWAYS.index(Pathway(before)) * 100 + _PATHWAYS.index(Pathway(after))
    before_rank, after_rank = Urgency(before).rank, Urgency(after).rank
    return (after_rank - before_rank) * 10 - before_rank


class WhatIfChange(models.Model):
    """One case in one section of a run's report (a case whose pathway and urgency both change is in two)."""

    run = models.ForeignKey(WhatIfRun, on_delete=models.CASCADE, related_name="changes")
    section = models.PositiveSmallIntegerField(choices=WhatIfSection.choices)
    direction_order = models.SmallIntegerField(help_text="Sort key of the direction within the section.")
    case_reference = models.CharField(max_length=9)
    pathway_before = models.CharField(max_length=20, choices=_PATHWAY_CHOICES)
    pathway_after = models.CharField(max_length=20, choices=_PATHWAY_CHOICES)
    urgency_before = models.CharField(max_length=16, choices=_URGENCY_CHOICES)
    urgency_after = models.CharField(max_length=16, choices=_URGENCY_CHOICES)

    class Meta:
        ordering = ["section", "direction_order", "id"]
        indexes = [
            # The report page: one run's rows in report order, a page at a time, and the counts per direction.
            models.Index(fields=["run", "section", "direction_order", "id"], name="whatifchange_report_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_reference} in {self.get_section_display().lower()}"

    @property
    def before(self) -> str:
        return self.get_pathway_before_display() if self.section == WhatIfSection.PATHWAY else self.urgency_before

    @property
    def after(self) -> str:
        return self.get_pathway_after_display() if self.section == WhatIfSection.PATHWAY else self.urgency_after
