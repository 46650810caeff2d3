"""The About page is clinical, not internal: what a physiotherapist reads there."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from intake import rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def about_page(physio_client) -> str:
    response = physio_client.get(reverse("staff:about"))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.mark.parametrize(
    "internal",
    ["{emergency_number}", "README", "section 7", "7.3", "7.7", "to be confirmed", "[seen]", "[recalled]", "turn-1"],
)
def test_the_about_page_shows_no_internal_wording(about_page, internal):
    assert internal not in about_page


def test_the_about_page_fills_in_the_clinic_emergency_number(about_page, settings):
    assert f"call {settings.EMERGENCY_NUMBER} now" in about_page


def test_design_choices_are_named_plainly(about_page):
    assert "clinic design choice" in about_page
    assert ">NO-SOURCE<" not in about_page


def test_every_red_flag_and_caution_of_the_second_edition_is_listed(about_page):
    for rule in (*rules.RULE_SET.red_flags, *rules.RULE_SET.cautions):
        assert f'id="rule-{rule.id}"' in about_page
    assert re.search(r"Not a red flag if", about_page)  # a softened flag says when it does not fire
