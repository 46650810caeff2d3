"""A physiotherapist's morning in Debian's chromium at 1280 px: sign in, acknowledge a red flag, open
a heel-pain case, change a dose, approve the plan, open the handout, and the patient opens the link.

Screenshots of each page (375 and 1280 px) go to artifacts/screenshots/staff-*.png; every page is
checked with axe-core.
"""

from __future__ import annotations

import re

import pytest

from intake.models import Case, PlanStatus, TherapyPlan
from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.factories import DEFAULT_PASSWORD
from tests.staff_support import EMERGENCY_ANSWERS, load_library, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clinic(physiotherapist):
    # The flush after each transactional test replays post_migrate, so the roles are there.
    load_library()
    flagged = submit(EMERGENCY_ANSWERS, name="Grace Hopper")
    heel = submit(name="Margaret Ellison")
    return {"physio": physiotherapist, "flagged": flagged, "heel": heel}


def test_a_physiotherapist_goes_from_sign_in_to_an_approved_plan_and_handout(desktop_page, clinic, browser):
    page = desktop_page
    flagged, heel = clinic["flagged"], clinic["heel"]

    page.goto("/staff/")
    assert page.url.endswith("/staff/login/?next=/staff/")
    screenshot(page, "staff-login")
    assert_no_axe_violations(page)
    page.get_by_label("Username").fill("physio")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(re.compile(r"/staff/$"))
    rows = page.locator("table.queue-table tbody tr")
    assert rows.first.locator("th").inner_text() == flagged.reference  # the red flag is on top
    assert "not yet acknowledged" in rows.first.inner_text()
    screenshot(page, "staff-queue")
    assert_no_axe_violations(page)

    page.get_by_role("link", name=flagged.reference).click()
    page.wait_for_url(re.compile(flagged.reference))
    assert page.locator("#red-flags").is_visible()
    screenshot(page, "staff-case-red-flag")
    assert_no_axe_violations(page)
    page.get_by_label("What was done (optional)").fill("Phoned the patient: on her way to A&E")
    page.get_by_role("button", name="Acknowledge RF-CES-SADDLE").click()
    page.get_by_text("Red flag RF-CES-SADDLE acknowledged.").wait_for()
    assert "by Priya Shah" in page.locator("#red-flags").inner_text()

    page.get_by_role("link", name="Case queue").click()
    assert "acknowledged" in page.locator("table.queue-table tbody tr").first.inner_text()
    page.get_by_role("link", name=heel.reference).click()
    page.wait_for_url(re.compile(heel.reference))
    assert "Suggested, for clinical review" in page.locator("#suggestion").inner_text()
    screenshot(page, "staff-case-heel")
    assert_no_axe_violations(page)

    stretch = page.locator(".plan-item", has_text="Sole-of-foot stretch")
    stretch.get_by_label("Sets").fill("2")
    page.get_by_role("button", name="Save changes", exact=True).last.click()
    page.get_by_text("Plan saved.").wait_for()
    assert page.locator(".plan-item", has_text="Sole-of-foot stretch").get_by_label("Sets").input_value() == "2"
    assert "sets 1 → 2" in page.locator("#timeline").inner_text()

    page.get_by_role("button", name="Save and approve plan").click()
    page.get_by_text("Plan approved.").wait_for()
    assert "by Priya Shah" in page.locator(".approved-plan").inner_text()
    patient_link = page.locator("#patient-link").input_value()
    screenshot(page, "staff-case-approved")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Open the printable handout").click()
    page.get_by_role("heading", name="Your exercise and self-care plan").wait_for()
    handout = page.locator("article.handout").inner_text()
    assert "2 sets of 10, hold 10 seconds, 3 times a day" in handout
    assert "When to get help" in handout
    assert "fasciitis" not in handout.lower() and "pathway" not in handout.lower()
    screenshot(page, "staff-handout")
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()  # print.css hides the navigation
    page.emulate_media(media="screen")

    page.goto("/staff/about/")
    page.get_by_role("heading", name="About these suggestions").wait_for()
    assert page.locator("#rule-RF-CES-SADDLE").is_visible()
    screenshot(page, "staff-about")
    assert_no_axe_violations(page)

    # The patient, with no account, opens the private link on their own device.
    patient = browser.new_context(viewport={"width": 375, "height": 812})
    patient_page = patient.new_page()
    patient_page.goto(patient_link)
    assert "Sole-of-foot stretch" in patient_page.locator("article.handout").inner_text()
    screenshot(patient_page, "staff-patient-link")
    assert_no_axe_violations(patient_page)
    patient.close()

    case = Case.objects.get(pk=heel.pk)
    assert case.status == "approved"
    assert (
        TherapyPlan.objects.get(case=case, status=PlanStatus.APPROVED).items.get(name="Sole-of-foot stretch").sets == 2
    )
