"""Alerts to the clinic: an e-mail to the on-call addresses when a case needs someone now, and to the
clinic admins when an emergency waits unacknowledged too long.

* ``alerts_raise`` is called by ``case_assess`` inside its transaction: it records the alert and, once
  the case is committed, queues its delivery (and, for an emergency, the escalation check that runs
  ``ClinicPolicy.escalate_after_minutes`` later). The worker (``manage.py db_worker``) runs both.
* ``alert_deliver`` sends one alert. A refused or unreachable mail server is one failed attempt: the
  next is queued after ``ALERT_RETRY_SECONDS`` (10 s, 30 s, 1 min, ...); after the last the alert is
  marked failed, which staff see on the queue and the case page. Every attempt is an AuditEvent.
* ``emergency_escalation_check`` runs once the set time is over: if an emergency red flag of the case
  is still unacknowledged, it raises an escalation alert to the clinic admins.

An alert's e-mail carries the case reference, its urgency, "call today" and "sent early" where true,
and a link to the case page: never the patient's name, contact details or answers (STYLE.md 31).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import ModuleType

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import Task

from intake import audit
from intake.models import (
    Alert,
    AlertKind,
    AlertStatus,
    Assessment,
    Case,
    ClinicPolicy,
    RedFlagAcknowledgement,
    Urgency,
)
from intake.roles import CLINIC_ADMIN

# The urgencies that alert the on-call team at once; a routine case alerts only when marked call today.
ALERTING_URGENCIES = (Urgency.EMERGENCY, Urgency.URGENT)


# --- Raising an alert -------------------------------------------------------------------------------------


def alerts_raise(*, case: Case) -> Alert | None:
    """After an assessment: alert the on-call team if the case is emergency, urgent or call today.

    Runs inside the assessment's transaction; the tasks are queued only once it commits, so the worker
    never looks for a case that a rolled-back transaction took away.
    """
    if case.urgency not in ALERTING_URGENCIES and not case.call_today:
        return None
    alert = _alert_create(case=case, kind=AlertKind.ON_CALL)
    if case.urgency == Urgency.EMERGENCY:
        minutes = ClinicPolicy.current().escalate_after_minutes
        run_after = timezone.now() + dt.timedelta(minutes=minutes)
        transaction.on_commit(_enqueue(lambda tasks: tasks.emergency_escalate.using(run_after=run_after), case.pk))
    return alert


def _alert_create(*, case: Case, kind: str) -> Alert:
    alert = Alert(case=case, kind=kind, urgency=case.urgency, call_today=case.call_today, sent_early=case.sent_early)
    alert.full_clean()
    alert.save()
    audit.alert_raised(alert=alert)
    transaction.on_commit(_enqueue(lambda tasks: tasks.alert_send, alert.pk))
    return alert


def _enqueue(choose: Callable[[ModuleType], Task[..., object]], argument: int) -> Callable[[], None]:
    """A callback for transaction.on_commit that queues one of intake/tasks.py's tasks."""

    def enqueue() -> None:
        # Imported here: intake.tasks imports this module (the tasks call these services).
        from intake import tasks

        choose(tasks).enqueue(argument)

    return enqueue


# --- Sending one --------------------------------------------------------------------------------------------


def alert_recipients(*, alert: Alert) -> list[str]:
    """The on-call addresses, or for an escalation every active clinic admin's and the escalation list."""
    policy = ClinicPolicy.current()
    if alert.kind == AlertKind.ON_CALL:
        return policy.on_call_addresses
    admins = User.objects.filter(is_active=True, groups__name=CLINIC_ADMIN).exclude(email="").order_by("pk")
    addresses: list[str] = []
    for address in [*admins.values_list("email", flat=True), *policy.escalation_addresses]:
        if address.lower() not in (known.lower() for known in addresses):
            addresses.append(address)
    return addresses


def case_page_url(case: Case) -> str:
    return settings.SITE_URL + reverse("staff:case", kwargs={"reference": case.reference})


