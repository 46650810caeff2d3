"""Instructions per request (issue 19): deterministic, so other work on the machine cannot blur it.

    .venv/bin/python bench/bench_instructions.py                  # on bench_staff.py's 100,000-case database
    BENCH_CASES=5000 .venv/bin/python bench/bench_instructions.py  # a quick run on a small one

The app runs in one Python process under valgrind's callgrind (apt-get install valgrind gcc; gcc builds a
ten-line helper that makes callgrind's client requests). Requests go straight into Django's WSGI handler,
as gunicorn would pass them, against the PostgreSQL database bench_staff.py seeds (created here if
missing). For each page: two requests to warm it up, then the counters are zeroed, ``--requests``
requests run, and the counters are dumped: the instructions of the app's process per request (the
database server's own work is not counted; wrk's figures in bench_staff.py include it). Start-up never
counts. Every page is checked for its status before it is measured.

Pages: /healthz; the signed-in floor (a staff address answering 405); the queue; the case page with 1 plan
item and 1 event and with 30 items and 200 events; the first and the last patient step, GET and POST
(each POST on a session that has answered every step before it); Django admin's changelist of cases.
Each is printed as a multiple of /healthz against the issue's goals. Exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

HELPER_C = r"""
#include <valgrind/callgrind.h>
void bench_zero(void) { CALLGRIND_ZERO_STATS; }
void bench_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
"""

CSRF_SECRET = "b" * 32  # the csrftoken cookie and the form's token alike (Django accepts the unmasked secret)

# (key, label, goal as a multiple of /healthz or None)
GOALS = {
    "floor": 2.5,
    "queue": 15.0,
    "case_30": 60.0,
    "first_get": 8.0,
    "last_get": 8.0,
}
GOAL_CASE_GROWTH = 1.5  # the case page at 30 items and 200 events vs 1 item and 1 event
GOAL_LAST_POST = 1.3  # the last step's POST vs the first's


# --- Preparation (a normal process: cases, sessions) ---------------------------------------------------


def prepare(requests: int) -> dict:
    """The two case-page cases (made once), a staff session and patient sessions ready for the last step."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client
    from django.utils import timezone

    from intake import audit
    from intake.models import AuditAction, AuditEvent, Case, Exercise, PlanItem
    from tests.intake_support import PF_COMPENSATION_ANSWERS, applicable_slugs, step_data, step_url
    from tests.staff_support import draft_plan, submit

    admin = User.objects.get(username="bench-admin")
    references = {}
    for size in (1, 30):
        name = f"Instruction Bench {size}"
        case = Case.objects.filter(patient__name=name).first()
        if case is None:
            case = submit(name=name)
            plan = draft_plan(case)
            plan.items.all().delete()
            exercises = list(Exercise.objects.all()[:10])
            PlanItem.objects.bulk_create(
                PlanItem(plan=plan, exercise=exercises[index % len(exercises)], position=index + 1,
                         name=exercises[index % len(exercises)].name, sets=3, reps=10, frequency="once a day",
                         patient_instructions="As shown at your visit.")
                for index in range(size)
            )  # fmt: skip
            events = 1 if size == 1 else 200
            existing = AuditEvent.objects.filter(case=case).count()
            for _ in range(max(0, events - existing)):
                audit.record(action=AuditAction.CASE_ASSIGNED, case=case, actor=admin, details={"assigned_to": "x"})
        references[size] = case.reference
    store = SessionStore()
    store["_auth_user_id"] = str(admin.pk)
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    store["_auth_user_hash"] = admin.get_session_auth_hash()
    store["last_activity"] = timezone.now().timestamp()
    store.create()

    answers = PF_COMPENSATION_ANSWERS
    slugs = applicable_slugs(answers)
    first, last = slugs[0], slugs[-1]
    last_sessions = []
    for _ in range(requests + 3):  # warm-up, measured requests, and one for the GET
        client = Client(HTTP_HOST="127.0.0.1")
        for slug in slugs[:-1]:
            response = client.post(step_url(slug), step_data(slug, answers))
            assert response.status_code == 302, (slug, response.status_code)
        last_sessions.append(client.cookies["sessionid"].value)
    return {
        "staff_session": store.session_key,
        "references": references,
        "first": {"path": step_url(first), "data": step_data(first, answers)},
        "last": {"path": step_url(last), "data": step_data(last, answers)},
        "last_sessions": last_sessions,
    }


# --- The driver (under callgrind) -------------------------------------------------------------------


