"""The demo clinic's library and templates agree with the rules' plan items: the same codes, in the
pathway's order, with the rules' plan cautions in the staff notes, and no diagnosis named to the patient."""

from __future__ import annotations

import re

import pytest

from intake import rules
from intake.demo.library import EXERCISES, TEMPLATES

PLAN_ITEMS = {item.id: item for item in rules.RULE_SET.plan_items}
PATHWAY_PLANS = {plan.pathway.value: plan.items for plan in rules.RULE_SET.plans}
EXERCISES_BY_CODE = {exercise["code"]: exercise for exercise in EXERCISES}
# Words that would tell a patient a diagnosis; the suggestion is for staff until they decide.
DIAGNOSES = re.compile(r"fasciitis|sciatica|cauda equina|radiculopathy|tendinopathy|rupture|avulsion", re.I)


@pytest.mark.parametrize("code", sorted(EXERCISES_BY_CODE))
def test_every_library_item_is_a_plan_item_of_the_rules(code):
    assert code in PLAN_ITEMS


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda template: template["pathway"])
def test_every_template_holds_its_pathway_items_in_the_rules_order(template):
    suggested = PATHWAY_PLANS[template["pathway"]]
    assert set(template["codes"]) <= set(suggested)
    assert template["codes"] == [code for code in suggested if code in template["codes"]]


@pytest.mark.parametrize("caution", rules.RULE_SET.cautions, ids=lambda caution: caution.id)
def test_the_rules_plan_cautions_are_in_the_library_staff_notes(caution):
    for code in caution.items:
        if code in EXERCISES_BY_CODE:
            assert caution.caution in EXERCISES_BY_CODE[code]["staff_notes"], code


@pytest.mark.parametrize("code", sorted(EXERCISES_BY_CODE))
def test_what_the_patient_reads_names_no_diagnosis(code):
    exercise = EXERCISES_BY_CODE[code]
    assert not DIAGNOSES.search(exercise["name"] + " " + exercise["patient_instructions"])
    assert not DIAGNOSES.search(PLAN_ITEMS[code].item.split(":")[0])
