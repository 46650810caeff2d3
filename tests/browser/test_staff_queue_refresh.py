"""The queue refreshes itself (static/js/staff_queue_refresh.js, under the content security policy): a
case that arrives while the page is open appears, and the waiting banner counts it, without a reload.
Playwright's clock stands in for the minute."""

from __future__ import annotations

import re

import pytest

from intake import services
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import DEFAULT_PASSWORD, PF_COMPENSATION_ANSWERS
from tests.staff_support import EMERGENCY_ANSWERS, load_library, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_emergency_appears_on_the_open_queue_within_a_minute(desktop_page, physiotherapist):
    page = desktop_page
    load_library()
    first = submit(name="Margaret Ellison")
    page.clock.install()
    page.goto("/staff/")
    page.get_by_label("Username").fill("physio")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert "0 emergency" in page.locator("#staff-waiting").inner_text()
    assert_no_axe_violations(page)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    arrived = submit(EMERGENCY_ANSWERS, name="Grace Hopper")
    page.mouse.click(5, 5)  # someone is using the page
    page.clock.run_for(61_000)
    page.locator("table.queue-table tbody tr").first.locator("th", has_text=arrived.reference).wait_for()
    assert "1 emergency" in page.locator("#staff-waiting").inner_text()
    assert first.reference in page.locator("table.queue-table").inner_text()
    assert page.url.endswith("/staff/"), "refreshed in place, not navigated"
    assert not errors, errors  # nothing refused by the content security policy


def test_a_call_today_case_page_lists_the_unsure_questions_and_records_the_call(desktop_page, physiotherapist):
    page = desktop_page
    load_library()
    case = services.case_submit(
        answers=PF_COMPENSATION_ANSWERS, name="Ada Byron", consent_given=True, unsure_safety_keys=["saddle_numbness"]
    )
    page.goto(f"/staff/cases/{case.reference}/")
    page.get_by_label("Username").fill("physio")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Call the patient today").wait_for()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Patient called").click()
    page.get_by_text("Marked as called").wait_for()
    assert "The patient has been called." in page.locator("#call-today").inner_text()
