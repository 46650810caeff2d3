"""The patient's private link to their approved plan: the only patient page outside intake/urls.py.

Anonymous by design: the unguessable token in the URL is the key. It opens an approved plan only,
before its expiry; a draft, a superseded plan or an unknown token is a plain 404, so a link can
never show a plan a physiotherapist has not approved, nor say whether a token ever existed.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from intake import selectors


@never_cache
@require_GET
def patient_plan(request: HttpRequest, token: str) -> HttpResponse:
    plan = selectors.approved_plan_for_patient(token=token)
    if plan is None:
        raise Http404("No plan is shared at this address.")
    if plan.patient_link_expires_at is None or plan.patient_link_expires_at <= timezone.now():
        return render(request, "staff/handout_expired.html", status=410)
    response = render(request, "staff/handout_patient.html", {"plan": plan, "for_staff": False})
    # Never listed by search engines, even if the link is pasted somewhere public.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
