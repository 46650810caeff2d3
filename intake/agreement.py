"""The rules review's figures: where the rules and the physiotherapists agree, per rules version.

Pure computation over rows the selectors read (``selectors.rules_review_data``): no queries here, so
the page's query count does not grow with the number of cases and the figures are tested on
hand-computed data. Every proportion carries its counts and a 95 % Wilson score interval; below a
minimum number of cases it is marked "too few cases" and no percentage is shown.

What is compared: the pathway the rules' scores chose (``scored_pathway``: for a red-flag case, the
pathway the scores pointed to; red flags are reviewed on their own) with the working diagnosis of a
signed first visit (one of the four pathways, or "other").
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from intake.models import (
    Differential,
    OverrideReason,
    QueuePriority,
    ReferralDestination,
    ReferralOutcome,
    Urgency,
    WorkingDiagnosis,
)
from intake.rules import Pathway

# Below this many cases a proportion says "too few cases" rather than a percentage.
MINIMUM_CASES = 20
Z_95 = 1.959963984540054  # the normal quantile for a two-sided 95 % interval

_DIAGNOSIS_LABELS = {**dict(WorkingDiagnosis.choices), WorkingDiagnosis.OTHER: "Other"}
_DIFFERENTIAL_LABELS = dict(Differential.choices)
_OVERRIDE_LABELS = dict(OverrideReason.choices)
_REFERRAL_LABELS = dict(ReferralDestination.choices)
_URGENCY_LABELS = dict(Urgency.choices)
_UNACKNOWLEDGED = {QueuePriority.EMERGENCY_UNACKNOWLEDGED, QueuePriority.URGENT_UNACKNOWLEDGED}
# The rows of the confusion table: every pathway the scores can choose.
SUGGESTIONS: tuple[str, ...] = (
    Pathway.PF_COMPENSATION.value,
    Pathway.PF_ONLY.value,
    Pathway.HAMSTRING_STRAIN.value,
    Pathway.SCIATICA.value,
    Pathway.INSUFFICIENT.value,
)
DIAGNOSES: tuple[str, ...] = tuple(WorkingDiagnosis.values)


def wilson(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (Wilson 1927): sound near 0 and 1 and for small counts."""
    if total == 0:
        return (0.0, 1.0)
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Figure:
    """``count`` of ``total`` cases, with its 95 % interval; "too few cases" below ``minimum``."""

    count: int
    total: int
    minimum: int = MINIMUM_CASES

    @property
    def too_few(self) -> bool:
        return self.total < self.minimum

    @property
    def share(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.count, self.total)

    @property
    def percent(self) -> str:
        return "" if self.share is None else f"{100 * self.share:.0f} %"

    @property
    def interval_words(self) -> str:
        low, high = self.interval
        return f"{100 * low:.0f}–{100 * high:.0f} %"

    def __str__(self) -> str:
        if self.too_few:
            return f"{self.count} of {self.total}: too few cases"
        return f"{self.percent} ({self.count} of {self.total}; 95 % CI {self.interval_words})"


# --- Input rows, as the selectors read them ------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewedCase:
    """A case with a signed first visit."""

    rules_version: str
    scored_pathway: str
    working_diagnosis: str
    differential: str
    fired: frozenset[str]  # scoring rules and red flags that fired


@dataclass(frozen=True)
class RedFlagCase:
    rules_version: str
    urgency: str
    submitted_at: datetime
    first_acknowledged_at: datetime | None
    queue_priority: int
    referred_to: str
    flags: frozenset[str] = frozenset()  # the red-flag rules that fired (latest assessment)
    finding: str = ""  # what the referral found (ReferralOutcome), "" when nobody has recorded it


def red_flag_rules_of(result: Mapping | None) -> frozenset[str]:
    """The red-flag rules that fired, from a stored assessment snapshot (its JSON)."""
    return frozenset(flag["rule"] for flag in (result or {}).get("red_flags", ()))


def reviewed_case_from_result(
    *, rules_version: str, result: Mapping, working_diagnosis: str, differential: str
) -> ReviewedCase:
    """A reviewed case from a stored assessment snapshot (its JSON)."""
    fired = {sign["rule"] for entry in result.get("ranking", ()) for sign in (*entry["for"], *entry["against"])}
    fired |= {flag["rule"] for flag in result.get("red_flags", ())}
    return ReviewedCase(
        rules_version=rules_version,
        scored_pathway=result.get("scored_pathway") or result.get("pathway", ""),
        working_diagnosis=working_diagnosis,
        differential=differential,
        fired=frozenset(fired),
    )


# --- Output ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledFigure:
    label: str
    figure: Figure


