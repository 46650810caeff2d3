"""The patient questionnaire in Debian's chromium at phone width: five patients click through it.

Every step, the review and the confirmation are checked with axe-core (zero violations) and saved
as screenshots at 375 and 1280 px in artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.forms import CheckboxSelectMultiple, RadioSelect

from intake.models import Case
from intake.patient.flow import STEPS_BY_SLUG
from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import (
    HAMSTRING_ANSWERS,
    RED_FLAG_ANSWERS,
    applicable_slugs,
    as_posted,
    step_data,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADVICE_HEADING = "Important: please read this"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def heading(page) -> str:
    return " ".join(page.locator("h1").text_content().split())


def answer_step(page, slug: str, answers: dict, **changes: str) -> None:
    """Fill one step as a patient would: click the radio buttons' labels, type into the boxes."""
    form = STEPS_BY_SLUG[slug].form_class(context=as_posted(answers))
    data = step_data(slug, answers, **changes)
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
            page.get_by_label(re.compile("I agree")).check()
        else:
            page.locator(f"#id_{name}").fill(value)


def check_targets_are_large_enough(page) -> None:
    """WCAG 2.2 target size as we set it: every control a patient taps is at least 44 px each way."""
    small = page.evaluate(
        """() => [...document.querySelectorAll(
                'main a, main button, main label.form-check-label, main input.form-control')]
            .filter((el) => el.offsetParent !== null)
            .map((el) => [el.textContent.trim().slice(0, 30) || el.id, el.getBoundingClientRect()])
            .filter(([, box]) => box.height < 44 || box.width < 44)
            .map(([name, box]) => `${name}: ${Math.round(box.width)}x${Math.round(box.height)}`)"""
    )
    assert not small, small


def check_no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def go_through(page, answers: dict, name: str, **extra_by_step: dict) -> None:
    """From the start page to the confirmation, checking each page on the way."""
    page.goto("/")
    assert_no_axe_violations(page)
    screenshot(page, f"{name}-0-start")
    page.get_by_role("link", name="Start now").click()
    slugs = applicable_slugs(answers)
    total = len(slugs) + 1
    for number, slug in enumerate(slugs, start=1):
        # The total grows when an answer brings a step (thigh pain, a follow-up question).
        assert heading(page).startswith(f"Step {number} of "), heading(page)
        answer_step(page, slug, answers, **extra_by_step.get(slug, {}))
        assert_no_axe_violations(page)
        check_targets_are_large_enough(page)
        check_no_sideways_scrolling(page)
        screenshot(page, f"{name}-{number}-{slug}")
        page.get_by_role("button", name="Continue", exact=True).click()
        if heading(page) == ADVICE_HEADING:
            # A red flag or a safety question answered Not sure: the advice comes first.
            assert_no_axe_violations(page)
            screenshot(page, f"{name}-{number}-advice")
            page.get_by_role("link", name="Continue the questions").click()
    assert heading(page) == f"Step {total} of {total}: Check your answers"
    assert_no_axe_violations(page)
    check_targets_are_large_enough(page)
    screenshot(page, f"{name}-{total}-review")
    page.get_by_role("button", name="Send my answers").click()
    assert heading(page) == "Thank you. Your answers have been sent"
    assert_no_axe_violations(page)
    screenshot(page, f"{name}-confirmation")


def test_a_heel_pain_patient_whose_thigh_followed_finishes_the_questionnaire(page):
    go_through(page, PF_COMPENSATION_ANSWERS, "pf-compensation", about={"height": "5 ft 6", "weight": "11 st 4"})
    case = Case.objects.get()
    assert case.reference in page.locator(".reference").inner_text()
    assert case.pathway == "pf_compensation"
    assert case.answers.bmi == 25
    text = page.locator("main").inner_text()
    assert "What happens next" in text
    assert "compensation" not in text.lower() and "fasciitis" not in text.lower()


def test_a_hamstring_patient_is_asked_about_the_back_of_the_thigh(page):
    go_through(page, HAMSTRING_ANSWERS, "hamstring")
    case = Case.objects.get()
    assert case.pathway == "hamstring_strain"
    assert case.answers.thigh_onset == "sudden"
    assert case.answers.heel_pain_site is None  # no heel pain: no heel detail asked
    assert "hamstring" not in page.locator("main").inner_text().lower()


