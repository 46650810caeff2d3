"""What a referral found: staff record it on a red-flag or referred case (who, when, on the timeline), and
the rules review counts, per red-flag rule, how often the referrals confirmed serious pathology."""

from __future__ import annotations

import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from intake import agreement, selectors, services
from intake.models import AuditEvent, Case, ReferralFinding
from intake.services.privacy import ERASED_TEXT
from tests.factories import ClinicalLeadFactory
from tests.staff_support import (
    EMERGENCY_ANSWERS,
    REQUEST_OVERHEAD,
    URGENT_ANSWERS,
    case_url,
    load_library,
    submit,
)

pytestmark = pytest.mark.django_db

NAME = "Zebulon Quillfeather"


def record(client, case, outcome="confirmed", note="MRI: cauda equina compression.", follow=True):
    return client.post(case_url(case, "staff:case_referral_finding"), {"outcome": outcome, "note": note}, follow=follow)


@pytest.fixture
def flagged(db):
    load_library()
    return submit(EMERGENCY_ANSWERS, name=NAME)


def test_staff_record_what_the_referral_found_with_who_and_when_on_the_timeline(physio_client, flagged):
    response = record(physio_client, flagged)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Recorded: serious pathology confirmed." in body
    section = body[body.index('id="referral-finding"') :]
    assert "Serious pathology confirmed</span>: MRI: cauda equina compression." in section
    assert "Recorded by Priya Shah" in section
    timeline = body[body.index('id="timeline"') :]
    assert "What the referral found" in timeline and "Priya Shah" in timeline
    assert "MRI: cauda equina compression." in timeline
    finding = ReferralFinding.objects.get()
    assert (finding.case_id, finding.outcome, finding.recorded_by.username) == (flagged.pk, "confirmed", "physio")
    # The audit event carries the code and a reference to the row, never the words.
    event = AuditEvent.objects.get(action="referral_finding_recorded")
    assert event.details == {"referral_finding": finding.pk, "outcome": "confirmed"}


def test_a_later_finding_is_added_and_the_page_shows_the_latest(physio_client, flagged):
    record(physio_client, flagged, "not_known_yet", "Admitted, awaiting MRI.")
    body = record(physio_client, flagged, "not_confirmed", "MRI normal.").content.decode()
    section = body[body.index('id="referral-finding"') :]
    assert "Serious pathology not confirmed</span>: MRI normal." in section
    assert ReferralFinding.objects.count() == 2
    timeline = body[body.index('id="timeline"') :]
    assert "Admitted, awaiting MRI." in timeline and "MRI normal." in timeline


def test_a_routine_case_that_was_not_referred_has_no_finding_to_record(physio_client, db):
    load_library()
    routine = submit(name="Ada Lovelace")
    assert 'id="referral-finding"' not in physio_client.get(case_url(routine)).content.decode()
    body = record(physio_client, routine).content.decode()
    assert "Only a red-flag case or a referred case has a referral finding to record." in body
    assert not ReferralFinding.objects.exists()


def test_a_referred_routine_case_and_a_closed_case_take_a_finding(physio_client, physiotherapist, db):
    load_library()
    case = submit(name="Ada Lovelace")
    services.case_refer(case=case, destination="gp", note="", actor=physiotherapist, expected_version=case.version)
    case.refresh_from_db()
    services.case_close(case=case, actor=physiotherapist, expected_version=case.version, reason="referred", note="")
    assert "Record the finding" in physio_client.get(case_url(case)).content.decode()
    record(physio_client, case, "not_confirmed", "GP: bloods normal.")
    assert ReferralFinding.objects.get().outcome == "not_confirmed"


def test_words_repeating_the_patients_name_are_refused_and_kept_in_the_form(physio_client, flagged):
    response = record(physio_client, flagged, note=f"MRI for {NAME}: compression", follow=False)
    body = response.content.decode()
    assert "contains the patient&#x27;s full name" in body
    assert f"MRI for {NAME}: compression" in body  # what was typed is still there
    assert not ReferralFinding.objects.exists()


def test_an_unknown_outcome_is_refused_next_to_the_field(physio_client, flagged):
    body = record(physio_client, flagged, outcome="maybe", follow=False).content.decode()
    assert "Select a valid choice" in body and not ReferralFinding.objects.exists()


def test_erasure_redacts_the_finding_and_the_export_includes_it(flagged, physiotherapist, clinic_admin):
    services.referral_finding_record(
        case=flagged, outcome="confirmed", note="Quillfeather seen in ED", actor=physiotherapist
    )
    exported = services.patient_export(patient=flagged.patient, actor=clinic_admin)
    assert exported["cases"][0]["referral_findings"][0]["note"] == "Quillfeather seen in ED"
    services.patient_erase(patient=flagged.patient, actor=clinic_admin)
    assert ReferralFinding.objects.get().note == ERASED_TEXT


