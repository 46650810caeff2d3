"""The differentiating-signs engine: answers in, an explained suggestion out.

Order of reasoning (README 7.2, as amended in ``data.py``):

1. Red flags first. Any red flag makes the pathway ``urgent_referral`` with the highest urgency, no
   self-care plan and the patient advice of every flag, most urgent first. Scoring can never outvote
   it; the ranking is still computed for the physiotherapist. A flag escalates when its
   ``escalate_if`` holds; otherwise an explicit answer (``soften_if``) may lower it or stop it.
2. Every pathway gets its score, with the signs for it and against it.
3. Gates and the tie-break choose the pathway; too little to go on gives ``insufficient``.
4. Questions to ask: the unanswered keys that, answered on their own, could change the pathway or
   raise a red flag (or its urgency), so staff know what to ask at the first visit.
5. Differential notes and plan cautions for staff, and why the suggested pathway won when several
   qualified.

Pure Python on purpose (no Django): it is reused by views, admin and ``manage.py assess``, and tested
in milliseconds without a database.

Speed (``bench/bench_engine.py``: at least 20,000 assessments a second without questions to ask, one
with them well under 2 ms). Almost every rule reads a single answer, so when the engine is built each
such rule is filed under the answers that make it true, and assessing looks up each given answer
once. Rules over several answers call ``Condition.evaluate``. Questions to ask are found by brute
force: each unanswered key is tried with every answer the rules can tell apart, and the scores and
red flags are worked out again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from intake.rules.answers import validate
from intake.rules.checks import check_rule_set, gates_in_dependency_order
from intake.rules.conditions import All, Any, Condition, Not, ScoringContext, Truth, leaves
from intake.rules.data import RULE_SET
from intake.rules.questions import QUESTIONS, AnswerValue, domain
from intake.rules.records import RedFlagRule, RuleSet, Score
from intake.rules.result import Caution, Note, PathwayScore, QuestionToAsk, RedFlag, Result, Sign
from intake.rules.version import version_of
from intake.rules.vocabulary import Pathway, Urgency


@dataclass(frozen=True, slots=True)
class _ScoringSign:
    """A scoring rule as the engine uses it: which score it moves and where its sign is listed."""

    score: int  # position of its scale in ``RuleSet.scales``
    order: int  # signs are listed strongest first, then in the order of the rule table
    sign: Sign


@dataclass(slots=True)
class _AnswerEffects:
    """What one answer (a key and its value) does on its own."""

    signs: list[_ScoringSign] = field(default_factory=list)
    red_flags: list[int] = field(default_factory=list)  # positions in ``RuleSet.red_flags``


@dataclass(frozen=True, slots=True)
class _RedFlagWordings:
    """One red flag as it reads plain, escalated and softened, with the answers that choose between them."""

    escalate_if: Condition | None
    soften_if: Condition | None
    plain: RedFlag
    escalated: RedFlag | None
    softened: RedFlag | None  # None: softening stops the flag

    @classmethod
    def of(cls, flag: RedFlagRule) -> _RedFlagWordings:
        plain = RedFlag(flag.id, flag.key, flag.urgency, flag.advice, flag.staff_explanation, flag.sources, False)
        escalated = None
        if flag.escalate_to is not None:
            escalated = RedFlag(
                flag.id,
                flag.key,
                flag.escalate_to,
                flag.escalated_advice,
                flag.staff_explanation,
                flag.sources,
                True,
            )
        softened = None
        if flag.soften_to is not None:
            softened = RedFlag(
                flag.id,
                flag.key,
                flag.soften_to,
                flag.softened_advice,
                flag.staff_explanation,
                flag.sources,
                False,
                True,
            )
        return cls(flag.escalate_if, flag.soften_if, plain, escalated, softened)

    def for_answers(self, answers: dict[str, AnswerValue]) -> RedFlag | None:
        """The flag as these answers word it, or None when an explicit answer says it does not apply."""
        if self.escalated is not None and self.escalate_if is not None and self.escalate_if.evaluate(answers) is True:
            return self.escalated
        if self.soften_if is not None and self.soften_if.evaluate(answers) is True:
            return self.softened
        return self.plain


@dataclass(slots=True)
class _Evaluation:
    """What the scores and red flags come to for one set of answers, before anything is worded."""

    points: list[int]  # per scale: every sign that fired, summed, whether or not the scale is counted
    signs: list[_ScoringSign]  # every scoring rule that fired
    counted: list[bool]  # per scale: whether its score counts (its counted_when is definitely true)
    eligible: dict[Pathway, bool]  # per gated pathway
    scored_pathway: Pathway
    red_flags: list[RedFlag]  # the flags that fired, in rule order, escalated or softened where that is true


class Engine:
    """A checked rule set, ready to assess. The module builds ``RULE_SET`` once, at import, into ``ENGINE``."""

    def __init__(self, rule_set: RuleSet) -> None:
        check_rule_set(rule_set)
        self.rule_set = rule_set
        self.version = version_of(rule_set)
        self._scales = rule_set.scales
        score_position = {scale.score: position for position, scale in enumerate(rule_set.scales)}
        self._gates = tuple((gate, score_position[gate.score]) for gate in gates_in_dependency_order(rule_set))
        self._thresholds = {score_position[gate.score]: gate.threshold for gate in rule_set.gates}
        self._tie_break = rule_set.tie_break.order
        # What each single answer does on its own; rules over several answers are kept aside.
        self._effects: dict[tuple[str, AnswerValue], _AnswerEffects] = {}
        self._signs_on_several_answers: list[tuple[_ScoringSign, Condition]] = []
        # Each with the answers it cannot be true without: it is only evaluated when they are all given.
        self._flags_on_several_answers: list[tuple[int, Condition, frozenset[str]]] = []
        self._file_scoring_rules(rule_set, score_position)
        self._file_red_flags(rule_set)
        self._notes = tuple(
            (note.condition, Note(note.id, note.note, note.sources), _needed_keys(note.condition))
            for note in rule_set.notes
        )
        self._cautions = rule_set.cautions
        self._reasons = {reason.pathway: reason for reason in rule_set.tie_break.reasons}
        self._trial_answers = _answers_worth_trying(rule_set)
        self._flag_order = [flag.id for flag in rule_set.red_flags]

    def _file_scoring_rules(self, rule_set: RuleSet, score_position: Mapping[Score, int]) -> None:
        rules = rule_set.scoring_rules
        display = sorted(range(len(rules)), key=lambda position: (-abs(rules[position].weight), position))
        for order, position in enumerate(display):
            rule = rules[position]
            keys = rule.condition.keys()
            sign = Sign(rule.id, tuple(sorted(keys)), rule.weight, rule.staff_explanation, rule.sources)
            scoring_sign = _ScoringSign(score_position[rule.score], order, sign)
            if len(keys) == 1:
                for answer in _answers_that_make_true(rule.condition):
                    self._effects.setdefault(answer, _AnswerEffects()).signs.append(scoring_sign)
            else:
                self._signs_on_several_answers.append((scoring_sign, rule.condition))

    def _file_red_flags(self, rule_set: RuleSet) -> None:
        self._red_flag_wordings = tuple(_RedFlagWordings.of(flag) for flag in rule_set.red_flags)
        for index, flag in enumerate(rule_set.red_flags):
            if len(flag.condition.keys()) == 1:
                for answer in _answers_that_make_true(flag.condition):
                    self._effects.setdefault(answer, _AnswerEffects()).red_flags.append(index)
            else:
                self._flags_on_several_answers.append((index, flag.condition, _needed_keys(flag.condition)))

    # -- assessing ---------------------------------------------------------------------------------

    def assess(self, answers: Mapping[str, object]) -> Result:
        """Validate (unless already validated) and assess one patient's answers."""
        data = validate(answers).as_dict()
        evaluation = self._evaluate(data)
        return self._result(data, evaluation, self._questions(data, evaluation))

    def assess_without_questions(self, answers: Mapping[str, object]) -> Result:
        """The same result with ``questions_to_ask`` left empty (for bulk re-scoring and for tests)."""
        data = validate(answers).as_dict()
        return self._result(data, self._evaluate(data), ())

    def triage(self, answers: Mapping[str, object]) -> tuple[Pathway, Urgency]:
        """Only the suggested pathway and urgency: ``assess(answers).pathway`` and ``.urgency``, without
        building the explained result (the batch path of ``manage.py whatif``, about three times faster)."""
        evaluation = self._evaluate(validate(answers).as_dict())
        if evaluation.red_flags:
            return Pathway.URGENT_REFERRAL, max((flag.urgency for flag in evaluation.red_flags), key=_rank)
        return evaluation.scored_pathway, Urgency.ROUTINE

    def questions_to_ask(self, answers: Mapping[str, object]) -> tuple[QuestionToAsk, ...]:
        """Only the questions to ask (``assess`` already includes them in its result)."""
        data = validate(answers).as_dict()
        return self._questions(data, self._evaluate(data))

    def _evaluate(self, answers: dict[str, AnswerValue]) -> _Evaluation:
        signs, fired = self._rules_that_fire(answers)
        points = [0] * len(self._scales)
        for scoring_sign in signs:
            points[scoring_sign.score] += scoring_sign.sign.weight
        counted = [scale.counted_when is None or scale.counted_when.evaluate(answers) is True for scale in self._scales]
        eligible = self._eligibility(answers, points, counted)
        scored_pathway = next((pathway for pathway in self._tie_break if eligible[pathway]), Pathway.INSUFFICIENT)
        worded = (self._red_flag_wordings[index].for_answers(answers) for index in sorted(fired))
        red_flags = [flag for flag in worded if flag is not None]
        return _Evaluation(points, signs, counted, eligible, scored_pathway, red_flags)

    def _rules_that_fire(self, answers: dict[str, AnswerValue]) -> tuple[list[_ScoringSign], list[int]]:
        """The scoring signs that fire, and the red flags that fire (positions in ``RuleSet.red_flags``)."""
        signs: list[_ScoringSign] = []
        fired: list[int] = []
        for answer in answers.items():
            effects = self._effects.get(answer)
            if effects is not None:
                signs += effects.signs
                fired += effects.red_flags
        for scoring_sign, condition in self._signs_on_several_answers:
            if condition.evaluate(answers) is True:
                signs.append(scoring_sign)
        for index, condition, needed in self._flags_on_several_answers:
            if needed <= answers.keys() and condition.evaluate(answers) is True:
                fired.append(index)
        return signs, fired

    def _eligibility(
        self, answers: dict[str, AnswerValue], points: list[int], counted: list[bool]
    ) -> dict[Pathway, bool]:
        """Per gated pathway: whether its gate lets it through."""
        eligible: dict[Pathway, bool] = {}
        for gate, score in self._gates:  # a gate comes after the gate it depends on
            eligible[gate.pathway] = (
                points[score] >= gate.threshold
                and counted[score]
                and (gate.requires_eligible is None or eligible[gate.requires_eligible])
                and gate.requires.evaluate(answers) is True
                # An unanswered key never rules a pathway out.
                and (gate.ruled_out_by is None or gate.ruled_out_by.evaluate(answers) is not True)
            )
        return eligible

    def _result(
        self, answers: dict[str, AnswerValue], evaluation: _Evaluation, questions: tuple[QuestionToAsk, ...]
    ) -> Result:
        # Most urgent first; sorted() is stable, so rule order is kept within an urgency.
        red_flags = tuple(sorted(evaluation.red_flags, key=lambda flag: -flag.urgency.rank))
        scored = evaluation.scored_pathway
        # A red flag decides the pathway, and no self-care plan is offered with it.
        pathway = Pathway.URGENT_REFERRAL if red_flags else scored
        plan = () if red_flags else self._plan_for(scored, evaluation.eligible)
        context = ScoringContext(evaluation.eligible, scored)
        cautions = []
        for caution in self._cautions:
            items = tuple(item for item in caution.items if item in plan)
            if items and caution.condition.evaluate(answers, context) is True:
                cautions.append(Caution(caution.id, items, caution.caution, caution.sources))
        return Result(
            pathway=pathway,
            urgency=red_flags[0].urgency if red_flags else Urgency.ROUTINE,
            ranking=self._ranking(evaluation),
            red_flags=red_flags,
            plan=plan,
            notes=tuple(
                note
                for condition, note, needed in self._notes
                if needed <= answers.keys() and condition.evaluate(answers, context) is True
            ),
            questions_to_ask=questions,
            scored_pathway=scored,
            version=self.version,
            cautions=tuple(cautions),
            choice_explanation=self._choice_explanation(evaluation.eligible, scored),
        )

    def _choice_explanation(self, eligible: Mapping[Pathway, bool], scored: Pathway) -> str:
        """Why the suggested pathway won, in words, when several qualified (empty otherwise)."""
        qualifying = [pathway for pathway in self._tie_break if eligible[pathway]]
        if len(qualifying) < 2:
            return ""
        names = [self._reasons[pathway].name for pathway in qualifying]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        chosen = self._reasons[scored]
        order = ", then ".join(self._reasons[pathway].name for pathway in self._tie_break)
        words = [
            f"{_capitalised(listed)} {'both' if len(names) == 2 else 'all'} qualify.",
            f"{_capitalised(chosen.name)} is suggested because {chosen.reason}.",
            f"When several qualify the order is {order}; the ranking still shows the others.",
        ]
        for mixed in self.rule_set.mixed_pictures:
            if mixed.primary is scored and eligible[mixed.also_eligible]:
                words.append(mixed.staff_explanation)
        return " ".join(words)

    def _ranking(self, evaluation: _Evaluation) -> tuple[PathwayScore, ...]:
        signs: list[list[Sign]] = [[] for _ in self._scales]
        for scoring_sign in sorted(evaluation.signs, key=lambda scoring_sign: scoring_sign.order):
            signs[scoring_sign.score].append(scoring_sign.sign)
        entries = []
        for score, scale in enumerate(self._scales):
            if evaluation.counted[score]:
                entry = PathwayScore(
                    scale.pathway,
                    evaluation.points[score],
                    self._thresholds[score],
                    evaluation.eligible[scale.pathway],
                    tuple(sign for sign in signs[score] if sign.weight > 0),
                    tuple(sign for sign in signs[score] if sign.weight < 0),
                )
            else:  # a score that is not counted shows 0 points and no signs
                entry = PathwayScore(scale.pathway, 0, self._thresholds[score], False, (), ())
            entries.append(entry)
        tie = self._tie_break.index
        scored = evaluation.scored_pathway

        # The chosen pathway first, then the other eligible ones in tie-break order, then by score.
        def place(entry: PathwayScore) -> tuple[bool, bool, int, int]:
            position = tie(entry.pathway)
            return (
                entry.pathway is not scored,
                not entry.eligible,
                position if entry.eligible else -entry.score,
                position,
            )

        return tuple(sorted(entries, key=place))

    def _plan_for(self, pathway: Pathway, eligible: Mapping[Pathway, bool]) -> tuple[str, ...]:
        plan = next((plan for plan in self.rule_set.plans if plan.pathway is pathway), None)
        if plan is None:
            return ()  # insufficient: the physiotherapist contacts the patient
        items = plan.items
        for mixed in self.rule_set.mixed_pictures:
            if mixed.primary is pathway and eligible[mixed.also_eligible]:
                items = items + tuple(item for item in mixed.add_items if item not in items)
        return items

    def _questions(self, answers: dict[str, AnswerValue], evaluation: _Evaluation) -> tuple[QuestionToAsk, ...]:
        """Each unanswered key, tried with every answer the rules can tell apart: does one change the outcome?

        A red flag counts when it fires or reaches a higher urgency (raised), or when an explicit answer
        lowers or stops it (softened). The pathway counts while no red flag decides it, and when an
        answer would soften every red flag away.
        """
        questions = (
            self._question(key, values, answers, evaluation)
            for key, values in self._trial_answers.items()
            if key not in answers
        )
        return tuple(question for question in questions if question is not None)

    def _question(
        self, key: str, values: tuple[AnswerValue, ...], answers: dict[str, AnswerValue], evaluation: _Evaluation
    ) -> QuestionToAsk | None:
        """What answering ``key`` with each of ``values`` could change; None when nothing would."""
        raised = {flag.rule: flag.urgency.rank for flag in evaluation.red_flags}
        pathways: set[Pathway] = set()
        flags: set[str] = set()
        softened: set[str] = set()
        for value in values:
            trial = self._evaluate({**answers, key: value})
            trial_flags = {flag.rule: flag.urgency.rank for flag in trial.red_flags}
            flags.update(rule for rule, rank in trial_flags.items() if rank > raised.get(rule, 0))
            softened.update(rule for rule, rank in raised.items() if trial_flags.get(rule, 0) < rank)
            if raised:
                if not trial_flags:  # every flag softened away: the scores decide again
                    pathways.add(trial.scored_pathway)
            elif trial.scored_pathway is not evaluation.scored_pathway:
                pathways.add(trial.scored_pathway)
        if not (pathways or flags or softened):
            return None
        return QuestionToAsk(
            key,
            tuple(sorted(pathways, key=self._tie_break_position)),
            tuple(sorted(flags, key=self._flag_order.index)),
            tuple(sorted(softened, key=self._flag_order.index)),
        )

    def _tie_break_position(self, pathway: Pathway) -> int:
        """Where the tie-break puts a pathway; ``insufficient`` after every scored one."""
        return self._tie_break.index(pathway) if pathway in self._tie_break else len(self._tie_break)


