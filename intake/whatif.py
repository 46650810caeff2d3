"""What a rule change would do: every stored case assessed under a candidate rule set, compared with
what the case has now (its stored assessment) or with what the running rules say.

Used by ``manage.py whatif``. Built for a clinic's whole history on one core: the answers come from
one streamed query (``values_list(...).iterator``, no query per case), and each case is assessed with
``Engine.triage`` (pathway and urgency only, no explained result). Nothing is written.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from django.conf import settings

from intake import rules
from intake.models import Answers
from intake.rules.questions import QUESTIONS
from intake.rules.records import RuleSet

ANSWER_KEYS: tuple[str, ...] = tuple(question.key for question in QUESTIONS)
CHUNK_SIZE = 5000
BASELINE_STORED = "stored"
BASELINE_CURRENT = "current"


class CandidateInvalid(Exception):
    """The candidate could not be loaded or its rule set is not usable; the message says why."""


def load_candidate(candidate: str) -> rules.Engine:
    """An engine for the ``RULE_SET`` of a module (``package.module``) or a Python file (``path/x.py``)."""
    return _engine(candidate, _module(candidate))


def _module(candidate: str) -> ModuleType:
    path = Path(candidate)
    try:
        if candidate.endswith(".py") or path.exists():
            if not path.is_file():
                raise CandidateInvalid(f"{candidate}: no such file")
            spec = importlib.util.spec_from_file_location(f"whatif_candidate_{path.stem}", path)
            if spec is None or spec.loader is None:
                raise CandidateInvalid(f"{candidate}: not a Python file")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
        return importlib.import_module(candidate)
    except CandidateInvalid:
        raise
    except Exception as error:  # the candidate's own code failed to import: say so, with its error
        raise CandidateInvalid(f"{candidate} could not be loaded: {type(error).__name__}: {error}") from error


def _engine(candidate: str, module: ModuleType) -> rules.Engine:
    rule_set = getattr(module, "RULE_SET", None)
    if not isinstance(rule_set, RuleSet):
        raise CandidateInvalid(f"{candidate} has no RULE_SET built with intake.rules.records.RuleSet")
    try:
        return rules.Engine(rule_set)
    except rules.RuleSetInvalid as error:
        raise CandidateInvalid(f"{candidate}: the rule set does not pass the engine's checks: {error}") from error


# --- Candidates the web page may run: files in one folder, chosen by name ----------------------------------------

# A candidate's name is its file name without .py: lower-case letters, digits and underscores. A name from the
# browser is only ever looked up among the files listed, never turned into a path or a module name.
CANDIDATE_NAME = re.compile(r"[a-z0-9][a-z0-9_]{0,99}")


@dataclass(frozen=True)
class Candidate:
    """A candidate rule set in settings.RULES_CANDIDATES_DIR, as the what-if page lists it."""

    name: str
    version: str = ""
    summary: str = ""  # the first line of the file's docstring
    problem: str = ""  # why it cannot be run (it failed to load, or its rules do not pass the engine's checks)

    @property
    def usable(self) -> bool:
        return not self.problem


def candidates_dir() -> Path:
    return Path(settings.RULES_CANDIDATES_DIR)


def candidates() -> list[Candidate]:
    """Every ``<name>.py`` in the candidates folder, loaded to read its rules version, by name."""
    folder = candidates_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.py")):
        if not CANDIDATE_NAME.fullmatch(path.stem):
            continue  # __init__.py, helpers starting with _, names a browser could not choose
        try:
            module = _module(str(path))
            engine = _engine(path.stem, module)
        except CandidateInvalid as error:
            found.append(Candidate(name=path.stem, problem=str(error).replace(str(path), path.stem)))
            continue
        summary = (module.__doc__ or "").strip().split("\n", 1)[0]
        found.append(Candidate(name=path.stem, version=engine.version, summary=summary))
    return found


def load_named_candidate(name: str) -> rules.Engine:
    """The engine of the candidate called ``name`` in the candidates folder; CandidateInvalid otherwise."""
    folder = candidates_dir()
    paths = {path.stem: path for path in folder.glob("*.py")} if folder.is_dir() else {}
    if not CANDIDATE_NAME.fullmatch(name) or name not in paths:
        raise CandidateInvalid(f"No candidate rule set is called {name!r}.")
    path = paths[name]
    return _engine(name, _module(str(path)))


@dataclass(frozen=True, slots=True)
class Change:
    """One case whose pathway or urgency the candidate would change."""

    reference: str
    pathway_before: rules.Pathway
    pathway_after: rules.Pathway
    urgency_before: rules.Urgency
    urgency_after: rules.Urgency

    @property
    def pathway_changed(self) -> bool:
        return self.pathway_before is not self.pathway_after

    @property
    def urgency_changed(self) -> bool:
        return self.urgency_before is not self.urgency_after

    @property
    def loses_red_flag_urgency(self) -> bool:
        """An urgent or emergency case the candidate would rate less urgent: listed first, always."""
        return self.urgency_before is not rules.Urgency.ROUTINE and self.urgency_after.rank < self.urgency_before.rank


@dataclass
class Tally:
    """Counts kept while the cases stream past."""

    assessed: int = 0
    not_assessed: int = 0  # cases with no stored assessment (nothing to compare with)
    changed: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def stored_cases(*, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """(reference, stored pathway, stored urgency, *answers in ANSWER_KEYS order) for every case, in one
    streamed query (a server-side cursor on PostgreSQL)."""
    rows = Answers.objects.order_by("pk").values_list("case__reference", "case__pathway", "case__urgency", *ANSWER_KEYS)
    return rows.iterator(chunk_size=chunk_size)


def changes(
    candidate: rules.Engine,
    *,
    baseline: str = BASELINE_STORED,
    tally: Tally | None = None,
    rows: Iterator[tuple] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Change]:
    """Each case whose pathway or urgency would differ under ``candidate``, as the cases stream past.

    ``baseline``: compare with the stored assessment (what the case has now) or with the running rules
    (what the change itself does, whatever rules assessed the case at the time).
    """
    tally = tally if tally is not None else Tally()
    current = rules.ENGINE if baseline == BASELINE_CURRENT else None
    pathways, urgencies = {p.value: p for p in rules.Pathway}, {u.value: u for u in rules.Urgency}
    keys = ANSWER_KEYS
    for row in rows if rows is not None else stored_cases(chunk_size=chunk_size):
        reference, stored_pathway, stored_urgency = row[0], row[1], row[2]
        if not stored_pathway:
            tally.not_assessed += 1
            continue
        answers = {key: value for key, value in zip(keys, row[3:], strict=True) if value is not None}
        after = candidate.triage(answers)
        if current is not None:
            before = current.triage(answers)
        else:
            before = (pathways[stored_pathway], urgencies[stored_urgency])
        tally.assessed += 1
        if before != after:
            tally.changed += 1
            yield Change(reference, before[0], after[0], before[1], after[1])
