"""Let clinic admins set the clinic policy (mandatory two-factor) and remove a lost authenticator."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLINIC_ADMIN = "Clinic admin"
PERMISSIONS = [
    ("intake", "view_clinicpolicy"),
    ("intake", "change_clinicpolicy"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name=CLINIC_ADMIN)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=CLINIC_ADMIN).first()
    if group is None:
        return
    for app_label, codename in PERMISSIONS:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0005_clinic_policy"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
