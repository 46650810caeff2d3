"""The differentiating-signs engine: pure Python, no Django (a test parses every module to keep it so).

Public API::

    from intake import rules

    answers = rules.validate({"heel_pain": True, "first_step_pain": True})  # raises rules.AnswersInvalid
    result = rules.assess(answers)        # or a plain mapping; validated on the way in
    result.pathway, result.urgency, result.red_flags, result.plan, result.questions_to_ask
    result.to_dict()                      # the JSON shape of ../shared/clinical/questions.md (plus extras)
    rules.Result.from_dict(snapshot)      # back from a stored snapshot
    rules.RULES_VERSION                   # e.g. "2026.1+ab12cd34"; every Result carries it

The rules are data in ``data.py`` (``rules.RULE_SET``), with their citations in ``sources.py``.
"""

from intake.rules.data import RULE_SET
from intake.rules.engine import (
    ENGINE,
    RULES_VERSION,
    Answers,
    AnswersInvalid,
    Engine,
    Note,
    PathwayScore,
    QuestionToAsk,
    RedFlag,
    Result,
    RuleSetInvalid,
    Sign,
    assess,
    check_rule_set,
    questions_to_ask,
    validate,
)
from intake.rules.questions import QUESTIONS, QUESTIONS_BY_KEY
from intake.rules.records import SCORED_PATHWAYS, Pathway, Score, Urgency
from intake.rules.sources import SOURCES
from intake.rules.version import fingerprint, version_of

__all__ = [
    "ENGINE",
    "QUESTIONS",
    "QUESTIONS_BY_KEY",
    "RULES_VERSION",
    "RULE_SET",
    "SCORED_PATHWAYS",
    "SOURCES",
    "Answers",
    "AnswersInvalid",
    "Engine",
    "Note",
    "Pathway",
    "PathwayScore",
    "QuestionToAsk",
    "RedFlag",
    "Result",
    "RuleSetInvalid",
    "Score",
    "Sign",
    "Urgency",
    "assess",
    "check_rule_set",
    "fingerprint",
    "questions_to_ask",
    "validate",
    "version_of",
]
