"""A follow-up check-in on a phone (375 px) in Debian's chromium, in Spanish: the pain questions, the
PSFS, the LEFS and the safety questions answered by tapping, no JavaScript needed, no axe violation, the
answers scored; and a new red flag tells the patient where to go on the next page (axe-clean too)."""

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
    fill_in_check_in(page)
    page.get_by_role("button", name="Enviar mis respuestas").click()
    assert "Gracias" in page.content()
    outcome = Outcome.objects.get(check_in=due_check_in)
    assert (outcome.heel_pain, outcome.thigh_pain, outcome.global_change, outcome.adherence_days) == (4, 1, 2, 5)
    assert outcome.lefs_score == 60 and outcome.psfs_score == 6
    assert outcome.psfs_ratings == [{"activity": "Pasear al perro", "score": 6}]
    context.close()


def test_a_new_red_flag_at_a_check_in_tells_the_patient_where_to_go(browser, live_server, due_check_in):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/check-in/{due_check_in.token}/")
    fill_in_check_in(page)
    page.locator("#id_bladder_bowel_change_0").check()  # Sí
    page.get_by_role("button", name="Enviar mis respuestas").click()
    assert "busque ayuda médica ahora" in page.content()
    assert_no_axe_violations(page)
    screenshot(page, "es-check-in-red-flag")
    due_check_in.case.refresh_from_db()
    assert due_check_in.case.urgency == "emergency"
    context.close()


def fill_in_check_in(page) -> None:
    """Every question, by tapping: pain, the global change, the days, one PSFS activity, the LEFS (all
    "A little bit of difficulty": 3 x 20 = 60) and every safety question No."""
    page.locator("#id_heel_pain_4").check()
    page.locator("#id_thigh_pain_1").check()
    page.get_by_label("Mejor", exact=True).check()
    page.locator("#id_adherence_days_5").check()
    page.get_by_label("Actividad 1", exact=True).fill("Pasear al perro")
    page.locator("#id_psfs_score_1_6").check()
    for number in range(1, 21):
        page.locator(f"#id_lefs_{number}_3").check()
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()


def assert_no_axe_violations_with_js(browser, live_server, path: str) -> None:
    """axe needs JavaScript: the same page in a phone-sized context with it on, checked and photographed."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.goto(path)
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "es-check-in")
    context.close()
