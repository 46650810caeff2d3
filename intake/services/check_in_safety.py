"""The safety questions asked again at a follow-up check-in: a red flag the case did not have before goes
through the same rules, urgency, queue order and alerts as the intake (services.intake.case_assess).

The check-in's safety answers replace the intake's for those questions only; every other stored answer
(the heel and thigh questions, the follow-up questions after an earlier Yes) stays as the patient gave
it. When the rules fire a red flag the latest assessment did not have, or the patient answers Not sure,
the case gets a new assessment snapshot (the case page shows its red flags and asks staff to
acknowledge them), its urgency and queue priority are set from it, and ``alerts_raise`` tells the
on-call team, exactly as for a new intake. The case keeps the pathway it is being treated under: the
re-assessment is about safety, not a new suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from intake import audit, rules
from intake.models import Answers, Case, QueuePriority
from intake.services.alerts import alerts_raise
from intake.services.intake import assessment_record

_ANSWER = {"yes": True, "no": False}
_URGENCY_RANK: dict[str, int] = {rules.Urgency.ROUTINE: 0, rules.Urgency.URGENT: 1, rules.Urgency.EMERGENCY: 2}


def merged_answers(*, stored: Mapping[str, object], safety_answers: Mapping[str, str]) -> dict[str, object]:
    """The intake's answers with the check-in's safety answers in place (Not sure: not answered)."""
    merged = {key: value for key, value in stored.items() if key not in safety_answers}
    for key, answer in safety_answers.items():
        if answer in _ANSWER:
            merged[key] = _ANSWER[answer]
    return merged


def check_in_safety_assess(
    *, case: Case, safety_answers: Mapping[str, str], unsure_safety_keys: Sequence[str]
) -> tuple[rules.Result, list[str]]:
    """Run the rules on the check-in's safety answers; re-assess, re-prioritise and alert when a new red
    flag fires or a safety question is answered Not sure. Returns the result and the new flags' rules.

    Called inside check_in_answer's transaction with the case row locked.
    """
    answers = Answers.objects.get(case=case)
    result = rules.assess(merged_answers(stored=answers.as_dict(), safety_answers=safety_answers))
    latest = case.assessments.order_by("-created_at", "-id").first()
    before = latest.red_flag_rules if latest is not None else set()
    new_flags = sorted({flag.rule for flag in result.red_flags} - before)
    if not new_flags and not unsure_safety_keys:
        return result, []
    assessment_record(case=case, result=result)
    fired = {flag.rule for flag in result.red_flags}
    acknowledged = set(case.acknowledgements.values_list("rule_id", flat=True))
    # Never lower: a flag the patient no longer reports was reviewed as it was; staff close it, not a form.
    case.urgency = max(case.urgency, result.urgency, key=_URGENCY_RANK.__getitem__)
    case.call_today = case.call_today or bool(unsure_safety_keys)
    case.unsure_safety_keys = sorted({*case.unsure_safety_keys, *unsure_safety_keys})
    case.queue_priority = QueuePriority.for_urgency(
        case.urgency, acknowledged=bool(fired) and fired <= acknowledged, call_today=case.call_today
    )
    case.version += 1
    case.save(update_fields=["urgency", "call_today", "unsure_safety_keys", "queue_priority", "version", "updated_at"])
    audit.case_assessed(case=case, actor=None, result=result)
    alerts_raise(case=case)
    return result, new_flags
