"""What the performance work (issue 19) must not change: the pages people use say and link the same."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.test_staff_queue import make_case

pytestmark = pytest.mark.django_db


def test_every_queue_row_links_to_its_own_case_page(physio_client):
    made = [make_case(at=f"2026-11-20 09:{minute:02d} +0000") for minute in range(3)]
    response = physio_client.get(reverse("staff:queue"))
    assert response.status_code == HTTPStatus.OK
    links = re.findall(r'<a class="case-link" href="([^"]+)">([^<]+)</a>', response.content.decode())
    assert sorted(links) == sorted((reverse("staff:case", args=[case.reference]), case.reference) for case in made)
    for href, _reference in links:
        assert physio_client.get(href).status_code == HTTPStatus.OK
