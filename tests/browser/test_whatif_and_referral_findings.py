"""In Debian's chromium at 1280 px: a physiotherapist records what a red-flag case's referral found; a
clinical lead runs a candidate rule set from the what-if page and reads its report.

Every page is checked with axe-core (zero violations); screenshots go to artifacts/screenshots/learning-*.png.
"""

from __future__ import annotations

import re

import pytest

from intake.models import ReferralFinding, WhatIfRun
from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.browser.test_learning_pages import sign_in
from tests.factories import ClinicalLeadFactory
from tests.staff_support import EMERGENCY_ANSWERS, load_library, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referral_finding_and_a_whatif_run(desktop_page, physiotherapist, browser, live_server, settings):
    load_library()
    flagged = submit(EMERGENCY_ANSWERS, name="Dorothy Hale")
    # The what-if run is done as soon as it is queued (the alerts above stay queued: they need run_after).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page = desktop_page
    sign_in(page, "physio")
    page.goto(f"/staff/cases/{flagged.reference}/")
    found = page.locator("#referral-finding")
    found.get_by_label("What the referral found").select_option("confirmed")
    found.get_by_label("Details (optional)").fill("MRI: cauda equina compression.")
    found.get_by_role("button", name="Record the finding").click()
    page.get_by_text("Recorded: serious pathology confirmed.").wait_for()
    assert "MRI: cauda equina compression." in page.locator("#timeline").inner_text()
    screenshot(page, "learning-referral-finding")
    assert_no_axe_violations(page)

    ClinicalLeadFactory(username="lead")
    lead = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    lead_page = lead.new_page()
    lead_page.set_default_timeout(15_000)
    sign_in(lead_page, "lead")
    lead_page.get_by_role("link", name="Rules review").click()
    assert "RF-CES-SADDLE" in lead_page.locator(".referral-findings-table").inner_text()
    assert_no_axe_violations(lead_page)
    lead_page.get_by_role("link", name="What if the rules changed").click()
    lead_page.get_by_role("combobox", name="Candidate rule set").select_option("hamstring_gate_12")
    screenshot(lead_page, "learning-whatif")
    assert_no_axe_violations(lead_page)
    lead_page.get_by_role("button", name="Run over every stored case").click()
    lead_page.wait_for_url(re.compile(r"/what-if/\d+/$"))
    lead_page.get_by_role("heading", name="What if: hamstring_gate_12").wait_for()
    lead_page.reload()  # the run may finish just after the redirect: the page says to refresh
    assert "of 1 case would change" in lead_page.content()
    screenshot(lead_page, "learning-whatif-report")
    assert_no_axe_violations(lead_page)
    lead.close()

    assert ReferralFinding.objects.get(case=flagged).outcome == "confirmed"
    assert WhatIfRun.objects.get().status == "done"
