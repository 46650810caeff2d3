import pytest

from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_page_renders_in_chromium_without_accessibility_violations(page):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Tell us about")
    assert_no_axe_violations(page)
