"""What a referral or a red flag turned out to be: staff record what they heard back (confirmed serious
pathology, not confirmed, not known yet, with words), and the rules review counts it per red-flag rule.

A finding only adds a row (append-only, the latest counts), so two people recording at once never
conflict and no case version is made; the timeline shows each with who and when.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from intake import audit
from intake.models import Case, CaseAction, ReferralFinding
from intake.services.visits import refuse_identifiers

NOTHING_TO_FIND = "Only a red-flag case or a referred case has a referral finding to record."


@transaction.atomic
def referral_finding_record(*, case: Case, outcome: str, note: str, actor: User) -> ReferralFinding:
    """Record what the referral found; the latest finding of a case is the one the rules review counts."""
    case.refuse_unless_allowed(CaseAction.RECORD_REFERRAL_FINDING)
    if not case.has_referral:
        raise ValidationError(NOTHING_TO_FIND)
    refuse_identifiers(case=case, text=note)
    finding = ReferralFinding(case=case, outcome=outcome, note=note.strip(), recorded_by=actor)
    finding.full_clean()
    finding.save()
    audit.referral_finding_recorded(case=case, actor=actor, finding=finding)
    return finding
