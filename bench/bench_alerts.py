"""Alert latency: case created -> alert e-mail received, through a real `manage.py db_worker` and a real
SMTP server on loopback (aiosmtpd), as deployed (worker polling once a second).

    .venv/bin/python bench/bench_alerts.py                       # DATABASE_URL, else SQLite in a temp dir
    .venv/bin/python bench/bench_alerts.py --database-url postgres://postgres@127.0.0.1:5432/clinic_bench_alerts

The PostgreSQL database is created if missing and migrated; development data is never touched. Cases
are submitted one after the other, each waiting for its e-mail. Goal (issue 13): every alert within a
minute. Exits non-zero if it is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 60


def create_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL URL (default: DATABASE_URL when set, else a temporary SQLite file)",
    )
    parser.add_argument("--cases", type=int, default=20)
    options = parser.parse_args()

    from tests.servers import SmtpSink, db_worker, worker_env

    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench-alerts.sqlite3"
        if url.startswith("postgres"):
            create_postgres_database(url)
        smtp = SmtpSink().start()
        env = worker_env(url, smtp.port)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
        )
        os.environ.update(env)
        import django

        django.setup()
        from intake import services
        from intake.models import ClinicPolicy
        from tests.staff_support import URGENT_ANSWERS, load_library

        if not ClinicPolicy.current().on_call_emails:
            ClinicPolicy.objects.filter(pk=1).update(on_call_emails="on-call@bench.example")
            load_library()
        latencies = []
        try:
            with db_worker(env) as worker:
                for number in range(options.cases):
                    created = time.monotonic()
                    services.case_submit(answers=URGENT_ANSWERS, name=f"Bench patient {number}", consent_given=True)
                    arrived, _ = smtp.wait_for(number + 1, GOAL_SECONDS * 2)[number]
                    latencies.append(arrived - created)
                assert worker.poll() is None, "the worker stopped"
        finally:
            smtp.stop()

    latencies_ms = sorted(latency * 1000 for latency in latencies)
    p95 = latencies_ms[max(0, round(0.95 * len(latencies_ms)) - 1)]
    print(f"alert latency, case created -> e-mail received ({len(latencies_ms)} alerts, {url.split(':')[0]}):")
    print(
        f"  min {latencies_ms[0]:.0f} ms, median {statistics.median(latencies_ms):.0f} ms, "
        f"p95 {p95:.0f} ms, max {latencies_ms[-1]:.0f} ms"
    )
    met = latencies_ms[-1] < GOAL_SECONDS * 1000
    print(f"goal: every alert within {GOAL_SECONDS} s: {'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
