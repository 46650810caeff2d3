"""Staff dashboard views. Default deny: every view here is wrapped in ``staff_view`` (login and the
review permission); nothing in this module is public.

Views are thin: parse with a form, call one selector or service, render or redirect. Every write
on a case has one shape (``_case_write``): a write that fails (a rule refused it, or someone else
changed the case first) re-renders the case page (intake/staff/presenter.py) with what the
physiotherapist typed still in the form.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from intake import agreement, audit, rules, selectors, services
from intake.models import (
    Case,
    Exercise,
    PlanItem,
    PlanStatus,
    ReferralDestination,
    TherapyPlan,
)
from intake.staff import presenter
from intake.staff.forms import (
    AcknowledgeForm,
    AddendumForm,
    CloseForm,
    FirstVisitForm,
    NoteForm,
    OverrideForm,
    PlanEditForm,
    PlanItemFormSet,
    QueueFilterForm,
    ReferForm,
    VersionForm,
)

REVIEW_PERMISSION = "intake.review_case"
# How often the queue refreshes itself (static/js/staff_queue_refresh.js); "Refresh" does it by hand.
QUEUE_REFRESH_SECONDS = 60
EXPORT_PERMISSION = "intake.export_cases"
APPROVE_PERMISSION = "intake.approve_therapyplan"
RULES_REVIEW_PERMISSION = "intake.review_rules"
DEIDENTIFIED_EXPORT_PERMISSION = "intake.export_deidentified"


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
        filters=filters,
        user=request.user,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        with_names=settings.QUEUE_SHOW_PATIENT_NAMES,
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
            "show_names": settings.QUEUE_SHOW_PATIENT_NAMES,
            "nav": "queue",
            "case_url": presenter.case_url_around_reference(),
            # Read with the status counts: the banner costs the queue no query of its own.
            "staff_waiting": page.waiting,
            # static/js/staff_queue_refresh.js refreshes the page every minute while someone uses it.
            "refresh_seconds": QUEUE_REFRESH_SECONDS,
            "idle_minutes": settings.STAFF_IDLE_MINUTES,
        },
    )


@staff_view
@permission_required(EXPORT_PERMISSION, raise_exception=True)
@require_GET
def queue_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered queue as CSV, streamed row by row (no name or contact details: the queue's columns)."""
    filters = QueueFilterForm(request.GET or None).filters()
    # The access log: who took a copy of the queue, with which filters (whether a search was made,
    # never its words).
    audit.queue_exported(
        actor=request.user,
        filters={
            "status": filters.status,
            "pathway": filters.pathway,
            "urgency": filters.urgency,
            "assigned_to_me": filters.assigned_to_me,
            "searched": bool(filters.search),
        },
    )
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


# --- The rules review and the de-identified export --------------------------------------------------------


@staff_view
@permission_required(RULES_REVIEW_PERMISSION, raise_exception=True)
@require_GET
def rules_review(request: HttpRequest) -> HttpResponse:
    """Where the rules and the physiotherapists' working diagnoses agree, per rules version."""
    data = selectors.rules_review_data()
    versions = agreement.review(data.reviewed, overrides=data.overrides, red_flags=data.red_flags)
    return render(
        request,
        "staff/rules_review.html",
        {
            "versions": versions,
            "minimum": agreement.MINIMUM_CASES,
            "current_version": rules.RULES_VERSION,
            "can_export": request.user.has_perm(DEIDENTIFIED_EXPORT_PERMISSION),
            "pathway_outcomes": selectors.outcomes_per_pathway(),
            "nav": "rules_review",
        },
    )