def alert_message(*, alert: Alert, recipients: list[str]) -> EmailMessage:
    """The e-mail: reference, urgency, call today and sent early where true, and the link. Nothing else
    about the patient: an e-mail travels through systems the clinic does not control."""
    case = alert.case
    urgency = Urgency(alert.urgency)
    if alert.kind == AlertKind.ESCALATION:
        minutes = ClinicPolicy.current().escalate_after_minutes
        subject = f"ESCALATED: emergency case {case.reference} not acknowledged after {minutes} minutes"
        opening = (
            f"Nobody has acknowledged the emergency red flag of case {case.reference} in {minutes} minutes. "
            "Please make sure someone acts on it now."
        )
    elif urgency in ALERTING_URGENCIES:
        subject = f"{urgency.value.upper()}: case {case.reference}" + (" (call today)" if alert.call_today else "")
        opening = f"Case {case.reference} has an {urgency.value} red flag and needs the on-call team now."
    else:
        subject = f"CALL TODAY: case {case.reference}"
        opening = f"Case {case.reference} must be phoned today."
    lines = [opening, "", f"Urgency: {urgency.label}"]
    if alert.call_today:
        lines.append("Call today: yes (a safety question was answered Not sure; phone the patient today).")
    if alert.sent_early:
        lines.append("Sent early: yes (the patient sent their answers straight after the red-flag advice).")
    raised = timezone.localtime(alert.created_at)
    lines += [
        f"Raised: {raised:%d %b %Y, %H:%M} ({settings.TIME_ZONE})",
        "",
        f"Open the case (staff sign-in needed): {case_page_url(case)}",
        "",
        "This e-mail leaves out the patient's name and answers on purpose; they are on the case page.",
        f"— {settings.CLINIC_NAME}",
    ]
    return EmailMessage(
        subject=f"[{settings.CLINIC_NAME}] {subject}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )


def alert_deliver(*, alert_id: int) -> Alert:
    """Send one alert (the worker's task). A second run of a sent or failed alert does nothing."""
    alert = Alert.objects.select_related("case").get(pk=alert_id)
    if alert.status in (AlertStatus.SENT, AlertStatus.FAILED):
        return alert
    recipients = alert_recipients(alert=alert)
    try:
        if not recipients:
            raise LookupError("no address to send to: set the on-call addresses in Django admin, Clinic policy")
        alert_message(alert=alert, recipients=recipients).send()
    # Whatever stopped the e-mail (refused, unreachable, timed out, misconfigured), the alert is retried
    # and the failure recorded where staff see it, never lost in the worker's log.
    except Exception as error:  # noqa: BLE001
        return _attempt_failed(alert_id=alert.pk, error=error)
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("case").get(pk=alert.pk)
        alert.attempts += 1
        alert.status = AlertStatus.SENT
        alert.sent_at = timezone.now()
        alert.last_error = ""
        alert.full_clean()
        alert.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        audit.alert_sent(alert=alert, recipients=len(recipients))
    return alert


def _attempt_failed(*, alert_id: int, error: Exception) -> Alert:
    """Record a failed attempt: queue the next after its delay, or give up after the last."""
    delays = settings.ALERT_RETRY_SECONDS
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("case").get(pk=alert_id)
        alert.attempts += 1
        alert.last_error = f"{type(error).__name__}: {error}"[:200]
        if alert.attempts <= len(delays):
            delay = delays[alert.attempts - 1]
            alert.status = AlertStatus.RETRYING
            run_after = timezone.now() + dt.timedelta(seconds=delay)
            transaction.on_commit(_enqueue(lambda tasks: tasks.alert_send.using(run_after=run_after), alert.pk))
            audit.alert_retry_scheduled(alert=alert, retry_in_seconds=delay)
        else:
            alert.status = AlertStatus.FAILED
            audit.alert_failed(alert=alert)
        alert.full_clean()
        alert.save(update_fields=["attempts", "status", "last_error"])
    return alert


# --- Escalation ------------------------------------------------------------------------------------------------


def unacknowledged_emergency_flags(*, case: Case) -> set[str]:
    """Rule ids of the latest assessment's emergency red flags that nobody has acknowledged."""
    assessment = Assessment.objects.filter(case=case).order_by("-created_at", "-id").first()
    if assessment is None:
        return set()
    emergencies = {flag.rule for flag in assessment.engine_result.red_flags if flag.urgency.value == Urgency.EMERGENCY}
    acknowledged = set(RedFlagAcknowledgement.objects.filter(case=case).values_list("rule_id", flat=True))
    return emergencies - acknowledged


@transaction.atomic
def emergency_escalation_check(*, case_id: int) -> Alert | None:
    """The set time after an emergency was raised: alert the clinic admins if it is still unacknowledged.

    Nothing happens when every emergency flag is acknowledged, when the case has left the open statuses
    (referred or closed: someone acted), or when the case was escalated already (one escalation a case).
    """
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case.is_open or not unacknowledged_emergency_flags(case=case):
        return None
    if case.alerts.filter(kind=AlertKind.ESCALATION).exists():
        return None
    return _alert_create(case=case, kind=AlertKind.ESCALATION)