def test_the_thigh_drawing_sits_beside_a_plain_list_and_change_links_return_to_the_review(page):
    page.goto("/questions/about/")
    for slug in ("about", "safety", "heel"):  # no heel pain: no walking questions
        answer_step(page, slug, HAMSTRING_ANSWERS)
        page.get_by_role("button", name="Continue", exact=True).click()
    assert heading(page) == "Step 4 of 8: The back of your thigh"
    drawing = page.get_by_role("img", name=re.compile("Drawing of the back of a leg"))
    assert drawing.is_visible()
    group = page.get_by_role("group", name="Where is the thigh pain worst?")
    assert group.get_by_role("radio").count() == 4
    for slug in applicable_slugs(HAMSTRING_ANSWERS)[3:]:
        answer_step(page, slug, HAMSTRING_ANSWERS)
        page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_role("link", name="Change your answers in “The back of your thigh”").click()
    assert "Back to your answers" in page.locator(".back-link").inner_text()
    group = page.get_by_role("group", name="Where is the thigh pain worst?")
    assert group.get_by_label("In the middle of the back of the thigh").is_checked()
    group.get_by_label("All along the back of the thigh").check()
    page.get_by_role("button", name="Save and go back to your answers").click()
    assert heading(page).endswith("Check your answers")
    assert "All along the back of the thigh" in page.locator("main").inner_text()
    assert Case.objects.count() == 0


def test_a_patient_with_a_red_flag_is_told_at_once_where_to_go(page):
    go_through(page, RED_FLAG_ANSWERS, "red-flag")
    case = Case.objects.get()
    advice = page.locator(".urgent-advice")
    assert advice.is_visible()
    assert advice.get_by_role("heading").inner_text() == "Please get medical help now"
    flag = case.assessments.get().result["red_flags"][0]
    assert flag["advice"] in advice.inner_text()
    assert "A&E" in advice.inner_text()
    assert "call 999" in advice.inner_text().lower()
    # The advice comes before the reference, and names no diagnosis.
    main = page.locator("main").inner_text()
    assert main.index("Please get medical help now") < main.index(case.reference)
    assert "cauda" not in main.lower() and "referral" not in main.lower()
    assert case.urgency == "emergency"


def test_a_mistake_shows_an_error_summary_and_keeps_every_answer(page):
    page.goto("/questions/about/")
    answer_step(page, "about", PF_COMPENSATION_ANSWERS, age="470", height="5 ft 7", weight="11 st 2")
    page.get_by_role("button", name="Continue", exact=True).click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    # Focus moves to the summary, so a screen reader reads the problems first (no JavaScript needed).
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert heading(page) == "Step 1 of 8: About you"
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    screenshot(page, "validation-error-about")
    # Everything typed and chosen is still there.
    assert page.locator("#id_age").input_value() == "470"
    assert page.locator("#id_height").input_value() == "5 ft 7"
    assert page.locator("#id_weight").input_value() == "11 st 2"
    assert page.locator("#id_standing_hours").input_value() == "8"
    assert page.get_by_role("group", name=re.compile("heel or the sole")).get_by_label("Yes").is_checked()
    assert page.get_by_role("group", name="Which side is worst?").get_by_label("Left").is_checked()
    assert page.get_by_role("group", name=re.compile("physical activity")).get_by_label("Walking").is_checked()
    # The summary's link takes the patient to the field, whose message is next to it.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_age"
    assert "Enter a number from 12 to 110" in page.locator("#id_age_error").inner_text()
    page.locator("#id_age").fill("47")
    page.get_by_role("button", name="Continue", exact=True).click()
    assert heading(page).startswith("Step 2 of 9")
    # Back shows the first step as it was left.
    page.locator(".back-link").click()
    assert page.locator("#id_age").input_value() == "47"
    assert page.locator("#id_height").input_value() == "170"
    page.go_back()
    assert heading(page).startswith("Step 2 of 9")


