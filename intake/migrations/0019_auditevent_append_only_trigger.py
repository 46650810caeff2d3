"""On PostgreSQL the audit table itself refuses UPDATE and DELETE, below the ORM: a raw SQL statement,
a script with the application's database login, a future bug in a queryset. (AuditEvent's manager and
save() refuse too; this is the same rule where the ORM is not involved.) TRUNCATE stays allowed: it is
what a test run's flush uses, and nothing in the app issues it. SQLite has no such guard."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION intake_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'intake_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER intake_auditevent_append_only
    BEFORE UPDATE OR DELETE ON intake_auditevent
    FOR EACH ROW EXECUTE FUNCTION intake_auditevent_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS intake_auditevent_append_only ON intake_auditevent;
DROP FUNCTION IF EXISTS intake_auditevent_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0018_change_history"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
    ]
