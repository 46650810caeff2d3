"""The case page: red flags, answers, the explained suggestion, the plan editor, decisions, the
timeline, optimistic locking, and the handout (staff print and the patient's private link)."""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus
from unittest import mock

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake import audit, rules, services
from intake.models import (
    AuditAction,
    AuditEvent,
    Case,
    CheckIn,
    Exercise,
    Outcome,
    Pathway,
    PlanItem,
    PlanStatus,
    QueuePriority,
    RedFlagAcknowledgement,
    TherapyPlan,
)
from intake.staff.presenter import TIMELINE_SHOWN
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.staff_support import (
    REQUEST_OVERHEAD,
    TWO_FLAG_ANSWERS,
    approved_case,
    case_url,
    draft_plan,
    load_library,
    plan_post_data,
    post_plan,
    submit,
)

pytestmark = pytest.mark.django_db
# session, user, the user's permissions (Django's two: own and group), the case (with patient,
# answers, plans, the first visit and the latest assessment), the plan items, the timeline, the exercise
# library (for "add to plan"), and since issue 17 the notes and contact log: at most 9; plus, since issue 13,
# the banner every staff page shows (open emergency and urgent cases not yet acknowledged, call-today
# cases: three capped counts in one query; the queue reads that banner with its own status counts and
# stays at its number); since issue 14, the access log's one INSERT; and since issue 16 the follow-up
# check-ins with their answers (one query, however many).
CASE_QUERIES = 12


@pytest.fixture
def library(db):
    load_library()


@pytest.fixture
def pf_case(library):
    return submit(name="Margaret Ellison")


@pytest.fixture
def flagged_case(library):
    return submit(TWO_FLAG_ANSWERS, name="Grace Hopper")


def page(client, case) -> str:
    response = client.get(case_url(case))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def refreshed(case: Case) -> Case:
    case.refresh_from_db()
    return case


def first_item(case: Case) -> PlanItem:
    return draft_plan(case).items.order_by("position").first()


# --- Red flags -----------------------------------------------------------------------------------------


def test_red_flags_come_first_on_the_page_with_their_urgency_and_a_button(physio_client, flagged_case):
    body = page(physio_client, flagged_case)
    assert body.index("Red flags") < body.index("Why the app suggests this") < body.index("The patient's answers")
    assert "RF-CES-SADDLE" in body and "RF-DVT" in body
    assert "Emergency" in body
    assert "Acknowledge RF-CES-SADDLE" in body
    assert "The patient was told:" in body


def test_acknowledging_a_red_flag_records_who_and_when(physio_client, flagged_case):
    response = physio_client.post(
        case_url(flagged_case, "staff:case_acknowledge"),
        {"version": refreshed(flagged_case).version, "rule_id": "RF-CES-SADDLE", "note": "Phoned, sent to A&E"},
        follow=True,
    )
    body = response.content.decode()
    assert "Acknowledged</span> by Priya Shah" in body
    assert "Phoned, sent to A&amp;E" in body
    assert "Acknowledge RF-DVT" in body  # the other flag still waits
    acknowledgement = RedFlagAcknowledgement.objects.get(case=flagged_case, rule_id="RF-CES-SADDLE")
    assert acknowledgement.acknowledged_by.username == "physio"
    assert refreshed(flagged_case).queue_priority == QueuePriority.EMERGENCY_UNACKNOWLEDGED
    assert refreshed(flagged_case).status == "in_review"


def test_acknowledging_every_red_flag_moves_the_case_to_acknowledged(physio_client, flagged_case):
    for rule_id in ("RF-CES-SADDLE", "RF-DVT"):
        physio_client.post(
            case_url(flagged_case, "staff:case_acknowledge"),
            {"version": refreshed(flagged_case).version, "rule_id": rule_id},
        )
    assert refreshed(flagged_case).queue_priority == QueuePriority.EMERGENCY_ACKNOWLEDGED
    assert "Acknowledge RF" not in page(physio_client, flagged_case)


# --- Answers and the suggestion --------------------------------------------------------------------------


