"""The background tasks: what ``manage.py db_worker`` runs (django-tasks, database backend).

Thin like views: each task calls one service in intake/services/alerts.py, which does the work and
records it. Arguments are database ids only, so the task queue holds no personal data.
"""

from __future__ import annotations

from django_tasks import task

from intake.services import alerts


@task()
def alert_send(alert_id: int) -> str:
    """E-mail one alert; a failure queues the next attempt. Returns the alert's status."""
    return alerts.alert_deliver(alert_id=alert_id).status


@task()
def emergency_escalate(case_id: int) -> bool:
    """The set time after an emergency: escalate to the clinic admins if it is still unacknowledged."""
    return alerts.emergency_escalation_check(case_id=case_id) is not None