@dataclass(frozen=True)
class RuleFiring:
    rule: str
    in_agreeing: Figure
    in_disagreeing: Figure

    @property
    def difference(self) -> float:
        """Share of disagreeing cases minus share of agreeing cases it fired in (higher: more suspect)."""
        return (self.in_disagreeing.share or 0.0) - (self.in_agreeing.share or 0.0)


@dataclass(frozen=True)
class RedFlagOutcome:
    urgency: str
    label: str
    cases: int
    all_acknowledged: Figure
    median_minutes: float | None
    p90_minutes: float | None
    referred: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ReferralFindings:
    """What the referrals of the cases one red-flag rule raised found: confirmed, not confirmed, unknown
    (not known yet, or nothing recorded). ``confirmed`` is the share confirmed among known outcomes."""

    rule: str
    cases: int
    confirmed_count: int
    not_confirmed: int
    unknown: int
    confirmed: Figure
    recorded: Figure  # cases with a known outcome, of all the cases the rule raised


@dataclass
class VersionReview:
    version: str
    cases: int = 0
    agreement: Figure = field(default_factory=lambda: Figure(0, 0))
    by_suggestion: list[LabelledFigure] = field(default_factory=list)
    by_diagnosis: list[LabelledFigure] = field(default_factory=list)
    confusion_columns: tuple[str, ...] = ()
    confusion: list[tuple[str, list[int], int]] = field(default_factory=list)
    other_diagnoses: list[tuple[str, int]] = field(default_factory=list)
    rules: list[RuleFiring] = field(default_factory=list)
    overrides: list[tuple[str, int]] = field(default_factory=list)
    red_flags: list[RedFlagOutcome] = field(default_factory=list)
    referral_findings: list[ReferralFindings] = field(default_factory=list)


def _label(pathway: str) -> str:
    try:
        return Pathway(pathway).label
    except ValueError:
        return _DIAGNOSIS_LABELS.get(pathway, pathway)


def review(
    reviewed: Iterable[ReviewedCase],
    *,
    overrides: Iterable[tuple[str, str, int]] = (),
    red_flags: Iterable[RedFlagCase] = (),
    minimum: int = MINIMUM_CASES,
) -> list[VersionReview]:
    """One review per rules version, the version with most reviewed cases first.

    ``overrides``: (rules version, reason, number of cases). ``red_flags``: every urgent or emergency case.
    """
    by_version: dict[str, list[ReviewedCase]] = defaultdict(list)
    for case in reviewed:
        by_version[case.rules_version].append(case)
    override_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for version, reason, count in overrides:
        override_counts[version][reason] += count
    flag_cases: dict[str, list[RedFlagCase]] = defaultdict(list)
    for flag_case in red_flags:
        flag_cases[flag_case.rules_version].append(flag_case)
    versions = sorted(
        set(by_version) | set(override_counts) | set(flag_cases),
        key=lambda version: (-len(by_version.get(version, ())), version),
    )
    return [
        _version_review(
            version, by_version.get(version, []), override_counts.get(version, Counter()), flag_cases.get(version, []),
            minimum,
        )
        for version in versions
    ]  # fmt: skip


def _version_review(
    version: str, cases: list[ReviewedCase], overrides: Counter[str], flag_cases: list[RedFlagCase], minimum: int
) -> VersionReview:
    agreeing = [case for case in cases if case.scored_pathway == case.working_diagnosis]
    disagreeing = [case for case in cases if case.scored_pathway != case.working_diagnosis]
    result = VersionReview(version=version, cases=len(cases), agreement=Figure(len(agreeing), len(cases), minimum))
    result.by_suggestion = _agreement_by_suggestion(cases, minimum)
    result.by_diagnosis = _agreement_by_diagnosis(cases, minimum)
    result.confusion_columns = tuple(_DIAGNOSIS_LABELS[diagnosis] for diagnosis in DIAGNOSES)
    result.confusion = _confusion_rows(cases)
    others = Counter(case.differential or "" for case in cases if case.working_diagnosis == WorkingDiagnosis.OTHER)
    result.other_diagnoses = [
        (_DIFFERENTIAL_LABELS.get(code, "Described in words"), count) for code, count in others.most_common()
    ]
    result.rules = _rule_firings(agreeing, disagreeing, minimum)
    result.overrides = [(_OVERRIDE_LABELS.get(reason, reason), count) for reason, count in overrides.most_common()]
    result.red_flags = _red_flag_outcomes(flag_cases, minimum)
    result.referral_findings = referral_findings(flag_cases, minimum)
    return result


def _agreement_by_suggestion(cases: list[ReviewedCase], minimum: int) -> list[LabelledFigure]:
    """For each suggested pathway: how often the working diagnosis agreed."""
    figures = []
    for pathway in SUGGESTIONS:
        suggested = [case for case in cases if case.scored_pathway == pathway]
        if suggested:
            agree = sum(case.working_diagnosis == pathway for case in suggested)
            figures.append(LabelledFigure(_label(pathway), Figure(agree, len(suggested), minimum)))
    return figures


