"""System checks for alerts to the clinic (`manage.py check --deploy`, README "Deploy")."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def alert_links_point_at_the_clinic(app_configs, **kwargs):
    """Alert e-mails link to SITE_URL: in a deployment it must be the clinic's https address."""
    if settings.SITE_URL.startswith("https://") and "127.0.0.1" not in settings.SITE_URL:
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL!r}: alert e-mails would link there.",
            hint="Set SITE_URL to the https address staff open the app at (.env.example).",
            id="intake.W001",
        )
    ]
