"""The plan editor's move buttons for its script (static/js/staff_plan_reorder.js): asked for JSON, the
same POST answers with the new order and version; without it, the redirect and message as before."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from intake.models import Case
from tests.staff_support import case_url, draft_plan, load_library, plan_post_data, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def pf_case(db):
    load_library()
    return submit(name="Margaret Ellison")


def order(case: Case) -> list[int]:
    return list(draft_plan(case).items.order_by("position").values_list("pk", flat=True))


def test_a_move_asked_for_json_answers_with_the_new_order_and_version(physio_client, pf_case):
    first, second = order(pf_case)[:2]
    data = plan_post_data(pf_case, f"up:{second}", edits={second: {"frequency": "twice a day"}})
    response = physio_client.post(case_url(pf_case, "staff:case_plan"), data, HTTP_ACCEPT="application/json")
    assert response.status_code == HTTPStatus.OK
    pf_case.refresh_from_db()
    assert response.json() == {"message": "Item moved up.", "version": pf_case.version, "order": order(pf_case)}
    assert order(pf_case)[:2] == [second, first]
    assert draft_plan(pf_case).items.get(pk=second).frequency == "twice a day"
    # No message left waiting for the next page: the script said it already.
    assert "Item moved up." not in physio_client.get(case_url(pf_case)).content.decode()


def test_without_json_a_move_redirects_to_the_plan_as_before(physio_client, pf_case):
    second = order(pf_case)[1]
    response = physio_client.post(case_url(pf_case, "staff:case_plan"), plan_post_data(pf_case, f"up:{second}"))
    assert response.status_code == HTTPStatus.FOUND and response["Location"].endswith("#plan")


def test_a_stale_version_is_a_conflict_page_even_when_json_was_asked(physio_client, pf_case):
    second = order(pf_case)[1]
    data = plan_post_data(pf_case, f"up:{second}", version=pf_case.version - 1)
    response = physio_client.post(case_url(pf_case, "staff:case_plan"), data, HTTP_ACCEPT="application/json")
    # Not JSON: the script then submits the form itself and the physiotherapist sees the conflict.
    assert response.status_code == HTTPStatus.CONFLICT and response["Content-Type"].startswith("text/html")
    assert order(pf_case)[1] == second


def test_the_case_page_loads_the_script_only_with_a_draft_to_edit(physio_client, pf_case):
    assert "js/staff_plan_reorder" in physio_client.get(case_url(pf_case)).content.decode()
