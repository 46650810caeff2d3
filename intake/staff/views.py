"""Staff dashboard views. Default deny: every view here is wrapped in ``staff_view`` (login and the
review permission); nothing in this module is public.

Views are thin: parse with a form, call one selector or service, render or redirect. A write that
fails (a rule refused it, or someone else changed the case first) re-renders the case page with what
the physiotherapist typed still in the form.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from intake import selectors, services
from intake.models import (
    AuditAction,
    Case,
    CaseStatus,
    Exercise,
    OverrideReason,
    Pathway,
    PlanStatus,
    ReferralDestination,
    TherapyPlan,
    Urgency,
)
from intake.rules.questions import QUESTIONS, QUESTIONS_BY_KEY, Kind, Section
from intake.staff.forms import (
    AcknowledgeForm,
    OverrideForm,
    PlanEditForm,
    PlanItemFormSet,
    QueueFilterForm,
    ReferForm,
    VersionForm,
)

REVIEW_PERMISSION = "intake.review_case"
EXPORT_PERMISSION = "intake.export_cases"
APPROVE_PERMISSION = "intake.approve_therapyplan"


def staff_view(view: Callable) -> Callable:
    """Login, then the review permission (403 without it), and never cached by a shared browser."""
    return never_cache(login_required(permission_required(REVIEW_PERMISSION, raise_exception=True)(view)))


# --- The queue ---------------------------------------------------------------------------------------


@staff_view
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()
    page = selectors.queue_page(
        filters=filters, user=request.user, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    query = request.GET.copy()
    for name in ("after", "before"):
        query.pop(name, None)
    status_tabs = []
    for value, label in selectors.STATUS_FILTERS:
        tab_query = query.copy()
        tab_query["status"] = value
        count = page.counts.get(value, 0)
        status_tabs.append(
            {
                "value": value,
                "label": label.split(" (")[0],
                "count": f"{page.count_cap:,}+" if count > page.count_cap else f"{count:,}",
                "query": tab_query.urlencode(),
                "current": value == filters.status,
            }
        )
    return render(
        request,
        "staff/queue.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "pathway_choices": form.fields["pathway"].choices,
            "urgency_choices": form.fields["urgency"].choices,
            "status_tabs": status_tabs,
            "query": query.urlencode(),
            "filtered": bool(filters.pathway or filters.urgency or filters.assigned_to_me or filters.search),
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
            "nav": "queue",
        },
    )


@staff_view
@permission_required(EXPORT_PERMISSION, raise_exception=True)
@require_GET
def queue_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered queue as CSV, streamed row by row (no name or contact details: the queue's columns)."""
    filters = QueueFilterForm(request.GET or None).filters()
    rows = selectors.queue_export_rows(filters=filters, user=request.user)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="case-queue-{stamp}.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = [
    "reference",
    "age",
    "side",
    "suggested_pathway",
    "overridden_pathway",
    "urgency",
    "status",
    "submitted_at",
    "waiting_hours",
    "assigned_to",
]


