"""The follow-up check-in at its private link (no account), in two short pages, safety first.

Page 1, "How you are now" (CheckInSafetyForm): the safety questions asked again and today's heel and
thigh pain. Sending it stores it and runs the safety re-assessment at once (services.check_in_safety_answer:
a new red flag or a Not sure re-assesses the case, raises its urgency, never lowers it, and alerts the
clinic), so a patient who stops there has still told the clinic what matters. Page 2 (CheckInForm): the
global rating of change, adherence, the PSFS and the LEFS; sending it completes the check-in's Outcome.

The link always resumes where the patient left off: page 1, then page 2 once page 1 is sent, then thank
you. When page 1 called for advice, the link shows the intake's advice box first (where to go now) and a
link on to page 2 (``?step=2``) for when it is safe to carry on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from intake import selectors, services
from intake.models import Case, CheckIn, CheckInSafety
from intake.patient.check_in import CheckInForm, CheckInSafetyForm
from intake.patient.views import advice_from, error_summary


@never_cache
@require_http_methods(["GET", "POST"])
def patient_check_in(request: HttpRequest, token: str) -> HttpResponse:
    """A follow-up check-in at its private link, no account, in two short pages, safety first: page 1
    (the safety questions, heel and thigh pain) is acted on as soon as it is sent, page 2 (the measures)
    completes the check-in. The link resumes where the patient left off; after a page 1 that raised a
    red flag or a Not sure, the intake's advice comes first, with a way on to page 2."""
    check_in = selectors.check_in_for_patient(token=token)
    if check_in is None:
        raise Http404("No check-in at this address.")
    case = check_in.case
    with translation.override(case.language):
        page = _check_in_page(request, check_in)
        if isinstance(page, HttpResponse):
            return page
        response = render(request, "patient/check_in.html", {**page, "check_in": check_in, "step_total": 2})
    response["Content-Language"] = case.language
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _check_in_page(request: HttpRequest, check_in: CheckIn) -> dict | HttpResponse:
    """Which page the link shows now, and its form; a redirect once a page is sent."""
    case = check_in.case
    safety = getattr(check_in, "safety", None)
    advice = check_in_advice(case, safety) if safety is not None else None
    if hasattr(check_in, "outcome"):
        return {"page": "thanks", "advice": advice}
    if not services.follow_up.check_in_is_open(check_in):
        return {"page": "closed"}
    data = request.POST if request.method == "POST" else None
    if safety is None:
        form: CheckInSafetyForm | CheckInForm = CheckInSafetyForm(
            data, intake_answers=selectors.check_in_intake_answers(case=case)
        )
        send, page = services.check_in_safety_answer, "safety"
    elif advice is not None and data is None and request.GET.get("step") != "2":
        return {"page": "advice", "advice": advice, "step_number": 1}
    else:
        form = CheckInForm(data, activities=selectors.psfs_activities_for(case=case))
        send, page = services.check_in_answer, "measures"
    if form.is_bound and form.is_valid():
        try:
            send(check_in=check_in, **form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("patient_check_in", token=check_in.token)
    return {
        "page": page,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "step_number": 1 if page == "safety" else 2,
    }


def check_in_advice(case: Case, safety: CheckInSafety) -> dict | None:
    """The intake's advice box after a check-in whose safety answers raised a new red flag or a Not sure;
    None otherwise (nothing new to act on)."""
    if not safety.needs_advice:
        return None
    assessment = case.latest_assessment()
    result = assessment.engine_result if assessment is not None else None
    return advice_from(result, call_today=bool(safety.unsure_safety_keys))
