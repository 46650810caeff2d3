"""The de-identified export: every value scanned against the patients' personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from intake import services
from intake.models import AuditAction, AuditEvent, Case, Patient
from intake.services.deidentified import COLUMNS, age_band, bmi_band
from tests.factories import PF_COMPENSATION_ANSWERS, ClinicalLeadFactory
from tests.staff_support import load_library

pytestmark = pytest.mark.django_db
EXPORT = reverse("staff:deidentified_export")

PEOPLE = [
    {
        "name": "Xanthippe Quennell-Vasquez",
        "date_of_birth": dt.date(1979, 4, 23),
        "email": "xq.vasquez@example.org",
        "phone": "07700 912345",
        "submitted": dt.datetime(2026, 3, 14, 10, 30, tzinfo=dt.UTC),
    },
    {
        "name": "Bartholomew Ngozi-Fairweather",
        "date_of_birth": dt.date(1958, 12, 1),
        "email": "bart.fairweather@example.net",
        "phone": "+44 161 496 0777",
        "submitted": dt.datetime(2026, 7, 2, 16, 5, tzinfo=dt.UTC),
    },
]
FREE_TEXT = ["zqxOverrideComment", "zqxReferralNote", "zqxDiagnosisNote", "zqxCaseNote", "zqxAddendum"]


def personal_data(case: Case, person: dict) -> list[str]:
    """Every string that would identify the patient if it appeared in the export."""
    born = person["date_of_birth"]
    submitted = person["submitted"]
    strings = [
        *[part for part in re.split(r"[\s-]+", person["name"]) if len(part) >= 3],
        person["email"],
        person["email"].split("@")[0],
        re.sub(r"\D", "", person["phone"])[-7:],
        born.isoformat(),
        born.strftime("%d/%m/%Y"),
        born.strftime("%Y%m%d"),
        case.reference,
        case.reference.replace("-", ""),
        submitted.date().isoformat(),
        submitted.isoformat(),
        *FREE_TEXT,
    ]
    return [string.casefold() for string in strings]


@pytest.fixture
def exported_cases(physiotherapist):
    load_library()
    cases = []
    for person in PEOPLE:
        with time_machine.travel(person["submitted"], tick=False):
            case = services.case_submit(
                answers={**PF_COMPENSATION_ANSWERS, "bmi": 31},
                name=person["name"],
                date_of_birth=person["date_of_birth"],
                email=person["email"],
                phone=person["phone"],
                consent_given=True,
            )
        cases.append(case)
    first = cases[0]
    services.case_override_pathway(
        case=first,
        pathway="pf_only",
        reason="other",
        comment=FREE_TEXT[0],
        actor=physiotherapist,
        expected_version=first.version,
    )
    values = {
        "windlass": "positive",
        "medial_calcaneal_tenderness": "positive",
        "calf_squeeze": "negative",
        "hamstring_palpation": "negative",
        "resisted_knee_flexion": "not_done",
        "straight_leg_raise": "negative",
        "slump": "negative",
        "neuro_screen": "negative",
        "working_diagnosis": "pf_only",
        "differential": "",
        "diagnosis_note": FREE_TEXT[2],
    }
    services.first_visit_save(
        case=first, values=values, actor=physiotherapist, expected_version=Case.objects.get(pk=first.pk).version,
        sign=True,
    )  # fmt: skip
    services.case_note_add(case=first, kind="note", text=FREE_TEXT[3], actor=physiotherapist)
    services.first_visit_addendum_add(case=first, text=FREE_TEXT[4], actor=physiotherapist)
    second = cases[1]
    services.case_refer(
        case=second, destination="gp", note=FREE_TEXT[1], actor=physiotherapist, expected_version=second.version
    )
    # A second case of the first patient, 30 days after the first: the interval must survive the shift.
    with time_machine.travel(PEOPLE[0]["submitted"] + dt.timedelta(days=30), tick=False):
        again = services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="Whoever", consent_given=True)
    orphan = again.patient
    Case.objects.filter(pk=again.pk).update(patient=first.patient)
    Patient.objects.filter(pk=orphan.pk).update(consent_given=False)  # exported only through the first patient
    cases.append(Case.objects.get(pk=again.pk))
    return cases


def download(client) -> list[dict]:
    response = client.get(EXPORT)
    assert response.status_code == HTTPStatus.OK
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def lead_client(client):
    client.force_login(ClinicalLeadFactory(username="lead"))
    return client


def test_no_exported_value_contains_any_patients_personal_data(lead_client, exported_cases):
    rows = download(lead_client)
    assert len(rows) == 3
    identifiers = {
        string for case, person in zip(exported_cases, PEOPLE + [PEOPLE[0]], strict=True)
        for string in personal_data(case, person)
    }  # fmt: skip
    for row in rows:
        for column, value in row.items():
            for identifier in identifiers:
                assert identifier not in value.casefold(), f"{column} holds {identifier!r}"
    assert set(rows[0]) == set(COLUMNS)
    assert not {"name", "email", "phone", "date_of_birth", "reference", "age", "bmi"} & set(rows[0])


def test_the_export_keeps_the_clinical_record_coded(lead_client, exported_cases):
    rows = download(lead_client)
    first = next(row for row in rows if row["working_diagnosis"])
    assert first["age_band"] == "45-54" and first["bmi_band"] == "30+"
    assert first["suggested_pathway"] == "pf_compensation" and first["overridden_pathway"] == "pf_only"
    assert first["override_reason"] == "other" and first["windlass"] == "positive"
    assert first["first_visit_signed"] == "yes" and first["heel_pain"] == "yes"
    assert re.fullmatch(r"[0-9a-f]{12}", first["patient"]) and re.fullmatch(r"[0-9a-f]{12}", first["case"])
    referred = next(row for row in rows if row["referred_to"])
    assert referred["referred_to"] == "gp" and referred["rules_version"]


def test_dates_are_shifted_the_same_way_within_a_patient(lead_client, exported_cases):
    rows = download(lead_client)
    by_patient: dict[str, list[dt.date]] = {}
    for row in rows:
        by_patient.setdefault(row["patient"], []).append(dt.date.fromisoformat(row["submitted_on"]))
    (two_cases,) = [dates for dates in by_patient.values() if len(dates) == 2]
    assert abs((two_cases[1] - two_cases[0]).days) == 30
    real = PEOPLE[0]["submitted"].date()
    assert 1 <= abs((min(two_cases) - real).days) <= 182
    # A new export draws new pseudonyms: two exports cannot be joined.
    assert {row["patient"] for row in download(lead_client)}.isdisjoint(by_patient)


def test_the_export_is_audited_and_needs_its_permission(lead_client, physio_client, exported_cases):
    assert physio_client.get(EXPORT).status_code == HTTPStatus.FORBIDDEN
    assert not AuditEvent.objects.filter(action=AuditAction.DEIDENTIFIED_EXPORTED).exists()
    download(lead_client)
    event = AuditEvent.objects.get(action=AuditAction.DEIDENTIFIED_EXPORTED)
    assert event.actor.username == "lead" and event.details == {"cases": 3, "patients": 2}
    assert "Download the de-identified export" in lead_client.get(reverse("staff:rules_review")).content.decode()


@pytest.mark.parametrize(
    "age,band", [(12, "under 18"), (17, "under 18"), (18, "18-24"), (25, "25-34"), (47, "45-54"), (85, "85+")]
)
def test_age_bands(age, band):
    assert age_band(age) == band


def test_bmi_bands():
    assert [bmi_band(value) for value in (None, 17, 22, 27, 31)] == ["", "under 18.5", "18.5-24.9", "25-29.9", "30+"]
