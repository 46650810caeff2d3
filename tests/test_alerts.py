"""The clinic is told at once (issue 13): alerts e-mailed to the on-call team (locmem mail), retried with
back-off, audited, escalated when an emergency waits; the staff banner; "call today" and "Patient called".

Tasks run through tests/alerts_support.py as the worker would; tests/test_alerts_worker.py runs the
real worker against a real SMTP server.
"""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from intake import selectors, services
from intake.checks import alert_links_point_at_the_clinic
from intake.models import (
    Alert,
    AlertKind,
    AlertStatus,
    AuditAction,
    AuditEvent,
    Case,
    ClinicPolicy,
    QueuePriority,
)
from intake.rules import QUESTIONS_BY_KEY
from tests.alerts_support import (
    ON_CALL,
    SENTINEL_EMAIL,
    SENTINEL_NAME,
    SENTINEL_PHONE,
    later,
    queued,
    run_queued,
    set_on_call,
    submit_committed,
)
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.staff_support import EMERGENCY_ANSWERS, URGENT_ANSWERS, case_url, load_library

pytestmark = pytest.mark.django_db

REFUSING = "tests.alerts_support.RefusingEmailBackend"
UNSURE = ["saddle_numbness", "bladder_bowel_change"]


@pytest.fixture(autouse=True)
def library_and_on_call(db):
    load_library()
    set_on_call()


def actions(case: Case) -> list[str]:
    return list(AuditEvent.objects.filter(case=case).order_by("created_at", "id").values_list("action", flat=True))


def alert_actions(case: Case) -> list[str]:
    return [action for action in actions(case) if action.startswith("alert_")]


# --- What is alerted, and what the e-mail says --------------------------------------------------------------


def test_an_emergency_case_e_mails_the_on_call_addresses_with_reference_urgency_and_link():
    case = submit_committed(EMERGENCY_ANSWERS)
    assert len(mail.outbox) == 0, "nothing is sent inside the request: the worker sends"
    run_queued(now=timezone.now())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ON_CALL
    assert case.reference in message.subject
    assert "EMERGENCY" in message.subject
    assert "Urgency: Emergency" in message.body
    assert f"https://clinic.example/staff/cases/{case.reference}/" in message.body


@pytest.mark.parametrize(
    "answers,fields",
    [
        (EMERGENCY_ANSWERS, {"sent_early": True, "unsure_safety_keys": UNSURE}),
        (URGENT_ANSWERS, {}),
        (PF_COMPENSATION_ANSWERS, {"unsure_safety_keys": UNSURE}),
    ],
    ids=["emergency-sent-early-call-today", "urgent", "call-today"],
)
def test_the_alert_e_mail_carries_no_name_contact_details_or_answers(answers, fields):
    case = submit_committed(answers, **fields)
    run_queued()
    (message,) = mail.outbox
    text = f"{message.subject}\n{message.body}\n{message.to}\n{message.extra_headers}"
    for personal in (SENTINEL_NAME, "Zebedee", "Quartermaine", SENTINEL_PHONE, "900987", SENTINEL_EMAIL):
        assert personal not in text
    # Neither the answers nor what they revealed: no question wording, no red-flag rule, no pathway.
    for key in ("saddle_numbness", "bladder_bowel_change", "cancer_history"):
        assert QUESTIONS_BY_KEY[key].wording not in text
        assert key not in text
    assert "RF-" not in text
    assert case.pathway not in text
    assert str(case.patient.date_of_birth or "no date") not in text


def test_call_today_and_sent_early_are_said_where_true():
    case = submit_committed(EMERGENCY_ANSWERS, sent_early=True, unsure_safety_keys=UNSURE)
    run_queued()
    body = mail.outbox[0].body
    assert "Call today: yes" in body
    assert "Sent early: yes" in body
    assert "(call today)" in mail.outbox[0].subject
    mail.outbox.clear()
    submit_committed(URGENT_ANSWERS)
    run_queued()
    assert "Call today" not in mail.outbox[0].body and "Sent early" not in mail.outbox[0].body
    assert case.reference not in mail.outbox[0].body


def test_a_routine_call_today_case_alerts_as_call_today():
    case = submit_committed(PF_COMPENSATION_ANSWERS, unsure_safety_keys=UNSURE)
    run_queued()
    assert mail.outbox[0].subject.endswith(f"CALL TODAY: case {case.reference}")
    assert "Urgency: Routine" in mail.outbox[0].body


def test_a_routine_case_alerts_nobody():
    case = submit_committed(PF_COMPENSATION_ANSWERS)
    assert queued() == []
    assert not Alert.objects.filter(case=case).exists()
    assert alert_actions(case) == []


