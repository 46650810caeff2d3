"""Every write to the clinic's records goes through a function here, and leaves an AuditEvent.

Views, admin actions and management commands call these same functions. Names read
<entity>_<action>; arguments are keyword-only. By domain:

* ``intake``  - the patient's questionnaire: submit, assess, drafts saved for later;
* ``plans``   - therapy plans: the draft from a template, edits, approval;
* ``review``  - a physiotherapist's review: red flags, assign, another pathway, refer, close;
* ``privacy`` - a patient's personal data: export and erasure;
* ``deidentified`` - the de-identified export for research and audit (no personal data; audited);
* ``visits``  - the first visit (findings, working diagnosis, signing, addenda), notes and the contact log.

Reads are in intake/selectors.py; the audit events in intake/audit.py.
"""

from intake.services.deidentified import deidentified_export
from intake.services.intake import (
    case_assess,
    case_submit,
    intake_draft_discard,
    intake_draft_save,
)
from intake.services.locking import CaseVersionConflict
from intake.services.plans import (
    PLAN_ITEM_EDITABLE_FIELDS,
    PlanItemChange,
    plan_approve,
    plan_draft_from_template,
    plan_update,
)
from intake.services.privacy import ERASED_NAME, patient_erase, patient_export
from intake.services.review import (
    case_assign,
    case_close,
    case_override_pathway,
    case_refer,
    red_flag_acknowledge,
)
from intake.services.visits import (
    FIRST_VISIT_FIELDS,
    case_note_add,
    first_visit_addendum_add,
    first_visit_save,
    first_visit_sign,
)

__all__ = [
    "ERASED_NAME",
    "FIRST_VISIT_FIELDS",
    "PLAN_ITEM_EDITABLE_FIELDS",
    "CaseVersionConflict",
    "PlanItemChange",
    "case_assess",
    "case_assign",
    "case_close",
    "case_note_add",
    "case_override_pathway",
    "case_refer",
    "case_submit",
    "deidentified_export",
    "first_visit_addendum_add",
    "first_visit_save",
    "first_visit_sign",
    "intake_draft_discard",
    "intake_draft_save",
    "patient_erase",
    "patient_export",
    "plan_approve",
    "plan_draft_from_template",
    "plan_update",
    "red_flag_acknowledge",
]