# --- The rules review: what the referrals found, per red-flag rule -------------------------------------------


@pytest.fixture
def findings_data_set(physiotherapist):
    """Hand-computed: RF-CES-SADDLE raised five cases (EMERGENCY_ANSWERS):
    confirmed, confirmed (after "not known yet"), not confirmed, not known yet, nothing recorded
    -> 2 confirmed, 1 not confirmed, 2 unknown; confirmed when known 2 of 3; outcome known 3 of 5.
    RF-CANCER raised one case (URGENT_ANSWERS), not confirmed."""
    load_library()
    outcomes = [["confirmed"], ["not_known_yet", "confirmed"], ["not_confirmed"], ["not_known_yet"], []]
    for found in outcomes:
        case = submit(EMERGENCY_ANSWERS, name="Flag Patient")
        for outcome in found:
            services.referral_finding_record(case=case, outcome=outcome, note="", actor=physiotherapist)
    cancer = submit(URGENT_ANSWERS, name="Other Patient")
    services.referral_finding_record(case=cancer, outcome="not_confirmed", note="", actor=physiotherapist)


def test_referral_findings_per_red_flag_match_the_hand_computed_data_set(findings_data_set):
    data = selectors.rules_review_data()
    (version,) = agreement.review(data.reviewed, overrides=data.overrides, red_flags=data.red_flags, minimum=3)
    rows = {row.rule: row for row in version.referral_findings}
    saddle = rows["RF-CES-SADDLE"]
    assert (saddle.cases, saddle.confirmed_count, saddle.not_confirmed, saddle.unknown) == (5, 2, 1, 2)
    assert (saddle.confirmed.count, saddle.confirmed.total) == (2, 3)
    assert (saddle.recorded.count, saddle.recorded.total) == (3, 5)
    assert str(saddle.confirmed) == "67 % (2 of 3; 95 % CI 21–94 %)"
    cancer = rows["RF-CANCER"]
    assert (cancer.cases, cancer.confirmed_count, cancer.not_confirmed, cancer.unknown) == (1, 0, 1, 0)
    assert version.referral_findings[0].rule == "RF-CES-SADDLE"  # most cases first


def test_the_rules_review_page_shows_the_findings_per_red_flag(client, findings_data_set):
    client.force_login(ClinicalLeadFactory())
    body = client.get(reverse("staff:rules_review")).content.decode()
    table = body[body.index("What the referrals found, per red flag") :]
    assert "RF-CES-SADDLE</a></th><td>5</td><td>2</td><td>1</td><td>2</td>" in table
    assert "2 of 3" in table and "too few cases" in table


@pytest.mark.parametrize("cases", [1, 9])
def test_the_rules_review_runs_a_constant_number_of_queries_with_findings(
    client, physiotherapist, django_assert_num_queries, cases
):
    load_library()
    for _ in range(cases):
        case = submit(EMERGENCY_ANSWERS, name="Flag Patient")
        services.referral_finding_record(case=case, outcome="confirmed", note="", actor=physiotherapist)
        services.referral_finding_record(case=case, outcome="not_confirmed", note="", actor=physiotherapist)
    client.force_login(ClinicalLeadFactory())
    client.get(reverse("staff:rules_review"))
    # As tests/test_rules_review.py (with the outcomes per pathway): the findings are read by the red-flag
    # query itself (a subquery).
    with django_assert_num_queries(4 + 3 + 1 + 1 + REQUEST_OVERHEAD):
        response = client.get(reverse("staff:rules_review"))
    (saddle,) = [row for row in response.context["versions"][0].referral_findings if row.rule == "RF-CES-SADDLE"]
    assert (saddle.cases, saddle.not_confirmed) == (cases, cases)  # the latest finding counts


# --- The demo --------------------------------------------------------------------------------------------------


def test_seed_demo_records_referral_findings_once(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    findings = {
        finding.case.patient.name: finding.outcome
        for finding in ReferralFinding.objects.select_related("case__patient")
    }
    assert findings == {
        "Dorothy Hale": "confirmed",
        "Frank Mercer": "not_confirmed",
        "Rosa Alvarez": "not_known_yet",
        "Eileen Murphy": "confirmed",
        "Victor Stanescu": "not_confirmed",
    }
    dorothy = Case.objects.get(patient__name="Dorothy Hale")
    assert (dorothy.status, dorothy.referred_to) == ("referred", "emergency_department")
    # Jack Turnbull's red flag has nothing recorded yet: unknown in the review.
    data = selectors.rules_review_data()
    rows = {
        row.rule: row
        for version in agreement.review(data.reviewed, red_flags=data.red_flags)
        for row in version.referral_findings
    }
    assert (rows["RF-AVULSION"].cases, rows["RF-AVULSION"].unknown) == (1, 1)
    assert rows["RF-CES-SADDLE"].confirmed_count == 1