@staff_view
@permission_required(DEIDENTIFIED_EXPORT_PERMISSION, raise_exception=True)
@require_GET
def deidentified_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every consented case, de-identified (services.deidentified), as CSV, streamed; audited."""
    rows = services.deidentified_export(actor=request.user)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = StreamingHttpResponse(_deidentified_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deidentified-{stamp}.csv"'
    return response


def _deidentified_lines(rows: Iterator[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(services.deidentified.COLUMNS)
    for row in rows:
        yield writer.writerow([_csv_safe(row[column]) for column in services.deidentified.COLUMNS])


# --- About these suggestions ------------------------------------------------------------------------


@staff_view
@require_GET
def about_suggestions(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/about.html", {"about": presenter.about_context(), "nav": "about"})


# --- One case ----------------------------------------------------------------------------------------


@staff_view
@require_GET
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    response = presenter.render_case_page(request, reference)
    audit.case_viewed(reference=reference, actor=request.user)  # the access log; 404s never get here
    return response


def _case_url(case: Case, anchor: str = "") -> str:
    return reverse("staff:case", kwargs={"reference": case.reference}) + (f"#{anchor}" if anchor else "")


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _kept_input(form: forms.Form, version: int) -> dict:
    """What the physiotherapist typed, with the case's current version so that saving again (after
    reading what changed) is a deliberate choice."""
    data = form.data.copy()
    data["version"] = str(version)
    return data


@dataclass(frozen=True)
class _Write:
    """How one staff write on a case reads its form and answers."""

    form_class: type[forms.Form]
    # Where on the case page to land afterwards.
    anchor: str = ""
    # The form's name on the case page when a form to correct re-renders the page ("" redirects).
    form_name: str = ""
    auto_id: str = "id_%s"
    # Said when a form that only redirects could not be read.
    unreadable: str = ""

    def form(self, data) -> forms.Form:
        return self.form_class(data, auto_id=self.auto_id)

    def kept(self, form: forms.Form, conflict: services.CaseVersionConflict) -> dict:
        """What the page keeps of the typed form when someone else changed the case first."""
        if isinstance(form, AcknowledgeForm):
            return {"acknowledge_notes": {form.cleaned_data["rule_id"]: form.cleaned_data["note"]}}
        if self.form_name:
            return {self.form_name: self.form(_kept_input(form, conflict.current_version))}
        return {}


def _case_write(request: HttpRequest, reference: str, write: _Write, call) -> HttpResponse:
    """Parse the form, call the service (``call(case, cleaned_data)`` returns the success message),
    then redirect; a refused write says why, a conflict re-renders the page with what was typed."""
    case = get_object_or_404(Case, reference=reference)
    form = write.form(request.POST)
    if not form.is_valid():
        if write.form_name:
            return presenter.render_case_page(request, reference, kept={write.form_name: form})
        if write.unreadable:
            messages.error(request, write.unreadable)
        return redirect(_case_url(case, write.anchor))
    try:
        done = call(case, form.cleaned_data)
    except services.CaseVersionConflict as conflict:
        return presenter.render_case_page(
            request, reference, status=409, conflict=conflict, kept=write.kept(form, conflict)
        )
    except ValidationError as error:
        _refused(request, error)
        if write.form_name:
            return presenter.render_case_page(request, reference, kept={write.form_name: form})
        return redirect(_case_url(case, write.anchor))
    messages.success(request, done)
    return redirect(_case_url(case, write.anchor))


@staff_view
@require_POST
def case_acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    def acknowledge(case: Case, data: dict) -> str:
        services.red_flag_acknowledge(
            case=case, rule_id=data["rule_id"], note=data["note"], actor=request.user, expected_version=data["version"]
        )
        return f"Red flag {data['rule_id']} acknowledged."

    write = _Write(
        AcknowledgeForm, anchor="red-flags", unreadable="That acknowledgement could not be read; please try again."
    )
    return _case_write(request, reference, write, acknowledge)


@staff_view
@require_POST
def case_assign(request: HttpRequest, reference: str) -> HttpResponse:
    def assign(case: Case, data: dict) -> str:
        services.case_assign(case=case, assignee=request.user, actor=request.user, expected_version=data["version"])
        return "The case is assigned to you."

    return _case_write(request, reference, _Write(VersionForm), assign)


@staff_view
@require_POST
def case_override(request: HttpRequest, reference: str) -> HttpResponse:
    def override(case: Case, data: dict) -> str:
        services.case_override_pathway(
            case=case,
            pathway=data["pathway"],
            reason=data["reason"],
            comment=data["comment"],
            actor=request.user,
            expected_version=data["version"],
        )
        return "Pathway changed. The draft plan now follows your decision."

    write = _Write(OverrideForm, anchor="suggestion", form_name="override_form", auto_id="id_override_%s")
    return _case_write(request, reference, write, override)


@staff_view
@require_POST
def case_refer(request: HttpRequest, reference: str) -> HttpResponse:
    def refer(case: Case, data: dict) -> str:
        services.case_refer(
            case=case,
            destination=data["destination"],
            note=data["note"],
            actor=request.user,
            expected_version=data["version"],
        )
        return f"Case referred to {ReferralDestination(data['destination']).label}."

    return _case_write(request, reference, _Write(ReferForm, form_name="refer_form", auto_id="id_refer_%s"), refer)


@staff_view
@require_POST
def case_patient_called(request: HttpRequest, reference: str) -> HttpResponse:
    def called(case: Case, data: dict) -> str:
        services.case_patient_called(case=case, actor=request.user, expected_version=data["version"])
        return "Marked as called: the case is no longer on the call-today list."

    return _case_write(request, reference, _Write(VersionForm, anchor="call-today"), called)


@staff_view
@require_POST
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    def close(case: Case, data: dict) -> str:
        services.case_close(
            case=case,
            actor=request.user,
            expected_version=data["version"],
            reason=data["close_reason"],
            note=data["note"],
        )
        return "Case closed."

    write = _Write(CloseForm, anchor="close", form_name="close_form", auto_id="id_close_%s")
    return _case_write(request, reference, write, close)


@staff_view
@require_POST
def case_reopen(request: HttpRequest, reference: str) -> HttpResponse:
    def reopen(case: Case, data: dict) -> str:
        case = services.case_reopen(case=case, actor=request.user, expected_version=data["version"])
        return f"Case reopened: {case.get_status_display().lower()}."

    return _case_write(request, reference, _Write(VersionForm), reopen)


@staff_view
@require_POST
def case_plan_revise(request: HttpRequest, reference: str) -> HttpResponse:
    def revise(case: Case, data: dict) -> str:
        draft = services.plan_revise(case=case, actor=request.user, expected_version=data["version"])
        return (
            f"Version {draft.version} of the plan is a draft below. The patient keeps seeing the approved "
            "version until you approve this one."
        )

    return _case_write(request, reference, _Write(VersionForm, anchor="plan"), revise)


# --- The first visit, notes and the contact log -------------------------------------------------------------


@staff_view
@require_POST
def case_first_visit(request: HttpRequest, reference: str) -> HttpResponse:
    def record(case: Case, data: dict) -> str:
        sign = data["op"] == "sign"
        services.first_visit_save(
            case=case, values=form_values(data), actor=request.user, expected_version=data["version"], sign=sign
        )
        return (
            "First visit signed. It is kept as it is now; add an addendum for anything later."
            if sign
            else ("First visit saved. It stays editable until you sign it.")
        )

    def form_values(data: dict) -> dict[str, str]:
        return {name: data[name] for name in services.FIRST_VISIT_FIELDS}

    write = _Write(FirstVisitForm, anchor="first-visit", form_name="first_visit_form", auto_id="id_visit_%s")
    return _case_write(request, reference, write, record)


@staff_view
@require_POST
def case_addendum(request: HttpRequest, reference: str) -> HttpResponse:
    def add(case: Case, data: dict) -> str:
        services.first_visit_addendum_add(case=case, text=data["text"], actor=request.user)
        return "Addendum added to the signed first visit."

    write = _Write(AddendumForm, anchor="first-visit", form_name="addendum_form", auto_id="id_addendum_%s")
    return _case_write(request, reference, write, add)


@staff_view
@require_POST
def case_note(request: HttpRequest, reference: str) -> HttpResponse:
    def add(case: Case, data: dict) -> str:
        note = services.case_note_add(case=case, kind=data["kind"], text=data["text"], actor=request.user)
        return "Note added." if note.kind == "note" else "Contact logged."

    write = _Write(NoteForm, anchor="notes", form_name="note_form", auto_id="id_note_%s")
    return _case_write(request, reference, write, add)


@staff_view
@require_GET
def case_rerun(request: HttpRequest, reference: str) -> HttpResponse:
    """The stored assessment beside what the current rules say about the same answers. Nothing is stored."""
    return presenter.render_rerun_page(request, reference)


# --- The plan editor ---------------------------------------------------------------------------------------

PLAN_DONE = {
    "save": "Plan saved.",
    "approve": "Plan approved. The handout and the patient's link are ready.",
    "add": "Added to the plan.",
    "add_own": "Your item is added to the plan.",
    "up": "Item moved up.",
    "down": "Item moved down.",
    "remove": "Item removed from the plan.",
}


@staff_view
@require_POST
def case_plan(request: HttpRequest, reference: str) -> HttpResponse:
    """The plan editor: every button saves what was typed, then does its own part (move, remove,
    add, approve), so nothing typed is lost by pressing "Move up"."""
    case = get_object_or_404(Case, reference=reference)
    plan = TherapyPlan.objects.filter(case=case, status=PlanStatus.DRAFT).first()
    if plan is None:
        messages.error(request, "This case has no draft plan to edit.")
        return redirect(_case_url(case))
    exercises = list(Exercise.objects.filter(is_active=True).order_by("code"))
    form = PlanEditForm(request.POST, exercises=exercises)
    formset = PlanItemFormSet(request.POST, prefix="items")
    if not (form.is_valid() and formset.is_valid()):
        messages.error(request, "Some values could not be saved; see the messages next to the fields.")
        return presenter.render_case_page(request, reference, kept={"plan_form": form, "plan_formset": formset})
    op, item_id = form.cleaned_data["op"]
    if op == "approve" and not request.user.has_perm(APPROVE_PERMISSION):
        # Save what was typed; approving is for those with the permission (the service checks too).
        messages.error(request, "Your changes are saved, but approving a plan needs the approve permission.")
        op = "save"
    try:
        _plan_save(request, plan, form, formset, op=op, item_id=item_id, exercises=exercises)
    except services.CaseVersionConflict as conflict:
        kept = {
            "plan_form": PlanEditForm(_kept_input(form, conflict.current_version), exercises=exercises),
            "plan_formset": _formset_with_typed_values(formset, conflict),
        }
        return presenter.render_case_page(request, reference, status=409, conflict=conflict, kept=kept)
    except ValidationError as error:
        _refused(request, error)
        return redirect(_case_url(case, "plan"))
    if op in ("up", "down") and request.headers.get("Accept", "").startswith("application/json"):
        return _plan_order_json(case, op)
    messages.success(request, PLAN_DONE[op])
    if op == "approve":
        if case.patient.email:
            messages.info(request, "The patient is e-mailed the link to their plan.")
        else:
            messages.warning(request, "No e-mail address for this patient: tell the patient the link below.")
    return redirect(_case_url(case, "plan"))


def _plan_order_json(case: Case, op: str) -> JsonResponse:
    """For static/js/staff_plan_reorder.js after a move: the new order and the case's version."""
    order = PlanItem.objects.filter(plan__case=case, plan__status=PlanStatus.DRAFT).order_by("position")
    version = Case.objects.values_list("version", flat=True).get(pk=case.pk)
    return JsonResponse(
        {"message": PLAN_DONE[op], "version": version, "order": list(order.values_list("pk", flat=True))}
    )


