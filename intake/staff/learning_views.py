"""The learning loop's staff pages beyond the rules review: the what-if page (a candidate rule set run over
every stored case by the worker, its stored report) and recording what a referral found.

The what-if page needs the rules review permission. Candidates are chosen by name from the files in
settings.RULES_CANDIDATES_DIR (intake/whatif.py lists them): nothing from the browser becomes a path or a
module name.
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intake import selectors, services, whatif
from intake.models import ReferralOutcome
from intake.staff.forms import ReferralFindingForm, WhatIfForm
from intake.staff.views import RULES_REVIEW_PERMISSION, _case_write, _Write, staff_view
from intake.whatif_models import WhatIfSection

# --- What a rule change would do ------------------------------------------------------------------------------


@staff_view
@permission_required(RULES_REVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def whatif_page(request: HttpRequest) -> HttpResponse:
    """The candidates (name, rules version), the form to run one, and the latest runs."""
    candidates = whatif.candidates()
    choices = [
        (candidate.name, f"{candidate.name} ({candidate.version})") for candidate in candidates if candidate.usable
    ]
    form = WhatIfForm(request.POST or None, candidates=choices)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.whatif_run_request(
                candidate_name=form.cleaned_data["candidate"],
                baseline=form.cleaned_data["baseline"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("candidate", error.message_dict.get("candidate", error.messages))
        else:
            return redirect(reverse("staff:whatif_run", kwargs={"run_id": run.pk}))
    return render(
        request,
        "staff/whatif.html",
        {
            "candidates": candidates,
            "candidates_dir": whatif.candidates_dir(),
            "form": form,
            "runs": selectors.whatif_recent_runs(),
            "nav": "rules_review",
        },
        status=400 if form.errors else 200,
    )


@staff_view
@permission_required(RULES_REVIEW_PERMISSION, raise_exception=True)
@require_GET
def whatif_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One run: its progress until it is done, then its report a page at a time."""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    report = selectors.whatif_report(run_id=run_id, page=page)
    if report is None:
        raise Http404("No what-if run has that number.")
    return render(
        request,
        "staff/whatif_run.html",
        {"report": report, "sections": WhatIfSection, "nav": "rules_review"},
    )


# --- What a referral found ---------------------------------------------------------------------------------------


@staff_view
@require_POST
def case_referral_finding(request: HttpRequest, reference: str) -> HttpResponse:
    def record(case, data: dict) -> str:
        finding = services.referral_finding_record(
            case=case, outcome=data["outcome"], note=data["note"], actor=request.user
        )
        return f"Recorded: {ReferralOutcome(finding.outcome).label.lower()}."

    write = _Write(
        ReferralFindingForm, anchor="referral-finding", form_name="referral_finding_form", auto_id="id_finding_%s"
    )
    return _case_write(request, reference, write, record)