def test_the_answers_are_grouped_and_worded_as_the_patient_saw_them(physio_client, library):
    case = submit({key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key != "bmi"})
    body = page(physio_client, case)
    titles = ["About you", "Your heel and foot", "How you walk", "The back of your thigh", "Safety questions"]
    positions = [body.index(f">{title}</caption>") for title in titles]
    assert positions == sorted(positions)
    assert "Is it sharp or stabbing with your first steps in the morning?" in body
    assert "Under the heel, towards the inside" in body  # the choice as the patient read it
    assert "Not answered" in body  # bmi


def test_the_suggestion_shows_every_pathway_with_its_signs_rules_weights_and_sources(physio_client, pf_case):
    body = page(physio_client, pf_case)
    about = reverse("staff:about")
    assert "Suggested, for clinical review" in body
    assert "Heel pain driving back-of-thigh strain" in body
    for label in ("Heel pain, no thigh involvement", "Local hamstring strain", "Nerve-related"):
        assert label in body
    assert f'href="{about}#rule-C1"' in body and "+3" in body
    assert f'href="{about}#source-CPG14"' in body
    assert "Signs against" in body and "-2" in body  # H2, H7, H16 argue against a strain
    assert "needs 4" in body
    assert rules.RULES_VERSION in body


def test_differential_notes_and_questions_that_would_change_the_answer_are_listed(physio_client, library):
    answers = {key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key != "night_pain"}
    case = submit(answers, heel_pain_site="back_of_heel")
    body = page(physio_client, case)
    assert "N-ACH" in body and "Achilles" in body
    assert "Do you have constant pain at night that no position eases?" in body
    assert "RF-NIGHT" in body


def test_the_page_shows_the_stored_snapshot_and_never_reruns_the_rules(physio_client, pf_case):
    assessment = pf_case.assessments.get()
    result = assessment.result
    result["ranking"][0]["for"][0]["explanation"] = "What the rules said on the day."
    type(assessment).objects.filter(pk=assessment.pk).update(result=result)
    with mock.patch.object(rules, "assess", side_effect=AssertionError("re-ran the rules")):
        body = page(physio_client, pf_case)
    assert "What the rules said on the day." in body


def test_an_urgent_referral_says_a_red_flag_decides_and_shows_the_scores_anyway(physio_client, flagged_case):
    body = page(physio_client, flagged_case)
    assert "A red flag decides" in body
    assert "The scores alone point to" in body
    assert "No self-care plan" in body


# --- Query counts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 200])
def test_the_case_page_runs_a_constant_number_of_queries(
    physio_client, pf_case, physiotherapist, django_assert_num_queries, size
):
    plan = draft_plan(pf_case)
    plan.items.all().delete()
    exercise = Exercise.objects.first()
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, exercise=exercise, position=index + 1, name=f"Item {index}", patient_instructions=".")
        for index in range(size)
    )
    for _ in range(size):
        audit.record(
            action=AuditAction.CASE_ASSIGNED, case=pf_case, actor=physiotherapist, details={"assigned_to": "x"}
        )
    # Follow-up check-ins, each answered (issue 16): the table and the outcome charts read them in one query.
    CheckIn.objects.bulk_create(
        CheckIn(case=pf_case, weeks=index + 1, due_at=timezone.now() + dt.timedelta(weeks=index + 1))
        for index in range(size)
    )
    Outcome.objects.bulk_create(
        Outcome(
            check_in=check_in,
            heel_pain=5,
            thigh_pain=2,
            global_change=1,
            adherence_days=4,
            lefs_score=40 + check_in.weeks % 40,
            psfs_score=check_in.weeks % 10,
            psfs_ratings=[{"activity": "Walking the dog", "score": check_in.weeks % 10}],
        )
        for check_in in CheckIn.objects.filter(case=pf_case)
    )
    physio_client.get(case_url(pf_case))
    with django_assert_num_queries(CASE_QUERIES + REQUEST_OVERHEAD) as captured:
        response = physio_client.get(case_url(pf_case))
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["check_in_rows"]) == size
    # Each measure's chart and table: every answered check-in, with the MCID line.
    charts = response.context["outcome_charts"]
    assert [chart.slug for chart in charts] == ["heel_pain", "thigh_pain", "lefs", "psfs"]
    assert all(len(chart.rows) == size for chart in charts)
    assert response.content.decode().count('class="mcid-line"') == 4
    assert len(response.context["item_forms"]) == size
    # The latest events (all of them with ?timeline=all, tests/test_fast_pages.py).
    assert len(response.context["timeline"]) >= min(size, TIMELINE_SHOWN)
    page_queries = [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", 'UPDATE "django_session"'))
    ]
    assert len(page_queries) == CASE_QUERIES