def test_a_patient_saves_and_finishes_later_on_another_device(page, browser, live_server):
    page.goto("/questions/about/")
    for slug in ("about", "safety", "heel"):
        answer_step(page, slug, PF_COMPENSATION_ANSWERS)
        page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_role("button", name="Save and continue later").click()
    assert heading(page) == "Your answers are saved"
    assert_no_axe_violations(page)
    screenshot(page, "save-and-resume-saved")
    code = page.locator(".reference").inner_text().strip()
    link = page.locator(".resume-link a").get_attribute("href")
    assert link.endswith(f"/resume/?code={code}")

    other_device = browser.new_context(viewport={"width": 375, "height": 812}, base_url=live_server.url)
    phone = other_device.new_page()
    try:
        phone.goto(link)
        assert phone.locator("#id_code").input_value() == code
        assert_no_axe_violations(phone)
        screenshot(phone, "save-and-resume-resume")
        phone.get_by_role("button", name="Continue", exact=True).click()
        assert heading(phone) == "Step 4 of 9: How you walk"
        phone.locator(".back-link").click()
        assert (
            phone.get_by_role("group", name=re.compile("hurt most"))
            .get_by_label("Under the heel, towards the inside")
            .is_checked()
        )
        phone.get_by_role("button", name="Continue", exact=True).click()
        for slug in applicable_slugs(PF_COMPENSATION_ANSWERS)[3:]:
            answer_step(phone, slug, PF_COMPENSATION_ANSWERS)
            phone.get_by_role("button", name="Continue", exact=True).click()
        phone.get_by_role("button", name="Send my answers").click()
        assert heading(phone) == "Thank you. Your answers have been sent"
        # A double submit after going back makes no second case.
        phone.go_back()
        phone.reload()
        assert heading(phone) == "Thank you. Your answers have been sent"
    finally:
        other_device.close()
    assert Case.objects.count() == 1


def test_the_questionnaire_works_with_javascript_switched_off(browser, live_server):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_role("link", name="Start now").click()
        for slug in applicable_slugs(HAMSTRING_ANSWERS):
            answer_step(page, slug, HAMSTRING_ANSWERS)
            page.get_by_role("button", name="Continue", exact=True).click()
        page.get_by_role("button", name="Send my answers").click()
        assert heading(page) == "Thank you. Your answers have been sent"
    finally:
        context.close()
    assert Case.objects.count() == 1


def test_pages_reflow_at_320_px_like_400_percent_zoom(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    page.get_by_role("link", name="Start now").click()
    for slug in ("about", "safety", "heel"):
        answer_step(page, slug, PF_COMPENSATION_ANSWERS)
        check_no_sideways_scrolling(page)
        page.get_by_role("button", name="Continue", exact=True).click()
    check_no_sideways_scrolling(page)


def test_a_yes_to_saddle_numbness_shows_where_to_go_on_the_next_page_and_sending_now_takes_one_step(page):
    answers = {**PF_COMPENSATION_ANSWERS, "saddle_numbness": True}
    page.goto("/questions/about/")
    for slug in ("about", "safety"):
        answer_step(page, slug, answers)
        page.get_by_role("button", name="Continue", exact=True).click()
    assert heading(page) == ADVICE_HEADING
    advice = page.locator(".urgent-advice")
    assert "Please get medical help now" in advice.inner_text()
    assert "A&E" in advice.inner_text() and "999" in advice.inner_text()
    assert_no_axe_violations(page)
    check_targets_are_large_enough(page)
    check_no_sideways_scrolling(page)
    screenshot(page, "red-flag-advice-next-page")
    page.get_by_role("link", name="Send my answers to the clinic now").click()
    assert heading(page) == "Send your answers now"
    assert_no_axe_violations(page)
    page.get_by_label("Your full name").fill("Rose Tyler")
    page.get_by_label("Phone number").fill("07700 900456")
    page.get_by_label(re.compile("I agree")).check()
    screenshot(page, "red-flag-send-now")
    page.get_by_role("button", name="Send my answers").click()
    assert heading(page) == "Thank you. Your answers have been sent"
    assert "Please get medical help now" in page.locator(".urgent-advice").inner_text()
    assert_no_axe_violations(page)
    screenshot(page, "red-flag-sent-early")
    case = Case.objects.get()
    assert case.sent_early and case.urgency == "emergency"
    assert Case.objects.first() == case  # the queue's order: unacknowledged emergencies first


def test_a_safety_question_answered_not_sure_tells_the_patient_the_clinic_will_call_today(page):
    page.goto("/questions/about/")
    answer_step(page, "about", PF_COMPENSATION_ANSWERS)
    page.get_by_role("button", name="Continue", exact=True).click()
    answer_step(page, "safety", PF_COMPENSATION_ANSWERS, calf_tender="not_sure")
    page.get_by_role("button", name="Continue", exact=True).click()
    assert heading(page) == ADVICE_HEADING
    assert "The clinic will phone you today" in page.locator(".urgent-advice").inner_text()
    assert_no_axe_violations(page)
    screenshot(page, "call-today-advice")