def test_the_alert_is_queued_only_once_the_case_is_committed():
    case = services.case_submit(answers=URGENT_ANSWERS, name=SENTINEL_NAME, consent_given=True)
    # The test's transaction never commits: the alert is recorded but not handed to the worker.
    assert Alert.objects.filter(case=case).count() == 1
    assert queued() == []


def test_re_assessing_a_flagged_case_alerts_again():
    case = submit_committed(URGENT_ANSWERS)
    run_queued()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.case_assess(case=case)
    run_queued()
    assert len(mail.outbox) == 2


# --- Retries, failures, the audit trail ------------------------------------------------------------------------


def test_a_refused_alert_is_retried_after_a_delay_and_every_attempt_is_audited():
    case = submit_committed(URGENT_ANSWERS)
    with override_settings(EMAIL_BACKEND=REFUSING, ALERT_RETRY_SECONDS=[10, 30]):
        run_queued(now=timezone.now())
        alert = Alert.objects.get(case=case)
        assert alert.status == AlertStatus.RETRYING
        assert alert.attempts == 1
        assert "SMTPServerDisconnected" in alert.last_error
        (retry,) = queued()
        assert later(0) + dt.timedelta(seconds=5) < retry.task.run_after <= later(0) + dt.timedelta(seconds=10)
        assert run_queued(now=timezone.now()) == 0, "the retry waits for its delay"
    run_queued(now=later(1))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT and alert.attempts == 2 and alert.sent_at is not None
    assert len(mail.outbox) == 1
    assert alert_actions(case) == [AuditAction.ALERT_RAISED, AuditAction.ALERT_RETRY_SCHEDULED, AuditAction.ALERT_SENT]
    retry_event = AuditEvent.objects.get(case=case, action=AuditAction.ALERT_RETRY_SCHEDULED)
    assert retry_event.details["retry_in_seconds"] == 10
    assert retry_event.actor is None and retry_event.version is None


@override_settings(EMAIL_BACKEND=REFUSING, ALERT_RETRY_SECONDS=[1, 2])
def test_an_alert_that_fails_every_retry_is_marked_failed_and_shown_to_staff(physio_client):
    case = submit_committed(EMERGENCY_ANSWERS)
    run_queued(now=later(60))  # the escalation too, much later
    alert = Alert.objects.get(case=case, kind=AlertKind.ON_CALL)
    assert alert.status == AlertStatus.FAILED
    assert alert.attempts == 3
    events = AuditEvent.objects.filter(case=case, details__alert=alert.pk).order_by("created_at", "id")
    assert [event.action for event in events] == [
        AuditAction.ALERT_RAISED,
        AuditAction.ALERT_RETRY_SCHEDULED,
        AuditAction.ALERT_RETRY_SCHEDULED,
        AuditAction.ALERT_FAILED,
    ]
    queue = physio_client.get(reverse("staff:queue")).content.decode()
    assert "Alert e-mail failed" in queue
    page = physio_client.get(case_url(case)).content.decode()
    assert "An alert about this case could not be e-mailed" in page
    assert "NOT delivered after 3 attempts" in page


def test_a_retrying_alert_is_shown_on_the_case_page(physio_client):
    case = submit_committed(URGENT_ANSWERS)
    with override_settings(EMAIL_BACKEND=REFUSING):
        run_queued(now=timezone.now())
    page = physio_client.get(case_url(case)).content.decode()
    assert "has not gone yet; the app keeps trying" in page
    assert "could not be e-mailed" not in page


def test_with_no_on_call_address_the_alert_retries_until_an_admin_sets_one():
    set_on_call([])
    case = submit_committed(URGENT_ANSWERS)
    run_queued(now=timezone.now())
    alert = Alert.objects.get(case=case)
    assert alert.status == AlertStatus.RETRYING
    assert "no address to send to" in alert.last_error
    set_on_call(["late-setup@clinic.example"])
    run_queued(now=later(1))
    assert mail.outbox[0].to == ["late-setup@clinic.example"]


def test_running_a_sent_alert_again_sends_nothing():
    case = submit_committed(URGENT_ANSWERS)
    run_queued()
    alert = Alert.objects.get(case=case)
    services.alert_deliver(alert_id=alert.pk)
    assert len(mail.outbox) == 1


