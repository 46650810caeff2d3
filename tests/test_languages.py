"""Patients in their own language: the wiring, the Spanish catalogue, every patient page in Spanish,
the case's language, and staff pages that stay in English.

The page tests walk every patient page as a Spanish-speaking patient sees it (language cookie or
Accept-Language) and look for English on it in two ways: any English source text of the catalogue
(locale/es/LC_MESSAGES/django.po) and any sentence of the same page rendered in English. The first
catches a translation that is not used, the second a text that was never marked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from intake import rules, services
from intake.demo.library import EXERCISES
from intake.demo.library_es import SPANISH as SPANISH_LIBRARY
from intake.models import Case, Exercise, ExerciseTranslation
from intake.patient.flow import STEPS, STEPS_BY_SLUG
from intake.patient.forms import HEALTH_LABELS, HINTS, NOT_SURE
from intake.patient.language import red_flag_advice
from intake.rules.result import with_emergency_number
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import (
    RED_FLAG_ANSWERS,
    applicable_slugs,
    fill_in,
    step_data,
    step_url,
    submit,
)
from tests.language_support import (
    SPANISH_PO,
    english_fragments,
    html_lang,
    page_sentences,
    page_text,
    po_entries,
    po_files,
)
from tests.staff_support import case_url, draft_plan, load_library

pytestmark = pytest.mark.django_db

SPANISH, ENGLISH = "es", settings.LANGUAGE_CODE
# Every step applies: heel and thigh pain, and a sudden thigh pain that calls for follow-up questions.
EVERY_STEP_ANSWERS = {
    **PF_COMPENSATION_ANSWERS,
    "thigh_onset": "sudden",
    "onset_activity": "sprinting",
    "bruising_or_swelling": False,
}
SEND_NOW = {"name": "Rosa Martín", "phone": "07700 900456", "consent": "on"}
SPANISH_CATALOGUE = {entry["msgid"]: entry["msgstr"][0] for entry in po_entries(SPANISH_PO)}
# Letters only Spanish uses: a sentence with one is not English (a message the session kept from the
# moment it was written, say, shown again on the English rendering of the same page).
SPANISH_ONLY = re.compile(r"[¿¡áéíóúñÁÉÍÓÚÑ]")
# Text that is the same in any language: the clinic's name, codes, links, what the patient typed.
SAME_IN_EVERY_LANGUAGE = {settings.CLINIC_NAME}


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request activates its language in this thread; later tests and tasks start in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_spanish(html: str, english_html: str | None = None, *, page: str) -> None:
    """The page is Spanish: lang="es", no English source text of the catalogue, and (given the same
    page in English) none of its English sentences."""
    assert html_lang(html) == SPANISH, page
    text = page_text(html, SPANISH)
    left = sorted(fragment for fragment in english_fragments() if fragment in text)
    assert not left, f"{page}: English from the catalogue on the Spanish page: {left}"
    if english_html is not None:
        untranslated = sorted(
            sentence
            for sentence in page_sentences(english_html) - SAME_IN_EVERY_LANGUAGE
            if sentence in text
            and not SPANISH_ONLY.search(sentence)
            and not any(same in sentence for same in SAME_IN_EVERY_LANGUAGE)
        )
        assert not untranslated, f"{page}: English sentences on the Spanish page: {untranslated}"


def both(client: Client, method: str, url: str, data: dict | None = None, **kwargs) -> tuple[str, str]:
    """The same request in Spanish and in English (the answers in the session are the same)."""
    pages = []
    for language in (SPANISH, ENGLISH):
        in_language(client, language)
        response = getattr(client, method)(url, data or {}, **kwargs)
        assert response.status_code < 500, (url, response.status_code)
        pages.append(response.content.decode())
    in_language(client, SPANISH)
    return pages[0], pages[1]


# --- The catalogue --------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("po", po_files(), ids=lambda path: path.parts[-3])
def test_msgfmt_reports_every_message_translated_and_none_fuzzy(po) -> None:
    completed = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", completed.stderr), completed.stderr


def test_there_is_a_spanish_catalogue_and_no_catalogue_entry_is_fuzzy_or_empty() -> None:
    paths = po_files()
    assert "es" in [path.parts[-3] for path in paths]
    for path in paths:
        for entry in po_entries(path):
            assert "fuzzy" not in entry["flags"], entry["msgid"]
            assert all(entry["msgstr"]), entry["msgid"]


def _engine_texts() -> list[tuple[str, str]]:
    """(where, English) for every text of the rules engine a patient may read."""
    texts = []
    for rule in rules.RULE_SET.red_flags:
        for variant in ("advice", "escalated_advice", "softened_advice"):
            if getattr(rule, variant):
                texts.append((f"{rule.id} {variant}", getattr(rule, variant)))
    for question in rules.QUESTIONS:
        texts.append((f"question {question.key}", question.wording))
        texts += [(f"choice {question.key}={value}", label) for value, label in question.choices]
    texts += [(f"section {section.value}", section.label) for section in rules.Section]
    return texts


def _app_texts() -> list[tuple[str, str]]:
    texts = [(f"hint {key}", str(hint)) for key, hint in HINTS.items()]
    texts += [(f"health {key}", str(label)) for key, label in HEALTH_LABELS.items()]
    with translation.override(ENGLISH):
        texts += [(f"step {step.slug}", str(step.title)) for step in STEPS]
        texts += [(f"intro {step.slug}", str(step.intro)) for step in STEPS if step.intro]
    return texts


@pytest.mark.parametrize(("where", "english"), _engine_texts() + _app_texts(), ids=lambda value: value[:40])
def test_every_advice_question_choice_and_step_text_has_a_spanish_translation(where, english) -> None:
    spanish = SPANISH_CATALOGUE.get(english)
    assert spanish, f"{where} has no Spanish translation in {SPANISH_PO.relative_to(settings.BASE_DIR)}"
    with translation.override(SPANISH):
        assert translation.gettext(english) == spanish, f"{where}: the compiled catalogue is out of date"
    # The placeholders survive translation: the advice must still name the emergency number.
    assert sorted(re.findall(r"\{\w+\}", spanish)) == sorted(re.findall(r"\{\w+\}", english)), where


def test_red_flag_advice_is_translated_by_rule_and_given_the_emergency_number_after() -> None:
    rule = next(rule for rule in rules.RULE_SET.red_flags if rule.id == "RF-CES-SADDLE")
    stored = with_emergency_number(rule.advice, settings.EMERGENCY_NUMBER)
    with translation.override(SPANISH):
        spanish = red_flag_advice(rule_id=rule.id, variant="advice", stored=stored)
    assert spanish.startswith("Por favor, vaya hoy mismo")
    assert f"llame al {settings.EMERGENCY_NUMBER}" in spanish and "{emergency_number}" not in spanish
    with translation.override(ENGLISH):
        assert red_flag_advice(rule_id=rule.id, variant="advice", stored=stored) == stored
    # A rule no longer in the rule data: the stored English rather than nothing.
    with translation.override(SPANISH):
        assert red_flag_advice(rule_id="RF-GONE", variant="advice", stored="Go to A&E.") == "Go to A&E."


# --- Wiring ---------------------------------------------------------------------------------------------


def test_the_first_visit_follows_the_browsers_accept_language(client) -> None:
    spanish = client.get(reverse("intake:start"), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert html_lang(spanish.content.decode()) == "es"
    assert "Cuéntenos su dolor de talón y de muslo" in spanish.content.decode()
    assert spanish["Content-Language"] == "es"
    english = Client().get(reverse("intake:start"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert html_lang(english.content.decode()) == "en-gb"
    assert "Tell us about your heel and thigh pain" in english.content.decode()


def test_a_browser_asking_for_a_language_the_clinic_does_not_offer_gets_english(client) -> None:
    response = client.get(reverse("intake:start"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert html_lang(response.content.decode()) == "en-gb"


def test_the_start_page_offers_the_other_language_named_in_that_language(client) -> None:
    html = client.get(reverse("intake:start")).content.decode()
    assert re.search(r'<button[^>]*name="language" value="es" lang="es"[^>]*>Español</button>', html)
    html = in_language(client, SPANISH).get(reverse("intake:start")).content.decode()
    assert re.search(r'<button[^>]*name="language" value="en-gb" lang="en-gb"[^>]*>English</button>', html)


def test_switching_language_mid_questionnaire_keeps_the_answers_and_comes_back_to_the_page(client) -> None:
    fill_in(client, PF_COMPENSATION_ANSWERS, until="heel")
    heel = step_url("heel")
    response = client.post(f"{reverse('intake:set_language')}?next={heel}", {"language": SPANISH})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == heel
    page = client.get(heel).content.decode()
    assert html_lang(page) == "es" and "Paso 3 de" in page
    # The answers given in English are still there, shown in Spanish.
    safety = client.get(step_url("safety")).content.decode()
    assert re.search(r'value="no"[^>]*checked', safety)
    fill_in(client, PF_COMPENSATION_ANSWERS)
    assert submit(client).status_code == HTTPStatus.FOUND
    assert Case.objects.get().language == SPANISH


def test_the_language_switch_refuses_a_next_page_on_another_site(client) -> None:
    response = client.post(
        f"{reverse('intake:set_language')}?next=https://evil.example/", {"language": SPANISH}, HTTP_REFERER=""
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not response["Location"].startswith("https://evil.example")


def test_the_case_records_the_language_the_patient_answered_in(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, PF_COMPENSATION_ANSWERS)
    submit(client)
    assert Case.objects.get().language == SPANISH
    english = Client()
    fill_in(english, PF_COMPENSATION_ANSWERS)
    submit(english)
    assert list(Case.objects.order_by("id").values_list("language", flat=True)) == [SPANISH, ENGLISH]


def test_sending_now_after_advice_records_the_language_too(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, RED_FLAG_ANSWERS, until="heel")
    client.post(reverse("intake:send_now"), SEND_NOW)
    case = Case.objects.get()
    assert case.sent_early and case.language == SPANISH


def test_a_language_the_site_does_not_offer_is_refused_on_the_case() -> None:
    from django.core.exceptions import ValidationError

    case = Case(language="xx")
    with pytest.raises(ValidationError) as error:
        case.clean_fields(exclude=[field.name for field in Case._meta.fields if field.name != "language"])
    assert "language" in error.value.message_dict


def test_staff_pages_stay_in_english_whatever_the_browser_or_the_cookie_asks(physio_client) -> None:
    case = services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="Rosa Martín", consent_given=True)
    in_language(physio_client, SPANISH)
    response = physio_client.get(case_url(case), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert html_lang(html) == "en-gb"
    assert 'name="language"' not in html  # no language switch on staff pages
    login = Client(HTTP_ACCEPT_LANGUAGE="es").get(reverse("login")).content.decode()
    assert html_lang(login) == "en-gb"


def test_the_staff_case_page_shows_a_spanish_patients_answers_in_english_with_their_language(
    client, physio_client
) -> None:
    in_language(client, SPANISH)
    fill_in(client, PF_COMPENSATION_ANSWERS)
    submit(client)
    case = Case.objects.get()
    html = physio_client.get(case_url(case)).content.decode()
    assert "Language: Spanish" in " ".join(page_text(html, "en").split())
    assert "Is it sharp or stabbing with your first steps in the morning?" in html
    assert "¿Nota un dolor fuerte" not in html


# --- Every patient page in Spanish --------------------------------------------------------------------


def test_the_start_page_is_spanish(client) -> None:
    assert_spanish(*both(client, "get", reverse("intake:start")), page="start")
    fill_in(client, PF_COMPENSATION_ANSWERS, until="safety")
    assert_spanish(*both(client, "get", reverse("intake:start")), page="start, in progress")


def test_every_step_is_spanish_when_shown_and_when_it_has_mistakes(client) -> None:
    slugs = applicable_slugs(EVERY_STEP_ANSWERS)
    assert slugs == [step.slug for step in STEPS], "every step must apply for this test"
    in_language(client, SPANISH)
    for slug in slugs:
        assert_spanish(*both(client, "get", step_url(slug)), page=f"step {slug}")
        # Every message a step can show: all of its questions left unanswered.
        spanish, english = both(client, "post", step_url(slug), {"action": "continue"})
        assert "Hay un problema" in spanish, slug
        assert_spanish(spanish, english, page=f"step {slug} with mistakes")
        client.post(step_url(slug), step_data(slug, EVERY_STEP_ANSWERS))


def test_typing_mistakes_are_explained_in_spanish(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, EVERY_STEP_ANSWERS, until="contact")
    about = step_data("about", EVERY_STEP_ANSWERS, height="tall", weight="500 kg", standing_hours="lots")
    spanish, english = both(client, "post", step_url("about"), about)
    assert "Escriba su altura con números" in spanish
    assert_spanish(spanish, english, page="about with typing mistakes")
    contact = step_data("contact", EVERY_STEP_ANSWERS, phone="call me", email="nope", date_of_birth="14/05/1930")
    spanish, english = both(client, "post", step_url("contact"), contact)
    assert "Con esta fecha de nacimiento tendría" in spanish
    assert_spanish(spanish, english, page="contact with typing mistakes")


def test_the_health_list_and_its_mistakes_are_spanish(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, EVERY_STEP_ANSWERS, until="health")
    spanish, english = both(client, "post", step_url("health"), {"conditions": ["none", "diabetes"]})
    assert "Ha marcado «Ninguna de estas» y otra opción" in spanish
    assert_spanish(spanish, english, page="health list")


def test_numbers_typed_in_spanish_words_are_understood(client) -> None:
    in_language(client, SPANISH)
    data = step_data("about", EVERY_STEP_ANSWERS, age="47 años", standing_hours="unas 8 horas", weight="72,5 kg")
    assert client.post(step_url("about"), data).status_code == HTTPStatus.FOUND


def test_the_review_page_is_spanish_with_answers_in_spanish(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, EVERY_STEP_ANSWERS, about={"weight": "72.5", "height": "165"})
    spanish, english = both(client, "get", reverse("intake:review"))
    assert "Revise sus respuestas" in spanish
    assert "72,5 kg" in spanish and "72.5 kg" in english  # numbers written the language's way
    assert "semanas" in spanish and "Sí, estoy de acuerdo" in spanish
    assert_spanish(spanish, english, page="review")


def test_saving_for_later_and_resuming_are_spanish_and_dates_are_written_in_spanish(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, EVERY_STEP_ANSWERS, until="heel")
    data = step_data("heel", EVERY_STEP_ANSWERS, heel_pain_weeks="forever", action="save")
    assert client.post(step_url("heel"), data).status_code == HTTPStatus.FOUND
    spanish, english = both(client, "get", reverse("intake:saved"))
    assert "Algunas respuestas no se han guardado" in spanish
    months = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
    assert re.search(rf"\d+ de ({'|'.join(months)}) de \d{{4}}, \d\d:\d\d", spanish)
    assert_spanish(spanish, english, page="saved")
    code = client.session["intake_saved_code"]

    resumer = in_language(Client(), SPANISH)
    assert_spanish(*both(resumer, "get", reverse("intake:resume")), page="resume")
    spanish, english = both(resumer, "post", reverse("intake:resume"), {"code": "AAAA-BBBB-CCCC"})
    assert "No hemos encontrado ese código" in spanish
    assert_spanish(spanish, english, page="resume, unknown code")
    spanish, english = both(resumer, "post", reverse("intake:resume"), {"code": "short"})
    assert_spanish(spanish, english, page="resume, mistyped code")
    # On another device whose browser asks for English, the answers come back in Spanish.
    other_device = Client(HTTP_ACCEPT_LANGUAGE="en-GB")
    response = other_device.post(reverse("intake:resume"), {"code": code})
    assert response.status_code == HTTPStatus.FOUND
    assert html_lang(other_device.get(response["Location"]).content.decode()) == "es"


def test_an_expired_resume_code_is_explained_in_spanish(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, EVERY_STEP_ANSWERS, until="heel")
    client.post(step_url("heel"), step_data("heel", EVERY_STEP_ANSWERS, action="save"))
    code = client.session["intake_saved_code"]
    from intake.models import IntakeDraft

    IntakeDraft.objects.filter(resume_code=code).update(expires_at=timezone.now() - timedelta(minutes=1))
    spanish, english = both(Client(), "post", reverse("intake:resume"), {"code": code})
    assert "Este código ha caducado" in spanish
    assert_spanish(spanish, english, page="resume, expired code")


def test_a_red_flag_patient_reads_the_advice_in_spanish_on_every_page_after(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, RED_FLAG_ANSWERS, until="heel")
    spanish, english = both(client, "get", reverse("intake:advice"))
    assert "Por favor, busque ayuda médica ahora" in spanish
    assert "Cuénteles que tiene adormecida la zona de los genitales" in spanish
    assert f"llame al {settings.EMERGENCY_NUMBER}" in spanish
    assert_spanish(spanish, english, page="advice")
    assert_spanish(*both(client, "get", step_url("heel")), page="step with advice")
    assert_spanish(*both(client, "get", reverse("intake:send_now")), page="send now")
    spanish, english = both(client, "post", reverse("intake:send_now"), {"name": "", "phone": ""})
    assert "Escriba un número de teléfono, para que la clínica pueda llamarle" in spanish
    assert_spanish(spanish, english, page="send now with mistakes")
    client.post(reverse("intake:send_now"), SEND_NOW)
    spanish, english = both(client, "get", reverse("intake:done"))
    assert "Cuénteles que tiene adormecida la zona de los genitales" in spanish
    assert_spanish(spanish, english, page="done after sending now")
    # The stored snapshot keeps the English advice staff read.
    snapshot = Case.objects.get().latest_assessment().result
    assert snapshot["red_flags"][0]["advice"].startswith("Please go to A&E")


def test_urgent_escalated_and_softened_advice_are_spanish(client) -> None:
    answers = {
        **PF_COMPENSATION_ANSWERS,
        "leg_weakness": True,  # RF-NEURO, escalated by cancer
        "cancer_history": True,  # RF-CANCER (urgent) and RF-MSCC (emergency)
        "weight_loss": True,  # RF-WEIGHT (urgent)
    }
    in_language(client, SPANISH)
    fill_in(client, answers, until="heel")
    spanish, english = both(client, "get", reverse("intake:advice"))
    assert "Por favor, vaya al médico en los próximos días" in spanish
    assert_spanish(spanish, english, page="advice, several flags")


def test_the_call_today_notice_is_spanish(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, PF_COMPENSATION_ANSWERS, until="safety")
    data = step_data("safety", PF_COMPENSATION_ANSWERS, night_pain=NOT_SURE)
    client.post(step_url("safety"), data)
    spanish, english = both(client, "get", reverse("intake:advice"))
    assert "La clínica le llamará hoy" in spanish
    assert_spanish(spanish, english, page="advice, call today")


def test_the_confirmation_is_spanish(client) -> None:
    in_language(client, SPANISH)
    fill_in(client, PF_COMPENSATION_ANSWERS)
    submit(client)
    spanish, english = both(client, "get", reverse("intake:done"))
    assert "Gracias. Sus respuestas se han enviado" in spanish
    assert_spanish(spanish, english, page="done")


def test_the_please_wait_page_is_spanish(client, settings) -> None:
    settings.INTAKE_RESUME_ATTEMPTS_PER_HOUR = 0
    spanish, english = both(client, "post", reverse("intake:resume"), {"code": "AAAA-BBBB-CCCC"})
    assert "Por favor, espere antes de volver a intentarlo" in spanish
    assert_spanish(spanish, english, page="please wait")


def test_a_spanish_patients_plan_page_and_handout_are_in_spanish(client, physio_client, physiotherapist) -> None:
    load_library()
    in_language(client, SPANISH)
    fill_in(client, PF_COMPENSATION_ANSWERS)
    submit(client)
    case = Case.objects.get()
    plan = services.plan_approve(plan=draft_plan(case), actor=physiotherapist, expected_version=case.version)
    # The plan page follows the case's language, whatever the browser that opens the link asks.
    response = Client(HTTP_ACCEPT_LANGUAGE="en-GB").get(reverse("patient_plan", args=[plan.patient_link_token]))
    html = response.content.decode()
    assert response["Content-Language"] == SPANISH
    assert "Su plan de ejercicios y cuidados" in html and "Cuándo pedir ayuda" in html
    assert re.search(r"aprobado por su fisioterapeuta el \d+ de \w+ de \d{4}", html)
    # The items, copied from the library's Spanish text, and their dose in Spanish.
    assert "Estiramiento de la planta del pie" in html and "Sole-of-foot stretch" not in html
    assert "Mantenga 10 segundos, 10 veces, 3 veces al día, antes de dar los primeros pasos del día" in html
    assert_spanish(html, page="plan")
    handout = physio_client.get(case_url(case, "staff:case_handout")).content.decode()
    assert html_lang(handout) == "en-gb"  # the staff page around it
    body = handout[handout.index('<div lang="es">') :]
    assert "Su plan de ejercicios y cuidados" in body
    assert "Back to case" in handout

    plan.patient_link_expires_at = timezone.now() - timedelta(days=1)
    plan.save(update_fields=["patient_link_expires_at"])
    expired = Client().get(reverse("patient_plan", args=[plan.patient_link_token]))
    assert expired.status_code == HTTPStatus.GONE
    assert_spanish(expired.content.decode(), page="plan expired")


def test_an_english_patients_plan_page_stays_english_for_a_spanish_browser(physiotherapist) -> None:
    load_library()
    case = services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="Margaret Ellison", consent_given=True)
    plan = services.plan_approve(plan=draft_plan(case), actor=physiotherapist, expected_version=case.version)
    html = Client(HTTP_ACCEPT_LANGUAGE="es").get(reverse("patient_plan", args=[plan.patient_link_token]))
    assert html_lang(html.content.decode()) == "en-gb"
    assert "Your exercise and self-care plan" in html.content.decode()


def test_every_step_title_is_translated_where_it_is_shown() -> None:
    with translation.override(SPANISH):
        assert str(STEPS_BY_SLUG["about"].title) == "Sobre usted"
    with translation.override(ENGLISH):
        assert str(STEPS_BY_SLUG["about"].title) == "About you"


# --- The exercise library in each language -----------------------------------------------------------


@pytest.mark.parametrize("spec", EXERCISES, ids=lambda spec: spec["code"])
def test_every_demo_library_exercise_has_its_patient_text_in_spanish(spec) -> None:
    spanish = SPANISH_LIBRARY.get(spec["code"])
    assert spanish is not None, f"{spec['code']} has no Spanish text in intake/demo/library_es.py"
    assert set(spanish) == set(Exercise.PATIENT_TEXT_FIELDS)
    for field in Exercise.PATIENT_TEXT_FIELDS:
        # Every text the exercise has in English it has in Spanish, and no other.
        assert bool(spanish[field]) == bool(spec.get(field)), (spec["code"], field)
        if spanish[field]:
            assert spanish[field] != spec[field], (spec["code"], field)


def test_seed_demo_gives_every_exercise_its_spanish_text_and_can_run_twice() -> None:
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    exercises = Exercise.objects.prefetch_related("translations")
    assert exercises.count() == len(EXERCISES)
    assert ExerciseTranslation.objects.count() == len(EXERCISES)
    assert all(exercise.missing_languages() == [] for exercise in exercises)
    stretch = Exercise.objects.get(code="PF-02").patient_text(SPANISH)
    assert stretch["name"] == "Estiramiento de la planta del pie" and stretch["frequency"] == "3 veces al día"


def test_a_spanish_patients_plan_items_are_copied_in_spanish_and_an_english_patients_in_english(
    client, physiotherapist
) -> None:
    load_library()
    spanish = services.case_submit(
        answers=PF_COMPENSATION_ANSWERS, name="Rosa Martín", consent_given=True, language=SPANISH
    )
    english = services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="Margaret Ellison", consent_given=True)
    spanish_items = list(draft_plan(spanish).items.order_by("position"))
    english_items = list(draft_plan(english).items.order_by("position"))
    assert [item.exercise_id for item in spanish_items] == [item.exercise_id for item in english_items]
    for spanish_item, english_item in zip(spanish_items, english_items, strict=True):
        texts = SPANISH_LIBRARY[spanish_item.exercise.code]
        assert spanish_item.name == texts["name"] and spanish_item.patient_instructions == texts["patient_instructions"]
        assert (spanish_item.frequency, spanish_item.duration) == (texts["frequency"], texts["duration"])
        assert english_item.name == english_item.exercise.name
        # Dose and staff notes are the library's, whatever the language.
        assert (spanish_item.sets, spanish_item.reps, spanish_item.staff_notes) == (
            english_item.sets,
            english_item.reps,
            english_item.staff_notes,
        )


def test_an_exercise_added_to_a_spanish_plan_is_copied_in_spanish(physiotherapist) -> None:
    load_library()
    case = services.case_submit(
        answers=PF_COMPENSATION_ANSWERS, name="Rosa Martín", consent_given=True, language=SPANISH
    )
    plan = draft_plan(case)
    night_splint = Exercise.objects.get(code="PF-06")
    item = plan.items.get(exercise=night_splint)
    services.plan_update(plan=plan, actor=physiotherapist, expected_version=case.version, remove_item_id=item.pk)
    case.refresh_from_db()
    services.plan_update(plan=plan, actor=physiotherapist, expected_version=case.version, add_exercise=night_splint)
    assert plan.items.get(exercise=night_splint).name == "Férula para la noche"


def test_an_exercise_without_a_translation_falls_back_to_english_and_admin_says_which_are_missing(
    clinic_admin_client,
) -> None:
    exercise = Exercise.objects.create(code="X-01", name="New stretch", patient_instructions="Stretch gently.")
    assert exercise.patient_text(SPANISH)["name"] == "New stretch"
    assert exercise.missing_languages() == [SPANISH]
    changelist = clinic_admin_client.get(reverse("admin:intake_exercise_changelist")).content.decode()
    assert "Missing languages" in changelist and "Spanish" in changelist
    change = clinic_admin_client.get(reverse("admin:intake_exercise_change", args=[exercise.pk]))
    assert change.status_code == HTTPStatus.OK
    assert "Patient text in other languages" in change.content.decode()


def test_a_clinic_admin_adds_the_spanish_text_of_an_exercise_in_admin(clinic_admin_client) -> None:
    exercise = Exercise.objects.create(code="X-02", name="Towel scrunches", patient_instructions="Scrunch a towel.")
    data = {
        "code": "X-02",
        "name": "Towel scrunches",
        "kind": "exercise",
        "is_active": "on",
        "patient_instructions": "Scrunch a towel.",
        "time_of_day": "any_time",
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        "translations-0-language": SPANISH,
        "translations-0-name": "Arrugar una toalla con los dedos",
        "translations-0-patient_instructions": "Arrugue una toalla con los dedos del pie.",
        "translations-0-frequency": "2 veces al día",
        "translations-0-duration": "",
    }
    response = clinic_admin_client.post(reverse("admin:intake_exercise_change", args=[exercise.pk]), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert exercise.patient_text(SPANISH)["name"] == "Arrugar una toalla con los dedos"
    data["translations-0-language"] = "xx"
    data["translations-0-id"] = ""
    response = clinic_admin_client.post(reverse("admin:intake_exercise_change", args=[exercise.pk]), data)
    assert response.status_code == HTTPStatus.OK  # refused: not one of the site's languages
