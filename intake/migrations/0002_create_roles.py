"""Create the two staff roles as groups with their permissions (reversible)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PHYSIOTHERAPIST = "Physiotherapist"
CLINIC_ADMIN = "Clinic admin"

# Physiotherapists work on the dashboard: they read the clinical records and change cases and plans.
PHYSIOTHERAPIST_PERMISSIONS = [
    ("intake", "review_case"),
    ("intake", "export_cases"),
    ("intake", "approve_therapyplan"),
    ("intake", "view_case"),
    ("intake", "change_case"),
    ("intake", "view_patient"),
    ("intake", "view_answers"),
    ("intake", "view_assessment"),
    ("intake", "view_exercise"),
    ("intake", "view_plantemplate"),
    ("intake", "view_plantemplateitem"),
    ("intake", "view_therapyplan"),
    ("intake", "change_therapyplan"),
    ("intake", "view_planitem"),
    ("intake", "add_planitem"),
    ("intake", "change_planitem"),
    ("intake", "delete_planitem"),
    ("intake", "view_auditevent"),
]

# Clinic admins run the clinic in Django admin: staff accounts, the exercise library and templates.
# Clinical output (answers, assessments) and the audit trail stay read-only for them too.
CLINIC_ADMIN_EXTRA = [
    ("auth", "view_user"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_group"),
    ("intake", "add_exercise"),
    ("intake", "change_exercise"),
    ("intake", "delete_exercise"),
    ("intake", "add_plantemplate"),
    ("intake", "change_plantemplate"),
    ("intake", "delete_plantemplate"),
    ("intake", "add_plantemplateitem"),
    ("intake", "change_plantemplateitem"),
    ("intake", "delete_plantemplateitem"),
    ("intake", "change_patient"),
]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for app_label, codename in pairs:
        permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return permissions


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations run; create them now so the groups can use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    physiotherapist, _ = Group.objects.get_or_create(name=PHYSIOTHERAPIST)
    physiotherapist.permissions.set(_permissions(apps, PHYSIOTHERAPIST_PERMISSIONS))
    clinic_admin, _ = Group.objects.get_or_create(name=CLINIC_ADMIN)
    clinic_admin.permissions.set(_permissions(apps, PHYSIOTHERAPIST_PERMISSIONS + CLINIC_ADMIN_EXTRA))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[PHYSIOTHERAPIST, CLINIC_ADMIN]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
