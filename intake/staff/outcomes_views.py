"""Staff pages about follow-up (issue 16): the queue's follow-up tab, and outcomes per pathway for clinic
admins. Thin views: a selector (intake/outcome_selectors.py, through selectors), then a template."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from intake import selectors
from intake.staff.views import staff_view

OUTCOMES_PERMISSION = "intake.view_outcomes_per_pathway"


@staff_view
@require_GET
def follow_up(request: HttpRequest) -> HttpResponse:
    """The queue's follow-up tab: check-ins due, overdue, and cases not improving by the MCID at 6 weeks."""
    now = timezone.now()
    status_tabs = [{"value": value, "label": label.split(" (")[0]} for value, label in selectors.STATUS_FILTERS]
    return render(
        request,
        "staff/follow_up.html",
        {
            "lists": selectors.follow_up_lists(now=now),
            "now": now,
            "status_tabs": status_tabs,
            "nav": "queue",
        },
    )


@staff_view
@permission_required(OUTCOMES_PERMISSION, raise_exception=True)
@require_GET
def outcomes_per_pathway(request: HttpRequest) -> HttpResponse:
    """Per pathway: cases followed up, the median change of each measure, the share reaching the MCID."""
    return render(
        request,
        "staff/outcomes.html",
        {"pathway_outcomes": selectors.outcomes_per_pathway(), "nav": "outcomes"},
    )
