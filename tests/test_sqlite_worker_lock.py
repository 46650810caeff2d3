"""`make run` serves pages and runs the task worker on one SQLite file: a page that reads and then writes
(signing in) must wait for the worker's short transaction, not fail with "database is locked"."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.db import OperationalError
from django.db.utils import ConnectionHandler

ROOT = Path(__file__).resolve().parent.parent


def default_sqlite_settings() -> dict:
    """DATABASES["default"] as a new user's `make run` gets it (no DATABASE_URL)."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "clinic.settings", "DJANGO_READ_ENV_FILE": "false", "DEBUG": "true"})
    script = (
        "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_page_that_reads_then_writes_waits_for_the_workers_transaction(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # our own throwaway database file, not the test database
        _page_and_worker(tmp_path)


def _page_and_worker(tmp_path):
    settings_dict = default_sqlite_settings()
    assert settings_dict["ENGINE"] == "django.db.backends.sqlite3"
    database = {**settings_dict, "NAME": str(tmp_path / "db.sqlite3"), "CONN_MAX_AGE": 0}
    handler = ConnectionHandler({"default": database, "worker": database})
    page = handler["default"]
    with page.cursor() as cursor:
        cursor.execute("CREATE TABLE login (n integer)")

    worker_began = threading.Event()
    worker_errors: list[Exception] = []

    def worker_polls():
        # What django_tasks_db's worker does every second: an EXCLUSIVE transaction to claim a task.
        worker = handler["worker"]  # a connection of the worker's own, as its process has
        try:
            worker.transaction_mode = "EXCLUSIVE"
            worker.ensure_connection()
            with worker.cursor() as cursor:
                worker_began.set()
                cursor.execute("BEGIN EXCLUSIVE")
                time.sleep(0.3)
                cursor.execute("COMMIT")
        except Exception as error:  # noqa: BLE001 - reported below
            worker_errors.append(error)
        finally:
            worker.close()

    page.ensure_connection()
    # ATOMIC_REQUESTS: the whole page is one transaction, begun as transaction.atomic begins it.
    page.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        with page.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM login")  # the page reads (the user, the session)
            thread = threading.Thread(target=worker_polls)
            thread.start()
            worker_began.wait(5)
            time.sleep(0.1)  # the worker is now asking for its lock
            try:
                cursor.execute("INSERT INTO login (n) VALUES (1)")  # then writes (last sign-in)
            except OperationalError as error:
                raise AssertionError(f"signing in failed while the worker polled: {error}") from error
        page.commit()
    finally:
        page.set_autocommit(True)
        thread.join(10)
        page.close()
    assert worker_errors == []
