"""The three staff roles: what each may do, and that the groups always match intake/roles.py."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from intake.roles import CLINIC_ADMIN, CLINICAL_LEAD, PHYSIOTHERAPIST, ROLES, ensure_roles

pytestmark = pytest.mark.django_db


def test_physiotherapists_review_cases_and_approve_plans_but_do_not_edit_the_library():
    physio = Group.objects.get(name=PHYSIOTHERAPIST)
    codenames = set(physio.permissions.values_list("codename", flat=True))
    assert {"review_case", "approve_therapyplan", "change_planitem", "export_cases"} <= codenames
    assert "change_exercise" not in codenames
    assert "change_plantemplate" not in codenames
    assert "change_answers" not in codenames and "change_assessment" not in codenames


def test_clinic_admins_manage_staff_exercises_and_templates_but_not_clinical_output():
    admin = Group.objects.get(name=CLINIC_ADMIN)
    codenames = set(admin.permissions.values_list("codename", flat=True))
    assert {"add_user", "change_user", "add_exercise", "change_plantemplate", "add_plantemplateitem"} <= codenames
    assert "review_case" in codenames
    assert not codenames & {"change_answers", "change_assessment", "change_auditevent", "delete_auditevent"}


def test_clinical_leads_and_clinic_admins_review_the_rules_and_export_de_identified_data_physios_do_not():
    for name in (CLINICAL_LEAD, CLINIC_ADMIN):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"review_rules", "export_deidentified", "review_case"} <= codenames, name
    lead = set(Group.objects.get(name=CLINICAL_LEAD).permissions.values_list("codename", flat=True))
    assert "add_user" not in lead and "change_exercise" not in lead
    physio = set(Group.objects.get(name=PHYSIOTHERAPIST).permissions.values_list("codename", flat=True))
    assert not physio & {"review_rules", "export_deidentified"}


def test_the_roles_match_their_one_definition_after_running_it_twice():
    Group.objects.get(name=PHYSIOTHERAPIST).permissions.clear()
    ensure_roles()
    ensure_roles()
    for name, grants in ROLES.items():
        permissions = Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
        assert set(permissions) == set(grants), name
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)


@pytest.mark.django_db(transaction=True)
def test_the_roles_come_back_after_the_flush_that_ends_a_transactional_test():
    call_command("flush", interactive=False, verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == {PHYSIOTHERAPIST, CLINIC_ADMIN, CLINICAL_LEAD}
    assert Group.objects.get(name=CLINIC_ADMIN).permissions.filter(codename="delete_totpdevice").exists()
