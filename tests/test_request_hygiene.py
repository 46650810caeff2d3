"""Low findings of the security review: malformed requests get a 400, not a 500; HEAD answers like
GET; file parts of a multipart post are limited; hidden characters in names and a birth date before
1900 are refused with the right message; a garbled exercise id in admin does not crash the page."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from intake import services
from intake.patient.forms import ContactForm
from tests.factories import ExerciseFactory, PlanTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_500():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/plan/%00/", "/staff/cases/%00/", "/questions/about%00/", "/resume/?code=%00"])
def test_a_nul_byte_in_the_url_is_a_bad_request(client_500, url):
    response = client_500.get(url)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "We could not read that request" in response.content.decode()


def test_a_nul_byte_in_a_staff_search_is_a_bad_request(physio_client):
    assert physio_client.get(reverse("staff:queue") + "?q=a%00b").status_code == HTTPStatus.BAD_REQUEST


def test_a_garbled_exercise_id_in_the_template_admin_comes_back_with_an_error(clinic_admin_client):
    ExerciseFactory()
    data = {
        "pathway": "pf_only",
        "name": "Heel template",
        "description": "",
        "is_active": "on",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-exercise": "abc",
        "items-0-position": "1",
    }
    response = clinic_admin_client.post(reverse("admin:intake_plantemplate_add"), data)
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()


def test_the_template_admin_still_shows_a_chosen_exercise(clinic_admin_client):
    exercise = ExerciseFactory(name="Towel scrunches")
    template = PlanTemplateFactory()
    template.items.create(exercise=exercise, position=1)
    page = clinic_admin_client.get(reverse("admin:intake_plantemplate_change", args=[template.pk]))
    assert "Towel scrunches" in page.content.decode()


@pytest.mark.parametrize("url_name", ["intake:start", "intake:resume", "login"])
def test_head_answers_like_get_on_patient_and_sign_in_pages(client, url_name):
    get = client.get(reverse(url_name))
    head = client.head(reverse(url_name))
    assert head.status_code == get.status_code == HTTPStatus.OK
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


def test_head_answers_like_get_on_a_questionnaire_step(client):
    client.get(reverse("intake:start"))
    assert client.head(reverse("intake:step", args=["about"])).status_code == HTTPStatus.OK


def test_head_answers_like_get_on_staff_pages(physio_client):
    response = physio_client.head(reverse("staff:queue"))
    assert response.status_code == HTTPStatus.OK and response.content == b""


def test_head_stays_refused_where_get_is(physio_client):
    assert physio_client.head(reverse("intake:start_again")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_file_parts_of_a_multipart_post_are_limited(client_500, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.bin", b"x" * 100_000)
    response = client_500.post(reverse("login"), {"username": "physio", "password": "x", "attachment": big})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_a_small_multipart_post_still_works(client, physiotherapist):
    response = client.post(
        reverse("login"), {"username": "physio", "password": "correct horse battery staple", "note": "x"}
    )
    assert response.status_code == HTTPStatus.FOUND


def contact(**changes) -> ContactForm:
    data = {"name": "Ann Smith", "date_of_birth": "14/05/1958", "phone": "07700 900123", "consent": "on", **changes}
    return ContactForm(data=data, initial={}, context={})


@pytest.mark.parametrize(
    "name", ["Ann\u202eSmith", "Ann\u200bSmith", "\u2066Ann Smith\u2069", "Ann\u200fSmith", "Ann\x07Smith"]
)
def test_hidden_characters_are_refused_in_a_name(name):
    form = contact(name=name)
    assert not form.is_valid()
    assert "hidden character" in form.errors["name"][0]


@pytest.mark.parametrize(
    "name", ["Siobhán Ní Bhriain", "José Nuñez-Ortiz", "\u0905\u0930\u094d\u200d\u091c\u0941\u0928"]
)
def test_names_in_any_script_are_still_accepted(name):
    assert contact(name=name).is_valid(), contact(name=name).errors


def test_the_service_refuses_a_hidden_character_too():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.case_submit(answers={}, name="Ann\u202eSmith", consent_given=True)


def test_a_birth_date_in_1899_is_refused_with_the_right_message():
    form = contact(date_of_birth="01/01/1899")
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [
        "Check the year: enter a date of birth from 1900 onwards, for example 27/03/1958"
    ]


def test_a_birth_date_in_the_future_is_refused_as_before():
    form = contact(date_of_birth="01/01/2999")
    assert form.errors["date_of_birth"] == ["Enter a date of birth in the past, for example 27/03/1958"]
