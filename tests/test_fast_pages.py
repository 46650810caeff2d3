"""What the performance work (issue 19) must not change: the pages people use say and link the same."""

import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.urls import reverse

from intake import audit
from intake.models import READ_ACTIONS, AuditAction, AuditEvent
from intake.patient.fields import StepForm
from intake.patient.flow import STEPS, STEPS_BY_SLUG
from intake.staff.forms import PlanItemFormSet
from intake.staff.presenter import TIMELINE_SHOWN
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import RED_FLAG_ANSWERS, as_posted, fill_in, step_data, step_url
from tests.staff_support import submit as staff_submit
from tests.test_staff_queue import make_case

pytestmark = pytest.mark.django_db


def test_every_queue_row_links_to_its_own_case_page(physio_client):
    made = [make_case(at=f"2026-11-20 09:{minute:02d} +0000") for minute in range(3)]
    response = physio_client.get(reverse("staff:queue"))
    assert response.status_code == HTTPStatus.OK
    links = re.findall(r'<a class="case-link" href="([^"]+)">([^<]+)</a>', response.content.decode())
    assert sorted(links) == sorted((reverse("staff:case", args=[case.reference]), case.reference) for case in made)
    for href, _reference in links:
        assert physio_client.get(href).status_code == HTTPStatus.OK


# --- Each step checks only what changed (intake/patient/flow.py) ------------------------------------------


@pytest.fixture
def fresh_rate_limits():
    cache.clear()


def forms_validated(client, path: str, data: dict) -> tuple[list[str], object]:
    """The step forms validated while the patient posts one step, and the response."""
    validated = []
    original = StepForm.full_clean

    def counting(form):
        validated.append(type(form).__name__)
        return original(form)

    with mock.patch.object(StepForm, "full_clean", counting):
        response = client.post(path, data)
    return validated, response


def test_the_last_step_validates_only_itself_not_every_earlier_step(client, fresh_rate_limits):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="contact")
    validated, response = forms_validated(client, step_url("contact"), step_data("contact", PF_COMPENSATION_ANSWERS))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("intake:review")
    # The posted form, and once more from what was stored (for the advice); no earlier step again.
    assert set(validated) == {"ContactForm"}


def test_the_first_step_validates_only_itself_not_the_steps_not_answered_yet(client, fresh_rate_limits):
    validated, response = forms_validated(client, step_url("about"), step_data("about", PF_COMPENSATION_ANSWERS))
    assert response["Location"] == step_url("safety")
    assert set(validated) == {"AboutForm"}


def test_an_earlier_answer_the_last_step_depends_on_sends_the_patient_back_to_it(client, fresh_rate_limits):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    # A new age that disagrees with the birth date given on the contact step: that step is checked again.
    older = step_data("about", PF_COMPENSATION_ANSWERS, age="80")
    response = client.post(step_url("about") + "?change=1", older)
    assert response["Location"] == step_url("contact") + "?change=1"
    # Posting the same details again now names the disagreement next to the birth date.
    response = client.post(step_url("contact") + "?change=1", step_data("contact", PF_COMPENSATION_ANSWERS))
    assert response.status_code == HTTPStatus.OK
    assert "but you told us you are 80" in response.content.decode()


def test_a_red_flag_answered_on_a_later_visit_to_a_step_is_advised_at_once(client, fresh_rate_limits):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    response = client.post(
        step_url("safety") + "?change=1", step_data("safety", {**PF_COMPENSATION_ANSWERS, "saddle_numbness": True})
    )
    assert response["Location"] == reverse("intake:advice")


# --- The patient's options, written by the project's template (templates/patient/crispy/field.html) -------


@pytest.mark.parametrize("answers", [PF_COMPENSATION_ANSWERS, RED_FLAG_ANSWERS, {}], ids=["typical", "red", "none"])
@pytest.mark.parametrize("slug", [step.slug for step in STEPS])
def test_each_option_is_the_same_html_django_s_widget_templates_write(client, answers, slug):
    """Every radio button and tick box of a step page, blank, answered and with errors, is exactly the
    <input> Django's radio_option template would write (the accessibility markup included)."""
    step = STEPS_BY_SLUG[slug]
    for data in (None, step_data(slug, answers) if answers else {"action": "continue"}):
        form = step.form_class(data=data, context=as_posted(answers))
        for name, field in form.fields.items():
            if getattr(field.widget, "input_type", None) not in ("radio", "checkbox") or not hasattr(field, "choices"):
                continue
            bound = form[name]
            page = render_to_string("patient/crispy/field.html", {"field": bound})
            for option in bound:
                assert str(option.tag()) in page


