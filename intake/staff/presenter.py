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

from intake import audit, rules, selectors, services
from intake.models import (
    FIRST_VISIT_FINDINGS,
    AuditAction,
    AuditEvent,
    Case,
    CaseAction,
    CaseNote,
    CheckIn,
    FirstVisit,
    FirstVisitAddendum,
    GlobalChange,
    Pathway,
    RedFlagAcknowledgement,
    ReferralFinding,
    TherapyPlan,
)
from intake.rules import compare as rules_compare
from intake.rules.questions import QUESTIONS, Section
from intake.staff.forms import (
    IDENTIFIER_WARNING,
    AcknowledgeForm,
    AddendumForm,
    CloseForm,
    FirstVisitForm,
    NoteForm,
    OverrideForm,
    PlanEditForm,
    PlanItemFormSet,
    ReferForm,
    ReferralFindingForm,
    VersionForm,
)
from intake.staff.outcome_charts import outcome_charts
from intake.staff.programme import programme_context
from intake.staff.summary import answer_words, case_summary

_PATHWAY_LABELS = dict(Pathway.choices)
_ACTION_LABELS = dict(AuditAction.choices)


# --- The patient's answers -------------------------------------------------------------------------------


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
                    "answer": answer_words(question, value),
                    # A "yes" to a safety question is what a physiotherapist must not miss.
                    "alert": section is Section.SAFETY and value is True,
                }
            )
        sections.append({"title": section.label, "slug": section.value, "rows": rows})
    return sections


def unsure_safety_questions(case: Case) -> list[str]:
    """The safety questions the patient answered Not sure, in the catalogue's words, for the call."""
    return [rules.QUESTIONS_BY_KEY[key].wording for key in case.unsure_safety_keys if key in rules.QUESTIONS_BY_KEY]


# --- The queue ----------------------------------------------------------------------------------------------


def case_url_around_reference() -> tuple[str, str]:
    """The case page's address before and after the reference, from one reverse(): the queue's rows
    join them instead of resolving the address once per row (50 {% url %} tags were 3 ms a page)."""
    marker = "REFERENCE"
    before, after = reverse("staff:case", kwargs={"reference": marker}).split(marker)
    return before, after


# --- Alerts to the clinic, from the timeline (no query of their own) -----------------------------------------


def alert_problems(events: list[AuditEvent]) -> dict[str, list[dict]]:
    """Alerts whose e-mail failed for good, and alerts still being retried, each with its latest event."""
    latest: dict[object, AuditEvent] = {}
    for event in events:
        if event.action in selectors.ALERT_ACTIONS:
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


# --- The timeline ----------------------------------------------------------------------------------------


_TEXT_EVENTS = {
    AuditAction.NOTE_ADDED: "note",
    AuditAction.CONTACT_LOGGED: "note",
    AuditAction.FIRST_VISIT_ADDENDUM: "addendum",
    AuditAction.REFERRAL_FINDING_RECORDED: "referral_finding",
}


def timeline(
    events: list[AuditEvent],
    notes: list[CaseNote] | None = None,
    addenda: list[FirstVisitAddendum] | None = None,
    referral_findings: list[ReferralFinding] | None = None,
) -> list[dict]:
    """One entry per event; notes, contact-log lines and addenda carry their text (kept in their own
    rows, never in the audit trail)."""
    texts = {
        "note": {note.pk: note.text for note in notes or ()},
        "addendum": {addendum.pk: addendum.text for addendum in addenda or ()},
        "referral_finding": {finding.pk: finding.note for finding in referral_findings or ()},
    }
    entries = []
    for event in events:
        text = ""
        kind = _TEXT_EVENTS.get(event.action)
        if kind is not None:
            text = texts[kind].get((event.details or {}).get(kind), "")
        entries.append(
            {
                "at": event.created_at,
                "label": _ACTION_LABELS.get(event.action, event.action),
                "actor": selectors.staff_display_name(event.actor)
                if event.actor
                else ("Patient" if event.action == AuditAction.CASE_SUBMITTED else "System"),
                "summary": audit.describe(event),
                "text": text,
                "action": event.action,
            }
        )
    return entries


# The timeline shows the latest events, and all of them on request (?timeline=all): drawn whole, 200
# events were a large share of the page's cost. Only those are read, with every alert event (the alert
# banners read those) and the count of all of them (selectors.case_detail).
TIMELINE_SHOWN = 50


def timeline_limit(request: HttpRequest) -> int | None:
    return None if request.GET.get("timeline") == "all" else TIMELINE_SHOWN


def timeline_context(request: HttpRequest, detail: selectors.CaseDetail) -> dict:
    limit = timeline_limit(request)
    events = detail.events
    if limit is not None:  # an old alert event is read for the banners, never shown
        events = [event for event in events if event.newest <= limit]
    return {
        "timeline": timeline(events, detail.notes, detail.addenda, detail.referral_findings),
        "timeline_total": detail.event_count,
        "timeline_hidden": detail.event_count - len(events),
    }


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
            "duration": item.duration,
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


# --- Follow-up check-ins and outcomes --------------------------------------------------------------------


