"""The patient's handout as a PDF, drawn by WeasyPrint from the same template body as the private plan page.

Used by the staff download (staff:case_handout_pdf), the patient's download at their private link
(patient_plan_pdf) and the plan-ready e-mail when the clinic attaches it (ClinicPolicy.email_handout_pdf).
In the patient's language (Case.language: the plan's items were written in it), with the clinic's
name and phone, never a diagnosis or a pathway: exactly what the patient sees on their page.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0, and a font such
as fonts-dejavu-core); `make install` and .ci/run install them where missing (README "The handout as a PDF").
The renderer fetches nothing over the network: the only resources it may load are the exercise library's
pictures, read from storage through ``_LibraryPictures``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from intake.models import PICTURE_TYPES, Exercise, TherapyPlan

STYLESHEET = "css/handout_pdf.css"


class _LibraryPictures(URLFetcher):
    """Serves the handout's exercise pictures from storage and refuses every other address (no network)."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != settings.SITE_URL:
            raise ValueError("The handout PDF loads only the exercise library's pictures.")
        try:
            match = resolve(parts.path)
        except Resolver404:
            raise ValueError("The handout PDF loads only the exercise library's pictures.") from None
        if match.url_name != "exercise_picture":
            raise ValueError("The handout PDF loads only the exercise library's pictures.")
        exercise = Exercise.objects.filter(pk=match.kwargs["exercise_id"]).exclude(picture="").first()
        if exercise is None:
            raise ValueError("No such picture.")
        extension = (exercise.picture.name or "").rsplit(".", 1)[-1].lower()
        if extension not in PICTURE_TYPES:
            raise ValueError("Not a picture type the library accepts.")
        with exercise.picture.open("rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": PICTURE_TYPES[extension]})


def handout_filename(plan: TherapyPlan) -> str:
    """The PDF's file name: the case reference only (no name, no health detail)."""
    return f"plan-{plan.case.reference}.pdf"


def handout_pdf(plan: TherapyPlan) -> bytes:
    """The approved plan as the patient sees it, as PDF bytes, in the patient's language."""
    language = plan.case.language
    with translation.override(language):
        html = render_to_string(
            "patient/handout_pdf.html",
            {
                "plan": plan,
                "language": language,
                "clinic_name": settings.CLINIC_NAME,
                "clinic_phone": settings.CLINIC_PHONE,
                "emergency_number": settings.EMERGENCY_NUMBER,
            },
        )
    stylesheet = finders.find(STYLESHEET)
    assert isinstance(stylesheet, str), f"{STYLESHEET} is missing from the static files"
    document = HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=_LibraryPictures())
    pdf = document.write_pdf(stylesheets=[CSS(filename=stylesheet)])
    assert pdf is not None
    return pdf
