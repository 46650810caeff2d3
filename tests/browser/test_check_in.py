"""A follow-up check-in on a phone (375 px) in Debian's chromium, in Spanish, in two pages: page 1 (the
safety questions, heel and thigh pain) then page 2 (global change, days, PSFS, LEFS), answered by
tapping, no JavaScript needed, each page axe-clean, the answers scored; and a new red flag on page 1
tells the patient where to go at once, before page 2, with a way on to it (axe-clean too)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from intake import services
from intake.models import CheckIn, CheckInSafety, Outcome
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
    path = f"/check-in/{due_check_in.token}/"
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Paso 1 de 2" in page.locator("h1").text_content()
    # Page 1 stays short, so a patient in pain reaches "send" and a red flag reaches the clinic: about five
    # phone screens (4,279 px in Spanish, 2026-11; the single page it replaced was about 14,800 px).
    assert assert_no_axe_violations_with_js(browser, live_server, path, "es-check-in-step-1") < 5000
    fill_in_page_one(page)
    page.get_by_role("button", name="Enviar y seguir").click()
    assert "Paso 2 de 2" in page.locator("h1").text_content()
    assert CheckInSafety.objects.filter(check_in=due_check_in).exists()
    assert_no_axe_violations_with_js(browser, live_server, path, "es-check-in-step-2")
    fill_in_page_two(page)
    page.get_by_role("button", name="Enviar mis respuestas").click()
    assert "Gracias" in page.content()
    outcome = Outcome.objects.get(check_in=due_check_in)
    assert (outcome.heel_pain, outcome.thigh_pain, outcome.global_change, outcome.adherence_days) == (4, 1, 2, 5)
    assert outcome.lefs_score == 60 and outcome.psfs_score == 6
    assert outcome.psfs_ratings == [{"activity": "Pasear al perro", "score": 6}]
    context.close()


def test_a_new_red_flag_on_page_one_tells_the_patient_where_to_go_first(browser, live_server, due_check_in):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/check-in/{due_check_in.token}/")
    fill_in_page_one(page)
    page.locator("#id_bladder_bowel_change_0").check()  # Sí
    page.get_by_role("button", name="Enviar y seguir").click()
    # The advice is on the first screen of the phone, before any more questions.
    advice = page.locator(".urgent-advice")
    assert "busque ayuda médica ahora" in advice.text_content().lower()
    assert advice.bounding_box()["y"] < PHONE["height"]
    assert page.locator("input[type=radio]").count() == 0
    assert_no_axe_violations(page)
    screenshot(page, "es-check-in-red-flag")
    due_check_in.case.refresh_from_db()
    assert due_check_in.case.urgency == "emergency"  # alerted although page 2 is not sent
    page.get_by_role("link", name="Seguir con las últimas preguntas").click()
    assert "Paso 2 de 2" in page.locator("h1").text_content()
    context.close()


def fill_in_page_one(page) -> None:
    """Page 1 by tapping: every safety question No, heel pain 4, thigh pain 1."""
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.locator("#id_heel_pain_4").check()
    page.locator("#id_thigh_pain_1").check()


def fill_in_page_two(page) -> None:
    """Page 2 by tapping: the global change, the days, one PSFS activity and the LEFS (all "A little bit
    of difficulty": 3 x 20 = 60)."""
    page.get_by_label("Mejor", exact=True).check()
    page.locator("#id_adherence_days_5").check()
    page.get_by_label("Actividad 1", exact=True).fill("Pasear al perro")
    page.locator("#id_psfs_score_1_6").check()
    for number in range(1, 21):
        page.locator(f"#id_lefs_{number}_3").check()


def assert_no_axe_violations_with_js(browser, live_server, path: str, name: str) -> int:
    """axe needs JavaScript: the same page in a phone-sized context with it on, checked and photographed;
    returns the page's height in CSS pixels at 375 px wide."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.goto(path)
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    height = page.evaluate("document.documentElement.scrollHeight")
    screenshot(page, name)
    context.close()
    return height
