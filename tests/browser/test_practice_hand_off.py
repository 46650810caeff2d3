"""The hand-overs to the practice system in Debian's chromium: a routine patient is offered the clinic's
booking page on the confirmation page, and a physiotherapist copies the case summary with one click
(a static script under the CSP). Both pages are checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from intake.models import Case, ClinicPolicy
from tests.browser.conftest import DESKTOP, assert_no_axe_violations, screenshot
from tests.browser.test_intake_questionnaire import check_targets_are_large_enough, go_through
from tests.factories import DEFAULT_PASSWORD, PF_COMPENSATION_ANSWERS
from tests.staff_support import case_url, load_library, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def test_a_routine_patient_is_offered_the_booking_page_with_their_reference(page):
    policy = ClinicPolicy.current()
    policy.booking_url = "https://heelclinic.janeapp.com/?ref={reference}"
    policy.save()
    go_through(page, PF_COMPENSATION_ANSWERS, "booking")  # axe-clean confirmation included
    case = Case.objects.get()
    link = page.get_by_role("link", name="Book an appointment")
    assert link.get_attribute("href") == f"https://heelclinic.janeapp.com/?ref={case.reference}"
    check_targets_are_large_enough(page)
    screenshot(page, "booking-confirmation")


def test_a_physiotherapist_copies_the_case_summary_with_one_click(browser, live_server, physiotherapist):
    load_library()
    case = submit(name="Ada Lovelace")
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(case_url(case))
        page.get_by_label("Username").fill("physio")
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(case.reference))
        assert_no_axe_violations(page)
        copy = page.get_by_role("button", name="Copy", exact=True)
        assert copy.is_visible()  # shown by the script; hidden without JavaScript
        copy.click()
        page.locator(".copy-status", has_text="Copied").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#case-summary-text").input_value()
        assert copied.startswith(f"Case {case.reference}: Ada Lovelace")
        screenshot(page, "staff-case-summary")
    finally:
        context.close()
