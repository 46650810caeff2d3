"""The patient questionnaire in Spanish, in Debian's chromium at phone width (375 px).

A browser that asks for Spanish gets Spanish from the first page; every page says lang="es", passes
axe-core and is saved as screenshots (artifacts/screenshots/es-*). A red-flag patient reads the
advice in Spanish; saved answers come back in Spanish on another device; an approved plan is in
Spanish at the patient's link and on the staff handout.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.forms import CheckboxSelectMultiple, RadioSelect

from intake import services
from intake.models import Case
from intake.patient.flow import STEPS_BY_SLUG
from tests.browser.conftest import PHONE, assert_no_axe_violations, screenshot
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import RED_FLAG_ANSWERS, applicable_slugs, as_posted, step_data
from tests.staff_support import draft_plan, load_library

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADVICE_HEADING = "Importante: lea esto, por favor"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def spanish_page(browser, live_server):
    """A phone whose browser asks for Spanish (Accept-Language: es-ES)."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def heading(page) -> str:
    return " ".join(page.locator("h1").text_content().split())


def check_spanish(page, name: str) -> None:
    assert page.locator("html").get_attribute("lang") == "es", page.url
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"es-{name}")


def answer_step(page, slug: str, answers: dict) -> None:
    """Fill one step as a patient would: click the labels (in Spanish), type into the boxes."""
    form = STEPS_BY_SLUG[slug].form_class(context=as_posted(answers))
    data = step_data(slug, answers)
    for name, field in form.fields.items():
        value = data.get(name)
        if value is None or name == "website":
            continue
        if isinstance(field.widget, CheckboxSelectMultiple):
            for choice in value:
                index = [option for option, _label in field.choices].index(choice)
                page.locator(f'label[for="id_{name}_{index}"]').click()
        elif isinstance(field.widget, RadioSelect):
            index = [choice for choice, _label in field.choices].index(value)
            page.locator(f'label[for="id_{name}_{index}"]').click()
        elif name == "consent":
            page.get_by_label(re.compile("Acepto que la clínica")).check()
        else:
            page.locator(f"#id_{name}").fill(value)


def continue_(page) -> None:
    page.get_by_role("button", name="Continuar", exact=True).click()


def test_a_spanish_speaking_patient_answers_the_whole_questionnaire_in_spanish(spanish_page):
    page = spanish_page
    page.goto("/")
    assert heading(page) == "Cuéntenos su dolor de talón y de muslo"
    check_spanish(page, "0-inicio")
    page.get_by_role("link", name="Empezar").click()
    slugs = applicable_slugs(PF_COMPENSATION_ANSWERS)
    total = len(slugs) + 1
    for number, slug in enumerate(slugs, start=1):
        assert heading(page).startswith(f"Paso {number} de "), heading(page)
        answer_step(page, slug, PF_COMPENSATION_ANSWERS)
        check_spanish(page, f"{number}-{slug}")
        continue_(page)
    assert heading(page) == f"Paso {total} de {total}: Revise sus respuestas"
    assert "Sí, estoy de acuerdo" in page.locator("main").inner_text()
    check_spanish(page, f"{total}-revision")
    page.get_by_role("button", name="Enviar mis respuestas").click()
    assert heading(page) == "Gracias. Sus respuestas se han enviado"
    check_spanish(page, "confirmacion")
    case = Case.objects.get()
    assert case.language == "es"
    assert case.reference in page.locator(".reference").inner_text()


def test_a_mistake_is_explained_in_spanish_next_to_the_question(spanish_page):
    page = spanish_page
    page.goto("/questions/about/")
    answer_step(page, "about", {**PF_COMPENSATION_ANSWERS, "age": 470})
    continue_(page)
    summary = page.get_by_role("alert")
    assert "Hay un problema" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert "Escriba un número del 12 al 110" in page.locator("#id_age_error").inner_text()
    check_spanish(page, "error-sobre-usted")


