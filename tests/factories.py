"""factory_boy factories with realistic defaults. Use .build() when no database is needed."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from intake.demo.cases import NO_RED_FLAGS
from intake.models import (
    Answers,
    Case,
    Exercise,
    ItemKind,
    Patient,
    PlanTemplate,
    PlanTemplateItem,
    TimeOfDay,
)
from intake.roles import CLINIC_ADMIN, CLINICAL_LEAD, PHYSIOTHERAPIST

DEFAULT_PASSWORD = "correct horse battery staple"

# A typical plantar fasciitis patient whose thigh followed the heel: the demo's most common picture.
PF_COMPENSATION_ANSWERS = {
    "age": 47,
    "affected_side": "left",
    "activity": "walking",
    "standing_hours": 8,
    "heel_pain": True,
    "heel_pain_site": "inner_underside",
    "first_step_pain": True,
    "pain_after_rest": True,
    "eases_with_walking": True,
    "heel_pain_score": 7,
    "heel_pain_weeks": 12,
    "calf_tightness": True,
    "foot_tingling": False,
    "unsupportive_footwear": True,
    "heel_onset": "gradual",
    "limping": True,
    "outer_edge_walking": True,
    "flat_quick_steps": True,
    "knee_kept_bent": False,
    "thigh_pain": True,
    "thigh_onset": "gradual",
    "felt_pop": False,
    "thigh_pain_site": "whole_back_of_thigh",
    "thigh_pain_quality": "dull_tight_ache",
    "pain_below_knee": False,
    "leg_tingling": False,
    "worse_sitting": False,
    "no_comfortable_position": False,
    "low_back_pain": False,
    "worse_cough_sneeze": False,
    "thigh_after_heel": True,
    "thigh_pain_score": 4,
    "thigh_pain_weeks": 6,
    # No red flag, and every health condition answered no: the demo clinic's own block of answers.
    **NO_RED_FLAGS,
    "recent_surgery_or_immobilised": False,
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@clinic.example")
    password = factory.django.Password(DEFAULT_PASSWORD)


class PhysiotherapistFactory(UserFactory):
    username = factory.Sequence(lambda n: f"physio{n}")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=PHYSIOTHERAPIST))


class ClinicAdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=CLINIC_ADMIN))


class ClinicalLeadFactory(UserFactory):
    username = factory.Sequence(lambda n: f"lead{n}")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=CLINICAL_LEAD))


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    name = factory.Faker("name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: dt.date(1978, 5, 14))
    email = factory.Faker("email")
    phone = "07700 900123"
    consent_given = True
    consent_at = factory.LazyFunction(timezone.now)


class CaseFactory(factory.django.DjangoModelFactory):
    """A bare case row. For a case with answers and an assessment, use services.case_submit."""

    class Meta:
        model = Case

    patient = factory.SubFactory(PatientFactory)


class AnswersFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answers

    case = factory.SubFactory(CaseFactory)
    age = 47
    heel_pain = True


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"EX-{n:02d}")
    name = "Calf stretch against a wall"
    kind = ItemKind.EXERCISE
    patient_instructions = "Stand facing a wall, one foot back, heel down, and lean in until the calf stretches."
    sets = 3
    reps = 1
    hold_seconds = 20
    frequency = "3 times a day"
    time_of_day = TimeOfDay.ANY_TIME


class PlanTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTemplate

    pathway = "pf_only"
    name = factory.LazyAttribute(lambda template: f"Template for {template.pathway}")


class PlanTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTemplateItem

    template = factory.SubFactory(PlanTemplateFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n + 1)
