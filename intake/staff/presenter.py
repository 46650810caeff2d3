"""The staff case page, built in one place: what the case page shows, from selectors.case_detail.

Views call ``render_case_page`` for the page itself and whenever a write must re-render it (a form
to correct, or a conflict with someone else's change); ``kept`` carries what the physiotherapist
typed, by the name the template knows it under.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from intake import audit, rules, selectors
from intake.models import (
    AuditAction,
    AuditEvent,
    Case,
    Pathway,
    RedFlagAcknowledgement,
    TherapyPlan,
)
from intake.rules.questions import QUESTIONS, Kind, Question, Section
from intake.services import CaseVersionConflict
from intake.staff.forms import AcknowledgeForm, OverrideForm, PlanEditForm, PlanItemFormSet, ReferForm, VersionForm

_PATHWAY_LABELS = dict(Pathway.choices)
_ACTION_LABELS = dict(AuditAction.choices)


# --- The patient's answers -------------------------------------------------------------------------------


def _answer_words(question: Question, value: object) -> str:
    if value is None:
        return ""
    if question.kind is Kind.BOOL:
        return "Yes" if value else "No"
    if question.kind is Kind.CHOICE:
        return dict(question.choices).get(value, value)
    return str(value)


def answer_sections(case: Case) -> list[dict]:
    """Every question, grouped and worded as the patient saw it, with the answer in words."""
    answers = getattr(case, "answers", None)
    sections = []
    for section in Section:
        rows = []
        for question in QUESTIONS:
            if question.section is not section:
                continue
            value = getattr(answers, question.key, None) if answers is not None else None
            rows.append(
                {
                    "key": question.key,
                    "wording": question.wording,
                    "answer": _answer_words(question, value),
                    # A "yes" to a safety question is what a physiotherapist must not miss.
                    "alert": section is Section.SAFETY and value is True,
                }
            )
        sections.append({"title": section.label, "slug": section.value, "rows": rows})
    return sections


def unsure_safety_questions(case: Case) -> list[str]:
    """The safety questions the patient answered Not sure, in the catalogue's words, for the call."""
    return [rules.QUESTIONS_BY_KEY[key].wording for key in case.unsure_safety_keys if key in rules.QUESTIONS_BY_KEY]


# --- Alerts to the clinic, from the timeline (no query of their own) -----------------------------------------


def alert_problems(events: list[AuditEvent]) -> dict[str, list[dict]]:
    """Alerts whose e-mail failed for good, and alerts still being retried, each with its latest event."""
    latest: dict[object, AuditEvent] = {}
    for event in events:
        if event.action in _ALERT_ACTIONS:
            latest[(event.details or {}).get("alert")] = event
    failed = [
        {"at": event.created_at, "summary": audit.describe(event)}
        for event in latest.values()
        if event.action == AuditAction.ALERT_FAILED
    ]
    retrying = [
        {"at": event.created_at, "summary": audit.describe(event)}
        for event in latest.values()
        if event.action == AuditAction.ALERT_RETRY_SCHEDULED
    ]
    return {"failed_alerts": failed, "retrying_alerts": retrying}


_ALERT_ACTIONS = (AuditAction.ALERT_SENT, AuditAction.ALERT_RETRY_SCHEDULED, AuditAction.ALERT_FAILED)


# --- The timeline ----------------------------------------------------------------------------------------


def timeline(events: list[AuditEvent]) -> list[dict]:
    return [
        {
            "at": event.created_at,
            "label": _ACTION_LABELS.get(event.action, event.action),
            "actor": selectors.staff_display_name(event.actor)
            if event.actor
            else ("Patient" if event.action == AuditAction.CASE_SUBMITTED else "System"),
            "summary": audit.describe(event),
            "action": event.action,
        }
        for event in events
    ]


# --- Red flags and the plan editor ---------------------------------------------------------------------------


@dataclass
class RedFlagRow:
    """One red flag of the latest assessment, its acknowledgement if any, and the form to give one."""

    flag: rules.RedFlag
    acknowledgement: RedFlagAcknowledgement | None
    form: AcknowledgeForm

    @property
    def acknowledged_by(self) -> str:
        return selectors.staff_display_name(self.acknowledgement.acknowledged_by) if self.acknowledgement else ""


def _red_flag_rows(detail: selectors.CaseDetail, typed_notes: Mapping[str, str]) -> list[RedFlagRow]:
    flags = detail.assessment.engine_result.red_flags if detail.assessment else ()
    # Emergencies first, then urgent, keeping the engine's order within each.
    flags = sorted(flags, key=lambda flag: 0 if flag.urgency == rules.Urgency.EMERGENCY else 1)
    return [
        RedFlagRow(
            flag=flag,
            acknowledgement=detail.acknowledgements.get(flag.rule),
            form=AcknowledgeForm(
                initial={"version": detail.case.version, "rule_id": flag.rule, "note": typed_notes.get(flag.rule, "")},
                auto_id=f"id_ack_{index}_%s",
            ),
        )
        for index, flag in enumerate(flags)
    ]


