"""The handout as a PDF (WeasyPrint): what the patient sees, in their language, with the clinic's name and
phone and no diagnosis; downloads for staff and for the patient; attached to the plan e-mail only when the
clinic turns that on. The text is read back out of the PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from intake import services
from intake.handout_pdf import handout_pdf
from intake.models import (
    AuditAction,
    AuditEvent,
    ClinicPolicy,
    Exercise,
    Pathway,
    PlanStatus,
    TherapyPlan,
    WorkingDiagnosis,
)
from tests.alerts_support import run_queued
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.staff_support import case_url, draft_plan, load_library, post_plan

pytestmark = pytest.mark.django_db

# Words that would tell the patient a diagnosis or the app's suggestion (STYLE: never shown to a patient),
# on top of every pathway's and working diagnosis's label.
DIAGNOSIS_WORDS = ("fasciitis", "fascitis", "tendinopathy", "sciatica", "ciática", "diagnosis", "diagnóstico")
DIAGNOSIS_WORDS += ("pathway", "piriformis", "strain", "distensión")


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flattened(text: str) -> str:
    """The PDF's text with its line breaks as spaces (a sentence may wrap anywhere)."""
    return re.sub(r"\s+", " ", text)


def assert_no_diagnosis(text: str) -> None:
    lowered = flattened(text).lower()
    labels = {label for _value, label in Pathway.choices} | {label for _value, label in WorkingDiagnosis.choices}
    for words in (*labels, *DIAGNOSIS_WORDS):
        assert words.lower() not in lowered, f"the handout PDF says {words!r}"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture(autouse=True)
def library(db):
    load_library()


def approved_plan(physio, *, language: str | None = None, email: str = "") -> TherapyPlan:
    case = services.case_submit(
        answers=PF_COMPENSATION_ANSWERS, name="Lucía Fernández", consent_given=True, language=language, email=email
    )
    draft = draft_plan(case)
    # A note only staff see: never on the patient's handout.
    item = draft.items.first()
    item.staff_notes = "Suspect plantar fasciitis; check windlass next visit."
    item.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.plan_approve(plan=draft, actor=physio, expected_version=case.version)


# --- What the PDF says ------------------------------------------------------------------------------------------


def test_the_pdf_has_the_clinics_name_and_phone_the_plan_and_no_diagnosis(physiotherapist, settings):
    settings.CLINIC_NAME = "Riverside Heel Clinic"
    settings.CLINIC_PHONE = "01632 960123"
    plan = approved_plan(physiotherapist)
    text = pdf_text(handout_pdf(plan))
    flat = flattened(text)
    assert "Riverside Heel Clinic" in flat and "01632 960123" in flat
    assert "Your exercise and self-care plan" in flat
    assert f"Reference {plan.case.reference}" in flat
    for item in plan.items.all():
        assert item.name in flat
    assert "When to get help" in flat and f"call {settings.EMERGENCY_NUMBER}" in flat
    assert "windlass" not in flat  # the staff note
    assert "Lucía" not in flat and "Fernández" not in flat  # no name: the reference is enough
    assert_no_diagnosis(text)
    # No library picture in this plan: nothing else is drawn in (the renderer fetches nothing else).
    assert not any(PdfReader(io.BytesIO(handout_pdf(plan))).pages[0].images)


def test_a_spanish_patients_pdf_is_in_spanish(physiotherapist):
    plan = approved_plan(physiotherapist, language="es")
    text = flattened(pdf_text(handout_pdf(plan)))
    assert "Su plan de ejercicios y cuidados" in text
    assert "Cuándo pedir ayuda" in text
    assert "Your exercise and self-care plan" not in text and "When to get help" not in text
    for item in plan.items.all():
        assert item.name in text
    assert_no_diagnosis(text)


