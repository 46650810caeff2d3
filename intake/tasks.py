"""The background tasks: what ``manage.py db_worker`` runs (django-tasks, database backend).

Thin like views: each task calls one service in intake/services/ (alerts.py, follow_up.py, whatif_runs.py),
which does the work and records it. Arguments are database ids only, so the task queue holds no personal data.
"""

from __future__ import annotations

from django_tasks import task

from intake.services import alerts, follow_up, whatif_runs


@task()
def alert_send(alert_id: int) -> str:
    """E-mail one alert; a failure queues the next attempt. Returns the alert's status."""
    return alerts.alert_deliver(alert_id=alert_id).status


@task()
def emergency_escalate(case_id: int) -> bool:
    """The set time after an emergency: escalate to the clinic admins if it is still unacknowledged."""
    return alerts.emergency_escalation_check(case_id=case_id) is not None


@task()
def plan_email_send(plan_id: int) -> bool:
    """E-mail the patient their plan's private link."""
    return follow_up.plan_email_deliver(plan_id=plan_id)


@task()
def check_in_send(check_in_id: int) -> bool:
    """At its due time: e-mail the patient a follow-up check-in's private link."""
    return follow_up.check_in_deliver(check_in_id=check_in_id)


@task()
def whatif_run(run_id: int) -> str:
    """Assess every stored case under a candidate rule set and store the report. Returns the run's status."""
    return whatif_runs.whatif_run_execute(run_id=run_id).status