def drive(spec: dict, requests: int, helper: str) -> None:
    import ctypes
    import io
    import urllib.parse

    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    library = ctypes.CDLL(helper)

    def environ(method: str, path: str, cookie: str = "", body: dict | None = None) -> dict:
        data = urllib.parse.urlencode({**(body or {}), "csrfmiddlewaretoken": CSRF_SECRET}, doseq=True).encode()
        cookies = f"csrftoken={CSRF_SECRET}" + (f"; sessionid={cookie}" if cookie else "")
        path, _, query = path.partition("?")
        return {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
            "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": cookies, "HTTP_ACCEPT_LANGUAGE": "en",
            "CONTENT_TYPE": "application/x-www-form-urlencoded" if method == "POST" else "",
            "CONTENT_LENGTH": str(len(data)) if method == "POST" else "",
            "wsgi.input": io.BytesIO(data if method == "POST" else b""), "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        }  # fmt: skip

    def call(env: dict) -> int:
        status = []
        body = application(env, lambda line, headers, exc_info=None: status.append(line))
        for _chunk in body:
            pass
        body.close()
        return int(status[0].split()[0])

    staff = spec["staff_session"]
    last_sessions = iter(spec["last_sessions"])
    pages = {
        "healthz": lambda: environ("GET", "/healthz"),
        "floor": lambda: environ("GET", f"/staff/cases/{spec['references']['1']}/close/", staff),
        "queue": lambda: environ("GET", "/staff/", staff),
        "case_1": lambda: environ("GET", f"/staff/cases/{spec['references']['1']}/", staff),
        "case_30": lambda: environ("GET", f"/staff/cases/{spec['references']['30']}/", staff),
        "first_get": lambda: environ("GET", spec["first"]["path"]),
        "last_get": lambda: environ("GET", spec["last"]["path"], spec["last_sessions"][-1]),
        "first_post": lambda: environ("POST", spec["first"]["path"], "", spec["first"]["data"]),
        "last_post": lambda: environ("POST", spec["last"]["path"], next(last_sessions), spec["last"]["data"]),
        "admin": lambda: environ("GET", "/admin/intake/case/", staff),
    }
    expected = {"floor": 405, "first_post": 302, "last_post": 302}
    for key, build in pages.items():
        for _ in range(2):
            status = call(build())
            if status != expected.get(key, 200):
                raise SystemExit(f"{key}: answered {status}, not {expected.get(key, 200)}; not measuring it")
        environs = [build() for _ in range(requests)]
        library.bench_zero()
        for env in environs:
            call(env)
        library.bench_dump(key.encode())


# --- Orchestration ---------------------------------------------------------------------------------


def build_helper(folder: str) -> str:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    if not Path("/usr/include/valgrind/callgrind.h").exists() or shutil.which("gcc") is None:
        raise SystemExit("gcc and valgrind's headers are needed (apt-get install gcc valgrind)")
    source = Path(folder) / "bench_callgrind.c"
    source.write_text(HELPER_C)
    library = Path(folder) / "bench_callgrind.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-o", str(library), str(source)], check=True)
    return str(library)


def instructions(folder: str) -> dict[str, int]:
    totals = {}
    for path in Path(folder).glob("callgrind.out*"):
        text = path.read_text(errors="replace")
        label = re.search(r"^desc: Trigger: Client Request: (\S+)", text, re.MULTILINE)
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
        if label and total:
            totals[label.group(1)] = int(total.group(1))
    return totals


def report(per_request: dict[str, float]) -> int:
    healthz = per_request["healthz"]
    labels = {
        "healthz": "/healthz",
        "floor": "signed-in floor (405)",
        "queue": "queue (open cases)",
        "case_1": "case page, 1 item, 1 event",
        "case_30": "case page, 30 items, 200 events",
        "first_get": "first step GET",
        "last_get": "last step GET",
        "first_post": "first step POST",
        "last_post": "last step POST",
        "admin": "admin changelist of cases",
    }
    print(f"\n{'page':<34}{'instructions':>14}{'x /healthz':>12}   goal")
    failed = 0
    for key, label in labels.items():
        value = per_request[key]
        ratio = value / healthz
        goal = GOALS.get(key)
        verdict = ""
        if goal is not None:
            ok = ratio <= goal
            failed += not ok
            verdict = f"<= {goal}x: {'met' if ok else 'NOT MET'}"
        print(f"{label:<34}{value / 1e6:>12.1f} M{ratio:>11.1f}x   {verdict}")
    growth = per_request["case_30"] / per_request["case_1"]
    last_post = per_request["last_post"] / per_request["first_post"]
    print()
    for label, value, goal in (
        ("case page 30 items / 1 item", growth, GOAL_CASE_GROWTH),
        ("last step POST / first step POST", last_post, GOAL_LAST_POST),
    ):
        ok = value <= goal
        failed += not ok
        print(f"{label:<34}{value:>13.2f}x{'':>12}   <= {goal}x: {'met' if ok else 'NOT MET'}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_INSTRUCTION_REQUESTS", "5")))
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    parser.add_argument("--helper", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        Path(options.prepare).write_text(json.dumps(prepare(options.requests)))
        return 0
    if options.drive:
        drive(json.loads(Path(options.drive).read_text()), options.requests, options.helper)
        return 0

    import bench_staff

    count = bench_staff.DEFAULT_CASES
    print(f"Instructions per request (callgrind), {count:,} cases, {options.requests} requests per page")
    url, _sessions = bench_staff.prepare(count, reseed=False)
    env = bench_staff.server_env(url)
    bench_staff.manage(url, "collectstatic", "--noinput", "--verbosity", "0")
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as folder:
        helper = build_helper(folder)
        spec = Path(folder) / "spec.json"
        command = [sys.executable, __file__, "--requests", str(options.requests)]
        subprocess.run([*command, "--prepare", str(spec)], cwd=ROOT, env=env, check=True)
        out = Path(folder) / "callgrind.out"
        driven = subprocess.run(
            [
                "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--dump-instr=no",
                "--dump-line=no", "--compress-strings=no", *command, "--drive", str(spec), "--helper", helper,
            ],
            cwd=ROOT, env=env, stderr=(log := open(Path(folder) / "valgrind.log", "w+")),  # noqa: SIM115
        )  # fmt: skip
        if log.seek(0) is not None and driven.returncode != 0:
            raise SystemExit("the driver failed under valgrind:\n" + log.read()[-4000:])
        totals = instructions(folder)
    missing = {"healthz", "floor", "queue", "case_1", "case_30", "first_get", "last_get", "first_post"} - set(totals)
    if missing:
        raise SystemExit(f"callgrind gave no figures for {sorted(missing)}")
    return report({key: value / options.requests for key, value in totals.items()})


if __name__ == "__main__":
    sys.exit(main())