def test_the_timeline_describes_each_alert_event(physio_client):
    case = submit_committed(URGENT_ANSWERS)
    with override_settings(EMAIL_BACKEND=REFUSING):
        run_queued(now=timezone.now())
    run_queued(now=later(1))
    timeline = physio_client.get(case_url(case)).context["timeline"]
    summaries = {event["action"]: event["summary"] for event in timeline}
    assert summaries[AuditAction.ALERT_RAISED] == "Urgent alert to the on-call team queued for e-mail."
    assert "attempt 1 failed (SMTPServerDisconnected" in summaries[AuditAction.ALERT_RETRY_SCHEDULED]
    assert summaries[AuditAction.ALERT_SENT] == "Urgent alert to the on-call team, 2 address(es), attempt 2."
    assert {event["actor"] for event in timeline if event["action"].startswith("alert_")} == {"System"}


# --- Escalation ------------------------------------------------------------------------------------------------


def _escalation_check(case: Case):
    return next(result for result in queued() if result.task.name == "emergency_escalate")


def test_an_emergency_queues_its_escalation_check_for_the_set_time():
    set_on_call(escalate_after_minutes=5)
    case = submit_committed(EMERGENCY_ANSWERS)
    check = _escalation_check(case)
    assert check.args == [case.pk]
    assert later(4.9) < check.task.run_after <= later(5)


def test_an_urgent_case_is_never_escalated():
    submit_committed(URGENT_ANSWERS)
    assert [result.task.name for result in queued()] == ["alert_send"]


def test_an_unacknowledged_emergency_escalates_to_the_clinic_admins(clinic_admin):
    set_on_call()
    ClinicPolicy.objects.filter(pk=1).update(escalation_emails="medical-director@clinic.example")
    case = submit_committed(EMERGENCY_ANSWERS)
    run_queued(now=later(1))
    assert len(mail.outbox) == 1, "the escalation waits for its time"
    run_queued(now=later(16))
    assert len(mail.outbox) == 2
    escalation = mail.outbox[1]
    assert escalation.to == [clinic_admin.email, "medical-director@clinic.example"]
    assert escalation.subject.endswith(f"ESCALATED: emergency case {case.reference} not acknowledged after 15 minutes")
    assert SENTINEL_NAME not in escalation.body and SENTINEL_PHONE not in escalation.body
    assert Alert.objects.get(case=case, kind=AlertKind.ESCALATION).status == AlertStatus.SENT
    assert AuditEvent.objects.filter(case=case, action=AuditAction.ALERT_SENT, details__kind="escalation").exists()


def test_an_acknowledged_emergency_does_not_escalate(clinic_admin, physiotherapist):
    case = submit_committed(EMERGENCY_ANSWERS)
    run_queued(now=later(1))
    case.refresh_from_db()
    services.red_flag_acknowledge(
        case=case, rule_id="RF-CES-SADDLE", actor=physiotherapist, expected_version=case.version
    )
    run_queued(now=later(16))
    assert len(mail.outbox) == 1
    assert not Alert.objects.filter(case=case, kind=AlertKind.ESCALATION).exists()


def test_a_case_escalates_once_however_often_the_check_runs(clinic_admin):
    case = submit_committed(EMERGENCY_ANSWERS)
    run_queued()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.emergency_escalation_check(case_id=case.pk)
    run_queued()
    assert Alert.objects.filter(case=case, kind=AlertKind.ESCALATION).count() == 1


# --- The staff side: banner, call today, Patient called ---------------------------------------------------------


def test_every_staff_page_shows_the_cases_waiting(physio_client, physiotherapist):
    first = submit_committed(EMERGENCY_ANSWERS)
    submit_committed(EMERGENCY_ANSWERS)
    submit_committed(URGENT_ANSWERS)
    acknowledged = submit_committed(URGENT_ANSWERS)
    acknowledged.refresh_from_db()
    services.red_flag_acknowledge(
        case=acknowledged, rule_id="RF-CANCER", actor=physiotherapist, expected_version=acknowledged.version
    )
    submit_committed(PF_COMPENSATION_ANSWERS, unsure_safety_keys=UNSURE)
    submit_committed(PF_COMPENSATION_ANSWERS)
    assert selectors.waiting_counts() == selectors.WaitingCounts(emergency=2, urgent=1, call_today=1)
    for url in (reverse("staff:queue"), reverse("staff:about"), case_url(first)):
        response = physio_client.get(url)
        assert response.context["staff_waiting"] == selectors.WaitingCounts(emergency=2, urgent=1, call_today=1)
        body = response.content.decode()
        assert "2 emergency" in body and "1 urgent" in body and "1 call today" in body


def test_the_banner_counts_are_not_read_on_patient_pages(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("intake:start"))


