from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Clinic intake"

    def ready(self):
        from intake import checks  # noqa: F401 - registers the deploy checks
        from intake.roles import create_roles_after_migrate

        # After every migrate and every flush that replays it (transactional tests): the staff roles
        # exist and match intake/roles.py.
        post_migrate.connect(create_roles_after_migrate, sender=self, dispatch_uid="intake_create_roles")
