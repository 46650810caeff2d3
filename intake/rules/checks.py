"""Checks on the rule data itself, run when an engine is built: a misspelt key fails at import, loudly.

Every answer key and value a condition names must exist in the question contract, every row must cite
a known source, ids must be unique, and each scored pathway needs exactly one scale, gate and plan.
"""

from __future__ import annotations

from collections.abc import Iterable

from intake.rules.answers import accepts
from intake.rules.conditions import AtLeast, Below, Condition, Eligible, Is, Not, OneOf, ScoredPathway, leaves
from intake.rules.questions import QUESTIONS_BY_KEY, Kind
from intake.rules.records import Gate, RedFlagRule, RuleSet
from intake.rules.vocabulary import SCORED_PATHWAYS, Pathway, Urgency


class RuleSetInvalid(ValueError):
    """The rule data itself is wrong (a misspelt key, an unknown source...): fails at import, loudly."""


def _check_condition(where: str, condition: Condition, *, context_allowed: bool, negation_allowed: bool) -> None:
    for leaf in leaves(condition):
        if isinstance(leaf, Eligible | ScoredPathway):
            if not context_allowed:
                raise RuleSetInvalid(f"{where}: pathway conditions are only allowed in differential notes")
            continue
        key = getattr(leaf, "key", None)
        question = QUESTIONS_BY_KEY.get(key) if isinstance(key, str) else None
        if question is None:
            raise RuleSetInvalid(f"{where}: unknown answer key {key!r}")
        if isinstance(leaf, Is | OneOf):
            values = (leaf.value,) if isinstance(leaf, Is) else leaf.values
            for value in values:
                if not accepts(question.key, value):
                    raise RuleSetInvalid(f"{where}: {question.key} cannot be {value!r} ({question.allowed()})")
        elif isinstance(leaf, AtLeast | Below):
            if question.kind is not Kind.INT:
                raise RuleSetInvalid(f"{where}: {question.key} is not a whole number")
        else:
            raise RuleSetInvalid(f"{where}: unknown condition {type(leaf).__name__}")
    if not negation_allowed and _contains_not(condition):
        raise RuleSetInvalid(
            f"{where}: red-flag conditions may not use Not: no answer may ever cancel a red flag that other "
            "answers raise"
        )


def _contains_not(condition: Condition) -> bool:
    if isinstance(condition, Not):
        return True
    return any(_contains_not(part) for part in getattr(condition, "conditions", ()))


def check_rule_set(rule_set: RuleSet) -> None:
    """Raise ``RuleSetInvalid`` unless every key, value, source, id and plan item is consistent."""
    rows = _Rows(rule_set)
    _check_red_flags(rule_set, rows)
    _check_scores(rule_set, rows)
    _check_gates(rule_set, rows)
    _check_notes(rule_set, rows)
    _check_plans(rule_set, rows)
    _check_cautions(rule_set, rows)


class _Rows:
    """What every row of every table must respect: an id no other row has, and known sources."""

    def __init__(self, rule_set: RuleSet) -> None:
        self.source_ids = {source.id for source in rule_set.sources}
        self.seen_ids: set[str] = set()

    def unique(self, rule_id: str) -> None:
        if rule_id in self.seen_ids:
            raise RuleSetInvalid(f"duplicate rule id {rule_id}")
        self.seen_ids.add(rule_id)

    def sourced(self, where: str, sources: Iterable[str]) -> None:
        sources = tuple(sources)
        if not sources:
            raise RuleSetInvalid(f"{where}: every row needs a source (use NO-SOURCE for a design choice)")
        for source in sources:
            if source not in self.source_ids:
                raise RuleSetInvalid(f"{where}: unknown source {source!r}")


def _check_red_flags(rule_set: RuleSet, rows: _Rows) -> None:
    for flag in rule_set.red_flags:
        rows.unique(flag.id)
        rows.sourced(flag.id, flag.sources)
        _check_condition(flag.id, flag.condition, context_allowed=False, negation_allowed=False)
        if flag.key not in flag.condition.keys():
            raise RuleSetInvalid(f"{flag.id}: its key {flag.key} is not in its condition")
        if (flag.escalate_if is None) != (flag.escalate_to is None) or (
            flag.escalate_if is not None and not flag.escalated_advice
        ):
            raise RuleSetInvalid(f"{flag.id}: an escalation needs a condition, an urgency and its own advice")
        if flag.escalate_if is not None:
            _check_condition(flag.id, flag.escalate_if, context_allowed=False, negation_allowed=False)
        if flag.urgency is Urgency.ROUTINE or flag.escalate_to is Urgency.ROUTINE:
            raise RuleSetInvalid(f"{flag.id}: a red flag is never routine")
        if flag.escalate_to is not None and flag.escalate_to.rank <= flag.urgency.rank:
            raise RuleSetInvalid(f"{flag.id}: an escalation must raise the urgency")
        _check_softening(flag)


def _check_softening(flag: RedFlagRule) -> None:
    """Only an explicit answer may soften a flag: no Not, and softening must really lower it."""
    if flag.soften_if is None:
        if flag.soften_to is not None or flag.softened_advice:
            raise RuleSetInvalid(f"{flag.id}: soften_to and softened_advice need a soften_if")
        return
    _check_condition(flag.id, flag.soften_if, context_allowed=False, negation_allowed=False)
    if flag.soften_to is None:
        if flag.softened_advice:
            raise RuleSetInvalid(f"{flag.id}: a flag softened away has no patient advice")
    elif flag.soften_to is Urgency.ROUTINE or flag.soften_to.rank >= flag.urgency.rank or not flag.softened_advice:
        raise RuleSetInvalid(f"{flag.id}: softening must lower the urgency to a red-flag urgency, with its own advice")


