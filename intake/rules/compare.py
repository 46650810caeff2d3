"""Two results for the same answers side by side: a stored snapshot and what some rules say now.

Used by the case page's "Re-run under the current rules" (which never stores what it computes) and,
for pathway and urgency only, by ``manage.py whatif``. Pure Python, like the rest of the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.rules.questions import QUESTIONS_BY_KEY
from intake.rules.result import PathwayScore, Result
from intake.rules.vocabulary import SCORED_PATHWAYS, Urgency


@dataclass(frozen=True, slots=True)
class ComparedRow:
    """One aspect of the result, in words, under the stored rules and under the rules compared with."""

    aspect: str
    stored: tuple[str, ...]
    current: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.stored != self.current


@dataclass(frozen=True, slots=True)
class Comparison:
    stored_version: str
    current_version: str
    rows: tuple[ComparedRow, ...]

    @property
    def changed_rows(self) -> tuple[ComparedRow, ...]:
        return tuple(row for row in self.rows if row.changed)

    @property
    def same(self) -> bool:
        return not self.changed_rows


def _score_words(entry: PathwayScore | None) -> tuple[str, ...]:
    if entry is None:
        return ("not counted",)
    qualifies = "qualifies" if entry.eligible else "does not qualify"
    return (f"{entry.score} (needs {entry.threshold}), {qualifies}",)


def _flags(result: Result) -> tuple[str, ...]:
    return tuple(
        f"{flag.rule} ({flag.urgency.value}{', escalated' if flag.escalated else ''}"
        f"{', softened' if flag.softened else ''})"
        for flag in result.red_flags_most_urgent_first
    )


def _questions(result: Result) -> tuple[str, ...]:
    return tuple(
        QUESTIONS_BY_KEY[question.key].wording if question.key in QUESTIONS_BY_KEY else question.key
        for question in result.questions_to_ask
    )


def compare(stored: Result, current: Result) -> Comparison:
    """Every aspect a physiotherapist reads, stored first; ``changed`` marks those that differ."""
    rows = [
        ComparedRow("Suggested pathway", (stored.pathway.label,), (current.pathway.label,)),
        ComparedRow("What the scores chose", (stored.scored_pathway.label,), (current.scored_pathway.label,)),
        ComparedRow("Urgency", (stored.urgency.label,), (current.urgency.label,)),
        ComparedRow("Red flags", _flags(stored), _flags(current)),
    ]
    for pathway in SCORED_PATHWAYS:
        rows.append(
            ComparedRow(
                f"Score: {pathway.label}",
                _score_words(stored.ranking_entry(pathway)),
                _score_words(current.ranking_entry(pathway)),
            )
        )
    rows += [
        ComparedRow("Questions to ask", _questions(stored), _questions(current)),
        ComparedRow("Plan items", stored.plan, current.plan),
        ComparedRow("Differential notes", tuple(n.id for n in stored.notes), tuple(n.id for n in current.notes)),
    ]
    return Comparison(stored.version, current.version, tuple(rows))


# --- Direction of a change, for the what-if report ---------------------------------------------------------


def urgency_direction(before: Urgency, after: Urgency) -> str:
    """ "lower", "higher" or "same" urgency."""
    if after.rank < before.rank:
        return "lower"
    if after.rank > before.rank:
        return "higher"
    return "same"


def loses_red_flag_urgency(before: Urgency, after: Urgency) -> bool:
    """A red-flag case (urgent or emergency) that the other rules would rate less urgent."""
    return before is not Urgency.ROUTINE and after.rank < before.rank
