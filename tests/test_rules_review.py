"""The rules review: agreement between the rules and signed first visits, figures checked by hand."""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from intake import agreement, rules, selectors, services
from intake.demo.cases import DEMO_CASES
from intake.models import Case
from tests.factories import ClinicalLeadFactory
from tests.staff_support import REQUEST_OVERHEAD, load_library

pytestmark = pytest.mark.django_db

ANSWERS = {spec["name"]: spec["answers"] for spec in DEMO_CASES}
PF_COMP = ANSWERS["Margaret Ellison"]  # scores choose pf_compensation; C1 and PF1 fire
SCIATICA = ANSWERS["Irene Kowalski"]  # scores choose sciatica; S1 fires
HAMSTRING = ANSWERS["Callum Fraser"]  # scores choose hamstring_strain
TOO_LITTLE = ANSWERS["Hannah Cole"]  # insufficient; PF1 fires
EMERGENCY = ANSWERS["Dorothy Hale"]  # cauda equina red flags (emergency)
NO_FINDINGS = dict.fromkeys(
    [
        "windlass",
        "medial_calcaneal_tenderness",
        "calf_squeeze",
        "hamstring_palpation",
        "resisted_knee_flexion",
        "straight_leg_raise",
        "slump",
        "neuro_screen",
    ],
    "not_done",
)

# The hand-computed data set: (answers, working diagnosis, differential), ten signed first visits.
#   suggested \ diagnosed  pf_comp  pf_only  hamstring  sciatica  other
#   pf_compensation            3        1          .         .      .
#   hamstring_strain           .        .          2         .      .
#   sciatica                   .        .          1         2      .
#   insufficient               .        .          .         .      1 (fat pad)
DATA_SET = [
    (PF_COMP, "pf_compensation", ""),
    (PF_COMP, "pf_compensation", ""),
    (PF_COMP, "pf_compensation", ""),
    (PF_COMP, "pf_only", ""),
    (SCIATICA, "sciatica", ""),
    (SCIATICA, "sciatica", ""),
    (SCIATICA, "hamstring_strain", ""),
    (HAMSTRING, "hamstring_strain", ""),
    (HAMSTRING, "hamstring_strain", ""),
    (TOO_LITTLE, "other", "fat_pad"),
]


def signed_case(physio, answers, diagnosis, differential="") -> Case:
    case = services.case_submit(answers=answers, name="Test Patient", consent_given=True)
    values = {**NO_FINDINGS, "working_diagnosis": diagnosis, "differential": differential, "diagnosis_note": ""}
    services.first_visit_save(case=case, values=values, actor=physio, expected_version=case.version, sign=True)
    return case


@pytest.fixture
def data_set(physiotherapist):
    load_library()
    cases = [signed_case(physiotherapist, *row) for row in DATA_SET]
    # The physiotherapist changed the pathway of the pf_compensation case they diagnosed as pf_only.
    disagreeing = cases[3]
    services.case_override_pathway(
        case=disagreeing,
        pathway="pf_only",
        reason="examination_findings",
        comment="",
        actor=physiotherapist,
        expected_version=Case.objects.get(pk=disagreeing.pk).version,
    )
    # Two emergencies, acknowledged 30 and 90 minutes after they were sent, one referred to the ED.
    for minutes, refer in ((30, True), (90, False)):
        with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
            flagged = services.case_submit(answers=EMERGENCY, name="Flag Patient", consent_given=True)
        with time_machine.travel(dt.datetime(2026, 11, 20, 9, minutes, tzinfo=dt.UTC) if minutes < 60 else
                                 dt.datetime(2026, 11, 20, 10, minutes - 60, tzinfo=dt.UTC), tick=False):  # fmt: skip
            services.red_flag_acknowledge(
                case=flagged, rule_id="RF-CES-SADDLE", actor=physiotherapist, expected_version=flagged.version
            )
        if refer:
            services.case_refer(
                case=flagged,
                destination="emergency_department",
                note="",
                actor=physiotherapist,
                expected_version=Case.objects.get(pk=flagged.pk).version,
            )
    return cases


def computed(minimum=5):
    data = selectors.rules_review_data()
    (version,) = agreement.review(data.reviewed, overrides=data.overrides, red_flags=data.red_flags, minimum=minimum)
    return version


def close(interval, expected):
    return all(abs(a - b) < 0.0005 for a, b in zip(interval, expected, strict=True))


def test_wilson_intervals_match_values_worked_by_hand():
    # p = 7/10: centre (0.7 + 1.96²/20) / (1 + 1.96²/10) = 0.6445, half-width 0.2477.
    assert close(agreement.wilson(7, 10), (0.3968, 0.8922))
    assert close(agreement.wilson(3, 4), (0.3006, 0.9544))
    assert close(agreement.wilson(0, 1), (0.0, 0.7935))
    assert agreement.wilson(0, 0) == (0.0, 1.0)


