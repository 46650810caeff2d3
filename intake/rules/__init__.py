"""The differentiating-signs engine: pure Python, no Django (a test parses every module to keep it so).

Public API::

    from intake import rules

    answers = rules.validate({"heel_pain": True, "first_step_pain": True})  # raises rules.AnswersInvalid
    result = rules.assess(answers)        # or a plain mapping; validated on the way in
    result.pathway, result.urgency, result.red_flags, result.plan, result.questions_to_ask
    result.advice_all_for("999")          # every flag's patient advice, most urgent first, number filled in
    result.cautions, result.choice_explanation, result.escalated, result.softened   # for staff
    result.to_dict()                      # the JSON shape of ../shared/clinical/questions.md (plus extras)
    rules.Result.from_dict(snapshot)      # back from a stored snapshot
    rules.RULES_VERSION                   # e.g. "2026.2+ab12cd34"; every Result carries it
    rules.Pathway, rules.Urgency, rules.Section   # the vocabulary; .label on each member
    rules.PATHWAY_CHOICES, rules.URGENCY_CHOICES, rules.SECTION_CHOICES  # (value, label) pairs

Where things are: ``vocabulary.py`` (pathway, urgency and section names), ``questions.py`` (the
question contract), ``answers.py`` (checking answers), ``conditions.py`` and ``records.py`` (the
shapes of the rule data), ``data.py`` (the rules, ``rules.RULE_SET``) with their citations in
``sources.py``, ``checks.py`` (checking the rules), ``engine.py`` (the assessment), ``result.py``
(what it returns) and ``version.py`` (the rules version).
"""

from intake.rules.answers import Answers, AnswersInvalid, validate
from intake.rules.checks import RuleSetInvalid, check_rule_set
from intake.rules.data import RULE_SET
from intake.rules.engine import ENGINE, RULES_VERSION, Engine, assess, questions_to_ask
from intake.rules.questions import QUESTIONS, QUESTIONS_BY_KEY
from intake.rules.records import Score
from intake.rules.result import Caution, Note, PathwayScore, QuestionToAsk, RedFlag, Result, Sign
from intake.rules.sources import SOURCES
from intake.rules.version import fingerprint, version_of
from intake.rules.vocabulary import (
    PATHWAY_CHOICES,
    SCORED_PATHWAYS,
    SECTION_CHOICES,
    URGENCY_CHOICES,
    Pathway,
    Section,
    Urgency,
)

__all__ = [
    "ENGINE",
    "PATHWAY_CHOICES",
    "QUESTIONS",
    "QUESTIONS_BY_KEY",
    "RULES_VERSION",
    "RULE_SET",
    "SCORED_PATHWAYS",
    "SECTION_CHOICES",
    "SOURCES",
    "URGENCY_CHOICES",
    "Answers",
    "AnswersInvalid",
    "Caution",
    "Engine",
    "Note",
    "Pathway",
    "PathwayScore",
    "QuestionToAsk",
    "RedFlag",
    "Result",
    "RuleSetInvalid",
    "Score",
    "Section",
    "Sign",
    "Urgency",
    "assess",
    "check_rule_set",
    "fingerprint",
    "questions_to_ask",
    "validate",
    "version_of",
]
