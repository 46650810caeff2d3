"""The patient's daily checklist on a phone (375 px) in Debian's chromium, in Spanish, with JavaScript
off: tick two exercises, rate the pain, write a note, save, and change it again the same day. No axe
violation (axe itself needs JavaScript: the same page is checked in a second context), no sideways
scrolling."""

from __future__ import annotations

import pytest

from intake import services
from intake.models import ItemKind, ProgrammeDay
from tests.browser.conftest import PHONE, assert_no_axe_violations, screenshot
from tests.factories import PF_COMPENSATION_ANSWERS, PhysiotherapistFactory
from tests.staff_support import draft_plan, load_library

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved_plan(db):
    load_library()
    case = services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="Lucía Fernández", consent_given=True)
    case.language = "es"
    case.save(update_fields=["language"])
    return services.plan_approve(plan=draft_plan(case), actor=PhysiotherapistFactory(), expected_version=case.version)


def test_a_patient_ticks_todays_exercises_on_a_phone_without_javascript(browser, live_server, approved_plan):
    path = f"/plan/{approved_plan.patient_link_token}/"
    exercises = list(approved_plan.items.filter(kind=ItemKind.EXERCISE).order_by("position"))
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#today-heading").inner_text().startswith("Hoy, ")

    # Forgetting the pain: the message is next to the question and the ticks stay.
    page.get_by_label(exercises[0].name, exact=True).check()
    page.get_by_role("button", name="Guardar hoy").click()
    assert "Elija un número del 0 al 10 para su dolor de hoy" in page.locator(".error-summary").inner_text()
    assert page.get_by_label(exercises[0].name, exact=True).is_checked()

    page.get_by_label(exercises[1].name, exact=True).check()
    page.locator("#id_pain_3").check()
    page.get_by_label("Una nota para su fisioterapeuta (opcional)").fill("Mejor por la tarde")
    page.get_by_role("button", name="Guardar hoy").click()
    assert "Guardado. Gracias" in page.locator(".programme-saved").inner_text()
    entry = ProgrammeDay.objects.get(case=approved_plan.case)
    assert (entry.pain, entry.note) == (3, "Mejor por la tarde")
    assert {tick.item_id for tick in entry.ticks.all()} == {exercises[0].pk, exercises[1].pk}

    # Later the same day: one more exercise, less pain; the same entry is updated.
    page.get_by_label(exercises[2].name, exact=True).check()
    page.locator("#id_pain_2").check()
    page.get_by_role("button", name="Guardar hoy").click()
    assert ProgrammeDay.objects.filter(case=approved_plan.case).count() == 1
    entry.refresh_from_db()
    assert entry.pain == 2 and entry.ticks.count() == 3
    context.close()

    checked = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = checked.new_page()
    page.goto(path)
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "es-plan-checklist")
    checked.close()