def _plan_save(request, plan, form, formset, *, op: str, item_id: int | None, exercises: list[Exercise]) -> None:
    """Save what was typed with the button's own part; approving is a second step on the new version."""
    add = (
        next(exercise for exercise in exercises if exercise.pk == form.cleaned_data["add_exercise"])
        if op == "add"
        else None
    )
    plan = services.plan_update(
        plan=plan,
        actor=request.user,
        expected_version=form.cleaned_data["version"],
        changes=[item_form.change() for item_form in formset.forms],
        add_exercise=add,
        remove_item_id=item_id if op == "remove" else None,
        move=(item_id, -1 if op == "up" else 1) if op in ("up", "down") else None,
        add_free_text=form.free_text_item(),
    )
    if op == "approve":
        case = Case.objects.only("version").get(pk=plan.case_id)
        services.plan_approve(plan=plan, actor=request.user, expected_version=case.version)


def _formset_with_typed_values(formset, conflict: services.CaseVersionConflict):
    """The current plan's items, each showing what the physiotherapist typed for it (items someone
    else removed meanwhile drop out; items someone else added show their saved values)."""
    plan = TherapyPlan.objects.filter(case=conflict.case, status=PlanStatus.DRAFT).first()
    typed = {form.cleaned_data["item_id"]: form.cleaned_data for form in formset.forms}
    initial = [{**row, **typed.get(row["item_id"], {})} for row in (presenter.plan_initial(plan) if plan else [])]
    return PlanItemFormSet(initial=initial, prefix="items")


