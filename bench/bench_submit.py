"""Benchmark of the final intake submission under load (issue 7): not a test, a measurement.

    .venv/bin/python bench/bench_submit.py [--database clinic_bench_100000] [--patients 400]

Against a PostgreSQL database that already holds the staff benchmark's cases (bench_staff.py seeds
clinic_bench_100000), it serves the app with gunicorn (2 workers, DEBUG off) on 127.0.0.1, walks
--patients questionnaires up to the review page, then sends their final submissions from 8
concurrent connections and times each one (patient, answers, assessment and draft plan written
in one transaction). Prints requests per second, p50 and p95; goal: p95 under 200 ms.
Each run adds --patients cases to that database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings_test")

GOAL_P95_MS = 200


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="clinic_bench_100000")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--patients", type=int, default=400)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()

    import django

    django.setup()
    from tests.intake_support import PF_COMPENSATION_ANSWERS, applicable_slugs, step_data
    from tests.servers import Browserless, gunicorn_server

    url = f"{options.postgres}/{options.database}"
    env = {"INTAKE_SUBMISSIONS_PER_HOUR": "1000000"}
    with gunicorn_server(url, workers=2, extra_env=env) as server:
        patients = [Browserless(server) for _ in range(options.patients)]

        def answer(patient: Browserless) -> None:
            patient.request("/questions/about/")
            for slug in applicable_slugs(PF_COMPENSATION_ANSWERS):
                status, _, _ = patient.request(f"/questions/{slug}/", step_data(slug, PF_COMPENSATION_ANSWERS))
                assert status == 302, (slug, status)

        with ThreadPoolExecutor(max_workers=options.connections) as pool:
            list(pool.map(answer, patients))

        def submit(patient: Browserless) -> float:
            started = time.perf_counter()
            status, _, _ = patient.submit_to(server)
            assert status == 302, status
            return (time.perf_counter() - started) * 1000

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options.connections) as pool:
            timings = sorted(pool.map(submit, patients))
        elapsed = time.perf_counter() - started

    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"final intake submission, {options.patients} patients, {options.connections} connections, "
        f"database {options.database}"
    )
    print(
        f"  {len(timings) / elapsed:.0f} submissions/s   p50 {p50:.1f} ms   p95 {p95:.1f} ms   "
        f"goal p95 < {GOAL_P95_MS} ms: {'met' if p95 < GOAL_P95_MS else 'NOT MET'}"
    )
    return 0 if p95 < GOAL_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
