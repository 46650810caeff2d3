"""What a rule change would do, before it ships: every stored case assessed under a candidate rule set.

    python manage.py whatif path/to/candidate.py           # a file defining RULE_SET
    python manage.py whatif mypackage.candidate_rules      # or a module on the Python path
    python manage.py whatif CANDIDATE --against current    # compare with the running rules instead
    python manage.py whatif CANDIDATE --format csv > changes.csv

The candidate exposes ``RULE_SET``, built with the engine's records (``intake.rules.records``; the
easiest start is ``dataclasses.replace(intake.rules.RULE_SET, ...)``). Reported: the cases whose
pathway or urgency would change, grouped by direction. Red-flag cases that would lose urgency are
printed first, each the moment it is found; the groups follow once every case has been read. Progress
goes to stderr. Nothing is written to the database. Exit status 2 when the candidate cannot be used.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from django.core.management.base import BaseCommand

from intake import rules, whatif

PROGRESS_EVERY = 100_000


class Command(BaseCommand):
    help = "Assess every stored case under a candidate rule set and report whose pathway or urgency would change."

    def add_arguments(self, parser):
        parser.add_argument("candidate", help="A module path (package.module) or a .py file that defines RULE_SET.")
        parser.add_argument(
            "--against",
            choices=[whatif.BASELINE_STORED, whatif.BASELINE_CURRENT],
            default=whatif.BASELINE_STORED,
            help="Compare with each case's stored assessment (default), or with the running rules "
            "(the change alone, whatever rules assessed each case at the time; twice the work).",
        )
        parser.add_argument("--format", choices=["text", "csv"], default="text")
        parser.add_argument("--chunk-size", type=int, default=whatif.CHUNK_SIZE, help="Rows fetched at a time.")

    def handle(self, *args, **options):
        try:
            candidate = whatif.load_candidate(options["candidate"])
        except whatif.CandidateInvalid as error:
            self.stderr.write(str(error))
            sys.exit(2)
        report = _CsvReport(self.stdout) if options["format"] == "csv" else _TextReport(self.stdout)
        report.header(candidate=candidate.version, current=rules.RULES_VERSION, against=options["against"])

        tally = whatif.Tally()
        by_pathway: dict[tuple[rules.Pathway, rules.Pathway], list[whatif.Change]] = defaultdict(list)
        by_urgency: dict[tuple[rules.Urgency, rules.Urgency], list[whatif.Change]] = defaultdict(list)
        next_progress = PROGRESS_EVERY
        for change in whatif.changes(
            candidate, baseline=options["against"], tally=tally, chunk_size=options["chunk_size"]
        ):
            if change.loses_red_flag_urgency:
                report.lost_urgency(change)  # streamed: the cases that matter most, at once
            if change.pathway_changed:
                by_pathway[(change.pathway_before, change.pathway_after)].append(change)
            if change.urgency_changed:
                by_urgency[(change.urgency_before, change.urgency_after)].append(change)
            if tally.assessed >= next_progress:
                self._progress(tally)
                next_progress += PROGRESS_EVERY
        self._progress(tally)
        report.groups(by_pathway=by_pathway, by_urgency=by_urgency, tally=tally)

    def _progress(self, tally: whatif.Tally) -> None:
        rate = tally.assessed / tally.seconds if tally.seconds else 0
        self.stderr.write(
            f"... {tally.assessed:,} cases assessed, {tally.changed:,} would change "
            f"({tally.seconds:.1f} s, {rate:,.0f}/s)"
        )


def _pathway(pathway: rules.Pathway) -> str:
    return pathway.label


def _urgency_order(pair: tuple[rules.Urgency, rules.Urgency]) -> tuple[int, int]:
    """Losing urgency first (the biggest drop first), then gaining it."""
    before, after = pair
    return (after.rank - before.rank, -before.rank)


class _TextReport:
    def __init__(self, out) -> None:
        self.out = out
        self.lost = 0

    def header(self, *, candidate: str, current: str, against: str) -> None:
        baseline = (
            "each case's stored assessment" if against == whatif.BASELINE_STORED else f"the running rules {current}"
        )
        self.out.write(f"What if: candidate rules {candidate}, compared with {baseline}.")
        self.out.write("")
        self.out.write("Red-flag cases that would lose urgency (listed first, as found):")

    def lost_urgency(self, change: whatif.Change) -> None:
        self.lost += 1
        pathway = (
            f"{_pathway(change.pathway_before)} -> {_pathway(change.pathway_after)}"
            if change.pathway_changed
            else f"still {_pathway(change.pathway_after)}"
        )
        self.out.write(
            f"  {change.reference}  {change.urgency_before.value} -> {change.urgency_after.value}  ({pathway})"
        )

    def groups(self, *, by_pathway, by_urgency, tally: whatif.Tally) -> None:
        if not self.lost:
            self.out.write("  none")
        self.out.write("")
        self.out.write("Urgency changes, by direction:")
        for pair in sorted(by_urgency, key=_urgency_order):
            self._group(f"{pair[0].value} -> {pair[1].value}", by_urgency[pair])
        if not by_urgency:
            self.out.write("  none")
        self.out.write("")
        self.out.write("Pathway changes, by direction:")
        for pair in sorted(by_pathway, key=lambda pair: (-len(by_pathway[pair]), pair[0].value, pair[1].value)):
            self._group(f"{_pathway(pair[0])} -> {_pathway(pair[1])}", by_pathway[pair])
        if not by_pathway:
            self.out.write("  none")
        self.out.write("")
        rate = tally.assessed / tally.seconds if tally.seconds else 0
        self.out.write(
            f"{tally.assessed:,} cases assessed in {tally.seconds:.1f} s ({rate:,.0f} a second); "
            f"{tally.changed:,} would change ({self.lost:,} red-flag cases would lose urgency); "
            f"{tally.not_assessed:,} never assessed, skipped."
        )

    def _group(self, title: str, changes: list[whatif.Change]) -> None:
        self.out.write(f"  {title}: {len(changes):,} case{'s' if len(changes) != 1 else ''}")
        for change in changes:
            self.out.write(f"    {change.reference}")


class _CsvReport:
    """One row per case and group: group (lost_urgency, urgency, pathway), reference, before and after."""

    HEADER = ["group", "reference", "pathway_before", "pathway_after", "urgency_before", "urgency_after"]

    def __init__(self, out) -> None:
        self.out = out

    def _row(self, group: str, change: whatif.Change) -> None:
        line = [
            group,
            change.reference,
            change.pathway_before.value,
            change.pathway_after.value,
            change.urgency_before.value,
            change.urgency_after.value,
        ]
        self.out.write(",".join(line))

    def header(self, *, candidate: str, current: str, against: str) -> None:
        self.out.write(",".join(self.HEADER))

    def lost_urgency(self, change: whatif.Change) -> None:
        self._row("lost_urgency", change)

    def groups(self, *, by_pathway, by_urgency, tally: whatif.Tally) -> None:
        for pair in sorted(by_urgency, key=_urgency_order):
            for change in by_urgency[pair]:
                self._row("urgency", change)
        for pair in sorted(by_pathway, key=lambda pair: (pair[0].value, pair[1].value)):
            for change in by_pathway[pair]:
                self._row("pathway", change)
