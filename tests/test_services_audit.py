"""Every service that writes leaves an AuditEvent, checked against the list of services, so a new
write service without an audit event (or without a scenario here) fails this test."""

import inspect
from datetime import timedelta

import pytest
from django.utils import timezone

from intake import services
from intake.models import AuditEvent, Exercise, Patient
from tests.factories import PF_COMPENSATION_ANSWERS, ClinicAdminFactory, PhysiotherapistFactory
from tests.staff_support import EMERGENCY_ANSWERS, draft_plan, load_library, submit

pytestmark = pytest.mark.django_db

# Functions that only read or compute; they must not write.
READ_ONLY = {
    "audit_event_record",  # the recorder itself
    # Queues the plan's e-mail on commit; the worker's plan_email_deliver records it (PLAN_EMAILED).
    "plan_ready_notify",
    "queue_priority_for",
    "patients_past_retention",
    "intake_draft_find",
    "red_flag_rule_id",
    "patient_link_days",
    "may_manage",
    "groups_grantable_by",
}

# Writes that leave no audit event by design: the patient's own daily diary keeps its created and updated
# times on the row, and an event a day would bury the staff timeline (services/programme.py).
UNAUDITED_BY_DESIGN = {"programme_day_record"}


def version(case):
    case.refresh_from_db()
    return case.version


def scenarios(physio):
    """One call of each write service, as the app makes it."""
    load_library()
    pf_case = submit()
    flagged = submit(EMERGENCY_ANSWERS)
    call_today = services.case_submit(
        answers=PF_COMPENSATION_ANSWERS, name="B", consent_given=True, unsure_safety_keys=["saddle_numbness"]
    )
    draft = services.intake_draft_save(data={"values": {"about": {"age": 47}}})
    visited = submit()
    revised = submit()
    services.plan_approve(plan=draft_plan(revised), actor=physio, expected_version=revised.version)
    first_visit = {
        "windlass": "positive",
        "medial_calcaneal_tenderness": "positive",
        "calf_squeeze": "negative",
        "hamstring_palpation": "negative",
        "resisted_knee_flexion": "negative",
        "straight_leg_raise": "negative",
        "slump": "negative",
        "neuro_screen": "not_done",
        "working_diagnosis": "pf_compensation",
        "differential": "",
        "diagnosis_note": "",
    }
    return {
        "case_submit": lambda: services.case_submit(answers=PF_COMPENSATION_ANSWERS, name="A", consent_given=True),
        "case_assess": lambda: services.case_assess(case=pf_case),
        "plan_draft_from_template": lambda: services.plan_draft_from_template(
            case=pf_case, assessment=pf_case.assessments.first()
        ),
        "patient_export": lambda: services.patient_export(patient=pf_case.patient, actor=physio),
        "patient_erase": lambda: services.patient_erase(
            patient=Patient.objects.get(pk=flagged.patient.pk), actor=physio
        ),
        "intake_draft_save": lambda: services.intake_draft_save(data={"values": {}}),
        "intake_draft_discard": lambda: services.intake_draft_discard(resume_code=draft.resume_code),
        "alerts_raise": lambda: services.alerts_raise(case=flagged),
        "emergency_escalation_check": lambda: services.emergency_escalation_check(case_id=flagged.pk),
        "alert_deliver": lambda: services.alert_deliver(alert_id=flagged.alerts.earliest("created_at").pk),
        "red_flag_acknowledge": lambda: services.red_flag_acknowledge(
            case=flagged, rule_id="RF-CES-SADDLE", actor=physio, expected_version=version(flagged)
        ),
        "case_assign": lambda: services.case_assign(
            case=pf_case, assignee=physio, actor=physio, expected_version=version(pf_case)
        ),
        "plan_update": lambda: services.plan_update(
            plan=draft_plan(pf_case),
            actor=physio,
            expected_version=version(pf_case),
            add_exercise=Exercise.objects.get(code="HS-02"),
        ),
        "plan_approve": lambda: services.plan_approve(
            plan=draft_plan(pf_case), actor=physio, expected_version=version(pf_case)
        ),
        "case_override_pathway": lambda: services.case_override_pathway(
            case=pf_case,
            pathway="pf_only",
            reason="examination_findings",
            comment="Thigh settled",
            actor=physio,
            expected_version=version(pf_case),
        ),
        "case_refer": lambda: services.case_refer(
            case=flagged, destination="gp", note="GP review", actor=physio, expected_version=version(flagged)
        ),
        "case_patient_called": lambda: services.case_patient_called(
            case=call_today, actor=physio, expected_version=version(call_today)
        ),
        "case_close": lambda: services.case_close(
            case=pf_case, actor=physio, expected_version=version(pf_case), reason="discharged_improved"
        ),
        "case_reopen": lambda: services.case_reopen(case=pf_case, actor=physio, expected_version=version(pf_case)),
        "plan_revise": lambda: services.plan_revise(case=revised, actor=physio, expected_version=version(revised)),
        "check_ins_schedule": lambda: services.check_ins_schedule(
            case=visited, start=timezone.now() - timedelta(weeks=20)
        ),
        "check_in_answer": lambda: services.check_in_answer(
            check_in=visited.check_ins.first(), heel_pain=3, thigh_pain=1, global_change=2, adherence_days=5
        ),
        "check_in_safety_answer": lambda: services.check_in_safety_answer(
            check_in=visited.check_ins.last(), heel_pain=3, thigh_pain=1
        ),
        "intake_drafts_purge": lambda: services.intake_drafts_purge(now=timezone.now() + timedelta(days=365)),
        "staff_two_factor_reset": lambda: services.staff_two_factor_reset(
            user=PhysiotherapistFactory(), actor=ClinicAdminFactory()
        ),
        "first_visit_save": lambda: services.first_visit_save(
            case=visited, values=first_visit, actor=physio, expected_version=version(visited)
        ),
        "first_visit_sign": lambda: services.first_visit_sign(
            case=visited, actor=physio, expected_version=version(visited)
        ),
        "first_visit_addendum_add": lambda: services.first_visit_addendum_add(
            case=visited, text="X-ray normal.", actor=physio
        ),
        "case_note_add": lambda: services.case_note_add(case=visited, kind="phoned", text="", actor=physio),
        "deidentified_export": lambda: services.deidentified_export(actor=physio),
        "referral_finding_record": lambda: services.referral_finding_record(
            case=flagged, outcome="not_known_yet", note="", actor=physio
        ),
        # The repository's example candidate (settings.RULES_CANDIDATES_DIR).
        "whatif_run_request": lambda: services.whatif_run_request(candidate_name="hamstring_gate_12", actor=physio),
    }


def service_functions() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__.startswith(services.__name__ + ".") and not name.startswith("_")
    }


def test_every_service_is_either_read_only_or_has_an_audit_scenario(physiotherapist):
    writers = service_functions() - READ_ONLY - UNAUDITED_BY_DESIGN
    assert writers == set(scenarios(physiotherapist)), "add the new service to READ_ONLY or to scenarios()"


def test_every_write_service_leaves_an_audit_event(physiotherapist):
    for name, call in scenarios(physiotherapist).items():
        before = AuditEvent.objects.count()
        call()
        assert AuditEvent.objects.count() > before, f"{name} wrote without an audit event"