def test_a_red_flag_patient_reads_where_to_go_in_spanish(spanish_page):
    page = spanish_page
    page.goto("/questions/about/")
    for slug in ("about", "safety"):
        answer_step(page, slug, RED_FLAG_ANSWERS)
        continue_(page)
    assert heading(page) == ADVICE_HEADING
    advice = page.locator(".urgent-advice")
    assert advice.get_by_role("heading").first.inner_text() == "Por favor, busque ayuda médica ahora"
    text = advice.inner_text()
    assert "urgencias del hospital (A&E)" in text
    assert "llame al 999" in text.lower()
    check_spanish(page, "aviso-urgente")
    page.get_by_role("link", name="Enviar ya mis respuestas a la clínica").click()
    page.locator("#id_name").fill("Rosa Martín")
    page.locator("#id_phone").fill("07700 900456")
    page.get_by_label(re.compile("Acepto que la clínica")).check()
    check_spanish(page, "enviar-ya")
    page.get_by_role("button", name="Enviar mis respuestas").click()
    assert heading(page) == "Gracias. Sus respuestas se han enviado"
    main = page.locator("main").inner_text()
    assert main.index("Por favor, busque ayuda médica ahora") < main.index("Su número de referencia es")
    check_spanish(page, "confirmacion-aviso")
    case = Case.objects.get()
    assert case.sent_early and case.language == "es" and case.urgency == "emergency"


def test_switching_language_on_a_step_keeps_the_answers(page):
    """An English first visit, then the switch in the header: the same step in Spanish, answers kept."""
    page.goto("/questions/about/")
    answer_step(page, "about", PF_COMPENSATION_ANSWERS)
    continue_ = page.get_by_role("button", name="Continue", exact=True)
    continue_.click()
    page.get_by_role("button", name="Español").click()
    assert heading(page).startswith("Paso 2 de ")
    check_spanish(page, "cambio-de-idioma")
    page.locator(".back-link").click()
    assert page.locator("#id_age").input_value() == "47"
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en-gb"
    assert heading(page).startswith("Step 1 of ")


def test_saved_answers_come_back_in_spanish_on_another_device(spanish_page, browser, live_server):
    page = spanish_page
    page.goto("/questions/about/")
    for slug in ("about", "safety", "heel"):
        answer_step(page, slug, PF_COMPENSATION_ANSWERS)
        continue_(page)
    page.get_by_role("button", name="Guardar y seguir más tarde").click()
    assert heading(page) == "Sus respuestas se han guardado"
    assert re.search(r"\d+ de \w+ de \d{4}, \d\d:\d\d", page.locator("main").inner_text())
    check_spanish(page, "guardado")
    link = page.locator(".resume-link a").get_attribute("href")

    # Another phone, whose browser asks for English.
    other_device = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    phone = other_device.new_page()
    try:
        phone.goto(link)
        assert phone.locator("html").get_attribute("lang") == "en-gb"
        phone.get_by_role("button", name="Continue", exact=True).click()
        assert heading(phone).startswith("Paso 4 de ")
        check_spanish(phone, "continuar-en-otro-movil")
        for slug in applicable_slugs(PF_COMPENSATION_ANSWERS)[3:]:
            answer_step(phone, slug, PF_COMPENSATION_ANSWERS)
            continue_(phone)
        phone.get_by_role("button", name="Enviar mis respuestas").click()
        assert heading(phone) == "Gracias. Sus respuestas se han enviado"
    finally:
        other_device.close()
    assert Case.objects.get().language == "es"


def test_a_spanish_patients_approved_plan_is_in_spanish_at_their_link(browser, live_server, physiotherapist):
    load_library()
    case = services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="Rosa Martín", consent_given=True, language="es")
    plan = services.plan_approve(plan=draft_plan(case), actor=physiotherapist, expected_version=case.version)
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"/plan/{plan.patient_link_token}/")
        assert heading(page) == "Su plan de ejercicios y cuidados"
        items = page.locator(".handout-items").inner_text()
        assert "Estiramiento de la planta del pie" in items and "3 veces al día" in items
        assert "Sole-of-foot stretch" not in items
        check_spanish(page, "plan")
    finally:
        context.close()
