from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Clinic intake"

    def ready(self):
        from intake import checks  # noqa: F401 - registers the deploy checks
        from intake.auth_cache import connect_signals

        # A change to a user, a group or a permission makes every cached user stale (intake/auth_cache.py).
        connect_signals()
        from intake.roles import create_roles_after_migrate

        # After every migrate and every flush that replays it (transactional tests): the staff roles
        # exist and match intake/roles.py.
        post_migrate.connect(create_roles_after_migrate, sender=self, dispatch_uid="intake_create_roles")
        # Every migrate also creates the database cache's table (the shared rate-limit counters), so
        # no deployment step can forget it.
        post_migrate.connect(create_cache_table_after_migrate, sender=self, dispatch_uid="intake_cache_table")


def create_cache_table_after_migrate(sender, *, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """post_migrate receiver: ``createcachetable`` for every database cache in CACHES (idempotent)."""
    call_command("createcachetable", database=using, verbosity=0)