def _agreement_by_diagnosis(cases: list[ReviewedCase], minimum: int) -> list[LabelledFigure]:
    """For each working diagnosis (other than "other"): how often the rules had suggested it."""
    figures = []
    for diagnosis in DIAGNOSES:
        diagnosed = [case for case in cases if case.working_diagnosis == diagnosis]
        if diagnosed and diagnosis != WorkingDiagnosis.OTHER:
            found = sum(case.scored_pathway == diagnosis for case in diagnosed)
            figures.append(LabelledFigure(_label(diagnosis), Figure(found, len(diagnosed), minimum)))
    return figures


def _confusion_rows(cases: list[ReviewedCase]) -> list[tuple[str, list[int], int]]:
    """One row per suggested pathway: the count of each working diagnosis, and the row's total."""
    table = Counter((case.scored_pathway, case.working_diagnosis) for case in cases)
    rows = []
    for pathway in SUGGESTIONS:
        counts = [table[(pathway, diagnosis)] for diagnosis in DIAGNOSES]
        if sum(counts):
            rows.append((_label(pathway), counts, sum(counts)))
    return rows


def _rule_firings(agreeing: list[ReviewedCase], disagreeing: list[ReviewedCase], minimum: int) -> list[RuleFiring]:
    """How often each rule fired in agreeing and in disagreeing cases, the most lopsided first."""
    fired_agreeing = Counter(rule for case in agreeing for rule in case.fired)
    fired_disagreeing = Counter(rule for case in disagreeing for rule in case.fired)
    return sorted(
        (
            RuleFiring(
                rule,
                Figure(fired_agreeing[rule], len(agreeing), minimum),
                Figure(fired_disagreeing[rule], len(disagreeing), minimum),
            )
            for rule in set(fired_agreeing) | set(fired_disagreeing)
        ),
        key=lambda firing: (-firing.difference, firing.rule),
    )


def _red_flag_outcomes(flag_cases: list[RedFlagCase], minimum: int) -> list[RedFlagOutcome]:
    outcomes = []
    for urgency in (Urgency.EMERGENCY, Urgency.URGENT):
        cases = [case for case in flag_cases if case.urgency == urgency]
        if not cases:
            continue
        minutes = sorted(
            (case.first_acknowledged_at - case.submitted_at).total_seconds() / 60
            for case in cases
            if case.first_acknowledged_at is not None
        )
        acknowledged = sum(case.queue_priority not in _UNACKNOWLEDGED for case in cases)
        referred = Counter(case.referred_to for case in cases if case.referred_to)
        outcomes.append(
            RedFlagOutcome(
                urgency=urgency,
                label=_URGENCY_LABELS[urgency],
                cases=len(cases),
                all_acknowledged=Figure(acknowledged, len(cases), minimum),
                median_minutes=statistics.median(minutes) if minutes else None,
                p90_minutes=_percentile(minutes, 0.9) if minutes else None,
                referred=tuple(
                    (_REFERRAL_LABELS.get(destination, destination), count)
                    for destination, count in referred.most_common()
                ),
            )
        )
    return outcomes


def referral_findings(flag_cases: Iterable[RedFlagCase], minimum: int = MINIMUM_CASES) -> list[ReferralFindings]:
    """Per red-flag rule, what the referrals found; the rule with most cases first."""
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    for case in flag_cases:
        for rule in case.flags:
            outcomes[rule][case.finding or ReferralOutcome.NOT_KNOWN_YET] += 1
    rows = []
    for rule, counts in outcomes.items():
        confirmed, not_confirmed = counts[ReferralOutcome.CONFIRMED], counts[ReferralOutcome.NOT_CONFIRMED]
        cases = sum(counts.values())
        rows.append(
            ReferralFindings(
                rule=rule,
                cases=cases,
                confirmed_count=confirmed,
                not_confirmed=not_confirmed,
                unknown=counts[ReferralOutcome.NOT_KNOWN_YET],
                confirmed=Figure(confirmed, confirmed + not_confirmed, minimum),
                recorded=Figure(confirmed + not_confirmed, cases, minimum),
            )
        )
    return sorted(rows, key=lambda row: (-row.cases, row.rule))


def _percentile(ordered: list[float], fraction: float) -> float:
    """The nearest-rank percentile of sorted values."""
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def minutes_words(minutes: float | None) -> str:
    """ "45 min", "3 h 20 min", "2 d 4 h"; an em dash when there is nothing to say."""
    if minutes is None:
        return "—"
    whole = int(round(minutes))
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    if hours < 48:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
