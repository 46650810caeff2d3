"""Benchmark of `manage.py whatif` (issue 17): a clinic's whole history under a candidate rule set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/clinic_bench_whatif \\
        .venv/bin/python bench/bench_whatif.py [--cases 1000000] [--reseed]

Not a test, a measurement. Needs a PostgreSQL database of its own (named by ``DATABASE_URL`` or
``--database-url``): the script migrates it, and seeds it only when it holds no case at all or the
bench's own earlier seed (``--reseed`` replaces that seed; any other data makes it stop).

1. Seeds ``--cases`` synthetic cases with COPY, as bench/bench_staff.py does: each one's answers are
   a demo case's (intake/demo/cases.py) with up to four answers changed at random within the question
   catalogue, and the stored pathway and urgency are what the running rules say about them.
2. Runs ``manage.py whatif bench/whatif_candidate.py`` in this process, on one core, with its output
   to a file, and times it; then times reading the rows alone (the database's share).
3. Prints the timing, the rate, the number of changes, and whether the goal is met (a million cases in
   a few minutes on one core: under 300 s).
4. With ``--page``: also the what-if page's run (services.whatif_run_execute, what the task worker
   does), which stores every changed case's report rows in bulk, timed the same way.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED_VERSION = "whatif-bench-1"
GOAL_SECONDS_PER_MILLION = 300.0
CANDIDATE = ROOT / "bench" / "whatif_candidate.py"


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def seeded(cursor) -> int | None:
    cursor.execute("SELECT to_regclass('bench_seed') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT version, cases FROM bench_seed")
    row = cursor.fetchone()
    return row[1] if row and row[0] == SEED_VERSION else None


def seed(count: int) -> float:
    """COPY ``count`` patients, cases and answers; returns the seconds it took."""
    from django.db import connection

    from intake import rules
    from intake.demo.cases import DEMO_CASES
    from intake.models import REFERENCE_ALPHABET, QueuePriority
    from intake.rules.questions import domain
    from intake.whatif import ANSWER_KEYS

    rng = random.Random(20261128)
    templates = [spec["answers"] for spec in DEMO_CASES]
    perturbable = [key for key in ANSWER_KEYS if key not in ("bmi",)]
    domains = {key: domain(key) for key in perturbable}
    started = time.perf_counter()

    def reference(number: int) -> str:
        value = (number * 7919 + 4242) % (30**8)
        letters = []
        for _ in range(8):
            value, digit = divmod(value, 30)
            letters.append(REFERENCE_ALPHABET[digit])
        text = "".join(letters)
        return f"{text[:4]}-{text[4:]}"

    outcomes: dict[tuple, tuple[str, str]] = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY intake_patient (id, name, search_name, email, phone, consent_given, consent_at, created_at) "
            "FROM STDIN"
        ) as copy:
            for number in range(1, count + 1):
                copy.write_row((number, f"Bench Patient{number}", f" bench patient{number} ", "", "", True,
                                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))  # fmt: skip
        answer_columns = ["id", "case_id", *ANSWER_KEYS]
        case_columns = [
            "id", "reference", "patient_id", "status", "urgency", "pathway", "queue_priority", "submitted_at",
            "updated_at", "version", "overridden_pathway", "override_reason", "override_comment", "referred_to",
            "referral_note", "sent_early", "call_today", "unsure_safety_keys", "language", "close_reason", "close_note",
        ]  # fmt: skip
        cases, answers = [], []
        for _ in range(count):
            row = dict(rng.choice(templates))
            for key in rng.sample(perturbable, rng.randint(0, 4)):
                row[key] = rng.choice(domains[key])
            values = tuple(row.get(key) for key in ANSWER_KEYS)
            outcome = outcomes.get(values)
            if outcome is None:
                pathway, urgency = rules.ENGINE.triage({k: v for k, v in row.items() if v is not None})
                outcome = outcomes[values] = (pathway.value, urgency.value)
            cases.append(outcome)
            answers.append(values)
        with raw.copy(f"COPY intake_case ({', '.join(case_columns)}) FROM STDIN") as copy:
            for number, (pathway, urgency) in enumerate(cases, start=1):
                priority = QueuePriority.for_urgency(urgency, acknowledged=True)
                copy.write_row(
                    (number, reference(number), number, "closed", urgency, pathway, int(priority),
                     "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 1, "", "", "", "", "", False, False, "[]",
                     "en-gb", "", "")
                )  # fmt: skip
        with raw.copy(f"COPY intake_answers ({', '.join(answer_columns)}) FROM STDIN") as copy:
            for number, values in enumerate(answers, start=1):
                copy.write_row((number, number, *values))
        for table in ("intake_patient", "intake_case", "intake_answers"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_seed (version text, cases integer)")
        cursor.execute("DELETE FROM bench_seed")
        cursor.execute("INSERT INTO bench_seed VALUES (%s, %s)", [SEED_VERSION, count])
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--page", action="store_true", help="Also time the what-if page's run (stored report).")
    options = parser.parse_args()
    if not options.database_url.startswith("postgres"):
        raise SystemExit("Give a PostgreSQL database of the bench's own: --database-url or DATABASE_URL.")
    os.environ.update(
        {
            "DATABASE_URL": options.database_url,
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
            "DJANGO_READ_ENV_FILE": "false",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-not-secret",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from intake.whatif import stored_cases

    call_command("migrate", "--noinput", verbosity=0)
    with connection.cursor() as cursor:
        have = seeded(cursor)
        cursor.execute("SELECT COUNT(*) FROM (SELECT 1 FROM intake_case LIMIT 1) AS anything")
        empty = cursor.fetchone()[0] == 0
        if have == options.cases and not options.reseed:
            print(f"reusing {have:,} seeded cases")
        elif empty or have is not None:
            if not empty:
                cursor.execute("TRUNCATE intake_answers, intake_assessment, intake_case, intake_patient CASCADE")
            print(f"seeding {options.cases:,} cases with COPY...", flush=True)
            print(f"  seeded in {seed(options.cases):.0f} s", flush=True)
        else:
            raise SystemExit("This database holds cases the bench did not seed: give the bench a database of its own.")

    print(pin_to_one_core())
    with tempfile.TemporaryFile("w+") as out:
        err = io.StringIO()
        started = time.perf_counter()
        call_command("whatif", str(CANDIDATE), stdout=out, stderr=err)
        seconds = time.perf_counter() - started
        out.seek(0)
        report = out.read()
    started = time.perf_counter()
    rows = sum(1 for _ in stored_cases())
    reading = time.perf_counter() - started
    summary = report.strip().splitlines()[-1]
    per_million = seconds * 1_000_000 / rows
    print(f"whatif over {rows:,} cases: {seconds:.1f} s ({rows / seconds:,.0f} cases a second)")
    print(f"  of which reading the rows alone takes {reading:.1f} s")
    print(f"  report: {summary}")
    met = per_million <= GOAL_SECONDS_PER_MILLION
    print(f"  goal: a million cases in under {GOAL_SECONDS_PER_MILLION:.0f} s -> {per_million:.0f} s per million, "
          f"{'met' if met else 'NOT met'}")  # fmt: skip
    if options.page:
        met = page_run(rows) and met
    return 0 if met else 1


def page_run(rows: int) -> bool:
    """The what-if page's run of the same candidate, as the worker does it: the report stored in bulk."""
    import resource

    from django.conf import settings
    from django.contrib.auth.models import User

    from intake.models import WhatIfChange, WhatIfRun
    from intake.services import whatif_runs

    settings.RULES_CANDIDATES_DIR = CANDIDATE.parent
    user, _ = User.objects.get_or_create(username="bench-whatif")
    run = WhatIfRun.objects.create(requested_by=user, candidate_name=CANDIDATE.stem, candidate_version="bench")
    started = time.perf_counter()
    run = whatif_runs.whatif_run_execute(run_id=run.pk)
    seconds = time.perf_counter() - started
    stored = WhatIfChange.objects.filter(run=run).count()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"what-if page run over {rows:,} cases: {seconds:.1f} s, status {run.status}, {run.changed:,} changed, "
          f"{run.lost_urgency:,} losing urgency, {stored:,} report rows stored; peak memory {peak:.0f} MB")  # fmt: skip
    WhatIfRun.objects.filter(pk=run.pk).delete()
    return run.status == "done" and seconds * 1_000_000 / rows <= GOAL_SECONDS_PER_MILLION


if __name__ == "__main__":
    sys.exit(main())