def test_an_exercise_picture_is_drawn_into_the_pdf(physiotherapist, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    exercise = Exercise.objects.get(code="PF-02")
    exercise.picture = SimpleUploadedFile("sole-stretch.png", png, content_type="image/png")
    exercise.full_clean()
    exercise.save()
    plan = approved_plan(physiotherapist)
    assert any(item.exercise_id == exercise.pk for item in plan.items.all())
    reader = PdfReader(io.BytesIO(handout_pdf(plan)))
    # WeasyPrint shares one resource dictionary between pages: the same picture, listed once.
    assert len({image.data for page in reader.pages for image in page.images}) == 1


# --- Downloads -----------------------------------------------------------------------------------------------


def test_staff_download_the_pdf_from_the_handout_and_case_pages_and_it_is_audited(physio_client, physiotherapist):
    plan = approved_plan(physiotherapist)
    case = plan.case
    pdf_url = case_url(case, "staff:case_handout_pdf")
    assert f'href="{pdf_url}"' in physio_client.get(case_url(case, "staff:case_handout")).content.decode()
    assert f'href="{pdf_url}"' in physio_client.get(case_url(case)).content.decode()
    response = physio_client.get(pdf_url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="plan-{case.reference}.pdf"'
    assert "Your exercise and self-care plan" in flattened(pdf_text(response.content))
    event = AuditEvent.objects.get(action=AuditAction.HANDOUT_PDF_DOWNLOADED)
    assert event.case == case and event.actor == physiotherapist
    assert event.details == {"reference": case.reference, "plan": plan.pk, "plan_version": 1}


def test_there_is_no_pdf_before_the_plan_is_approved(physio_client):
    case = services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="Ada Lovelace", consent_given=True)
    assert physio_client.get(case_url(case, "staff:case_handout_pdf")).status_code == HTTPStatus.NOT_FOUND
    assert "Download as PDF" not in physio_client.get(case_url(case, "staff:case_plan_preview")).content.decode()


def test_the_patient_downloads_the_pdf_from_their_private_page(client, physiotherapist):
    plan = approved_plan(physiotherapist, language="es")
    page = client.get(reverse("patient_plan", kwargs={"token": plan.patient_link_token})).content.decode()
    pdf_url = reverse("patient_plan_pdf", kwargs={"token": plan.patient_link_token})
    assert f'href="{pdf_url}"' in page and "Descargar este plan en PDF" in page
    response = client.get(pdf_url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Su plan de ejercicios y cuidados" in flattened(pdf_text(response.content))


def test_an_unknown_or_expired_link_gives_no_pdf(client, physiotherapist):
    assert client.get(reverse("patient_plan_pdf", kwargs={"token": "nope"})).status_code == HTTPStatus.NOT_FOUND
    plan = approved_plan(physiotherapist)
    with time_machine.travel(plan.patient_link_expires_at + dt.timedelta(minutes=1), tick=False):
        response = client.get(reverse("patient_plan_pdf", kwargs={"token": plan.patient_link_token}))
    assert response.status_code == HTTPStatus.GONE
    assert response["Content-Type"].startswith("text/html")


def test_the_patients_pdf_downloads_are_rate_limited(client, physiotherapist, monkeypatch):
    monkeypatch.setattr("intake.patient.rate_limit.HANDOUT_PDFS_PER_HOUR", 2)
    plan = approved_plan(physiotherapist)
    url = reverse("patient_plan_pdf", kwargs={"token": plan.patient_link_token})
    assert [client.get(url).status_code for _ in range(3)] == [HTTPStatus.OK, HTTPStatus.OK, 429]


# --- The plan e-mail --------------------------------------------------------------------------------------------


def approve_and_send(physio_client, physiotherapist, *, language: str | None = None) -> TherapyPlan:
    case = services.case_submit(
        answers=PF_COMPENSATION_ANSWERS,
        name="Lucía Fernández",
        consent_given=True,
        language=language,
        email="lucia@patient.example",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_plan(physio_client, case, "approve")
    assert mail.outbox == []  # only the worker sends
    run_queued(now=timezone.now())
    return TherapyPlan.objects.get(case=case, status=PlanStatus.APPROVED)


def test_the_plan_email_carries_no_pdf_unless_the_clinic_turns_it_on(physio_client, physiotherapist):
    assert ClinicPolicy.current().email_handout_pdf is False
    plan = approve_and_send(physio_client, physiotherapist)
    (message,) = mail.outbox
    assert message.attachments == []
    assert plan.patient_link_token in message.body
    assert "attached" not in message.body
    event = AuditEvent.objects.get(case=plan.case, action=AuditAction.PLAN_EMAILED)
    assert "pdf_attached" not in event.details


def test_the_plan_email_attaches_the_pdf_in_the_patients_language_when_turned_on(physio_client, physiotherapist):
    policy = ClinicPolicy.current()
    policy.email_handout_pdf = True
    policy.save()
    plan = approve_and_send(physio_client, physiotherapist, language="es")
    (message,) = mail.outbox
    ((filename, content, mimetype),) = message.attachments
    assert filename == f"plan-{plan.case.reference}.pdf" and mimetype == "application/pdf"
    text = pdf_text(content)
    assert "Su plan de ejercicios y cuidados" in flattened(text)
    assert_no_diagnosis(text)
    assert "Su plan también va adjunto a este correo en PDF" in message.body
    assert plan.patient_link_token in message.body
    for private in ("Lucía", "Fernández"):
        assert private not in message.body and private not in filename
    event = AuditEvent.objects.get(case=plan.case, action=AuditAction.PLAN_EMAILED)
    assert event.details["pdf_attached"] is True
