"""How many questions each demo persona is asked (a measurement, not a test).

    .venv/bin/python bench/bench_questions.py

Counts every field a patient is shown over the steps that apply to them (the questions, height and
weight, the health list as one, the contact details), for each demo case, and the start page's time
estimate that follows from the typical heel-and-thigh patient. Goal (issue 13): a typical heel-and-thigh
patient is asked at most 45 questions. Exits 1 if it is missed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings_test")

import django  # noqa: E402

django.setup()

from intake import rules  # noqa: E402
from intake.demo.cases import DEMO_CASES, TYPICAL_PATIENT  # noqa: E402
from intake.patient.flow import SECONDS_PER_QUESTION, questions_asked, typical_minutes  # noqa: E402

GOAL = 45


def main() -> int:
    print(f"{'persona':<22} {'suggestion':<18} questions")
    for case in DEMO_CASES:
        answers = case["answers"]
        print(f"{case['name']:<22} {rules.assess(answers).pathway.value:<18} {questions_asked(answers)}")
    typical = questions_asked(TYPICAL_PATIENT)
    print(
        f"\ntypical heel-and-thigh patient: {typical} questions (goal <= {GOAL}); start page says about "
        f"{typical_minutes()} minutes at {SECONDS_PER_QUESTION} s a question"
    )
    return 0 if typical <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
