"""`make bench`: every benchmark of the project, one after the other (measurements, not tests).

    .venv/bin/python bench/run.py              # the staff queue at 100,000 cases, plus the others
    .venv/bin/python bench/run.py --million    # the staff queue at 1,000,000 cases

Runs bench/bench_engine.py, bench/bench_intake.py and bench/bench_alerts.py (alert latency through a
real worker and SMTP server) when they exist, then bench/bench_staff.py
(PostgreSQL, gunicorn and wrk; arguments are passed on to it), then bench/bench_instructions.py
(instructions per request under valgrind, on the database bench_staff.py seeded), then
bench/bench_submit.py (the final intake submission at 8 connections on the 100,000-case database).
BENCH_CASES=5000 runs everything on a smaller database, for a quick look. Exits non-zero if a goal
is missed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import bench_staff  # noqa: E402


def main() -> int:
    status = 0
    for name in ("bench_engine.py", "bench_questions.py", "bench_alerts.py"):
        if (BENCH / name).exists():
            print(f"=== {name}", flush=True)
            status |= subprocess.run([sys.executable, str(BENCH / name)], cwd=BENCH.parent).returncode
            print(flush=True)
    print("=== bench_staff.py", flush=True)
    # bench_intake.py measures the step submit on the database bench_staff.py seeds, so it comes after.
    status |= subprocess.run(
        [sys.executable, str(BENCH / "bench_staff.py"), *sys.argv[1:]], cwd=BENCH.parent
    ).returncode
    print("\n=== bench_intake.py", flush=True)
    status |= subprocess.run([sys.executable, str(BENCH / "bench_intake.py")], cwd=BENCH.parent).returncode
    print("\n=== bench_instructions.py", flush=True)
    status |= subprocess.run([sys.executable, str(BENCH / "bench_instructions.py")], cwd=BENCH.parent).returncode
    # The final intake submission under load, against the 100,000 cases bench_staff.py seeded.
    print("\n=== bench_submit.py", flush=True)
    large = f"{bench_staff.DB_PREFIX}_{bench_staff.DEFAULT_CASES}"
    status |= subprocess.run(
        [sys.executable, str(BENCH / "bench_submit.py"), "--database", large], cwd=BENCH.parent
    ).returncode
    return 1 if status else 0


if __name__ == "__main__":
    sys.exit(main())
