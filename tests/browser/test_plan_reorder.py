"""The plan editor's "Move up" with JavaScript on, in Debian's chromium: the item moves in place, the page
is not reloaded, what was typed elsewhere stays and is saved, and the next move still works."""

from __future__ import annotations

import re

import pytest

from intake.models import Case, PlanStatus, TherapyPlan
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import DEFAULT_PASSWORD
from tests.staff_support import load_library, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def draft_names(case: Case) -> list[str]:
    plan = TherapyPlan.objects.get(case=case, status=PlanStatus.DRAFT)
    return list(plan.items.order_by("position").values_list("name", flat=True))


def test_moving_an_item_up_reorders_the_plan_without_reloading_the_page(desktop_page, physiotherapist):
    load_library()
    case = submit(name="Margaret Ellison")
    page = desktop_page
    page.goto("/staff/login/")
    page.get_by_label("Username").fill("physio")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    page.goto(f"/staff/cases/{case.reference}/#plan")

    first, second, third = draft_names(case)[:3]
    # A mark only this very page carries: a reload or a navigation would lose it.
    page.evaluate("window.notReloaded = true")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    legends = page.locator("ol.plan-items > li legend")
    page.locator("ol.plan-items > li").nth(1).get_by_label("How often").fill("twice a day")

    page.get_by_role("button", name=f"Move {second} up").click()
    page.locator(".plan-move-status").filter(has_text="Item moved up.").wait_for(state="attached")
    assert legends.nth(0).inner_text().startswith(f"1. {second}")
    assert legends.nth(1).inner_text().startswith(f"2. {first}")
    assert page.evaluate("window.notReloaded") is True and navigations == []
    assert page.get_by_role("button", name=f"Move {second} up").is_disabled()
    assert page.evaluate("document.activeElement.textContent") == "Move down"
    assert draft_names(case)[:3] == [second, first, third]
    # What was typed was saved with the move, and is still in its field.
    plan = TherapyPlan.objects.get(case=case, status=PlanStatus.DRAFT)
    assert plan.items.get(name=second).frequency == "twice a day"
    assert page.locator("ol.plan-items > li").nth(0).get_by_label("How often").input_value() == "twice a day"

    # The page carries the new version: a second move (and then a save) goes through too.
    page.get_by_role("button", name=f"Move {third} up").click()
    page.wait_for_function(
        "(name) => document.querySelectorAll('ol.plan-items > li legend')[1].textContent.trim()"
        ".startsWith('2. ' + name)",
        arg=third,
    )
    assert draft_names(case)[:3] == [second, third, first]
    assert page.evaluate("window.notReloaded") is True and navigations == []
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save changes", exact=True).last.click()
    page.get_by_text("Plan saved.").wait_for()
    assert draft_names(case)[:3] == [second, third, first]