def test_agreement_figures_match_the_hand_computed_data_set(data_set):
    version = computed()
    assert version.version == rules.RULES_VERSION
    assert version.cases == 10
    assert (version.agreement.count, version.agreement.total) == (7, 10)
    assert close(version.agreement.interval, (0.3968, 0.8922))
    assert str(version.agreement) == "70 % (7 of 10; 95 % CI 40–89 %)"

    by_suggestion = {row.label: (row.figure.count, row.figure.total) for row in version.by_suggestion}
    assert by_suggestion == {
        rules.Pathway.PF_COMPENSATION.label: (3, 4),
        rules.Pathway.SCIATICA.label: (2, 3),
        rules.Pathway.HAMSTRING_STRAIN.label: (2, 2),
        rules.Pathway.INSUFFICIENT.label: (0, 1),
    }
    by_diagnosis = {row.label: (row.figure.count, row.figure.total) for row in version.by_diagnosis}
    assert by_diagnosis == {
        rules.Pathway.PF_COMPENSATION.label: (3, 3),
        rules.Pathway.PF_ONLY.label: (0, 1),
        rules.Pathway.HAMSTRING_STRAIN.label: (2, 3),
        rules.Pathway.SCIATICA.label: (2, 2),
    }
    # Columns: pf_compensation, pf_only, hamstring_strain, sciatica, other.
    assert [(label, counts) for label, counts, _total in version.confusion] == [
        (rules.Pathway.PF_COMPENSATION.label, [3, 1, 0, 0, 0]),
        (rules.Pathway.HAMSTRING_STRAIN.label, [0, 0, 2, 0, 0]),
        (rules.Pathway.SCIATICA.label, [0, 0, 1, 2, 0]),
        (rules.Pathway.INSUFFICIENT.label, [0, 0, 0, 0, 1]),
    ]
    assert version.other_diagnoses == [("Heel fat pad syndrome / atrophy", 1)]

    firing = {row.rule: row for row in version.rules}
    # 7 agreeing cases (3 pf_comp, 2 sciatica, 2 hamstring); 3 disagreeing (pf_comp, sciatica, insufficient).
    assert (firing["C1"].in_agreeing.count, firing["C1"].in_agreeing.total) == (3, 7)
    assert (firing["C1"].in_disagreeing.count, firing["C1"].in_disagreeing.total) == (1, 3)
    assert (firing["PF1"].in_agreeing.count, firing["PF1"].in_disagreeing.count) == (3, 2)
    assert (firing["S1"].in_agreeing.count, firing["S1"].in_disagreeing.count) == (2, 1)
    # Rules that fire more often when the physiotherapist disagrees come first.
    assert version.rules.index(firing["PF1"]) < version.rules.index(firing["C1"])

    assert version.overrides == [("Examination findings point elsewhere", 1)]
    (emergencies,) = version.red_flags
    assert (emergencies.urgency, emergencies.cases) == ("emergency", 2)
    # Each emergency has three flags and only one was acknowledged: neither has every flag acknowledged.
    assert (emergencies.all_acknowledged.count, emergencies.all_acknowledged.total) == (0, 2)
    assert (emergencies.median_minutes, emergencies.p90_minutes) == (60, 90)
    assert emergencies.referred == (("Emergency department", 1),)


def test_below_the_minimum_a_figure_says_too_few_cases(data_set):
    version = computed(minimum=20)
    assert version.agreement.too_few and str(version.agreement) == "7 of 10: too few cases"
    assert not computed(minimum=10).agreement.too_few


def test_unsigned_first_visits_do_not_count(data_set, physiotherapist):
    case = services.case_submit(answers=PF_COMP, name="Unsigned Visit", consent_given=True)
    values = {**NO_FINDINGS, "working_diagnosis": "sciatica", "differential": "", "diagnosis_note": ""}
    services.first_visit_save(case=case, values=values, actor=physiotherapist, expected_version=case.version)
    assert computed().cases == 10


def test_the_page_shows_the_figures_to_a_clinical_lead(client, data_set):
    client.force_login(ClinicalLeadFactory())
    response = client.get(reverse("staff:rules_review"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Agreement overall" in body and "7 of 10" in body and "too few cases" in body
    assert "Confusion table" in body and "Heel fat pad syndrome" in body
    assert "Examination findings point elsewhere: 1" in body
    assert "1 h" in body and "Emergency department: 1" in body  # median 60 min
    assert 'href="/staff/rules-review/"' in body  # in the navigation


@pytest.mark.parametrize("cases", [1, 12])
def test_the_page_runs_a_constant_number_of_queries(client, physiotherapist, django_assert_num_queries, cases):
    load_library()
    for _ in range(cases):
        signed_case(physiotherapist, PF_COMP, "pf_only")
        flagged = services.case_submit(answers=EMERGENCY, name="Flag Patient", consent_given=True)
        services.case_override_pathway(
            case=flagged,
            pathway="sciatica",
            reason="mixed_picture",
            comment="",
            actor=physiotherapist,
            expected_version=flagged.version,
        )
    client.force_login(ClinicalLeadFactory())
    client.get(reverse("staff:rules_review"))
    # session, user, the user's permissions (two), then the three reads of selectors.rules_review_data,
    # the outcomes per pathway (one query, issue 16) and the waiting-cases banner every staff page shows
    with django_assert_num_queries(4 + 3 + 1 + 1 + REQUEST_OVERHEAD):
        response = client.get(reverse("staff:rules_review"))
    assert response.context["versions"][0].cases == cases