def test_a_call_today_case_shows_its_badge_and_the_unsure_questions(physio_client):
    case = submit_committed(PF_COMPENSATION_ANSWERS, unsure_safety_keys=UNSURE)
    queue = physio_client.get(reverse("staff:queue"))
    (row,) = [row for row in queue.context["page"].rows if row.reference == case.reference]
    assert row.call_today
    assert "Call today</span>" in queue.content.decode()
    page = physio_client.get(case_url(case)).content.decode()
    assert "Call the patient today" in page
    for key in UNSURE:
        assert QUESTIONS_BY_KEY[key].wording in page
    assert "Patient called</button>" in page


def test_patient_called_clears_call_today_and_resorts_the_case(physio_client, physiotherapist):
    case = submit_committed(PF_COMPENSATION_ANSWERS, unsure_safety_keys=UNSURE)
    assert case.queue_priority == QueuePriority.CALL_TODAY
    response = physio_client.post(
        reverse("staff:case_patient_called", kwargs={"reference": case.reference}),
        {"version": case.version},
        follow=True,
    )
    assert "Marked as called" in response.content.decode()
    case.refresh_from_db()
    assert not case.call_today
    assert case.queue_priority == QueuePriority.ROUTINE
    assert case.status == "in_review"
    assert case.unsure_safety_keys == UNSURE, "which questions were unsure stays on the record"
    event = AuditEvent.objects.get(case=case, action=AuditAction.PATIENT_CALLED)
    assert event.actor == physiotherapist and event.version == case.version
    page = physio_client.get(case_url(case)).content.decode()
    assert "Patient called</button>" not in page
    assert "The patient has been called." in page


def test_patient_called_keeps_an_acknowledged_urgent_case_among_the_urgent(physiotherapist):
    case = submit_committed(URGENT_ANSWERS, unsure_safety_keys=UNSURE)
    case.refresh_from_db()
    services.red_flag_acknowledge(case=case, rule_id="RF-CANCER", actor=physiotherapist, expected_version=case.version)
    case.refresh_from_db()
    services.case_patient_called(case=case, actor=physiotherapist, expected_version=case.version)
    case.refresh_from_db()
    assert case.queue_priority == QueuePriority.URGENT_ACKNOWLEDGED


def test_patient_called_is_refused_on_a_case_not_marked_call_today(physio_client):
    case = submit_committed(PF_COMPENSATION_ANSWERS)
    response = physio_client.post(
        reverse("staff:case_patient_called", kwargs={"reference": case.reference}),
        {"version": case.version},
        follow=True,
    )
    assert "not marked call today" in response.content.decode()
    assert not AuditEvent.objects.filter(case=case, action=AuditAction.PATIENT_CALLED).exists()


def test_patient_called_is_refused_on_a_closed_case(physiotherapist):
    case = submit_committed(PF_COMPENSATION_ANSWERS, unsure_safety_keys=UNSURE)
    case.refresh_from_db()
    services.case_close(case=case, actor=physiotherapist, expected_version=case.version, reason="discharged_improved")
    case.refresh_from_db()
    with pytest.raises(Exception, match="closed: it cannot be marked as called"):
        services.case_patient_called(case=case, actor=physiotherapist, expected_version=case.version)


def test_the_queue_refreshes_itself_with_a_static_script_and_offers_a_refresh_link(physio_client):
    body = physio_client.get(reverse("staff:queue") + "?urgency=urgent").content.decode()
    assert '<a href="/staff/?urgency=urgent" id="queue-refresh-link">Refresh</a>' in body
    assert 'src="/static/js/staff_queue_refresh.js"' in body
    assert 'data-refresh-seconds="60"' in body
    assert "<script>" not in body, "no inline script under the content security policy"


# --- Django admin -------------------------------------------------------------------------------------------------


def test_a_clinic_admin_sets_the_on_call_addresses_in_admin(clinic_admin_client):
    url = reverse("admin:intake_clinicpolicy_change", args=[ClinicPolicy.current().pk])
    data = {"on_call_emails": "oncall@clinic.example\nnot an address", "escalate_after_minutes": 10}
    response = clinic_admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "is not an e-mail address" in response.content.decode()
    data["on_call_emails"] = "oncall@clinic.example, second@clinic.example"
    assert clinic_admin_client.post(url, data).status_code == HTTPStatus.FOUND
    policy = ClinicPolicy.current()
    assert policy.on_call_addresses == ["oncall@clinic.example", "second@clinic.example"]
    assert policy.escalate_after_minutes == 10


# --- Deployment ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site_url,warns",
    [("https://intake.example.org", False), ("http://127.0.0.1:8000", True), ("http://intake.example.org", True)],
)
def test_check_deploy_warns_when_alerts_would_link_to_the_wrong_place(site_url, warns):
    with override_settings(SITE_URL=site_url):
        assert [message.id for message in alert_links_point_at_the_clinic(None)] == (["intake.W001"] if warns else [])
