"""Benchmark of the differentiating-signs engine over the worked-case corpus (not a test).

    .venv/bin/python bench/bench_engine.py [--seconds 2] [--rounds 5]

Prints assessments per second on one core and microseconds per assessment. The goal is at least
20,000 assessments a second, questions to ask included (issue 4). Each round cycles through every
corpus case for ``--seconds`` of this process's CPU time, so other programs busy on the same machine
slow the wall clock but not the figure; the best round and the median are both reported.
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


def main() -> None:
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

    view_rate = trivial_view_rate(options)
    assess_rate = medians["assess(dict), questions included"]
    print(
        f"{'GET /healthz (one-query Django view)':36} median {view_rate:9,.0f}/s ({1e6 / view_rate:6.1f} us each)"
        "   [whole Django request in-process, SQLite]"
    )
    print(
        f"one assessment = {100 * view_rate / assess_rate:.1f}% of one trivial request (goal < 5%); "
        f"{assess_rate:,.0f} assessments/s (goal >= 20,000)"
    )


def trivial_view_rate(options) -> float:
    """Requests per second of CPU for the one-query /healthz view through Django's whole stack."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    os.environ.update(
        {
            "DEBUG": "false",
            "DJANGO_READ_ENV_FILE": "false",
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    import logging

    import django
    from django.test import Client

    django.setup()
    logging.disable(logging.INFO)  # one log line per request would be measured too
    client = Client()

    def one_request(_ignored):
        response = client.get("/healthz")
        assert response.status_code == 200, response.status_code

    rate(one_request, [None], 0.2)
    return statistics.median(rate(one_request, [None], options.seconds) for _ in range(options.rounds))


if __name__ == "__main__":
    main()
