"""The case summary a physiotherapist copies into the practice system (Jane, Cliniko, WebPT) in one click.

Plain text, built from the case page's data (selectors.CaseDetail: no query of its own), so the case
page shows it and the download (``staff:case_summary``) serves the same words. What it holds: who and
when, the answers that matter (those the suggestion's signs and the red flags rest on, and every Yes or
Not sure to a safety or health question), the suggestion with its signs by rule id, each red flag with
its acknowledgement, and the approved plan with its doses. Never the whole questionnaire: the case page
has that.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone, translation

from intake import rules, selectors
from intake.models import Case, Pathway, TherapyPlan, Urgency
from intake.rules.questions import QUESTIONS, Kind, Question, Section

_PATHWAY_LABELS = dict(Pathway.choices)
_URGENCY_LABELS = dict(Urgency.choices)
# Sections whose every Yes matters to a physiotherapist, whatever the suggestion.
_ALWAYS_SHOWN = (Section.SAFETY, Section.HEALTH)


def answer_words(question: Question, value: object) -> str:
    """An answer as the case page shows it: Yes/No, the choice's words, or the value."""
    if value is None:
        return ""
    if question.kind is Kind.BOOL:
        return "Yes" if value else "No"
    if question.kind is Kind.CHOICE:
        return dict(question.choices).get(value, value)
    return str(value)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M") if moment else ""


def _suggested_entry(result: rules.Result) -> rules.PathwayScore | None:
    return next((entry for entry in result.ranking if entry.pathway == result.scored_pathway), None)


def _keys_that_matter(result: rules.Result | None) -> set[str]:
    if result is None:
        return set()
    keys = {flag.key for flag in result.red_flags}
    entry = _suggested_entry(result)
    if entry is not None:
        for sign in (*entry.signs_for, *entry.signs_against):
            keys.update(sign.keys)
    return keys


def answers_that_matter(case: Case, result: rules.Result | None) -> list[str]:
    """One line per answer that matters, in the order the patient answered them."""
    answers = getattr(case, "answers", None)
    if answers is None:
        return []
    cited = _keys_that_matter(result)
    lines = []
    for question in QUESTIONS:
        value = getattr(answers, question.key, None)
        shown = question.key in cited or (question.section in _ALWAYS_SHOWN and value is True)
        if shown and value is not None:
            lines.append(f"- {question.wording} {answer_words(question, value)}")
    lines += [
        f"- {rules.QUESTIONS_BY_KEY[key].wording} Not sure"
        for key in case.unsure_safety_keys
        if key in rules.QUESTIONS_BY_KEY
    ]
    return lines


def _signs(label: str, signs: Iterable[rules.Sign]) -> list[str]:
    lines = [f"  {sign.rule} ({sign.weight:+d}) {sign.explanation}" for sign in signs]
    return [f"{label}:", *lines] if lines else []


def suggestion_lines(case: Case, result: rules.Result | None) -> list[str]:
    if result is None:
        return ["Not assessed."]
    lines = [f"Pathway: {_PATHWAY_LABELS.get(result.pathway, result.pathway)} (rules version {result.version})"]
    if result.pathway != result.scored_pathway:
        lines.append(f"The scores alone point to: {_PATHWAY_LABELS.get(result.scored_pathway, result.scored_pathway)}")
    entry = _suggested_entry(result)
    if entry is not None:
        lines.append(f"Score {entry.score} (needs {entry.threshold})")
        lines += _signs("Signs for", entry.signs_for)
        lines += _signs("Signs against", entry.signs_against)
    if case.overridden_pathway:
        decision = f"Staff decision: {case.get_overridden_pathway_display()} ({case.get_override_reason_display()})"
        lines.append(decision + (f": {case.override_comment}" if case.override_comment else ""))
    return lines


def red_flag_lines(detail: selectors.CaseDetail, result: rules.Result | None) -> list[str]:
    flags = result.red_flags if result is not None else ()
    if not flags:
        return ["None."]
    lines = []
    for flag in sorted(flags, key=lambda flag: 0 if flag.urgency == rules.Urgency.EMERGENCY else 1):
        lines.append(f"- {flag.rule}, {_URGENCY_LABELS.get(flag.urgency, flag.urgency)}: {flag.explanation}")
        acknowledgement = detail.acknowledgements.get(flag.rule)
        if acknowledgement is None:
            lines.append("  NOT ACKNOWLEDGED")
            continue
        who = selectors.staff_display_name(acknowledgement.acknowledged_by)
        note = f": {acknowledgement.note}" if acknowledgement.note else ""
        lines.append(f"  Acknowledged by {who} on {_when(acknowledgement.acknowledged_at)}{note}")
    return lines


def plan_lines(case: Case, plan: TherapyPlan | None) -> list[str]:
    if plan is None:
        return ["No approved plan yet."]
    approver = selectors.staff_display_name(plan.approved_by)
    lines = [f"Version {plan.version}, approved by {approver} on {_when(plan.approved_at)}"]
    # Doses in the plan's own language: the items' names and frequencies were written in it.
    with translation.override(case.language):
        for number, item in enumerate(plan.items.all(), start=1):
            details = [part for part in (item.dose_text(), item.duration) if part]
            lines.append(f"{number}. {item.name}" + (f": {'; '.join(details)}" if details else ""))
    return lines


def case_summary(detail: selectors.CaseDetail) -> str:
    """The summary as plain text, lines of plain words with rule ids, ready to paste."""
    case = detail.case
    result = detail.assessment.engine_result if detail.assessment else None
    patient = case.patient
    who = ", ".join(
        part
        for part in (patient.name, f"born {patient.date_of_birth:%d %b %Y}" if patient.date_of_birth else "")
        if part
    )
    header = [
        f"Case {case.reference}" + (f": {who}" if who else ""),
        f"Sent {_when(case.submitted_at)}; status {case.get_status_display()}; "
        f"urgency {case.get_urgency_display()}{'; call today' if case.call_today else ''}",
    ]
    if case.referred_to:
        header.append(f"Referred to: {case.get_referred_to_display()}")
    sections = [
        ("SUGGESTION (for clinical review, not a diagnosis)", suggestion_lines(case, result)),
        ("RED FLAGS", red_flag_lines(detail, result)),
        ("ANSWERS THAT MATTER", answers_that_matter(case, result) or ["None recorded."]),
        ("APPROVED PLAN", plan_lines(case, detail.approved_plan)),
    ]
    blocks = ["\n".join(header)] + ["\n".join([title, *lines]) for title, lines in sections]
    return "\n\n".join(blocks) + "\n"
