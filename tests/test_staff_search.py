"""Search the queue by surname or first name, ignoring case and accents (PostgreSQL and SQLite alike),
and the patient's name on each queue row unless the clinic hides names on shared screens."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from intake import services
from intake.models import Patient, search_words
from tests.test_staff_queue import make_case, references

pytestmark = pytest.mark.django_db

QUEUE = reverse("staff:queue")


def found(client, typed: str) -> set[str]:
    return set(references(client.get(QUEUE, {"q": typed})))


@pytest.fixture
def patients(db):
    return {
        "jose": make_case(name="José Martínez-Ortega").reference,
        "zoe": make_case(name="Zoë Ångström").reference,
        "obrien": make_case(name="Siobhán O'Brien").reference,
        "smith": make_case(name="Smith, Joan").reference,
        "goldsmith": make_case(name="Karen Goldsmith").reference,
        "muller": make_case(name="JÜRGEN MÜLLER").reference,
    }


@pytest.mark.parametrize(
    "typed,who",
    [
        ("jose", {"jose"}),
        ("JOSÉ", {"jose"}),
        ("martinez", {"jose"}),
        ("Martí", {"jose"}),
        ("ortega", {"jose"}),  # each part of a double-barrelled surname
        ("zoe", {"zoe"}),
        ("angstrom", {"zoe"}),
        ("ÅNGSTRÖM", {"zoe"}),
        ("obrien", {"obrien"}),
        ("O'Brien", {"obrien"}),
        ("o’brien", {"obrien"}),  # a typographic apostrophe, as phones type it
        ("siobhan", {"obrien"}),
        ("smith", {"smith"}),  # the surname's start, never the middle of "Goldsmith"
        ("joan", {"smith"}),  # the first name
        ("joan smi", {"smith"}),  # every word typed must match
        ("muller", {"muller"}),
        ("jürgen", {"muller"}),
        ("nobody", set()),
    ],
)
def test_search_finds_a_name_by_any_word_ignoring_case_and_accents(physio_client, patients, typed, who):
    assert found(physio_client, typed) == {patients[name] for name in who}, typed


def test_the_search_column_follows_the_name_on_every_save(physio_client, clinic_admin):
    case = make_case(name="Ana Silva")
    patient = case.patient
    patient.name = "Ana Sílva-Costa"
    patient.save(update_fields=["name"])
    assert Patient.objects.get(pk=patient.pk).search_name == " ana silva costa "
    assert found(physio_client, "costa") == {case.reference}
    services.patient_erase(patient=patient, actor=clinic_admin)
    assert found(physio_client, "costa") == set()


def test_search_words_are_folded_once_for_every_database():
    assert search_words("  José  O'Brien-Ñúñez ") == " jose obrien nunez "
    assert search_words("") == ""


def test_each_queue_row_shows_the_patients_name(physio_client):
    make_case(name="Grace O'Malley")
    body = physio_client.get(QUEUE).content.decode()
    assert '<th scope="col">Patient</th>' in body
    assert "Grace O&#x27;Malley" in body


@override_settings(QUEUE_SHOW_PATIENT_NAMES=False)
def test_a_shared_screen_setting_hides_the_names(physio_client):
    case = make_case(name="Grace O'Malley")
    response = physio_client.get(QUEUE)
    body = response.content.decode()
    assert "Malley" not in body and '<th scope="col">Patient</th>' not in body
    assert response.context["page"].rows[0].patient_name == ""
    assert found(physio_client, "omalley") == {case.reference}  # searching by name still works