def plan_initial(plan: TherapyPlan) -> list[dict]:
    """The plan editor's rows as the plan stands."""
    return [
        {
            "item_id": item.pk,
            "sets": item.sets,
            "reps": item.reps,
            "hold_seconds": item.hold_seconds,
            "frequency": item.frequency,
            "time_of_day": item.time_of_day,
            "patient_instructions": item.patient_instructions,
            "staff_notes": item.staff_notes,
        }
        for item in plan.items.all()
    ]


def _item_forms(plan: TherapyPlan, formset) -> list[dict]:
    """Each item form with the item it edits (items removed meanwhile drop out)."""
    items = {item.pk: item for item in plan.items.all()}
    entries = []
    for index, form in enumerate(formset.forms):
        try:
            item = items.get(int(form["item_id"].value()))
        except (TypeError, ValueError):
            item = None
        if item is not None:
            entries.append({"form": form, "item": item, "first": index == 0, "last": index == len(items) - 1})
    return entries


def _plan_context(detail: selectors.CaseDetail, kept: Mapping[str, object]) -> dict:
    plan = detail.draft_plan
    if plan is None:
        return {"plan": None, "plan_form": None, "plan_formset": None, "item_forms": []}
    formset = kept.get("plan_formset") or PlanItemFormSet(initial=plan_initial(plan), prefix="items")
    plan_form = kept.get("plan_form") or PlanEditForm(
        initial={"version": detail.case.version, "op": "save"}, exercises=detail.exercises
    )
    return {"plan": plan, "plan_form": plan_form, "plan_formset": formset, "item_forms": _item_forms(plan, formset)}


# --- The page ----------------------------------------------------------------------------------------------


def _patient_link(request: HttpRequest, plan: TherapyPlan | None) -> dict:
    if plan is None:
        return {"patient_link": "", "patient_link_expired": False}
    expires = plan.patient_link_expires_at
    return {
        "patient_link": request.build_absolute_uri(reverse("patient_plan", kwargs={"token": plan.patient_link_token})),
        "patient_link_expired": bool(expires and expires <= timezone.now()),
    }


def render_case_page(
    request: HttpRequest,
    reference: str,
    *,
    status: int = 200,
    conflict: CaseVersionConflict | None = None,
    kept: Mapping[str, object] | None = None,
) -> HttpResponse:
    """The case page. ``kept``: forms as typed (override_form, refer_form, plan_form, plan_formset)
    and acknowledge_notes ({rule id: note})."""
    detail = selectors.case_detail(reference=reference)
    if detail is None:
        raise Http404("No case has that reference.")
    kept = kept or {}
    case = detail.case
    version = case.version
    context = {
        "case": case,
        "detail": detail,
        "assessment": detail.assessment,
        "result": detail.assessment.engine_result if detail.assessment else None,
        "patient": case.patient,
        "version": version,
        "red_flags": _red_flag_rows(detail, kept.get("acknowledge_notes") or {}),
        "answer_sections": answer_sections(case),
        "approved_plan": detail.approved_plan,
        **_plan_context(detail, kept),
        "override_form": kept.get("override_form")
        or OverrideForm(initial={"version": version, "pathway": case.effective_pathway}, auto_id="id_override_%s"),
        "refer_form": kept.get("refer_form") or ReferForm(initial={"version": version}, auto_id="id_refer_%s"),
        "version_form": VersionForm(initial={"version": version}),
        "timeline": timeline(detail.events),
        "conflict": conflict,
        "conflict_changes": timeline(selectors.case_events_since(case=case, version=conflict.expected_version))
        if conflict
        else [],
        "assigned_to_me": case.assigned_to_id == request.user.pk,
        "effective_pathway_label": _PATHWAY_LABELS.get(case.effective_pathway, ""),
        "unsure_safety_questions": unsure_safety_questions(case),
        **alert_problems(detail.events),
        **_patient_link(request, detail.approved_plan),
    }
    return render(request, "staff/case.html", context, status=status)


# --- About these suggestions ----------------------------------------------------------------------------------


def about_context() -> dict:
    """The running rule set, as the engine holds it, grouped the way the About page reads."""
    rule_set = rules.RULE_SET
    plan_items = {item.id: item for item in rule_set.plan_items}
    return {
        "rule_set": rule_set,
        "version": rules.RULES_VERSION,
        # Each red flag with its advice in words, the clinic's emergency number filled in.
        "red_flags": [
            {"rule": rule, "advice": rule.advice_in_words(settings.EMERGENCY_NUMBER)} for rule in rule_set.red_flags
        ],
        "scales": [
            {
                "scale": scale,
                "gates": [gate for gate in rule_set.gates if gate.score == scale.score],
                "rules": [rule for rule in rule_set.scoring_rules if rule.score == scale.score],
            }
            for scale in rule_set.scales
        ],
        "plans": [
            {"plan": plan, "items": [(item_id, plan_items.get(item_id)) for item_id in plan.items]}
            for plan in rule_set.plans
        ],
        "rule_count": len(rule_set.red_flags) + len(rule_set.scoring_rules) + len(rule_set.gates) + len(rule_set.notes),
        "cautions": rule_set.cautions,
    }
