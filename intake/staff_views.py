"""Staff dashboard views. Default deny: every view needs login and the review permission."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from intake.models import Case


@login_required
@permission_required("intake.review_case", raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.select_related("patient", "assigned_to").filter(status__in=["submitted", "in_review"])[:50]
    return render(request, "staff/queue.html", {"cases": cases})
