"""Benchmark of the differentiating-signs engine over the worked-case corpus (not a test).

    .venv/bin/python bench/bench_engine.py [--seconds 2] [--rounds 5]

Prints assessments per second on one core and microseconds per assessment, against the goals of
issue 11: batch re-assessment without questions to ask at 20,000 or more a second (re-running a
clinic's whole history under a candidate rule set), and one full assessment with its questions to
ask under 2 ms (checked on the slowest corpus case and on an empty questionnaire). Each round runs
for ``--seconds`` of this process's CPU time, so other programs busy on the same machine slow the
wall clock but not the figure; the best round and the median are both reported. Exits 1 if a goal
is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake.rules import ENGINE, RULES_VERSION, validate  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def pin_to_one_core() -> str:
    """Run on a single CPU, so the figure is per core whatever the machine."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this platform)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def rate(function: Callable[[Mapping[str, object]], object], cases: list, seconds: float) -> float:
    calls = 0
    start = time.process_time()
    deadline = start + seconds
    while time.process_time() < deadline:
        for answers in cases:
            function(answers)
        calls += len(cases)
    return calls / (time.process_time() - start)


GOAL_BATCH_PER_SECOND = 20_000  # without questions to ask
GOAL_ONE_WITH_QUESTIONS_US = 2_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one round (default 2)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per measurement (default 5)")
    options = parser.parse_args()

    cases = [json.loads(path.read_text(encoding="utf-8"))["answers"] for path in sorted(CORPUS.glob("*.json"))]
    validated = [validate(answers) for answers in cases]
    answered = sum(len(answers) for answers in cases) / len(cases)
    print(f"rules {RULES_VERSION}; {len(cases)} corpus cases, {answered:.1f} answers each on average")
    print(f"python {sys.version.split()[0]}; {pin_to_one_core()}")

    measurements = (
        ("assess(dict), questions included", ENGINE.assess, cases),
        ("assess(validated Answers)", ENGINE.assess, validated),
        ("assess without questions to ask", ENGINE.assess_without_questions, cases),
        ("validate only", validate, cases),
    )
    gc.collect()
    medians = {}
    for label, function, inputs in measurements:
        rate(function, inputs, 0.2)  # warm up
        rates = [rate(function, inputs, options.seconds) for _ in range(options.rounds)]
        best, median = max(rates), statistics.median(rates)
        medians[label] = median
        print(
            f"{label:36} best {best:9,.0f}/s ({1e6 / best:6.1f} us each)"
            f"   median {median:9,.0f}/s ({1e6 / median:6.1f} us each)"
        )

    # The slowest single case with questions to ask: the fewer the answers, the more keys to try.
    seconds = options.seconds / len(cases)
    slowest_us, slowest = max(
        (1e6 / statistics.median(rate(ENGINE.assess, [answers], seconds) for _ in range(3)), index)
        for index, answers in enumerate(cases)
    )
    empty_us = 1e6 / statistics.median(rate(ENGINE.assess, [{}], options.seconds) for _ in range(options.rounds))
    print(f"{'slowest corpus case, questions incl.':36} {slowest_us:6.0f} us  ({len(cases[slowest])} answers)")
    print(f"{'no answers at all, questions incl.':36} {empty_us:6.0f} us")

    batch = medians["assess without questions to ask"]
    one_with_questions_us = max(slowest_us, empty_us)
    batch_met = batch >= GOAL_BATCH_PER_SECOND
    one_met = one_with_questions_us < GOAL_ONE_WITH_QUESTIONS_US
    print(
        f"batch without questions to ask: {batch:,.0f}/s (goal >= {GOAL_BATCH_PER_SECOND:,}: "
        f"{'met' if batch_met else 'NOT MET'}); one assessment with questions to ask: at most "
        f"{one_with_questions_us:,.0f} us (goal < {GOAL_ONE_WITH_QUESTIONS_US:,} us: {'met' if one_met else 'NOT MET'})"
    )
    return 0 if batch_met and one_met else 1


if __name__ == "__main__":
    sys.exit(main())
