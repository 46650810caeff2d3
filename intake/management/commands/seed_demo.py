"""Load the demo clinic: three demo staff logins, the exercise library, plan templates, about thirty
fictional cases, each submitted and assessed through the same services as the intake, and the first
visits of most of them (findings and working diagnoses, some disagreeing with the suggestion), and
simple line drawings for the library's exercises.

Idempotent: running it again updates the library and adds nothing twice.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction

from intake import services
from intake.demo.cases import DEMO_CASES
from intake.demo.drawings import picture_path
from intake.demo.first_visits import DEMO_FIRST_VISITS
from intake.demo.follow_ups import demo_follow_ups, demo_programme_days
from intake.demo.library import EXERCISES, TEMPLATES
from intake.demo.library_es import TRANSLATIONS
from intake.demo.referral_findings import DEMO_REFERRAL_FINDINGS
from intake.models import (
    Case,
    ClinicPolicy,
    Exercise,
    ExerciseTranslation,
    FirstVisit,
    Patient,
    PlanTemplate,
    PlanTemplateItem,
)
from intake.pictures import prepared_picture
from intake.roles import CLINIC_ADMIN, CLINICAL_LEAD, PHYSIOTHERAPIST

# Demo-only logins, printed in the README. Never load demo data into a real clinic's database.
DEMO_USERS = [
    {
        "username": "physio",
        "password": "physio-demo-only",
        "first_name": "Priya",
        "last_name": "Shah",
        "role": PHYSIOTHERAPIST,
        "is_staff": False,
    },
    {
        "username": "clinicadmin",
        "password": "admin-demo-only",
        "first_name": "Alex",
        "last_name": "Morgan",
        "role": CLINIC_ADMIN,
        "is_staff": True,
    },
    {
        "username": "lead",
        "password": "lead-demo-only",
        "first_name": "Sam",
        "last_name": "Okoro",
        "role": CLINICAL_LEAD,
        "is_staff": False,
    },
]
DEMO_EMAIL_DOMAIN = "demo.example"


class Command(BaseCommand):
    help = (
        "Load demo staff, the exercise library, plan templates, about 30 demo cases, their first visits and "
        "what the red-flag cases' referrals found (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for spec in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "first_name": spec["first_name"],
                    "last_name": spec["last_name"],
                    "is_staff": spec["is_staff"],
                    "email": f"{spec['username']}@{DEMO_EMAIL_DOMAIN}",
                },
            )
            if created:
                user.set_password(spec["password"])
                user.save()
            user.groups.add(Group.objects.get(name=spec["role"]))

        # A demo on-call mailbox, so `make run` shows the demo's red-flag alerts on the console.
        policy = ClinicPolicy.current()
        if not policy.on_call_emails:
            policy.on_call_emails = f"on-call@{DEMO_EMAIL_DOMAIN}"
            policy.save(update_fields=["on_call_emails"])

        for spec in EXERCISES:
            exercise, _ = Exercise.objects.update_or_create(code=spec["code"], defaults=spec)
            # A simple line drawing (intake/demo/drawings.py), through the same resizing as an admin's
            # upload; a picture already there (the demo's, or one a clinic admin chose) is kept.
            drawing = picture_path(spec["code"])
            if not exercise.picture and drawing.exists():
                with drawing.open("rb") as handle:
                    picture = prepared_picture(File(handle))
                exercise.picture.save(picture.name, picture)
            # The patient's text in the clinic's other languages (Spanish), for patients who answer in them.
            for language, texts in TRANSLATIONS.items():
                if language in dict(settings.LANGUAGES) and spec["code"] in texts:
                    ExerciseTranslation.objects.update_or_create(
                        exercise=exercise, language=language, defaults=texts[spec["code"]]
                    )

        for spec in TEMPLATES:
            template, _ = PlanTemplate.objects.update_or_create(
                pathway=spec["pathway"],
                is_active=True,
                defaults={"name": spec["name"], "description": spec["description"]},
            )
            if not template.items.exists():
                PlanTemplateItem.objects.bulk_create(
                    PlanTemplateItem(template=template, exercise=Exercise.objects.get(code=code), position=position)
                    for position, code in enumerate(spec["codes"], start=1)
                )

        added = 0
        for number, spec in enumerate(DEMO_CASES, start=1):
            email = f"patient{number:02d}@{DEMO_EMAIL_DOMAIN}"
            if Patient.objects.filter(email=email).exists():
                continue
            services.case_submit(
                answers=spec["answers"],
                name=spec["name"],
                date_of_birth=dt.date.fromisoformat(spec["date_of_birth"]),
                email=email,
                phone="",
                consent_given=True,
            )
            added += 1
        visits = self._first_visits()
        demo_emails = [f"patient{number:02d}@{DEMO_EMAIL_DOMAIN}" for number in range(1, len(DEMO_CASES) + 1)]
        follow_ups = demo_follow_ups(physio=User.objects.get(username="physio"), emails=demo_emails)
        programme_logs = demo_programme_days(emails=demo_emails)
        findings = self._referral_findings()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(DEMO_USERS)} staff logins, {len(EXERCISES)} exercises, "
                f"{len(TEMPLATES)} plan templates, {added} new cases ({len(DEMO_CASES)} in the demo set), "
                f"{visits} new first visits, {follow_ups} new cases with follow-up answers, "
                f"{programme_logs} new home-programme logs, "
                f"{findings} new referral findings."
            )
        )

    def _first_visits(self) -> int:
        """The demo physiotherapist's first visits, through the dashboard's services; a case that already
        has one is left as it is."""
        physio = User.objects.get(username="physio")
        added = 0
        for number, spec in enumerate(DEMO_CASES, start=1):
            demo_visit = DEMO_FIRST_VISITS.get(spec["name"])
            case = Case.objects.filter(patient__email=f"patient{number:02d}@{DEMO_EMAIL_DOMAIN}").first()
            if demo_visit is None or case is None or FirstVisit.objects.filter(case=case).exists():
                continue
            services.case_assign(case=case, assignee=physio, actor=physio, expected_version=case.version)
            case.refresh_from_db()
            services.first_visit_save(
                case=case,
                values=demo_visit["values"],
                actor=physio,
                expected_version=case.version,
                sign=demo_visit["signed"],
            )
            if demo_visit["override"]:
                pathway, reason = demo_visit["override"]
                case.refresh_from_db()
                services.case_override_pathway(
                    case=case, pathway=pathway, reason=reason, comment="", actor=physio, expected_version=case.version
                )
            added += 1
        return added

    def _referral_findings(self) -> int:
        """The demo red-flag cases referred on and what the referral found, through the dashboard's services;
        a case that already has a finding is left as it is."""
        physio = User.objects.get(username="physio")
        added = 0
        for number, spec in enumerate(DEMO_CASES, start=1):
            demo_finding = DEMO_REFERRAL_FINDINGS.get(spec["name"])
            case = Case.objects.filter(patient__email=f"patient{number:02d}@{DEMO_EMAIL_DOMAIN}").first()
            if demo_finding is None or case is None or case.referral_findings.exists():
                continue
            destination, outcome, note = demo_finding
            if destination and case.can_refer:
                services.case_refer(
                    case=case, destination=destination, note="", actor=physio, expected_version=case.version
                )
                case.refresh_from_db()
            services.referral_finding_record(case=case, outcome=outcome, note=note, actor=physio)
            added += 1
        return added