def _check_scores(rule_set: RuleSet, rows: _Rows) -> None:
    scored = {scale.score for scale in rule_set.scales}
    if len(scored) != len(rule_set.scales) or {scale.pathway for scale in rule_set.scales} != set(SCORED_PATHWAYS):
        raise RuleSetInvalid("each scored pathway needs exactly one score scale")
    for scale in rule_set.scales:
        if scale.counted_when is not None:
            _check_condition(f"scale {scale.score}", scale.counted_when, context_allowed=False, negation_allowed=True)
    for rule in rule_set.scoring_rules:
        rows.unique(rule.id)
        rows.sourced(rule.id, rule.sources)
        _check_condition(rule.id, rule.condition, context_allowed=False, negation_allowed=True)
        if rule.score not in scored or rule.weight == 0:
            raise RuleSetInvalid(f"{rule.id}: needs a known score and a non-zero weight")


def _check_gates(rule_set: RuleSet, rows: _Rows) -> None:
    gated = [gate.pathway for gate in rule_set.gates]
    if sorted(gated) != sorted(SCORED_PATHWAYS):
        raise RuleSetInvalid("each scored pathway needs exactly one gate")
    scale_pathways = {scale.score: scale.pathway for scale in rule_set.scales}
    for gate in rule_set.gates:
        rows.unique(gate.id)
        rows.sourced(gate.id, gate.sources)
        _check_condition(gate.id, gate.requires, context_allowed=False, negation_allowed=True)
        if gate.ruled_out_by is not None:
            _check_condition(gate.id, gate.ruled_out_by, context_allowed=False, negation_allowed=True)
        scale_pathway = scale_pathways.get(gate.score)
        if scale_pathway is not gate.pathway:
            raise RuleSetInvalid(f"{gate.id}: its score {gate.score} speaks for {scale_pathway}, not {gate.pathway}")
        if gate.requires_eligible is not None and gate.requires_eligible not in gated:
            raise RuleSetInvalid(f"{gate.id}: depends on an ungated pathway")
    gates_in_dependency_order(rule_set)  # raises on a dependency cycle
    if sorted(rule_set.tie_break.order) != sorted(SCORED_PATHWAYS):
        raise RuleSetInvalid("the tie-break must order every scored pathway once")
    rows.sourced("tie-break", rule_set.tie_break.sources)
    if sorted(reason.pathway for reason in rule_set.tie_break.reasons) != sorted(SCORED_PATHWAYS):
        raise RuleSetInvalid("the tie-break needs one reason for every scored pathway")


def _check_notes(rule_set: RuleSet, rows: _Rows) -> None:
    for note in rule_set.notes:
        rows.unique(note.id)
        rows.sourced(note.id, note.sources)
        _check_condition(note.id, note.condition, context_allowed=True, negation_allowed=True)


def _check_plans(rule_set: RuleSet, rows: _Rows) -> None:
    """The plan items, the plans built from them and the items mixed pictures add."""
    item_ids = set()
    for item in rule_set.plan_items:
        rows.unique(item.id)
        rows.sourced(item.id, item.sources)
        item_ids.add(item.id)
    if sorted(plan.pathway for plan in rule_set.plans) != sorted(SCORED_PATHWAYS):
        raise RuleSetInvalid("each scored pathway needs exactly one plan")
    for plan in rule_set.plans:
        rows.sourced(f"plan {plan.pathway}", plan.sources)
        for item_id in plan.items:
            if item_id not in item_ids:
                raise RuleSetInvalid(f"plan {plan.pathway}: unknown item {item_id}")
    for mixed in rule_set.mixed_pictures:
        rows.unique(mixed.id)
        rows.sourced(mixed.id, mixed.sources)
        for item_id in mixed.add_items:
            if item_id not in item_ids:
                raise RuleSetInvalid(f"{mixed.id}: unknown item {item_id}")


def _check_cautions(rule_set: RuleSet, rows: _Rows) -> None:
    items = {item.id: item for item in rule_set.plan_items}
    for caution in rule_set.cautions:
        rows.unique(caution.id)
        rows.sourced(caution.id, caution.sources)
        _check_condition(caution.id, caution.condition, context_allowed=True, negation_allowed=True)
        for item_id in caution.items:
            if item_id not in items:
                raise RuleSetInvalid(f"{caution.id}: unknown item {item_id}")
            # The plan items' own staff text carries every caution about them, word for word.
            if caution.caution not in items[item_id].caution:
                raise RuleSetInvalid(f"{caution.id}: item {item_id} does not carry the caution in its staff text")


def gates_in_dependency_order(rule_set: RuleSet) -> tuple[Gate, ...]:
    """The gates, each after the gate it depends on (``requires_eligible``); raises on a cycle."""
    by_pathway = {gate.pathway: gate for gate in rule_set.gates}
    order: list[Gate] = []
    placed: set[Pathway] = set()
    visiting: set[Pathway] = set()

    def visit(gate: Gate) -> None:
        if gate.pathway in placed:
            return
        if gate.pathway in visiting:
            raise RuleSetInvalid("gates depend on each other in a cycle")
        visiting.add(gate.pathway)
        if gate.requires_eligible is not None:
            visit(by_pathway[gate.requires_eligible])
        order.append(gate)
        placed.add(gate.pathway)

    for gate in rule_set.gates:
        visit(gate)
    return tuple(order)