def follow_up_context(request: HttpRequest, check_ins: list[CheckIn]) -> dict:
    """The check-ins (due, e-mailed, answered), the answers as a table, each measure over time as a chart
    with the MCID marked and a table beside it (staff/outcome_charts.py), and the adherence."""
    now = timezone.now()
    rows = []
    for check_in in check_ins:
        outcome = getattr(check_in, "outcome", None)
        rows.append(
            {
                "check_in": check_in,
                "outcome": outcome,
                "safety": getattr(check_in, "safety", None),
                "change_label": GlobalChange(outcome.global_change).label if outcome else "",
                "overdue": outcome is None and check_in.due_at <= now,
                "link": request.build_absolute_uri(reverse("patient_check_in", kwargs={"token": check_in.token})),
            }
        )
    answered = [row["outcome"] for row in rows if row["outcome"] is not None]
    return {
        "check_in_rows": rows,
        "outcomes_answered": len(answered),
        "outcome_charts": outcome_charts(check_ins),
        "adherence_days": sum(outcome.adherence_days for outcome in answered),
        "adherence_possible": 7 * len(answered),
    }


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
    conflict: services.CaseVersionConflict | None = None,
    kept: Mapping[str, object] | None = None,
) -> HttpResponse:
    """The case page. ``kept``: forms as typed (override_form, refer_form, plan_form, plan_formset)
    and acknowledge_notes ({rule id: note})."""
    detail = selectors.case_detail(reference=reference, timeline_limit=timeline_limit(request))
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
        "close_form": kept.get("close_form") or CloseForm(initial={"version": version}, auto_id="id_close_%s"),
        **follow_up_context(request, detail.check_ins),
        **timeline_context(request, detail),
        **_referral_finding_context(detail, kept),
        **_first_visit_context(detail, kept),
        "conflict": conflict,
        "conflict_changes": timeline(selectors.case_events_since(case=case, version=conflict.expected_version))
        if conflict
        else [],
        "assigned_to_me": case.assigned_to_id == request.user.pk,
        "effective_pathway_label": _PATHWAY_LABELS.get(case.effective_pathway, ""),
        "unsure_safety_questions": unsure_safety_questions(case),
        **alert_problems(detail.events),
        **_patient_link(request, detail.approved_plan),
        # The text to paste into the practice system (built from the data above: no query of its own).
        "case_summary": case_summary(detail),
        **programme_context(case, detail.approved_plan),
    }
    return render(request, "staff/case.html", context, status=status)


def _first_visit_context(detail: selectors.CaseDetail, kept: Mapping[str, object]) -> dict:
    """The first-visit record (findings in words), its form while unsigned, addenda, and the note form."""
    case, first_visit = detail.case, detail.first_visit
    editable = case.allows(CaseAction.RECORD_FIRST_VISIT) and (first_visit is None or not first_visit.is_signed)
    form = None
    if editable:
        initial: dict[str, object] = {"version": case.version, "op": "save"}
        if first_visit is not None:
            initial |= {name: getattr(first_visit, name) for name in services.FIRST_VISIT_FIELDS}
        form = kept.get("first_visit_form") or FirstVisitForm(initial=initial, auto_id="id_visit_%s")
    can_note = case.allows(CaseAction.ADD_NOTE)
    return {
        "first_visit": first_visit,
        "first_visit_findings": _findings_in_words(first_visit) if first_visit else [],
        "first_visit_form": form,
        "addenda": detail.addenda,
        "addendum_form": (kept.get("addendum_form") or AddendumForm(auto_id="id_addendum_%s"))
        if can_note and first_visit is not None and first_visit.is_signed
        else None,
        "note_form": (kept.get("note_form") or NoteForm(auto_id="id_note_%s")) if can_note else None,
        "identifier_warning": IDENTIFIER_WARNING,
    }


def _referral_finding_context(detail: selectors.CaseDetail, kept: Mapping[str, object]) -> dict:
    """What the referral of a red-flag or referred case found: the latest finding first, and the form."""
    case = detail.case
    return {
        "referral_findings": list(reversed(detail.referral_findings)),
        "referral_finding_form": (kept.get("referral_finding_form") or ReferralFindingForm(auto_id="id_finding_%s"))
        if case.can_record_referral_finding
        else None,
    }


def _findings_in_words(first_visit: FirstVisit) -> list[dict]:
    return [
        {"label": label, "value": getattr(first_visit, name), "words": getattr(first_visit, f"get_{name}_display")()}
        for name, (label, _meaning) in FIRST_VISIT_FINDINGS.items()
    ]


# --- Re-run under the current rules ---------------------------------------------------------------------------


def render_rerun_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The stored assessment and the current rules' result for the same stored answers, side by side.

    Computed for this page only: nothing is stored, the case keeps its snapshot.
    """
    case = selectors.case_for_staff(reference=reference)
    if case is None:
        raise Http404("No case has that reference.")
    stored = selectors.latest_assessment_of(case)
    answers = getattr(case, "answers", None)
    comparison = None
    if stored is not None and answers is not None:
        comparison = rules_compare.compare(stored.engine_result, rules.assess(answers.as_dict()))
    return render(
        request,
        "staff/rerun.html",
        {"case": case, "assessment": stored, "comparison": comparison, "current_version": rules.RULES_VERSION},
    )


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