def _csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    now = timezone.now()
    for row in rows:
        assigned = " ".join(
            part for part in (row["assigned_to__first_name"], row["assigned_to__last_name"]) if part
        ) or (row["assigned_to__username"] or "")
        yield writer.writerow(
            [
                row["reference"],
                "" if row["answers__age"] is None else row["answers__age"],
                row["answers__affected_side"] or "",
                row["pathway"],
                row["overridden_pathway"],
                row["urgency"],
                row["status"],
                timezone.localtime(row["submitted_at"]).isoformat(timespec="minutes"),
                int((now - row["submitted_at"]).total_seconds() // 3600),
                # A spreadsheet must never run a name as a formula.
                _csv_safe(assigned),
            ]
        )


def _csv_safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# --- About these suggestions ------------------------------------------------------------------------


@staff_view
@require_GET
def about_suggestions(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/about.html", {"about": selectors.about_suggestions(), "nav": "about"})


# --- One case ----------------------------------------------------------------------------------------

SECTION_TITLES = {
    Section.ABOUT: "About you",
    Section.HEEL: "Your heel and foot",
    Section.WALKING: "How you walk",
    Section.THIGH: "The back of your thigh",
    Section.SAFETY: "Safety questions",
}


def _answer_words(question, value) -> str:
    if value is None:
        return ""
    if question.kind is Kind.BOOL:
        return "Yes" if value else "No"
    if question.kind is Kind.CHOICE:
        return dict(question.choices).get(value, value)
    return str(value)


def _answer_sections(case: Case) -> list[dict]:
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
        sections.append({"title": SECTION_TITLES[section], "slug": section.value, "rows": rows})
    return sections


_PATHWAY_LABELS = dict(Pathway.choices)


def _suggestion(result: dict | None) -> dict | None:
    """The stored snapshot, in the words the case page shows. Never re-runs the rules."""
    if not result:
        return None
    ranking = []
    for entry in result.get("ranking", []):
        ranking.append(
            {
                "pathway": entry.get("pathway", ""),
                "label": _PATHWAY_LABELS.get(entry.get("pathway", ""), entry.get("pathway", "")),
                "score": entry.get("score"),
                "threshold": entry.get("threshold"),
                "eligible": entry.get("eligible"),
                "for": entry.get("for", []),
                "against": entry.get("against", []),
                "primary": entry.get("pathway") == result.get("scored_pathway", result.get("pathway")),
            }
        )
    questions = []
    for item in result.get("questions_to_ask", []):
        question = QUESTIONS_BY_KEY.get(item.get("key", ""))
        questions.append(
            {
                "key": item.get("key", ""),
                "wording": question.wording if question else item.get("key", ""),
                "pathways": [_PATHWAY_LABELS.get(p, p) for p in item.get("could_change_pathway_to", [])],
                "red_flags": item.get("could_raise_red_flags", []),
            }
        )
    pathway = result.get("pathway", "")
    scored = result.get("scored_pathway", "")
    return {
        "pathway": pathway,
        "label": _PATHWAY_LABELS.get(pathway, pathway),
        "scored_pathway": scored,
        "scored_label": _PATHWAY_LABELS.get(scored, scored),
        "urgency": result.get("urgency", ""),
        "ranking": ranking,
        "notes": result.get("notes", []),
        "questions": questions,
        "version": result.get("version", ""),
        "plan_codes": result.get("plan", []),
    }


_ACTION_LABELS = dict(AuditAction.choices)
_DESTINATION_LABELS = dict(ReferralDestination.choices)
_REASON_LABELS = dict(OverrideReason.choices)
_STATUS_LABELS = dict(CaseStatus.choices)
_URGENCY_LABELS = dict(Urgency.choices)
_DOSE_NAMES = {
    "sets": "sets",
    "reps": "reps",
    "hold_seconds": "hold (s)",
    "frequency": "how often",
    "time_of_day": "when",
}


def event_summary(event) -> str:
    """One line saying what an audit event changed, for the timeline and the conflict message."""
    details = event.details or {}
    action = event.action
    if action == AuditAction.CASE_SUBMITTED:
        return f"{details.get('answered', '?')} questions answered."
    if action == AuditAction.CASE_ASSESSED:
        flags = ", ".join(details.get("red_flags", [])) or "none"
        return (
            f"Suggested {_PATHWAY_LABELS.get(details.get('pathway', ''), details.get('pathway', ''))}; "
            f"urgency {details.get('urgency', '')}; red flags: {flags}; rules {details.get('rules_version', '')}."
        )
    if action == AuditAction.RED_FLAG_ACKNOWLEDGED:
        note = f" Note: {details['note']}" if details.get("note") else ""
        return f"{details.get('rule_id', '')} acknowledged.{note}"
    if action == AuditAction.CASE_ASSIGNED:
        return f"Assigned to {details.get('assigned_to', '')}."
    if action == AuditAction.PLAN_CREATED:
        return f"Draft plan from “{details.get('template', '')}” ({details.get('items', 0)} items)."
    if action == AuditAction.PLAN_EDITED:
        parts = []
        for edit in details.get("edited", []):
            changes = []
            for name, change in edit.get("changes", {}).items():
                if isinstance(change, list):
                    before, after = (("—" if value in (None, "") else value) for value in change)
                    changes.append(f"{_DOSE_NAMES.get(name, name)} {before} → {after}")
                else:
                    changes.append(f"{name.replace('_', ' ')} changed")
            parts.append(f"{edit.get('item', '')}: {', '.join(changes)}")
        if details.get("moved"):
            parts.append(f"moved {details['moved']}")
        if details.get("added"):
            parts.append(f"added {details['added']}")
        if details.get("removed"):
            parts.append(f"removed {details['removed']}")
        return "; ".join(parts) + "."
    if action == AuditAction.PLAN_APPROVED:
        return f"Plan approved ({details.get('items', 0)} items); the patient's link is live."
    if action == AuditAction.PATHWAY_OVERRIDDEN:
        return (
            f"{_PATHWAY_LABELS.get(details.get('from', ''), details.get('from', ''))} → "
            f"{_PATHWAY_LABELS.get(details.get('to', ''), details.get('to', ''))} "
            f"({_REASON_LABELS.get(details.get('reason', ''), details.get('reason', ''))})."
        )
    if action == AuditAction.CASE_REFERRED:
        return f"Referred to {_DESTINATION_LABELS.get(details.get('destination', ''), details.get('destination', ''))}."
    if action == AuditAction.CASE_CLOSED:
        return f"Closed (was {_STATUS_LABELS.get(details.get('from_status', ''), details.get('from_status', ''))})."
    return ""


def _timeline(events) -> list[dict]:
    return [
        {
            "at": event.created_at,
            "label": _ACTION_LABELS.get(event.action, event.action),
            "actor": selectors.staff_display_name(event.actor)
            if event.actor
            else ("Patient" if event.action == AuditAction.CASE_SUBMITTED else "System"),
            "summary": event_summary(event),
            "action": event.action,
        }
        for event in events
    ]


def _plan_initial(plan: TherapyPlan) -> list[dict]:
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


def _kept_input(form, version: int) -> dict:
    """What the physiotherapist typed, with the case's current version so that saving again (after
    reading what changed) is a deliberate choice."""
    data = form.data.copy()
    data["version"] = str(version)
    return data


def _render_case(
    request: HttpRequest,
    detail: selectors.CaseDetail,
    *,
    status: int = 200,
    conflict: services.CaseVersionConflict | None = None,
    override_form: OverrideForm | None = None,
    refer_form: ReferForm | None = None,
    plan_form: PlanEditForm | None = None,
    plan_formset=None,
    acknowledge_input: dict | None = None,
) -> HttpResponse:
    case = detail.case
    version = case.version
    plan = detail.draft_plan
    item_forms = []
    if plan is not None:
        if plan_formset is None:
            plan_formset = PlanItemFormSet(initial=_plan_initial(plan), prefix="items")
        plan_form = plan_form or PlanEditForm(initial={"version": version, "op": "save"}, exercises=detail.exercises)
        items = {item.pk: item for item in plan.items.all()}
        for index, form in enumerate(plan_formset.forms):
            item_id = form["item_id"].value()
            try:
                item = items.get(int(item_id))
            except (TypeError, ValueError):
                item = None
            if item is not None:
                item_forms.append({"form": form, "item": item, "first": index == 0, "last": index == len(items) - 1})
    acknowledge_input = acknowledge_input or {}
    red_flags = [
        {
            "flag": flag,
            "form": AcknowledgeForm(
                initial={"version": version, "rule_id": flag.rule_id, "note": acknowledge_input.get(flag.rule_id, "")},
                auto_id=f"id_ack_{index}_%s",
            ),
        }
        for index, flag in enumerate(detail.red_flags)
    ]
    effective_pathway = case.overridden_pathway or case.pathway
    context = {
        "case": case,
        "detail": detail,
        "patient": case.patient,
        "version": version,
        "red_flags": red_flags,
        "answer_sections": _answer_sections(case),
        "suggestion": _suggestion(detail.assessment),
        "plan": plan,
        "approved_plan": detail.approved_plan,
        "plan_form": plan_form,
        "plan_formset": plan_formset,
        "item_forms": item_forms,
        "override_form": override_form
        or OverrideForm(initial={"version": version, "pathway": effective_pathway}, auto_id="id_override_%s"),
        "refer_form": refer_form or ReferForm(initial={"version": version}, auto_id="id_refer_%s"),
        "version_form": VersionForm(initial={"version": version}),
        "timeline": _timeline(detail.events),
        "conflict": conflict,
        "conflict_changes": _timeline(selectors.case_events_since(case=case, version=conflict.expected_version))
        if conflict
        else [],
        "is_open": case.status in (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW),
        "can_refer": case.status not in (CaseStatus.REFERRED, CaseStatus.CLOSED),
        "can_close": case.status != CaseStatus.CLOSED,
        "can_edit_plan": plan is not None and case.status not in (CaseStatus.REFERRED, CaseStatus.CLOSED),
        "assigned_to_me": case.assigned_to_id == request.user.pk,
        "effective_pathway_label": _PATHWAY_LABELS.get(effective_pathway, ""),
        "patient_link": request.build_absolute_uri(
            reverse("patient_plan", kwargs={"token": detail.approved_plan.patient_link_token})
        )
        if detail.approved_plan
        else "",
        "patient_link_expired": bool(
            detail.approved_plan
            and detail.approved_plan.patient_link_expires_at
            and detail.approved_plan.patient_link_expires_at <= timezone.now()
        ),
        "urgency_labels": _URGENCY_LABELS,
    }
    return render(request, "staff/case.html", context, status=status)


def _detail_or_404(reference: str) -> selectors.CaseDetail:
    detail = selectors.case_detail(reference=reference)
    if detail is None:
        raise Http404("No case has that reference.")
    return detail


@staff_view
@require_GET
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_case(request, _detail_or_404(reference))


def _case_url(case: Case, anchor: str = "") -> str:
    return reverse("staff:case", kwargs={"reference": case.reference}) + (f"#{anchor}" if anchor else "")


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _conflict(request: HttpRequest, reference: str, conflict: services.CaseVersionConflict, **forms) -> HttpResponse:
    return _render_case(request, _detail_or_404(reference), status=409, conflict=conflict, **forms)


@staff_view
@require_POST
def case_acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    detail = _detail_or_404(reference)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That acknowledgement could not be read; please try again.")
        return redirect(_case_url(detail.case, "red-flags"))
    try:
        services.red_flag_acknowledge(
            case=detail.case,
            rule_id=form.cleaned_data["rule_id"],
            note=form.cleaned_data["note"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except services.CaseVersionConflict as conflict:
        return _conflict(
            request, reference, conflict, acknowledge_input={form.cleaned_data["rule_id"]: form.cleaned_data["note"]}
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Red flag {form.cleaned_data['rule_id']} acknowledged.")
    return redirect(_case_url(detail.case, "red-flags"))


@staff_view
@require_POST
def case_assign(request: HttpRequest, reference: str) -> HttpResponse:
    detail = _detail_or_404(reference)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.case_assign(
                case=detail.case,
                assignee=request.user,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.CaseVersionConflict as conflict:
            return _conflict(request, reference, conflict)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, "The case is assigned to you.")
    return redirect(_case_url(detail.case))


@staff_view
@require_POST
def case_plan(request: HttpRequest, reference: str) -> HttpResponse:
    """The plan editor: every button saves what was typed, then does its own part (move, remove,
    add, approve), so nothing typed is lost by pressing "Move up"."""
    detail = _detail_or_404(reference)
    plan = detail.draft_plan
    if plan is None:
        messages.error(request, "This case has no draft plan to edit.")
        return redirect(_case_url(detail.case))
    exercises = list(Exercise.objects.filter(is_active=True).order_by("code"))
    form = PlanEditForm(request.POST, exercises=exercises)
    formset = PlanItemFormSet(request.POST, prefix="items")
    if not (form.is_valid() and formset.is_valid()):
        messages.error(request, "Some values could not be saved; see the messages next to the fields.")
        return _render_case(request, detail, status=200, plan_form=form, plan_formset=formset)
    op, item_id = form.cleaned_data["op"]
    if op == "approve" and not request.user.has_perm(APPROVE_PERMISSION):
        # Save what was typed; approving is for those with the permission (the service checks too).
        messages.error(request, "Your changes are saved, but approving a plan needs the approve permission.")
        op = "save"
    add = None
    if op == "add":
        add = next(exercise for exercise in exercises if exercise.pk == form.cleaned_data["add_exercise"])
    try:
        plan = services.plan_update(
            plan=plan,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            changes=[item_form.change() for item_form in formset.forms],
            add_exercise=add,
            remove_item_id=item_id if op == "remove" else None,
            move=(item_id, -1 if op == "up" else 1) if op in ("up", "down") else None,
        )
        if op == "approve":
            case = Case.objects.only("version").get(pk=detail.case.pk)
            services.plan_approve(plan=plan, actor=request.user, expected_version=case.version)
    except services.CaseVersionConflict as conflict:
        kept = PlanEditForm(_kept_input(form, conflict.current_version), exercises=exercises)
        kept_formset = _formset_with_typed_values(formset, conflict)
        return _conflict(request, reference, conflict, plan_form=kept, plan_formset=kept_formset)
    except ValidationError as error:
        _refused(request, error)
        return redirect(_case_url(detail.case, "plan"))
    done = {
        "save": "Plan saved.",
        "approve": "Plan approved. The handout and the patient's link are ready.",
        "add": "Added to the plan.",
        "up": "Item moved up.",
        "down": "Item moved down.",
        "remove": "Item removed from the plan.",
    }[op]
    messages.success(request, done)
    return redirect(_case_url(detail.case, "plan"))


def _formset_with_typed_values(formset, conflict: services.CaseVersionConflict):
    """The current plan's items, each showing what the physiotherapist typed for it (items someone
    else removed meanwhile drop out; items someone else added show their saved values)."""
    detail = selectors.case_detail(reference=conflict.case.reference)
    typed = {form.cleaned_data["item_id"]: form.cleaned_data for form in formset.forms}
    initial = []
    for row in _plan_initial(detail.draft_plan) if detail and detail.draft_plan else []:
        initial.append({**row, **typed.get(row["item_id"], {})})
    return PlanItemFormSet(initial=initial, prefix="items")


@staff_view
@require_POST
def case_override(request: HttpRequest, reference: str) -> HttpResponse:
    detail = _detail_or_404(reference)
    form = OverrideForm(request.POST, auto_id="id_override_%s")
    if not form.is_valid():
        return _render_case(request, detail, override_form=form)
    try:
        services.case_override_pathway(
            case=detail.case,
            pathway=form.cleaned_data["pathway"],
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except services.CaseVersionConflict as conflict:
        kept = OverrideForm(_kept_input(form, conflict.current_version), auto_id="id_override_%s")
        return _conflict(request, reference, conflict, override_form=kept)
    except ValidationError as error:
        _refused(request, error)
        return _render_case(request, detail, override_form=form)
    messages.success(request, "Pathway changed. The draft plan now follows your decision.")
    return redirect(_case_url(detail.case, "suggestion"))


@staff_view
@require_POST
def case_refer(request: HttpRequest, reference: str) -> HttpResponse:
    detail = _detail_or_404(reference)
    form = ReferForm(request.POST, auto_id="id_refer_%s")
    if not form.is_valid():
        return _render_case(request, detail, refer_form=form)
    try:
        services.case_refer(
            case=detail.case,
            destination=form.cleaned_data["destination"],
            note=form.cleaned_data["note"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except services.CaseVersionConflict as conflict:
        kept = ReferForm(_kept_input(form, conflict.current_version), auto_id="id_refer_%s")
        return _conflict(request, reference, conflict, refer_form=kept)
    except ValidationError as error:
        _refused(request, error)
        return _render_case(request, detail, refer_form=form)
    messages.success(request, f"Case referred to {_DESTINATION_LABELS[form.cleaned_data['destination']]}.")
    return redirect(_case_url(detail.case))


@staff_view
@require_POST
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    detail = _detail_or_404(reference)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.case_close(case=detail.case, actor=request.user, expected_version=form.cleaned_data["version"])
        except services.CaseVersionConflict as conflict:
            return _conflict(request, reference, conflict)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, "Case closed.")
    return redirect(_case_url(detail.case))


@staff_view
@require_GET
def case_handout(request: HttpRequest, reference: str) -> HttpResponse:
    """The printable handout of the approved plan, for staff to print or send. 404 before approval."""
    case = selectors.case_for_staff(reference=reference)
    if case is None:
        raise Http404("No case has that reference.")
    plan = selectors.approved_plan_for_case(case=case)
    if plan is None or plan.status != PlanStatus.APPROVED:
        raise Http404("This case has no approved plan yet: a draft is never handed out.")
    return render(request, "staff/handout.html", {"plan": plan, "case": case, "for_staff": True})
