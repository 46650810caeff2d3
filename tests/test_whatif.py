"""`manage.py whatif`: every stored case under a candidate rule set; the cases that would change, by direction."""

from __future__ import annotations

import io
import textwrap

import pytest
from django.core.management import call_command

from intake import rules, whatif
from intake.demo.cases import DEMO_CASES
from intake.models import Case

pytestmark = pytest.mark.django_db

# A deliberate rule change with a known effect on the demo cases:
# - RF-AVULSION removed: Jack Turnbull (a suspected avulsion) is no longer urgent; his scores say strain;
# - RF-DVT lowered from emergency to urgent: Frank Mercer stays a red flag, less urgent;
# - the hamstring-strain gate raised from 6 to 12 points: Samuel Adeyemi (11 points) no longer qualifies.
CANDIDATE = textwrap.dedent(
    """
    import dataclasses

    from intake.rules import RULE_SET as CURRENT
    from intake.rules.vocabulary import Urgency

    red_flags = tuple(
        dataclasses.replace(flag, urgency=Urgency.URGENT) if flag.id == "RF-DVT" else flag
        for flag in CURRENT.red_flags
        if flag.id != "RF-AVULSION"
    )
    gates = tuple(
        dataclasses.replace(gate, threshold=12) if gate.id == "G-HS" else gate for gate in CURRENT.gates
    )
    RULE_SET = dataclasses.replace(CURRENT, declared_version="candidate", red_flags=red_flags, gates=gates)
    """
)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return {case.patient.name: case.reference for case in Case.objects.select_related("patient")}


@pytest.fixture
def candidate(tmp_path):
    path = tmp_path / "candidate_rules.py"
    path.write_text(CANDIDATE)
    return path


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("whatif", *map(str, args), stdout=out, stderr=err)
    assert "cases assessed" in err.getvalue()  # progress on stderr
    return out.getvalue()


def test_the_report_lists_exactly_the_cases_that_change_red_flags_losing_urgency_first(demo, candidate):
    report = run(candidate)
    lost_section = report.split("Red-flag cases that would lose urgency")[1].split("Urgency changes")[0]
    assert sorted(line.split()[0] for line in lost_section.splitlines()[1:] if line.strip()) == sorted(
        [demo["Jack Turnbull"], demo["Frank Mercer"]]
    )
    assert f"{demo['Jack Turnbull']}  urgent -> routine" in lost_section
    assert f"{demo['Frank Mercer']}  emergency -> urgent" in lost_section
    assert report.index("Red-flag cases") < report.index("Urgency changes") < report.index("Pathway changes")

    urgency = report.split("Urgency changes, by direction:")[1].split("Pathway changes")[0]
    assert f"emergency -> urgent: 1 case\n    {demo['Frank Mercer']}" in urgency
    assert f"urgent -> routine: 1 case\n    {demo['Jack Turnbull']}" in urgency

    pathway = report.split("Pathway changes, by direction:")[1]
    urgent, strain, insufficient = (
        p.label for p in (rules.Pathway.URGENT_REFERRAL, rules.Pathway.HAMSTRING_STRAIN, rules.Pathway.INSUFFICIENT)
    )
    assert f"{urgent} -> {strain}: 1 case\n    {demo['Jack Turnbull']}" in pathway
    assert f"{strain} -> {insufficient}: 1 case\n    {demo['Samuel Adeyemi']}" in pathway
    assert f"{len(DEMO_CASES)} cases assessed" in report and "3 would change (2 red-flag" in report


def test_csv_lists_the_same_cases_and_a_module_path_works_too(demo, candidate, monkeypatch):
    monkeypatch.syspath_prepend(str(candidate.parent))
    rows = [line.split(",") for line in run("candidate_rules", "--format", "csv").splitlines()]
    assert rows[0] == ["group", "reference", "pathway_before", "pathway_after", "urgency_before", "urgency_after"]
    assert sorted((row[0], row[1]) for row in rows[1:]) == sorted(
        [
            ("lost_urgency", demo["Frank Mercer"]),
            ("lost_urgency", demo["Jack Turnbull"]),
            ("urgency", demo["Frank Mercer"]),
            ("urgency", demo["Jack Turnbull"]),
            ("pathway", demo["Jack Turnbull"]),
            ("pathway", demo["Samuel Adeyemi"]),
        ]
    )
    assert rows[1][0] == "lost_urgency"  # streamed before the groups


def test_the_running_rules_as_candidate_change_nothing_and_nothing_is_written(demo, tmp_path):
    path = tmp_path / "same.py"
    path.write_text("from intake.rules import RULE_SET\n")
    before = list(Case.objects.values_list("reference", "pathway", "urgency", "version").order_by("pk"))
    for against in ("stored", "current"):
        report = run(path, "--against", against)
        assert "0 would change" in report and report.count("  none") == 3
    assert list(Case.objects.values_list("reference", "pathway", "urgency", "version").order_by("pk")) == before


def test_against_current_compares_with_the_running_rules_not_the_stored_snapshot(demo, candidate):
    # A case whose stored suggestion is out of date: only --against stored reports it.
    Case.objects.filter(reference=demo["Callum Fraser"]).update(pathway="sciatica")
    assert demo["Callum Fraser"] in run(candidate)
    assert demo["Callum Fraser"] not in run(candidate, "--against", "current")


@pytest.mark.parametrize(
    "text,message",
    [
        ("RULE_SET = 42\n", "has no RULE_SET built with"),
        ("import nothing_of_that_name\n", "could not be loaded: ModuleNotFoundError"),
    ],
)
def test_an_unusable_candidate_is_refused_with_a_reason(db, tmp_path, capsys, text, message):
    path = tmp_path / "bad.py"
    path.write_text(text)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("whatif", str(path), stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2
    assert message in err.getvalue()


def test_triage_agrees_with_the_full_assessment():
    for spec in DEMO_CASES:
        result = rules.assess(spec["answers"])
        assert rules.ENGINE.triage(spec["answers"]) == (result.pathway, result.urgency), spec["name"]


def test_changes_read_every_case_in_one_query(demo, candidate, django_assert_max_num_queries):
    engine = whatif.load_candidate(str(candidate))
    with django_assert_max_num_queries(1):
        found = list(whatif.changes(engine, chunk_size=7))
    assert len(found) == 3


def test_the_shipped_example_candidate_changes_a_demo_case_so_the_demo_has_something_to_show(demo, settings):
    """A clinical lead trying the what-if page on the demo data sees a case move, not an empty report."""
    report = run(settings.RULES_CANDIDATES_DIR / "hamstring_gate_12.py")
    strain, insufficient = rules.Pathway.HAMSTRING_STRAIN.label, rules.Pathway.INSUFFICIENT.label
    assert f"{strain} -> {insufficient}: 1 case\n    {demo['Samuel Adeyemi']}" in report
    assert "1 would change" in report
