"""Save and continue later: a resume code and link, resuming on another device, and expiry."""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from intake.models import Case, IntakeDraft
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import fill_in, step_data, step_url, submit

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def save_on(client, slug: str, answers=PF_COMPENSATION_ANSWERS, **changes) -> str:
    """Press "Save and continue later" on a step; returns the resume code shown."""
    response = client.post(step_url(slug), step_data(slug, answers, action="save", **changes))
    assert response["Location"] == reverse("intake:saved")
    html = client.get(reverse("intake:saved")).content.decode()
    return re.search(r'<p class="reference">([A-Z0-9-]+)</p>', html).group(1)


def resume(client, code: str):
    return client.post(reverse("intake:resume"), {"code": code})


def test_saving_gives_a_code_and_a_link_that_expire_in_seven_days(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    fill_in(client, PF_COMPENSATION_ANSWERS, until="walking")
    code = save_on(client, "walking")
    html = client.get(reverse("intake:saved")).content.decode()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert f"http://testserver/resume/?code={code}" in html
    assert "Monday 9 March 2026" in html
    draft = IntakeDraft.objects.get(resume_code=code)
    assert draft.expires_at == NOW + dt.timedelta(days=7)
    assert draft.data["values"]["walking"]["limping"] == "yes"


def test_the_resume_link_fills_in_the_code(client):
    html = client.get(reverse("intake:resume") + "?code=ABCD-EFGH-JKMN").content.decode()
    assert 'value="ABCD-EFGH-JKMN"' in html


def test_a_resume_code_brings_back_every_answer_on_another_device(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="health")
    code = save_on(client, "health")
    phone = Client()
    response = resume(phone, code)
    assert response["Location"] == step_url("follow_up")  # the first step not yet answered
    heel = phone.get(step_url("heel")).content.decode()
    assert re.search(r'value="inner_underside"[^>]*checked', heel)
    assert re.search(r'name="limping" value="yes"[^>]*checked', phone.get(step_url("walking")).content.decode())


def test_a_code_is_accepted_in_small_letters_with_spaces_and_without_dashes(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="heel")
    code = save_on(client, "heel")
    assert resume(Client(), f"  {code.replace('-', ' ').lower()} ")["Location"] == step_url("walking")
    assert resume(Client(), code.replace("-", ""))["Location"] == step_url("walking")


def test_saving_keeps_what_is_valid_on_a_page_with_a_mistake(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="heel")
    code = save_on(client, "heel", heel_pain_score="eleven")
    phone = Client()
    assert resume(phone, code)["Location"] == step_url("heel")
    heel = phone.get(step_url("heel")).content.decode()
    assert re.search(r'value="inner_underside"[^>]*checked', heel)


def test_saving_again_keeps_the_same_code(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="heel")
    first = save_on(client, "heel")
    client.post(step_url("heel"), step_data("heel", PF_COMPENSATION_ANSWERS))
    second = save_on(client, "walking")
    assert first == second
    assert IntakeDraft.objects.count() == 1


def test_an_expired_code_is_refused_clearly(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    fill_in(client, PF_COMPENSATION_ANSWERS, until="heel")
    code = save_on(client, "heel")
    time_machine.move_to(NOW + dt.timedelta(days=7, minutes=1), tick=False)
    response = resume(Client(), code)
    assert response.status_code == HTTPStatus.GONE
    html = response.content.decode()
    assert "This code has expired" in html
    assert "Codes work for 7 days" in html
    assert 'role="alert"' in html
    assert "Start the questions again" in html


def test_a_code_still_works_just_before_it_expires(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    fill_in(client, PF_COMPENSATION_ANSWERS, until="heel")
    code = save_on(client, "heel")
    time_machine.move_to(NOW + dt.timedelta(days=6, hours=23), tick=False)
    assert resume(Client(), code)["Location"] == step_url("walking")


def test_expired_drafts_are_deleted_when_the_next_one_is_saved(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    fill_in(client, PF_COMPENSATION_ANSWERS, until="heel")
    old = save_on(client, "heel")
    time_machine.move_to(NOW + dt.timedelta(days=8), tick=False)
    other = Client()
    fill_in(other, PF_COMPENSATION_ANSWERS, until="heel")
    save_on(other, "heel")
    assert not IntakeDraft.objects.filter(resume_code=old).exists()


@pytest.mark.parametrize("typed", ["ABCD-EFGH-JKMN", "nonsense", ""])
def test_an_unknown_or_malformed_code_is_refused(typed):
    response = resume(Client(), typed)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="#id_code"' in html


def test_resume_attempts_are_limited_per_address(settings):
    settings.INTAKE_RESUME_ATTEMPTS_PER_HOUR = 3
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert resume(guesser, "ABCD-EFGH-JKMN").status_code == HTTPStatus.OK
    assert resume(guesser, "ABCD-EFGH-JKMP").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_submitting_a_resumed_questionnaire_makes_one_case_and_deletes_the_draft(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="contact")
    code = save_on(client, "contact")
    phone = Client()
    resume(phone, code)
    phone.post(step_url("contact"), step_data("contact", PF_COMPENSATION_ANSWERS))
    submit(phone)
    assert Case.objects.count() == 1
    assert not IntakeDraft.objects.exists()
    # The first device still holds the same questionnaire: submitting it makes no second case.
    client.post(step_url("contact"), step_data("contact", PF_COMPENSATION_ANSWERS))
    submit(client)
    assert Case.objects.count() == 1


def test_an_answer_refused_on_save_and_continue_later_is_named_on_the_saved_page(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="about")
    data = {**step_data("about", PF_COMPENSATION_ANSWERS), "age": "50abc", "action": "save"}
    client.post(step_url("about"), data)
    html = client.get(reverse("intake:saved")).content.decode()
    assert "Some answers were not saved" in html
    assert "How old are you?" in html
