"""Optimistic locking for staff writes.

Every service that changes a case takes the version the physiotherapist's form was built from: it
locks the case row, refuses with CaseVersionConflict when someone else changed it since, and raises
the version by one. Each audit event records the version it made, so a refused save can show exactly
what changed in between (selectors.case_events_since).
"""

from __future__ import annotations

from intake.models import Case


class CaseVersionConflict(Exception):
    """The case changed since the form was loaded; nothing was saved."""

    def __init__(self, *, case: Case, expected_version: int) -> None:
        self.case = case
        self.expected_version = expected_version
        self.current_version = case.version
        super().__init__(
            f"Case {case.reference} was changed by someone else after you opened it "
            f"(your page showed version {expected_version}; it is now at version {case.version}). "
            "Nothing was saved."
        )


def case_locked(*, case: Case, expected_version: int) -> Case:
    """The case row, locked for this transaction, if it is still at the version the form showed."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.version != expected_version:
        raise CaseVersionConflict(case=locked, expected_version=expected_version)
    return locked


def case_save(case: Case, *, fields: list[str]) -> None:
    """Save the changed fields and raise the version by one."""
    case.version += 1
    case.full_clean()
    case.save(update_fields=[*fields, "version", "updated_at"])
