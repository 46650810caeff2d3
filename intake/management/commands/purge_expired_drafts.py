"""Delete saved questionnaires ("save and continue later") past their expiry.

A saved draft holds a patient's answers and contact details under a resume code that works for
INTAKE_DRAFT_DAYS; after that nobody can resume it, so it is deleted. Run hourly by
deploy/clinic-purge-drafts.timer (unsent questionnaires in sessions are purged by Django's
`clearsessions`, on its own timer).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from intake import services
from intake.models import IntakeDraft


class Command(BaseCommand):
    help = "Delete saved questionnaires past their expiry (use --dry-run to count them first)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = IntakeDraft.objects.filter(expires_at__lt=timezone.now()).count()
            self.stdout.write(f"Dry run: {count} expired saved questionnaire(s) would be deleted.")
            return
        count = services.intake_drafts_purge()
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} expired saved questionnaire(s)."))
