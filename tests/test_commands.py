"""Management commands: `assess` as a clinician or a script uses it, and the idempotent demo loader."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from intake.models import Assessment, Case, Exercise, Patient, PlanTemplate, PlanTemplateItem, TherapyPlan
from intake.rules.questions import QUESTIONS, Kind
from tests.factories import PF_COMPENSATION_ANSWERS

ROOT = Path(__file__).resolve().parent.parent


def run_assess(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "assess", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "DJANGO_READ_ENV_FILE": "false"},
    )


def test_assess_prints_the_result_of_a_file_as_json(tmp_path):
    answers = tmp_path / "patient.json"
    answers.write_text(json.dumps(PF_COMPENSATION_ANSWERS))
    result = run_assess(str(answers))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["pathway"] == "pf_compensation"
    assert {"pathway", "ranking", "red_flags", "plan", "version"} <= printed.keys()
    assert {entry["pathway"] for entry in printed["ranking"]} == {
        "pf_compensation",
        "pf_only",
        "hamstring_strain",
        "sciatica",
    }
    assert printed["red_flags"] == []


def test_assess_reads_standard_input_when_given_a_dash():
    result = run_assess("-", stdin=json.dumps({"saddle_numbness": True}))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["pathway"] == "urgent_referral"
    assert printed["red_flags"][0]["key"] == "saddle_numbness"
    assert printed["red_flags"][0]["urgency"] == "emergency"
    assert printed["plan"] == []


def test_assess_gives_plantar_fasciitis_with_no_flag_when_every_second_edition_key_is_no():
    classic = json.loads((Path(__file__).parent / "corpus" / "01-pf-classic-runner.json").read_text())["answers"]
    second_edition = [question for question in QUESTIONS if question.key not in classic and question.kind is Kind.BOOL]
    answers = {**classic, **{question.key: False for question in second_edition}, "heel_onset": "gradual"}
    result = run_assess("-", stdin=json.dumps(answers))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["pathway"] == "pf_only"
    assert printed["red_flags"] == []


@pytest.mark.parametrize(
    "answers, named",
    [
        ({"heel_pain": "yes"}, "heel_pain"),
        ({"injury_kind": "tumble"}, "injury_kind"),
        ({"calf_tender": 1}, "calf_tender"),
        ({"age": 7}, "age"),
        ({"heel_pain_site": "toe"}, "heel_pain_site"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
def test_assess_rejects_bad_input_naming_the_key_with_exit_status_2(answers, named):
    result = run_assess("-", stdin=json.dumps(answers))
    assert result.returncode == 2
    assert result.stdout == ""
    assert named in result.stderr


def test_assess_rejects_text_that_is_not_json():
    result = run_assess("-", stdin="{heel_pain: true")
    assert result.returncode == 2 and result.stdout == ""
    assert "not valid JSON" in result.stderr


def test_assess_reports_a_missing_file():
    result = run_assess("/nonexistent/answers.json")
    assert result.returncode == 2 and result.stdout == ""
    assert "Cannot read" in result.stderr


def demo_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Patient, Case, Assessment, TherapyPlan, Exercise, PlanTemplate, PlanTemplateItem)
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_counts():
    call_command("seed_demo", stdout=io.StringIO())
    first = demo_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert demo_counts() == first
    assert first["Case"] == 30 and first["Assessment"] == 30
    assert set(Case.objects.values_list("pathway", flat=True)) == {
        "pf_compensation",
        "pf_only",
        "hamstring_strain",
        "sciatica",
        "urgent_referral",
        "insufficient",
    }
    assert Case.objects.filter(urgency="emergency").exists() and Case.objects.filter(urgency="urgent").exists()
    # Every case with a self-care pathway has a plan from its template (a draft, or approved for the few demo
    # cases with follow-up answers: intake/demo/follow_ups.py); red-flag cases have none.
    for case in Case.objects.filter(pathway__in=["pf_compensation", "pf_only", "hamstring_strain", "sciatica"]):
        assert case.plans.get(status__in=["draft", "approved"]).items.exists()
    assert not TherapyPlan.objects.filter(case__pathway="urgent_referral").exists()
