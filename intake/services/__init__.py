"""Every write to the clinic's records goes through a function here, and leaves an AuditEvent.

Views, admin actions and management commands call these same functions. Names read
<entity>_<action>; arguments are keyword-only. By domain:

* ``intake``  - the patient's questionnaire: submit, assess, drafts saved for later;
* ``plans``   - therapy plans: the draft from a template, edits, approval;
* ``review``  - a physiotherapist's review: red flags, assign, another pathway, refer, close;
* ``privacy`` - a patient's personal data: export and erasure;
* ``alerts``  - alerts to the clinic: raised on assessment, sent by the worker (intake/tasks.py).
* ``staff``   - staff accounts: who may manage whom, resetting a colleague's two-factor sign-in.
* ``deidentified`` - the de-identified export for research and audit (no personal data; audited);
* ``follow_up`` - after approval: the patient's plan e-mail, follow-up check-ins and their outcomes
  (scored by intake/outcomes/measures.py; ``check_in_safety`` re-assesses the safety answers);
* ``programme`` - the patient's daily log of their home programme (ticks, pain, a note);
* ``referral_findings`` - what a referral or a red flag turned out to be (counted by the rules review);
* ``whatif_runs`` - what-if runs of a candidate rule set from the web, done by the worker;
* ``visits``  - the first visit (findings, working diagnosis, signing, addenda), notes and the contact log.

Reads are in intake/selectors.py; the audit events in intake/audit.py.
"""

from intake.services.alerts import alert_deliver, alerts_raise, emergency_escalation_check
from intake.services.deidentified import deidentified_export
from intake.services.follow_up import check_in_answer, check_in_safety_answer, check_ins_schedule, plan_ready_notify
from intake.services.intake import (
    case_assess,
    case_submit,
    intake_draft_discard,
    intake_draft_save,
    intake_drafts_purge,
)
from intake.services.locking import CaseVersionConflict
from intake.services.plans import (
    PLAN_ITEM_EDITABLE_FIELDS,
    FreeTextItem,
    PlanItemChange,
    plan_approve,
    plan_draft_from_template,
    plan_revise,
    plan_update,
)
from intake.services.privacy import ERASED_NAME, patient_erase, patient_export
from intake.services.programme import programme_day_record
from intake.services.referral_findings import referral_finding_record
from intake.services.review import (
    case_assign,
    case_close,
    case_override_pathway,
    case_patient_called,
    case_refer,
    case_reopen,
    red_flag_acknowledge,
)
from intake.services.staff import (
    RESET_TWO_FACTOR_PERMISSION,
    groups_grantable_by,
    may_manage,
    staff_two_factor_reset,
)
from intake.services.visits import (
    FIRST_VISIT_FIELDS,
    case_note_add,
    first_visit_addendum_add,
    first_visit_save,
    first_visit_sign,
)
from intake.services.whatif_runs import whatif_run_request

__all__ = [
    "ERASED_NAME",
    "FIRST_VISIT_FIELDS",
    "PLAN_ITEM_EDITABLE_FIELDS",
    "RESET_TWO_FACTOR_PERMISSION",
    "CaseVersionConflict",
    "FreeTextItem",
    "PlanItemChange",
    "case_reopen",
    "check_in_answer",
    "check_in_safety_answer",
    "check_ins_schedule",
    "plan_ready_notify",
    "plan_revise",
    "alert_deliver",
    "alerts_raise",
    "case_assess",
    "case_assign",
    "case_close",
    "case_note_add",
    "case_override_pathway",
    "case_patient_called",
    "case_refer",
    "case_submit",
    "emergency_escalation_check",
    "groups_grantable_by",
    "deidentified_export",
    "first_visit_addendum_add",
    "first_visit_save",
    "first_visit_sign",
    "intake_draft_discard",
    "intake_draft_save",
    "intake_drafts_purge",
    "may_manage",
    "patient_erase",
    "patient_export",
    "plan_approve",
    "plan_draft_from_template",
    "plan_update",
    "programme_day_record",
    "red_flag_acknowledge",
    "referral_finding_record",
    "whatif_run_request",
    "staff_two_factor_reset",
]
