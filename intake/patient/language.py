"""The patient's language: which one a page is in, and the engine's advice in it.

The rules engine works in English (it has no Django, so no gettext); its patient texts are marked
with ``intake.rules.i18n.gettext_noop`` and translated here when a page is shown. A red flag's
advice is found again by its rule id and variant in the current rule data, translated, and only
then given the clinic's emergency number; the stored snapshot keeps the English text staff saw.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from intake import rules
from intake.rules.result import with_emergency_number

# Which advice text of a red-flag rule a fired flag shows (records.RedFlagRule).
ADVICE, ESCALATED, SOFTENED = "advice", "escalated_advice", "softened_advice"
RED_FLAG_RULES = {rule.id: rule for rule in rules.RULE_SET.red_flags}


def advice_variant(flag: rules.RedFlag) -> str:
    """The rule's text this fired flag carries: escalated, softened or the plain advice."""
    if flag.escalated:
        return ESCALATED
    if flag.softened:
        return SOFTENED
    return ADVICE


def red_flag_advice(*, rule_id: str, variant: str, stored: str) -> str:
    """A fired flag's patient advice in the active language, with the clinic's emergency number.

    ``stored`` is the English advice kept with the assessment or the session; it is what an English
    page shows, and the fallback for a rule no longer in the rule data.
    """
    rule = RED_FLAG_RULES.get(rule_id)
    template = getattr(rule, variant, "") if rule is not None else ""
    if not template:
        return stored
    translated = gettext(template)
    if translated == template:
        # The source language (or a language without this text): the stored English, word for word.
        return stored
    return with_emergency_number(translated, settings.EMERGENCY_NUMBER)


def advice_texts(group: Mapping[str, object]) -> list[str]:
    """The texts of one urgency group of the advice box (views.advice_from), in the active language,
    each once."""
    flags = group.get("flags")
    if flags is None:  # a session from before the advice was kept by rule
        return [str(text) for text in group.get("texts", ())]  # type: ignore[union-attr]
    texts: list[str] = []
    for flag in flags:  # type: ignore[union-attr]
        text = red_flag_advice(rule_id=flag["rule"], variant=flag["variant"], stored=flag["text"])
        if text not in texts:
            texts.append(text)
    return texts


def supported_language(code: str | None) -> str:
    """``code`` if the site offers it (or a variant of it), else LANGUAGE_CODE."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def current_language() -> str:
    """The language of this request's page, as Case.language stores it (e.g. "es")."""
    return supported_language(translation.get_language())


def language_name(code: str) -> str:
    """The language's name in English, for staff pages ("Spanish")."""
    return dict(settings.LANGUAGES).get(code, code)
