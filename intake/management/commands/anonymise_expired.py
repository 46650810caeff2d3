"""Anonymise cases older than the clinic's retention period (PATIENT_RETENTION_DAYS).

Personal data (name, birth date, contact details) is removed; the clinical record and the audit
trail stay, so the clinic's statistics and history remain whole. Run with --dry-run first: it
lists how many patients would be anonymised and changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from intake import selectors, services


class Command(BaseCommand):
    help = "Anonymise patients whose cases are all older than PATIENT_RETENTION_DAYS (use --dry-run first)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")
        parser.add_argument(
            "--days", type=int, default=None, help="Override the retention period, in days (default: the setting)."
        )

    def handle(self, *args, dry_run=False, days=None, **options):
        retention_days = days if days is not None else settings.PATIENT_RETENTION_DAYS
        if retention_days < 1:
            self.stderr.write("The retention period must be at least one day.")
            raise SystemExit(2)
        due = selectors.patients_past_retention(retention_days=retention_days)
        if dry_run:
            self.stdout.write(
                f"Dry run: {due.count()} patient(s) older than {retention_days} days would be anonymised."
            )
            return
        count = 0
        for patient in due.iterator():
            services.patient_erase(patient=patient, actor=None, reason="retention")
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Anonymised {count} patient(s) older than {retention_days} days."))
