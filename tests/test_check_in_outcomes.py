"""The follow-up check-in's measures and safety questions (issue 16), in two pages, safety first: a new
red flag on page 1 alerts the clinic as an intake would, at once; page 2's measures are scored on
answering, the PSFS activities carried to later check-ins; the link resumes where the patient stopped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from http import HTTPStatus

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from intake import selectors, services
from intake.models import Alert, CheckIn, CheckInSafety, Outcome, QueuePriority, Urgency
from tests.outcomes_support import answer_check_in, check_in_post_data, page_one, page_two
from tests.staff_support import draft_plan, load_library, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_at(physiotherapist):
    return timezone.now()


@pytest.fixture
def case(physiotherapist, approved_at):
    load_library()
    case = submit()
    with time_machine.travel(approved_at, tick=False):
        services.plan_approve(plan=draft_plan(case), actor=physiotherapist, expected_version=case.version)
    case.refresh_from_db()
    return case


def check_in_url(case, weeks: int) -> str:
    return reverse("patient_check_in", kwargs={"token": CheckIn.objects.get(case=case, weeks=weeks).token})


def test_answering_scores_the_lefs_and_the_psfs(client, case, approved_at):
    lefs = [4, 3, 4, 4, 4, 2, 3, 4, 2, 4, 4, 2, 3, 4, 4, 1, 0, 0, 1, 4]
    data = check_in_post_data(lefs=lefs, activities=("Walking the dog", "Climbing stairs", "Running"), psfs=(3, 4, 5))
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        response = answer_check_in(client, check_in_url(case, 2), data, follow=True)
    assert "Thank you" in response.content.decode()
    outcome = Outcome.objects.get(check_in__case=case)
    assert outcome.lefs_score == 57 and outcome.lefs_items == lefs
    assert outcome.psfs_score == Decimal("4.00")
    assert [rating["activity"] for rating in outcome.psfs_ratings] == ["Walking the dog", "Climbing stairs", "Running"]
    assert outcome.new_red_flags == []


def test_a_missing_lefs_answer_is_shown_next_to_its_question_and_nothing_typed_is_lost(client, case, approved_at):
    data = check_in_post_data(activities=("Walking the dog",), psfs=(6,))
    del data["lefs_12"]
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        response = answer_check_in(client, check_in_url(case, 2), data)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "12. Walking a mile. Choose one answer." in body  # the summary at the top
    assert 'id="id_lefs_12_error"' in body
    assert 'value="Walking the dog"' in body
    assert 'name="lefs_11" value="3" class="form-check-input" id="id_lefs_11_3" checked' in body
    assert not Outcome.objects.exists()


def test_a_rating_without_an_activity_asks_for_the_activity(client, case, approved_at):
    data = check_in_post_data(activities=("Walking the dog",), psfs=(6,))
    data["psfs_score_2"] = "4"
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        body = answer_check_in(client, check_in_url(case, 2), data).content.decode()
    assert "Name the activity you rated, or clear its rating" in body
    assert not Outcome.objects.exists()


def test_the_activities_named_at_the_first_check_in_are_rated_again_at_the_next(client, case, approved_at):
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        answer_check_in(
            client, check_in_url(case, 2), check_in_post_data(activities=("Walking the dog", "Gardening"), psfs=(3, 4))
        )
    with time_machine.travel(approved_at + dt.timedelta(weeks=6, hours=1), tick=False):
        client.post(check_in_url(case, 6), page_one(check_in_post_data()))
        page = client.get(check_in_url(case, 6)).content.decode()  # page 2
        assert "Walking the dog" in page and "Gardening" in page and "psfs_activity_1" not in page
        client.post(check_in_url(case, 6), page_two(check_in_post_data(activities=None, psfs=(7, 8))))
    later = Outcome.objects.get(check_in__weeks=6)
    assert later.psfs_ratings == [{"activity": "Walking the dog", "score": 7}, {"activity": "Gardening", "score": 8}]
    assert later.psfs_score == Decimal("7.50")


def test_a_new_red_flag_on_page_one_alerts_the_clinic_even_if_page_two_is_never_sent(client, case, approved_at):
    assert case.urgency == Urgency.ROUTINE and not Alert.objects.filter(case=case).exists()
    data = page_one(check_in_post_data(safety={"bladder_bowel_change": "yes"}))
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        response = client.post(check_in_url(case, 2), data, follow=True)
    body = response.content.decode()
    # Where to go comes first, before any more questions, with a way on to them once it is safe.
    assert body.index("Please get medical help now") < body.index("Continue to the last questions")
    assert settings.EMERGENCY_NUMBER in body and 'name="lefs_1"' not in body
    case.refresh_from_db()
    assert case.urgency == Urgency.EMERGENCY
    assert case.queue_priority == QueuePriority.EMERGENCY_UNACKNOWLEDGED
    assert Alert.objects.filter(case=case, urgency=Urgency.EMERGENCY).count() == 1
    assert "RF-CES-BLADDER" in case.latest_assessment().red_flag_rules
    safety = CheckInSafety.objects.get(check_in__case=case)
    assert safety.new_red_flags == ["RF-CES-BLADDER"] and safety.heel_pain == 4
    # Page 2 never sent: nothing counts as an outcome (charts, queue, per pathway read completed ones).
    assert not Outcome.objects.filter(check_in__case=case).exists()


def test_after_the_advice_the_patient_can_finish_and_the_outcome_keeps_the_red_flag(client, case, approved_at):
    data = check_in_post_data(safety={"bladder_bowel_change": "yes"})
    url = check_in_url(case, 2)
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        client.post(url, page_one(data))
        assert "Please get medical help now" in client.get(url).content.decode()  # the link resumes there
        page = client.get(url + "?step=2").content.decode()
        assert "Step 2 of 2" in page and 'name="lefs_1"' in page
        body = client.post(url + "?step=2", page_two(data), follow=True).content.decode()
    assert "Thank you" in body and "Please get medical help now" in body
    outcome = Outcome.objects.get(check_in__case=case)
    assert outcome.new_red_flags == ["RF-CES-BLADDER"] and outcome.safety_answers["bladder_bowel_change"] == "yes"
    assert (outcome.heel_pain, outcome.thigh_pain, outcome.lefs_score) == (4, 1, 60)
    assert Alert.objects.filter(case=case).count() == 1  # alerted once, at page 1


def test_the_link_resumes_at_page_two_once_page_one_is_sent(client, case, approved_at):
    url = check_in_url(case, 2)
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        first = client.get(url).content.decode()
        assert "Step 1 of 2" in first and "How you are now" in first
        assert 'name="bladder_bowel_change"' in first and 'name="lefs_1"' not in first
        sent = client.post(url, page_one(check_in_post_data()))
        assert sent.status_code == HTTPStatus.FOUND and sent["Location"] == url
        later = client.get(url).content.decode()  # e.g. the next day, from the e-mail
    assert "Step 2 of 2" in later and 'name="lefs_20"' in later and 'name="global_change"' in later
    assert 'name="bladder_bowel_change"' not in later and "Please get medical help now" not in later
    assert CheckInSafety.objects.filter(check_in__case=case).count() == 1


def test_a_missing_answer_on_page_one_is_shown_next_to_it_and_nothing_is_stored(client, case, approved_at):
    data = page_one(check_in_post_data(safety={"bladder_bowel_change": "yes"}))
    del data["heel_pain"]
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        response = client.post(check_in_url(case, 2), data)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK and 'id="id_heel_pain_error"' in body
    assert "Choose a number from 0 to 10 for your heel pain" in body
    assert 'value="yes" class="form-check-input" id="id_bladder_bowel_change_0" checked' in body
    assert not CheckInSafety.objects.exists() and not Alert.objects.filter(case=case).exists()


def test_a_completed_check_in_only_says_thank_you(client, case, approved_at):
    url = check_in_url(case, 2)
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        answer_check_in(client, url, check_in_post_data())
        again = client.post(url, page_one(check_in_post_data(heel_pain=9)), follow=True).content.decode()
        assert "Thank you" in again and 'name="heel_pain"' not in again
    outcome = Outcome.objects.get(check_in__case=case)
    assert outcome.heel_pain == 4 and outcome.global_change == 2 and outcome.adherence_days == 5


def test_page_two_cannot_be_sent_before_page_one(case, approved_at):
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False), pytest.raises(ValidationError):
        services.check_in_answer(
            check_in=CheckIn.objects.get(case=case, weeks=2), global_change=1, adherence_days=3, lefs_items=[3] * 20
        )
    assert not Outcome.objects.exists()


def test_a_not_sure_safety_answer_asks_the_clinic_to_phone_today(client, case, approved_at):
    data = check_in_post_data(safety={"calf_swelling": "not_sure"})
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        body = answer_check_in(client, check_in_url(case, 2), data, follow=True).content.decode()
    assert "The clinic will phone you today" in body
    case.refresh_from_db()
    assert case.call_today and "calf_swelling" in case.unsure_safety_keys
    assert Alert.objects.filter(case=case, call_today=True).count() == 1


def test_safety_answers_that_raise_nothing_new_change_nothing(client, case, approved_at):
    version = case.version
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        body = answer_check_in(client, check_in_url(case, 2), check_in_post_data(), follow=True).content.decode()
    assert "Please get medical help now" not in body
    case.refresh_from_db()
    assert case.version == version and not Alert.objects.filter(case=case).exists()


def test_the_check_in_is_in_spanish_with_the_lefs_in_spanish(client, case, approved_at):
    case.language = "es"
    case.save(update_fields=["language"])
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        first = client.get(check_in_url(case, 2)).content.decode()
        client.post(check_in_url(case, 2), page_one(check_in_post_data()))
        body = client.get(check_in_url(case, 2)).content.decode()
    assert "Paso 1 de 2" in first and "Cómo está ahora" in first and "Preguntas de seguridad" in first
    assert "Paso 2 de 2" in body and "Caminar una milla" in body and "Ninguna dificultad" in body


def test_the_case_page_charts_each_measure_with_the_mcid_and_a_table(client, physio_client, case, approved_at):
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        answer_check_in(client, check_in_url(case, 2), check_in_post_data(heel_pain=7, thigh_pain=3, lefs=2, psfs=(3,)))
    with time_machine.travel(approved_at + dt.timedelta(weeks=6, hours=1), tick=False):
        answer_check_in(
            client, check_in_url(case, 6), check_in_post_data(heel_pain=6, lefs=3, activities=None, psfs=(6,))
        )
    body = physio_client.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert body.count('class="mcid-line"') == 4 and "<polyline" in body and "<script" not in body.split("chart-")[1]
    lefs_table = body.split('id="chart-lefs"')[1].split("</table>")[0]
    # LEFS 40 then 60: 20 points better, past the MCID of 9.
    assert "<td>40</td>" in lefs_table and "<td>60</td><td>20</td><td>Yes</td>" in lefs_table
    heel_table = body.split('id="chart-heel_pain"')[1].split("</table>")[0]
    assert "<td>6</td><td>1</td><td>No</td>" in heel_table  # 7 to 6: one point, short of the MCID of 2
    psfs_table = body.split('id="chart-psfs"')[1].split("</table>")[0]
    assert "<td>6</td><td>3</td><td>Yes</td>" in psfs_table


def test_a_check_in_stopped_after_page_one_is_still_due_and_staff_see_its_safety_answers(
    client, physio_client, case, approved_at
):
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        client.post(check_in_url(case, 2), page_one(check_in_post_data(heel_pain=7, thigh_pain=2)))
    lists = selectors.follow_up_lists(now=approved_at + dt.timedelta(weeks=3))
    body = physio_client.get(reverse("staff:case", args=[case.reference])).content.decode()
    # Not an outcome: still waiting for the measures, and nothing charted from half a check-in.
    assert [check_in.weeks for check_in in lists.due + lists.overdue if check_in.case == case] == [2]
    row = body.split('id="follow-up-heading"')[1].split("</tr>")[1]
    assert "<td>7</td><td>2</td>" in row and "measures not sent yet" in row
    assert "<polyline" not in body