# --- The handout ---------------------------------------------------------------------------------------------


@staff_view
@require_GET
def case_handout(request: HttpRequest, reference: str) -> HttpResponse:
    """The printable handout of the approved plan, for staff to print or send. 404 before approval."""
    plan = approved_plan_or_404(reference)
    return render(request, "staff/handout.html", {"plan": plan, "case": plan.case, "for_staff": True})


def approved_plan_or_404(reference: str) -> TherapyPlan:
    """The case's approved plan, with its case attached, for the handout page and its PDF; 404 before
    approval (a draft is never handed out)."""
    case = selectors.case_for_staff(reference=reference)
    if case is None:
        raise Http404("No case has that reference.")
    plan = selectors.approved_plan_for_case(case=case)
    if plan is None or plan.status != PlanStatus.APPROVED:
        raise Http404("This case has no approved plan yet: a draft is never handed out.")
    plan.case = case  # the case read above (its language), not read again
    return plan


@staff_view
@require_GET
def case_plan_preview(request: HttpRequest, reference: str) -> HttpResponse:
    """The draft plan exactly as the patient will see it, marked "draft". 404 without a draft."""
    case = selectors.case_for_staff(reference=reference)
    if case is None:
        raise Http404("No case has that reference.")
    plan = selectors.draft_plan_for_case(case=case)
    if plan is None:
        raise Http404("This case has no draft plan to preview.")
    return render(request, "staff/handout.html", {"plan": plan, "case": case, "for_staff": True, "draft": True})
