"""Helpers for the staff dashboard tests: the demo exercise library, realistic cases submitted through
the same service as the patient intake, and the plan editor's form data."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake import services
from intake.demo.library import EXERCISES, TEMPLATES
from intake.demo.library_es import TRANSLATIONS
from intake.models import Case, Exercise, ExerciseTranslation, PlanTemplate, PlanTemplateItem, TherapyPlan
from tests.factories import DEFAULT_PASSWORD, PF_COMPENSATION_ANSWERS

# Statements every staff request adds in a test besides the page's own queries: SAVEPOINT and
# RELEASE around the view (ATOMIC_REQUESTS inside the test's transaction; BEGIN/COMMIT in
# production, which are not statements). The idle sign-out records the time at most once a
# minute, so a page opened again within the minute writes no session.
REQUEST_OVERHEAD = 2

# Answers that raise red flags on top of the typical PF-compensation picture.
EMERGENCY_ANSWERS = {**PF_COMPENSATION_ANSWERS, "saddle_numbness": True}  # RF-CES-SADDLE
URGENT_ANSWERS = {**PF_COMPENSATION_ANSWERS, "cancer_history": True}  # RF-CANCER
TWO_FLAG_ANSWERS = {**PF_COMPENSATION_ANSWERS, "saddle_numbness": True, "calf_swelling": True}


def sign_in(client: Client, username: str = "physio"):
    """Sign in through the staff sign-in form, as a person would (the default is the physiotherapist
    persona of tests/conftest.py)."""
    return client.post(reverse("login"), {"username": username, "password": DEFAULT_PASSWORD})


def current_code(device: TOTPDevice) -> str:
    """The code the staff member's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def load_library() -> None:
    """The demo clinic's exercise library and one active template per pathway."""
    for spec in EXERCISES:
        exercise, _ = Exercise.objects.update_or_create(code=spec["code"], defaults=spec)
        for language, texts in TRANSLATIONS.items():
            ExerciseTranslation.objects.update_or_create(
                exercise=exercise, language=language, defaults=texts[spec["code"]]
            )
    for spec in TEMPLATES:
        template = PlanTemplate.objects.create(
            pathway=spec["pathway"], name=spec["name"], description=spec["description"]
        )
        PlanTemplateItem.objects.bulk_create(
            PlanTemplateItem(template=template, exercise=Exercise.objects.get(code=code), position=position)
            for position, code in enumerate(spec["codes"], start=1)
        )


def submit(answers: dict | None = None, name: str = "Margaret Ellison", **changes) -> Case:
    return services.case_submit(
        answers={**(answers or PF_COMPENSATION_ANSWERS), **changes}, name=name, consent_given=True
    )


def draft_plan(case: Case) -> TherapyPlan:
    return TherapyPlan.objects.get(case=case, status="draft")


def approved_case(physio) -> tuple[Case, TherapyPlan]:
    """A submitted case whose draft plan the physiotherapist approved, and that plan."""
    load_library()
    case = submit()
    plan = services.plan_approve(plan=draft_plan(case), actor=physio, expected_version=case.version)
    case.refresh_from_db()
    return case, plan


def plan_post_data(case: Case, op: str, *, version: int | None = None, edits: dict | None = None, **extra) -> dict:
    """The plan editor's POST as the browser sends it: every item's current values, with ``edits``
    ({item id: {field: value}}) applied, and the button pressed (``op``)."""
    case.refresh_from_db()
    items = list(draft_plan(case).items.order_by("position"))
    data = {
        "version": version if version is not None else case.version,
        "op": op,
        "add_exercise": "",
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 200,
    }
    for index, item in enumerate(items):
        values = {
            "item_id": item.pk,
            "sets": item.sets if item.sets is not None else "",
            "reps": item.reps if item.reps is not None else "",
            "hold_seconds": item.hold_seconds if item.hold_seconds is not None else "",
            "frequency": item.frequency,
            "time_of_day": item.time_of_day,
            "duration": item.duration,
            "patient_instructions": item.patient_instructions,
            "staff_notes": item.staff_notes,
        }
        values.update((edits or {}).get(item.pk, {}))
        data.update({f"items-{index}-{name}": value for name, value in values.items()})
    data.update(extra)
    return data


def case_url(case: Case, name: str = "staff:case") -> str:
    return reverse(name, kwargs={"reference": case.reference})


def post_plan(client: Client, case: Case, op: str, *, follow: bool = False, **kwargs):
    return client.post(case_url(case, "staff:case_plan"), plan_post_data(case, op, **kwargs), follow=follow)
