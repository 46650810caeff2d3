"""Staff downloads of one case, for the practice system: the case summary as plain text and the approved
plan's handout as a PDF. Both are reads of health data, so each is written to the access log.

Every view here is wrapped in ``staff_view`` (login and the review permission), like the rest of the
staff pages (intake/staff/views.py).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from intake import audit, selectors
from intake.handout_pdf import handout_filename, handout_pdf
from intake.staff.summary import case_summary
from intake.staff.views import approved_plan_or_404, staff_view


@staff_view
@require_GET
def case_summary_download(request: HttpRequest, reference: str) -> HttpResponse:
    """The case summary as a .txt file: the same text as the case page's copy box, for browsers without
    JavaScript or for attaching to the practice system's record."""
    detail = selectors.case_detail(reference=reference)
    if detail is None:
        raise Http404("No case has that reference.")
    response = HttpResponse(case_summary(detail), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="case-{detail.case.reference}-summary.txt"'
    audit.case_summary_downloaded(case=detail.case, actor=request.user)
    return response


@staff_view
@require_GET
def case_handout_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The approved plan's handout as a PDF, exactly as the patient's. 404 before approval."""
    plan = approved_plan_or_404(reference)
    case = plan.case
    response = HttpResponse(handout_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{handout_filename(plan)}"'
    audit.handout_pdf_downloaded(case=case, actor=request.user, plan=plan)
    return response
