"""A follow-up check-in on a phone (375 px) in Debian's chromium, in Spanish: four questions answered
by tapping the labels, no JavaScript needed, no axe violation, and the answers reach the case page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from intake import services
from intake.models import CheckIn, Outcome
from tests.browser.conftest import PHONE, assert_no_axe_violations, screenshot
from tests.factories import PF_COMPENSATION_ANSWERS, PhysiotherapistFactory
from tests.staff_support import draft_plan, load_library

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def due_check_in(db):
    load_library()
    case = services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="Lucía Fernández", consent_given=True)
    case.language = "es"
    case.save(update_fields=["language"])
    physio = PhysiotherapistFactory()
    services.plan_approve(plan=draft_plan(case), actor=physio, expected_version=case.version)
    check_in = CheckIn.objects.get(case=case, weeks=2)
    # Due now: the questionnaire opens at its due time.
    CheckIn.objects.filter(pk=check_in.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
    return check_in


def test_a_patient_answers_a_check_in_on_a_phone_in_spanish(browser, live_server, due_check_in):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/check-in/{due_check_in.token}/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "¿Cómo le va?" in page.locator("h1").text_content()
    assert_no_axe_violations_with_js(browser, live_server, f"/check-in/{due_check_in.token}/")
    page.locator("#id_heel_pain_4").check()
    page.locator("#id_thigh_pain_1").check()
    page.get_by_label("Mejor", exact=True).check()
    page.locator("#id_adherence_days_5").check()
    page.get_by_role("button", name="Enviar mis respuestas").click()
    assert "Gracias" in page.content()
    outcome = Outcome.objects.get(check_in=due_check_in)
    assert (outcome.heel_pain, outcome.thigh_pain, outcome.global_change, outcome.adherence_days) == (4, 1, 2, 5)
    context.close()


def assert_no_axe_violations_with_js(browser, live_server, path: str) -> None:
    """axe needs JavaScript: the same page in a phone-sized context with it on, checked and photographed."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.goto(path)
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "es-check-in")
    context.close()
