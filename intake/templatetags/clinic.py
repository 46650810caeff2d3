"""The engine's codes in the words the pages use: {% load clinic %} then ``{{ pathway|pathway_label }}``."""

from django import template

from intake.models import Pathway, Urgency
from intake.patient.language import advice_texts
from intake.patient.language import language_name as _language_name
from intake.rules.questions import QUESTIONS_BY_KEY

register = template.Library()

_PATHWAY_LABELS = dict(Pathway.choices)
_URGENCY_LABELS = dict(Urgency.choices)


@register.filter
def pathway_label(value: str) -> str:
    return _PATHWAY_LABELS.get(str(value or ""), str(value or ""))


@register.filter
def urgency_label(value: str) -> str:
    return _URGENCY_LABELS.get(str(value or ""), str(value or ""))


@register.filter
def question_wording(key: str) -> str:
    """How the patient was asked the question with this key."""
    question = QUESTIONS_BY_KEY.get(key)
    return question.wording if question else key


@register.filter
def patient_advice_texts(group) -> list[str]:
    """One urgency group of the patient's advice box, its texts in the page's language."""
    return advice_texts(group)


@register.filter
def language_name(code: str) -> str:
    """A language code as staff read it: "es" -> "Spanish"."""
    return _language_name(str(code or ""))


@register.filter
def minutes_words(value: float | None) -> str:
    """A duration in minutes in short words: "45 min", "3 h 20 min", "2 d 4 h"."""
    from intake.agreement import minutes_words as words

    return words(value)