# --- The plan editor -------------------------------------------------------------------------------------


def test_editing_a_dose_saves_it_and_records_what_changed(physio_client, pf_case):
    item = first_item(pf_case)
    response = post_plan(physio_client, pf_case, "save", edits={item.pk: {"sets": 4, "frequency": "twice a day"}})
    assert response.status_code == HTTPStatus.FOUND
    item.refresh_from_db()
    assert (item.sets, item.frequency) == (4, "twice a day")
    event = AuditEvent.objects.filter(case=pf_case, action=AuditAction.PLAN_EDITED).get()
    assert event.actor.username == "physio"
    assert event.details["edited"][0]["changes"]["frequency"] == [
        item.frequency and "read now and again at each review",
        "twice a day",
    ]
    assert "sets — → 4" in page(physio_client, pf_case)


def test_saving_without_changes_writes_nothing(physio_client, pf_case):
    version = refreshed(pf_case).version
    post_plan(physio_client, pf_case, "save")
    assert refreshed(pf_case).version == version
    assert not AuditEvent.objects.filter(case=pf_case, action=AuditAction.PLAN_EDITED).exists()


def test_items_move_up_and_down_without_javascript_and_keep_what_was_typed(physio_client, pf_case):
    first, second = list(draft_plan(pf_case).items.order_by("position"))[:2]
    post_plan(physio_client, pf_case, f"down:{first.pk}", edits={second.pk: {"reps": 15}})
    order = list(draft_plan(pf_case).items.order_by("position").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk]
    second.refresh_from_db()
    assert second.reps == 15
    post_plan(physio_client, pf_case, f"up:{first.pk}")
    assert list(draft_plan(pf_case).items.order_by("position").values_list("pk", flat=True))[:2] == [
        first.pk,
        second.pk,
    ]


def test_items_are_added_from_the_library_and_removed(physio_client, pf_case):
    count = draft_plan(pf_case).items.count()
    extra = Exercise.objects.get(code="HS-02")
    response = post_plan(physio_client, pf_case, "add", add_exercise=extra.pk)
    assert response.status_code == HTTPStatus.FOUND
    added = draft_plan(pf_case).items.order_by("position").last()
    assert (added.name, added.exercise, added.sets) == (extra.name, extra, extra.sets)
    post_plan(physio_client, pf_case, f"remove:{added.pk}")
    assert draft_plan(pf_case).items.count() == count
    positions = list(draft_plan(pf_case).items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, count + 1))


def test_an_invalid_dose_is_shown_next_to_the_field_with_everything_typed_kept(physio_client, pf_case):
    item = first_item(pf_case)
    response = post_plan(
        physio_client, pf_case, "save", edits={item.pk: {"sets": "lots", "frequency": "my typed words"}}
    )
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Enter a whole number." in body
    assert 'value="my typed words"' in body
    item.refresh_from_db()
    assert item.frequency != "my typed words"


def test_approving_sets_who_when_and_the_patient_link_expiry(physio_client, pf_case):
    approved_at = timezone.now() + dt.timedelta(minutes=5)
    with time_machine.travel(approved_at, tick=False):
        response = post_plan(physio_client, pf_case, "approve")
        body = page(physio_client, pf_case)
    assert response.status_code == HTTPStatus.FOUND
    plan = TherapyPlan.objects.get(case=pf_case, status=PlanStatus.APPROVED)
    assert plan.approved_by.username == "physio"
    assert plan.approved_at == approved_at
    assert plan.patient_link_expires_at == approved_at + dt.timedelta(days=90)
    assert refreshed(pf_case).status == "approved"
    assert "Approved</span> by Priya Shah" in body
    assert reverse("patient_plan", kwargs={"token": plan.patient_link_token}) in body
    assert AuditEvent.objects.filter(case=pf_case, action=AuditAction.PLAN_APPROVED).exists()