# --- The case page: plan editor fields drawn in Python, the timeline's latest events ---------------------


def plan_formsets():
    initial = [
        {"item_id": 1, "sets": 3, "reps": None, "hold_seconds": None, "frequency": "once a day",
         "time_of_day": "any_time", "duration": "", "patient_instructions": "Slowly <then> hold", "staff_notes": ""}
    ]  # fmt: skip
    blank = PlanItemFormSet(initial=initial, prefix="items")
    wrong = PlanItemFormSet(
        data={
            "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "1", "items-0-item_id": "1", "items-0-sets": "999",
            "items-0-reps": "many", "items-0-time_of_day": "never", "items-0-patient_instructions": "",
            "items-0-staff_notes": "x" * 4001, "items-0-duration": "6 weeks",
        },
        prefix="items",
    )  # fmt: skip
    assert not wrong.is_valid()
    return blank, wrong


@pytest.mark.parametrize("state", ["blank", "with errors"])
def test_each_plan_item_field_reads_as_crispy_drew_it(state):
    """Label, required mark, control, classes, aria-invalid, aria-describedby, error and help text: the
    same elements and attributes as crispy's bootstrap5 template (whitespace aside)."""
    form = plan_formsets()[state == "with errors"].forms[0]
    crispy = Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")
    ours = Template("{% load staff_fields %}{{ field|plan_field }}")
    compared = 0
    hidden = Context({"field": form["item_id"]})
    assert ours.render(hidden) == str(form["item_id"])  # the hidden item id, as {{ field }} draws it
    for name in form.fields:
        if name == "item_id":
            continue
        context = Context({"field": form[name]})
        assert parse_html(ours.render(context)) == parse_html(crispy.render(context)), name
        compared += 1
    assert compared == 8


def test_a_long_timeline_shows_the_latest_events_and_all_of_them_on_request(physio_client, physiotherapist):
    case = staff_submit()
    for number in range(TIMELINE_SHOWN + 10):
        audit.record(action=AuditAction.CASE_ASSIGNED, case=case, actor=physiotherapist, details={"n": number})
    total = AuditEvent.objects.filter(case=case).exclude(action__in=READ_ACTIONS).count()
    page = physio_client.get(reverse("staff:case", args=[case.reference]))
    body = page.content.decode()
    assert len(page.context["timeline"]) == TIMELINE_SHOWN
    assert f"The latest {TIMELINE_SHOWN} of {total} events" in body
    assert "Case submitted" not in body.split('id="timeline"')[1]  # the oldest event is folded away
    everything = physio_client.get(reverse("staff:case", args=[case.reference]), {"timeline": "all"})
    assert len(everything.context["timeline"]) == total
    assert "Show all" not in everything.content.decode()


def test_an_alert_older_than_the_shown_events_still_shows_its_banner_not_its_entry(physio_client, physiotherapist):
    """The page reads only the latest events and every alert event: an alert that failed long ago still
    raises the banner (and one that failed, then went out, does not), yet stays off the folded timeline."""
    case = staff_submit()
    failed = {"alert": 9001, "kind": "on_call", "urgency": "emergency", "attempt": 3, "error": "refused"}
    audit.record(action=AuditAction.ALERT_FAILED, case=case, details=failed)
    audit.record(action=AuditAction.ALERT_FAILED, case=case, details={**failed, "alert": 9002})
    audit.record(action=AuditAction.ALERT_SENT, case=case, details={**failed, "alert": 9002, "recipients": 2})
    for number in range(TIMELINE_SHOWN + 5):
        audit.record(action=AuditAction.CASE_ASSIGNED, case=case, actor=physiotherapist, details={"n": number})
    total = AuditEvent.objects.filter(case=case).exclude(action__in=READ_ACTIONS).count()
    page = physio_client.get(reverse("staff:case", args=[case.reference]))
    body = page.content.decode()
    assert "An alert about this case could not be e-mailed" in body
    assert len(page.context["failed_alerts"]) == 1
    assert f"The latest {TIMELINE_SHOWN} of {total} events" in body
    assert [entry["action"] for entry in page.context["timeline"]] == [AuditAction.CASE_ASSIGNED] * TIMELINE_SHOWN
    everything = physio_client.get(reverse("staff:case", args=[case.reference]), {"timeline": "all"})
    actions = [entry["action"] for entry in everything.context["timeline"]]
    assert len(actions) == total and actions.count(AuditAction.ALERT_FAILED) == 2
    assert len(everything.context["failed_alerts"]) == 1
