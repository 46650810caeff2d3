"""Rate limits on the anonymous patient pages: a fixed window per client address (intake/rate_limit.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from intake.rate_limit import client_address, rate_limited

__all__ = [
    "client_address",
    "handout_pdf_rate_limited",
    "rate_limited",
    "resume_rate_limited",
    "submission_rate_limited",
]

# Drawing a PDF takes the server a moment: enough for a patient who downloads it again on each device, not
# enough for someone to keep the server busy.
HANDOUT_PDFS_PER_HOUR = 30


def submission_rate_limited(request: HttpRequest) -> bool:
    return rate_limited(
        request,
        scope="submit",
        limit=settings.INTAKE_SUBMISSIONS_PER_HOUR,
        window_seconds=3600,
    )


def resume_rate_limited(request: HttpRequest) -> bool:
    return rate_limited(
        request,
        scope="resume",
        limit=settings.INTAKE_RESUME_ATTEMPTS_PER_HOUR,
        window_seconds=3600,
    )


def handout_pdf_rate_limited(request: HttpRequest) -> bool:
    return rate_limited(request, scope="handout_pdf", limit=HANDOUT_PDFS_PER_HOUR, window_seconds=3600)