def _needed_keys(condition: Condition, *, to_be: bool = True) -> frozenset[str]:
    """The answer keys without which a condition can never be definitely ``to_be`` (a shortcut for the
    engine, never a change in meaning: three-valued logic needs an answer to decide anything)."""
    if isinstance(condition, All | Any):
        parts = [_needed_keys(part, to_be=to_be) for part in condition.conditions]
        # All true / Any false: every part decides; All false / Any true: any one part may.
        every_part = isinstance(condition, All) == to_be
        return frozenset().union(*parts) if every_part else frozenset.intersection(*parts)
    if isinstance(condition, Not):
        return _needed_keys(condition.condition, to_be=not to_be)
    return condition.keys()


def _rank(urgency: Urgency) -> int:
    return urgency.rank


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _answers_that_make_true(condition: Condition) -> list[tuple[str, AnswerValue]]:
    """For a condition on one key: every (key, value) answer that makes it true."""
    (key,) = condition.keys()
    return [(key, value) for value in domain(key) if condition.evaluate({key: value}) is True]


def _answers_worth_trying(rule_set: RuleSet) -> dict[str, tuple[AnswerValue, ...]]:
    """Per key, in question order, one value for each different way the rules can read that key.

    Rules read a key only through single-key predicates (``Is``, ``AtLeast``...), so two values that
    every such predicate judges alike lead to the same outcome: ``age`` needs one value on each side
    of 16, not 99. A key no red flag, scale, scoring rule or gate reads is never worth asking.
    """
    conditions: list[Condition | None] = []
    for flag in rule_set.red_flags:
        conditions += [flag.condition, flag.escalate_if, flag.soften_if]
    conditions += [scale.counted_when for scale in rule_set.scales]
    conditions += [rule.condition for rule in rule_set.scoring_rules]
    for gate in rule_set.gates:
        conditions += [gate.requires, gate.ruled_out_by]
    predicates = [leaf for condition in conditions if condition is not None for leaf in leaves(condition)]
    worth_trying = {}
    for question in QUESTIONS:
        reading = [predicate for predicate in predicates if question.key in predicate.keys()]
        if not reading:
            continue
        by_reading: dict[tuple[Truth, ...], AnswerValue] = {}
        for value in domain(question.key):
            by_reading.setdefault(tuple(predicate.evaluate({question.key: value}) for predicate in reading), value)
        worth_trying[question.key] = tuple(by_reading.values())
    return worth_trying


# --- The public functions --------------------------------------------------------------------------

ENGINE = Engine(RULE_SET)
RULES_VERSION: str = ENGINE.version


def assess(answers: Mapping[str, object]) -> Result:
    """Assess one patient's answers (a mapping of contract keys; missing keys are unanswered).

    Raises ``AnswersInvalid`` for answers that break the contract.
    """
    return ENGINE.assess(answers)


def questions_to_ask(answers: Mapping[str, object]) -> tuple[QuestionToAsk, ...]:
    """Only the questions to ask (``assess`` already includes them in its result)."""
    return ENGINE.questions_to_ask(answers)
