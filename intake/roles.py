"""The three staff roles: their group names, the permissions each grants, and the post_migrate handler
that keeps the groups in the database matching this one definition.

Data migrations 0002 and 0006 first created the groups and stay as history; from then on every
``migrate`` (and every ``flush`` that test runs make after a transactional test) calls
``ensure_roles``, so a fresh, reused or flushed database always has every role as written here.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

PHYSIOTHERAPIST = "Physiotherapist"
CLINIC_ADMIN = "Clinic admin"
CLINICAL_LEAD = "Clinical lead"

# Physiotherapists work on the dashboard: they read the clinical records and change cases and plans.
PHYSIOTHERAPIST_PERMISSIONS = (
    ("intake", "review_case"),
    ("intake", "export_cases"),
    ("intake", "approve_therapyplan"),
    ("intake", "view_case"),
    ("intake", "change_case"),
    ("intake", "view_patient"),
    ("intake", "view_answers"),
    ("intake", "view_assessment"),
    ("intake", "view_exercise"),
    ("intake", "view_exercisetranslation"),
    ("intake", "view_plantemplate"),
    ("intake", "view_plantemplateitem"),
    ("intake", "view_therapyplan"),
    ("intake", "change_therapyplan"),
    ("intake", "view_planitem"),
    ("intake", "add_planitem"),
    ("intake", "change_planitem"),
    ("intake", "delete_planitem"),
    ("intake", "view_auditevent"),
    ("intake", "view_firstvisit"),
    ("intake", "view_firstvisitaddendum"),
    ("intake", "view_casenote"),
    ("intake", "view_checkin"),
    ("intake", "view_checkinsafety"),
    ("intake", "view_outcome"),
    # The patient's daily programme log (issue 16), read-only in admin.
    ("intake", "view_programmeday"),
    ("intake", "view_programmetick"),
)

# Clinic admins also run the clinic in Django admin: staff accounts, the exercise library, templates,
# the clinic policy (mandatory two-factor), removing a lost authenticator and lifting a sign-in
# lockout. Clinical output (answers, assessments) and the audit trail stay read-only for them too.
CLINIC_ADMIN_PERMISSIONS = PHYSIOTHERAPIST_PERMISSIONS + (
    ("auth", "view_user"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_group"),
    ("intake", "add_exercise"),
    ("intake", "change_exercise"),
    ("intake", "delete_exercise"),
    ("intake", "add_exercisetranslation"),
    ("intake", "change_exercisetranslation"),
    ("intake", "delete_exercisetranslation"),
    ("intake", "add_plantemplate"),
    ("intake", "change_plantemplate"),
    ("intake", "delete_plantemplate"),
    ("intake", "add_plantemplateitem"),
    ("intake", "change_plantemplateitem"),
    ("intake", "delete_plantemplateitem"),
    ("intake", "change_patient"),
    ("intake", "view_clinicpolicy"),
    ("intake", "change_clinicpolicy"),
    ("intake", "view_alert"),
    # Read tokens for the FHIR API (the clinic's EHR or practice system): create, see, revoke.
    ("intake", "view_apitoken"),
    ("intake", "add_apitoken"),
    ("intake", "change_apitoken"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
    # Sign-in lockouts (django-axes): see who is locked out and lift it (delete the attempt).
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accessfailurelog"),
    # Outcomes per pathway (issue 16): how the clinic's patients do, by pathway, in the staff area.
    ("intake", "view_outcomes_per_pathway"),
)

# The learning loop (issue 17): the rules review (agreement between the rules and first visits) and
# the de-identified export for research and audit.
LEARNING_PERMISSIONS = (
    ("intake", "review_rules"),
    ("intake", "export_deidentified"),
)
CLINIC_ADMIN_PERMISSIONS += LEARNING_PERMISSIONS

# Clinical leads are physiotherapists who also look after the rules: they see where the rules and the
# physiotherapists disagree, and download the de-identified export. No Django admin.
CLINICAL_LEAD_PERMISSIONS = PHYSIOTHERAPIST_PERMISSIONS + LEARNING_PERMISSIONS

ROLES = {
    PHYSIOTHERAPIST: PHYSIOTHERAPIST_PERMISSIONS,
    CLINIC_ADMIN: CLINIC_ADMIN_PERMISSIONS,
    CLINICAL_LEAD: CLINICAL_LEAD_PERMISSIONS,
}


def ensure_roles(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create each role's group if missing and give it exactly the permissions listed above.

    Idempotent. The groups are defined here, not in admin (clinic admins may only view groups), so
    a permission removed from this list is removed from the group at the next migrate.
    """
    app_labels = sorted({app_label for grants in ROLES.values() for app_label, _ in grants})
    try:
        for app_label in ["auth", *app_labels]:
            apps.get_app_config(app_label)
    except LookupError:
        return  # migrated back to before these apps' tables exist: there is nothing to grant
    # auth creates permissions app by app after migrate; create those the roles name now, whatever
    # the order of INSTALLED_APPS (create_permissions skips the ones that exist).
    for app_label in app_labels:
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in grants
            ]
        )


def create_roles_after_migrate(sender, *, apps=global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver, connected in IntakeConfig.ready()."""
    ensure_roles(apps=apps, using=using)
