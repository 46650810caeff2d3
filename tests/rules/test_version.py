"""The rules version changes whenever any rule changes, and every result carries it."""

from __future__ import annotations

import dataclasses
import re

from intake.rules import RULE_SET, RULES_VERSION, Engine, assess, fingerprint, version_of
from intake.rules.conditions import AtLeast
from intake.rules.data import DECLARED_VERSION


def _replace_first(items: tuple, **changes: object) -> tuple:
    return (dataclasses.replace(items[0], **changes), *items[1:])


def test_version_is_the_declared_version_plus_a_hash_of_the_rules() -> None:
    assert re.fullmatch(r"\d{4}\.\d+\+[0-9a-f]{8}", RULES_VERSION)
    assert RULES_VERSION == f"{DECLARED_VERSION}+{fingerprint(RULE_SET)}"


def test_every_result_carries_the_version() -> None:
    assert assess({}).version == RULES_VERSION
    assert assess({"calf_swelling": True}).to_dict()["version"] == RULES_VERSION


def test_the_hash_is_stable_for_the_same_data() -> None:
    copy = dataclasses.replace(RULE_SET, scoring_rules=tuple(RULE_SET.scoring_rules))
    assert fingerprint(copy) == fingerprint(RULE_SET)


def test_changing_a_weight_changes_the_version() -> None:
    rule = RULE_SET.scoring_rules[0]
    changed = dataclasses.replace(
        RULE_SET, scoring_rules=_replace_first(RULE_SET.scoring_rules, weight=rule.weight + 1)
    )
    assert fingerprint(changed) != fingerprint(RULE_SET)
    engine = Engine(changed)
    assert engine.version != RULES_VERSION
    assert engine.assess({"heel_pain": True}).version == engine.version


def test_changing_any_part_of_the_rules_changes_the_version() -> None:
    flag, gate, note = RULE_SET.red_flags[0], RULE_SET.gates[0], RULE_SET.notes[0]
    variants = [
        dataclasses.replace(RULE_SET, red_flags=_replace_first(RULE_SET.red_flags, advice=flag.advice + " ")),
        dataclasses.replace(RULE_SET, gates=_replace_first(RULE_SET.gates, threshold=gate.threshold + 1)),
        dataclasses.replace(RULE_SET, notes=_replace_first(RULE_SET.notes, sources=(*note.sources, "CPG14"))),
        dataclasses.replace(RULE_SET, notes=RULE_SET.notes[1:]),
        dataclasses.replace(
            RULE_SET,
            tie_break=dataclasses.replace(RULE_SET.tie_break, order=tuple(reversed(RULE_SET.tie_break.order))),
        ),
        dataclasses.replace(RULE_SET, plan_items=_replace_first(RULE_SET.plan_items, dose="daily")),
    ]
    hashes = {fingerprint(variant) for variant in variants}
    assert fingerprint(RULE_SET) not in hashes
    assert len(hashes) == len(variants)


def test_the_kind_of_condition_is_part_of_the_hash() -> None:
    """AtLeast("bmi", 30) and a look-alike record with the same fields must not collide."""

    @dataclasses.dataclass(frozen=True)
    class Above(AtLeast):
        pass

    rule = next(rule for rule in RULE_SET.scoring_rules if rule.id == "PF10")
    swapped = tuple(
        dataclasses.replace(item, condition=Above("bmi", 30)) if item is rule else item
        for item in RULE_SET.scoring_rules
    )
    assert fingerprint(dataclasses.replace(RULE_SET, scoring_rules=swapped)) != fingerprint(RULE_SET)


def test_bumping_the_declared_version_shows_in_the_version() -> None:
    assert version_of(dataclasses.replace(RULE_SET, declared_version="2027.1")).startswith("2027.1+")
