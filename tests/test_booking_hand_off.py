"""The booking hand-off: the clinic's online booking page offered on the confirmation page, for routine
cases only, never for an emergency, an urgent red flag or a call today, and never in place of the advice."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from intake.models import Case, ClinicPolicy
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import fill_in, submit

pytestmark = pytest.mark.django_db

BOOKING = "https://heelclinic.janeapp.com/#/staff_member/1?note={reference}"
EMERGENCY = {**PF_COMPENSATION_ANSWERS, "saddle_numbness": True}  # RF-CES-SADDLE
URGENT = {**PF_COMPENSATION_ANSWERS, "cancer_history": True}  # RF-CANCER


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def booking_page():
    policy = ClinicPolicy.current()
    policy.booking_url = BOOKING
    policy.full_clean()
    policy.save()
    return policy


def confirmation(client, answers: dict, **fill_extra: dict) -> tuple[Case, str]:
    fill_in(client, answers, **fill_extra)
    assert submit(client)["Location"] == reverse("intake:done")
    response = client.get(reverse("intake:done"))
    assert response.status_code == HTTPStatus.OK
    return Case.objects.get(), response.content.decode()


def test_a_routine_case_is_offered_the_booking_page_with_its_reference(client, booking_page):
    case, html = confirmation(client, PF_COMPENSATION_ANSWERS)
    assert case.urgency == "routine" and not case.call_today
    assert "Book your first appointment now" in html
    link = BOOKING.replace("{reference}", case.reference)
    assert f'href="{link}"' in html
    assert f"give {case.reference}" in html
    # The emergency safety-net sentence of every routine confirmation is still there.
    assert f"call {settings.EMERGENCY_NUMBER}" in html


def test_a_booking_page_without_a_placeholder_is_linked_as_it_is(client, booking_page):
    booking_page.booking_url = "https://heelclinic.cliniko.com/bookings"
    booking_page.save()
    _case, html = confirmation(client, PF_COMPENSATION_ANSWERS)
    assert 'href="https://heelclinic.cliniko.com/bookings"' in html


def test_no_booking_page_set_means_no_booking_section(client):
    _case, html = confirmation(client, PF_COMPENSATION_ANSWERS)
    assert "Book your first appointment now" not in html
    assert "booking-link" not in html


def test_an_emergency_gets_the_advice_and_no_booking_link(client, booking_page):
    case, html = confirmation(client, EMERGENCY)
    assert case.urgency == "emergency"
    assert "Please get medical help now" in html
    assert "Book" not in html and "janeapp" not in html


def test_an_urgent_red_flag_gets_the_advice_and_no_booking_link(client, booking_page):
    case, html = confirmation(client, URGENT)
    assert case.urgency == "urgent"
    assert "Please see a doctor in the next few days" in html
    assert "Book" not in html and "janeapp" not in html


def test_a_call_today_case_is_told_the_clinic_will_phone_and_gets_no_booking_link(client, booking_page):
    answers = {key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key != "calf_tender"}
    case, html = confirmation(client, answers, safety={"calf_tender": "not_sure"})
    assert case.call_today and case.urgency == "routine"
    assert "The clinic will phone you today" in html
    assert "Book" not in html and "janeapp" not in html


def test_the_booking_offer_is_in_spanish_for_a_spanish_speaking_patient(client, booking_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    case, html = confirmation(client, PF_COMPENSATION_ANSWERS)
    assert case.language == "es"
    assert "Reserve ahora su primera cita" in html
    assert "Book your first appointment now" not in html
    assert BOOKING.replace("{reference}", case.reference) in html


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("http://heelclinic.janeapp.com/", "starting with https://"),
        ("heelclinic.janeapp.com", "starting with https://"),
        ("https://heelclinic.janeapp.com/?patient={name}", "The only placeholder allowed is {reference}"),
    ],
)
def test_a_booking_address_that_is_not_https_or_has_another_placeholder_is_refused(address, message):
    policy = ClinicPolicy(pk=1, booking_url=address)
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert message in str(refused.value.message_dict["booking_url"])


def test_the_reference_is_encoded_into_the_address():
    policy = ClinicPolicy(booking_url="https://book.example/?ref={reference}")
    assert policy.booking_link("K7QM-3XDA") == "https://book.example/?ref=K7QM-3XDA"
    assert policy.booking_link("A&B C") == "https://book.example/?ref=A%26B%20C"
    assert ClinicPolicy(booking_url="").booking_link("K7QM-3XDA") == ""


def test_a_clinic_admin_sets_the_booking_page_in_admin(clinic_admin_client):
    ClinicPolicy.current()
    url = reverse("admin:intake_clinicpolicy_change", args=[1])
    page = clinic_admin_client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Booking page address" in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(booking_url="http://insecure.example/", escalate_after_minutes="15")
    refused = clinic_admin_client.post(url, data)
    assert refused.status_code == HTTPStatus.OK
    assert "starting with https://" in refused.content.decode()
    data["booking_url"] = BOOKING
    assert clinic_admin_client.post(url, data).status_code == HTTPStatus.FOUND
    assert ClinicPolicy.current().booking_url == BOOKING
