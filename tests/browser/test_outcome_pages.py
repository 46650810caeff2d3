"""The follow-up pages staff read (issue 16), in Debian's chromium at 1280 px and checked with axe-core: the
case page's outcome charts with their tables, the queue's follow-up tab and the outcomes per pathway.
Screenshots go to artifacts/screenshots/staff-outcomes-*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from intake import services
from intake.models import CheckIn
from intake.outcomes.measures import PsfsRating
from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.factories import DEFAULT_PASSWORD
from tests.staff_support import draft_plan, load_library, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def followed_up_case(physiotherapist, clinic_admin):
    load_library()
    case = submit(name="Margaret Ellison")
    services.plan_approve(plan=draft_plan(case), actor=physiotherapist, expected_version=case.version)
    for check_in in CheckIn.objects.filter(case=case):
        CheckIn.objects.filter(pk=check_in.pk).update(
            due_at=timezone.now() - dt.timedelta(weeks=7) + dt.timedelta(weeks=check_in.weeks)
        )
    for weeks, heel, lefs, psfs in ((2, 6, 2, 3), (6, 5, 2, 4)):
        services.check_in_answer(
            check_in=CheckIn.objects.get(case=case, weeks=weeks),
            heel_pain=heel,
            thigh_pain=2,
            global_change=0,
            adherence_days=4,
            lefs_items=[lefs] * 20,
            psfs=[PsfsRating("Walking to the shops", psfs)],
            safety_answers={},
        )
    return case


def test_staff_read_the_outcome_charts_the_follow_up_tab_and_outcomes_per_pathway(desktop_page, followed_up_case):
    page = desktop_page
    page.goto("/staff/login/")
    page.get_by_label("Username").fill("clinicadmin")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))

    page.goto(f"/staff/cases/{followed_up_case.reference}/#follow-up")
    charts = page.locator(".outcome-chart")
    assert charts.count() == 4
    assert page.locator("#chart-lefs svg line.mcid-line").count() == 1
    assert "6 weeks" in page.locator("#chart-lefs table").inner_text()
    page.locator("#follow-up").scroll_into_view_if_needed()
    screenshot(page, "staff-outcomes-case")
    assert_no_axe_violations(page)

    page.goto("/staff/")
    page.get_by_role("link", name="Follow-up").click()
    page.wait_for_url(re.compile(r"/staff/follow-up/$"))
    assert followed_up_case.reference in page.locator("table.not-improving-table").inner_text()
    screenshot(page, "staff-outcomes-follow-up")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Outcomes", exact=True).click()
    page.wait_for_url(re.compile(r"/staff/outcomes/$"))
    assert "0 of 1: too few cases" in page.locator("table.outcomes-per-pathway").first.inner_text()
    screenshot(page, "staff-outcomes-per-pathway")
    assert_no_axe_violations(page)
