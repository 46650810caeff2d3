"""Audit events of acknowledged red flags kept a copy of the staff member's note, which may name the
patient, in an append-only row that erasure could never reach. From now on they refer to the
acknowledgement (whose note erasure redacts); this rewrites the events written before."""

from django.db import migrations


def notes_to_references(apps, schema_editor):
    AuditEvent = apps.get_model("intake", "AuditEvent")
    RedFlagAcknowledgement = apps.get_model("intake", "RedFlagAcknowledgement")
    events = AuditEvent.objects.filter(action="red_flag_acknowledged", details__has_key="note")
    for event in events.only("id", "case_id", "details").iterator():
        details = dict(event.details)
        note = details.pop("note", "")
        acknowledgement = RedFlagAcknowledgement.objects.filter(
            case_id=event.case_id, rule_id=details.get("rule_id", "")
        ).first()
        details["acknowledgement"] = acknowledgement.pk if acknowledgement else None
        details["noted"] = bool(note)
        # The historical model's plain manager: the append-only guard belongs to the app's code.
        AuditEvent.objects.filter(pk=event.pk).update(details=details)


def references_to_notes(apps, schema_editor):
    AuditEvent = apps.get_model("intake", "AuditEvent")
    RedFlagAcknowledgement = apps.get_model("intake", "RedFlagAcknowledgement")
    events = AuditEvent.objects.filter(action="red_flag_acknowledged", details__has_key="acknowledgement")
    for event in events.only("id", "details").iterator():
        details = dict(event.details)
        acknowledgement = RedFlagAcknowledgement.objects.filter(pk=details.pop("acknowledgement")).first()
        details.pop("noted", None)
        details["note"] = acknowledgement.note if acknowledgement else ""
        AuditEvent.objects.filter(pk=event.pk).update(details=details)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0013_staff_two_factor_reset_audit_action"),
    ]

    operations = [
        migrations.RunPython(notes_to_references, references_to_notes),
    ]
