"""The learning loop in Debian's chromium at 1280 px: a physiotherapist records and signs a first visit,
logs a call, re-runs the case under the current rules; a clinical lead opens the rules review.

Every page is checked with axe-core (zero violations); screenshots go to artifacts/screenshots/learning-*.png.
"""

from __future__ import annotations

import re

import pytest

from intake.models import CaseNote, FirstVisit
from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.factories import DEFAULT_PASSWORD, ClinicalLeadFactory
from tests.staff_support import load_library, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def test_first_visit_notes_rerun_and_rules_review(desktop_page, physiotherapist, browser, live_server):
    load_library()
    case = submit(name="Margaret Ellison")
    page = desktop_page
    sign_in(page, "physio")
    assert "Margaret Ellison" in page.locator("table.queue-table tbody tr").first.inner_text()

    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(re.compile(case.reference))
    visit = page.locator("#first-visit")
    visit.get_by_role("group", name="Windlass test").get_by_label("Positive").check()
    visit.get_by_role("group", name="Tenderness at the medial calcaneal tubercle").get_by_label("Positive").check()
    visit.get_by_role("group", name="Slump test").get_by_label("Negative").check()
    visit.get_by_label("Working diagnosis").select_option("pf_compensation")
    screenshot(page, "learning-first-visit-form")
    assert_no_axe_violations(page)
    visit.get_by_role("button", name="Save and sign").click()
    page.get_by_text("First visit signed.").wait_for()
    assert "Windlass test" in page.locator(".findings-table").inner_text()
    screenshot(page, "learning-first-visit-signed")
    assert_no_axe_violations(page)

    notes = page.locator("#notes")
    notes.get_by_label("What").select_option("left_message")
    notes.get_by_label("Note").fill("Asked to call back after 5 pm.")
    notes.get_by_role("button", name="Add to the case").click()
    page.get_by_text("Contact logged.").wait_for()
    assert "Asked to call back after 5 pm." in page.locator("#timeline").inner_text()

    page.get_by_role("link", name="Re-run under the current rules").click()
    page.get_by_role("heading", name=re.compile("under the current rules")).wait_for()
    assert "give the same result" in page.content()
    screenshot(page, "learning-rerun")
    assert_no_axe_violations(page)

    ClinicalLeadFactory(username="lead")
    lead = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    lead_page = lead.new_page()
    lead_page.set_default_timeout(15_000)
    sign_in(lead_page, "lead")
    lead_page.get_by_role("link", name="Rules review").click()
    lead_page.get_by_role("heading", name="Rules review").wait_for()
    assert "1 of 1" in lead_page.locator(".agreement-overall").inner_text()
    screenshot(lead_page, "learning-rules-review")
    assert_no_axe_violations(lead_page)
    lead.close()

    assert FirstVisit.objects.get(case=case).is_signed
    assert CaseNote.objects.get(case=case).kind == "left_message"