def test_save_and_approve_saves_the_typed_dose_first(physio_client, pf_case):
    item = first_item(pf_case)
    post_plan(physio_client, pf_case, "approve", edits={item.pk: {"sets": 2}})
    item.refresh_from_db()
    assert item.sets == 2 and item.plan.status == PlanStatus.APPROVED


# --- Decisions -------------------------------------------------------------------------------------------


def test_overriding_the_pathway_needs_a_reason_and_redrafts_the_plan(physio_client, pf_case):
    response = physio_client.post(
        case_url(pf_case, "staff:case_override"),
        {
            "version": refreshed(pf_case).version,
            "pathway": "sciatica",
            "reason": "examination_findings",
            "comment": "Slump positive",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    case = refreshed(pf_case)
    assert (case.pathway, case.overridden_pathway, case.override_reason) == (
        "pf_compensation",
        "sciatica",
        "examination_findings",
    )
    assert draft_plan(case).pathway == "sciatica"
    body = page(physio_client, case)
    assert "Staff decision:</span> Nerve-related" in body
    assert "Slump positive" in body
    event = AuditEvent.objects.get(case=case, action=AuditAction.PATHWAY_OVERRIDDEN)
    assert event.details["to"] == "sciatica" and event.details["reason"] == "examination_findings"


def test_overriding_with_reason_other_needs_a_comment(physio_client, pf_case):
    response = physio_client.post(
        case_url(pf_case, "staff:case_override"),
        {"version": refreshed(pf_case).version, "pathway": "sciatica", "reason": "other", "comment": ""},
    )
    assert response.status_code == HTTPStatus.OK
    assert "Say why in the comment" in response.content.decode()
    assert refreshed(pf_case).overridden_pathway == ""


def test_referring_on_records_where_and_the_note(physio_client, flagged_case):
    response = physio_client.post(
        case_url(flagged_case, "staff:case_refer"),
        {"version": refreshed(flagged_case).version, "destination": "emergency_department", "note": "Sent to A&E"},
        follow=True,
    )
    assert "Case referred to Emergency department." in response.content.decode()
    case = refreshed(flagged_case)
    assert (case.status, case.referred_to, case.referral_note) == ("referred", "emergency_department", "Sent to A&E")
    assert AuditEvent.objects.get(case=case, action=AuditAction.CASE_REFERRED).details["destination"] == (
        "emergency_department"
    )


def test_assign_to_me(physio_client, pf_case):
    physio_client.post(case_url(pf_case, "staff:case_assign"), {"version": refreshed(pf_case).version})
    assert refreshed(pf_case).assigned_to.username == "physio"
    assert "Assign to me" not in page(physio_client, pf_case)


def test_closing_is_refused_while_a_red_flag_is_unacknowledged(physio_client, flagged_case):
    response = physio_client.post(
        case_url(flagged_case, "staff:case_close"),
        {"version": refreshed(flagged_case).version, "close_reason": "did_not_attend"},
        follow=True,
    )
    assert "Acknowledge every red flag before closing" in response.content.decode()
    assert refreshed(flagged_case).status == "submitted"


def test_closing_a_case(physio_client, pf_case):
    physio_client.post(
        case_url(pf_case, "staff:case_close"),
        {"version": refreshed(pf_case).version, "close_reason": "discharged_improved"},
    )
    assert refreshed(pf_case).status == "closed"
    body = page(physio_client, pf_case)
    assert "Close case" not in body and "Save and approve plan" not in body


def test_the_timeline_lists_every_event_of_the_case(physio_client, pf_case):
    item = first_item(pf_case)
    post_plan(physio_client, pf_case, "save", edits={item.pk: {"reps": 9}})
    post_plan(physio_client, pf_case, "approve")
    timeline = [event["label"] for event in physio_client.get(case_url(pf_case)).context["timeline"]]
    assert timeline == [
        "Case submitted",
        "Case assessed",
        "Draft plan created",
        "Plan edited",
        "Plan approved",
        "Follow-up check-ins scheduled",
    ]


# --- Two physiotherapists at once ------------------------------------------------------------------------


def test_a_stale_save_gets_a_conflict_showing_what_changed_and_keeps_what_was_typed(
    physio_client, second_physio_client, pf_case
):
    item = first_item(pf_case)
    stale = plan_post_data(pf_case, "save", edits={item.pk: {"frequency": "what Priya typed"}})
    post_plan(second_physio_client, pf_case, "save", edits={item.pk: {"sets": 5}})  # Tom saves first

    response = physio_client.post(case_url(pf_case, "staff:case_plan"), stale)
    assert response.status_code == HTTPStatus.CONFLICT
    body = response.content.decode()
    assert "Someone else changed this case" in body
    assert "Plan edited</strong> by Tom Reed" in body
    assert "sets — → 5" in body
    assert 'value="what Priya typed"' in body  # nothing lost
    item.refresh_from_db()
    assert (item.sets, item.frequency) == (5, "read now and again at each review")
    # Saving again from the conflict page is a deliberate choice and now succeeds.
    kept_version = re.search(r'name="version" value="(\d+)"', body).group(1)
    assert int(kept_version) == refreshed(pf_case).version


def test_a_stale_override_keeps_the_comment(physio_client, second_physio_client, pf_case):
    version = refreshed(pf_case).version
    second_physio_client.post(case_url(pf_case, "staff:case_assign"), {"version": version})
    response = physio_client.post(
        case_url(pf_case, "staff:case_override"),
        {"version": version, "pathway": "sciatica", "reason": "history_on_call", "comment": "Said shooting pain"},
    )
    assert response.status_code == HTTPStatus.CONFLICT
    body = response.content.decode()
    assert "Case assigned</strong> by Tom Reed" in body
    assert "Said shooting pain" in body
    assert refreshed(pf_case).overridden_pathway == ""


# --- Handout and the patient's link ----------------------------------------------------------------------

DIAGNOSIS_WORDS = ["fasciitis", "sciatica", "hamstring strain", "pathway", *Pathway.labels]


def test_the_handout_exists_only_after_approval(physio_client, pf_case):
    handout = case_url(pf_case, "staff:case_handout")
    assert physio_client.get(handout).status_code == HTTPStatus.NOT_FOUND
    post_plan(physio_client, pf_case, "approve")
    response = physio_client.get(handout)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Sole-of-foot stretch" in body and "Hold 10 seconds, 10 times, 3 times a day" in body
    assert "When to get help" in body and "call 999" in body
    assert "css/print.css" in body
    for word in DIAGNOSIS_WORDS:
        assert word.lower() not in body.lower(), word
    assert "DIG03" not in body  # staff notes never reach the handout


def test_the_patient_link_shows_the_approved_plan_without_signing_in(client, physio_client, pf_case):
    plan = draft_plan(pf_case)
    link = reverse("patient_plan", kwargs={"token": plan.patient_link_token})
    assert client.get(link).status_code == HTTPStatus.NOT_FOUND  # a draft is never shown to a patient
    post_plan(physio_client, pf_case, "approve")
    response = client.get(link)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Your exercise and self-care plan" in body and "Sole-of-foot stretch" in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    for word in DIAGNOSIS_WORDS:
        assert word.lower() not in body.lower(), word


def test_an_expired_patient_link_says_so(client, physio_client, pf_case):
    post_plan(physio_client, pf_case, "approve")
    plan = TherapyPlan.objects.get(case=pf_case, status=PlanStatus.APPROVED)
    link = reverse("patient_plan", kwargs={"token": plan.patient_link_token})
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        response = client.get(link)
    assert response.status_code == HTTPStatus.GONE
    assert "This link has expired" in response.content.decode()
    assert "Sole-of-foot stretch" not in response.content.decode()


def test_unknown_and_draft_links_show_nothing_and_a_superseded_link_shows_the_latest_plan(
    client, physio_client, pf_case
):
    # Since issue 16 a patient keeps one link: an earlier approved version's leads to the current one.
    assert client.get(reverse("patient_plan", kwargs={"token": "not-a-real-token"})).status_code == HTTPStatus.NOT_FOUND
    draft_token = draft_plan(pf_case).patient_link_token
    assert client.get(reverse("patient_plan", kwargs={"token": draft_token})).status_code == HTTPStatus.NOT_FOUND
    post_plan(physio_client, pf_case, "approve")
    old = TherapyPlan.objects.get(case=pf_case, status=PlanStatus.APPROVED)
    services.case_assess(case=pf_case)  # a re-assessment drafts a new plan
    new_draft = draft_plan(pf_case)
    assert client.get(reverse("patient_plan", kwargs={"token": new_draft.patient_link_token})).status_code == 404
    post_plan(physio_client, pf_case, "approve")
    old.refresh_from_db()
    assert old.status == PlanStatus.SUPERSEDED
    response = client.get(reverse("patient_plan", kwargs={"token": old.patient_link_token}))
    assert response.status_code == HTTPStatus.OK
    assert response.context["plan"].pk == new_draft.pk


def test_patient_link_tokens_are_long_and_unguessable(pf_case):
    tokens = {draft_plan(pf_case).patient_link_token, TherapyPlan(case=pf_case).patient_link_token}
    assert len(tokens) == 2 and all(len(token) >= 40 for token in tokens)


def test_referring_a_case_on_withdraws_the_patients_plan_link(physiotherapist, client):
    case, plan = approved_case(physiotherapist)
    assert client.get(reverse("patient_plan", args=[plan.patient_link_token])).status_code == HTTPStatus.OK
    services.case_refer(
        case=case, destination="emergency_department", note="", actor=physiotherapist, expected_version=case.version
    )
    assert client.get(reverse("patient_plan", args=[plan.patient_link_token])).status_code == HTTPStatus.GONE


def test_overriding_to_urgent_referral_withdraws_the_patients_plan_link(physiotherapist, client):
    case, plan = approved_case(physiotherapist)
    services.case_override_pathway(
        case=case,
        pathway="urgent_referral",
        reason="examination_findings",
        comment="Red flag on examination",
        actor=physiotherapist,
        expected_version=case.version,
    )
    plan.refresh_from_db()
    assert plan.patient_link_expires_at <= timezone.now()
    assert client.get(reverse("patient_plan", args=[plan.patient_link_token])).status_code == HTTPStatus.GONE


# --- About these suggestions -----------------------------------------------------------------------------


def test_the_about_page_lists_every_rule_and_source_from_the_rule_data(physio_client):
    body = physio_client.get(reverse("staff:about")).content.decode()
    rule_set = rules.RULE_SET
    for rule in (*rule_set.red_flags, *rule_set.scoring_rules, *rule_set.gates, *rule_set.notes):
        assert f'id="rule-{rule.id}"' in body, rule.id
    for rule in rule_set.scoring_rules[:5]:
        assert rule.staff_explanation.replace("'", "&#x27;") in body
        assert rule.condition.describe().replace('"', "&quot;") in body
    for source in rule_set.sources:
        assert f'id="source-{source.id}"' in body, source.id
    assert rules.RULES_VERSION in body
    assert "Intended use" in body and "fitted to data" in body and "not been validated" in body


def test_every_source_a_case_links_to_exists_on_the_about_page(physio_client, flagged_case, pf_case):
    about = physio_client.get(reverse("staff:about")).content.decode()
    anchors = set(re.findall(r'id="(source-[^"]+|rule-[^"]+)"', about))
    for case in (flagged_case, pf_case):
        links = set(re.findall(r'#((?:source|rule)-[^"]+)"', page(physio_client, case)))
        assert links and links <= anchors, links - anchors


def test_without_the_approve_permission_the_plan_is_saved_but_not_approved(client, reviewer, pf_case):
    client.force_login(reviewer)
    assert "Save and approve plan" not in page(client, pf_case)
    item = first_item(pf_case)
    response = post_plan(client, pf_case, "approve", edits={item.pk: {"sets": 6}}, follow=True)
    assert "approving a plan needs the approve permission" in response.content.decode()
    item.refresh_from_db()
    assert item.sets == 6 and item.plan.status == PlanStatus.DRAFT
