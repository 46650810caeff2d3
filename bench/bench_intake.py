"""Benchmark of the patient questionnaire (issue 5, "Speed"): not a test, a measurement.

    .venv/bin/python bench/bench_intake.py                             # starts its own gunicorn
    .venv/bin/python bench/bench_intake.py --url http://127.0.0.1:8000  # a gunicorn already running

What it measures, in one run against one server:

1. The first step's page weight: its HTML plus every stylesheet it links, fetched the way a
   browser would (Accept-Encoding: gzip, so whitenoise answers with its pre-compressed files; a
   server that does not compress is measured as if it did, with gzip level 9, and says so).
   Goal: at most 100 KB.
2. A step submit: wrk POSTs a valid "About you" step (302 to the next step, the answers saved in
   the session) with a CSRF token and session cookies obtained first, spread over several
   sessions as real patients would be; and GET /healthz (one trivial query) with the same wrk
   settings. Several rounds, each /healthz then the step, so each ratio compares neighbours in
   time (a shared machine's load drifts); the median ratio is reported.
   Goal: the step at least 0.4x /healthz's requests per second (issue 19; 8 connections).

Without --url it uses the staff benchmark's seeded PostgreSQL database (``clinic_bench_100000``,
seeded by bench_staff.py when missing; BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432),
migrates it, collects static files and serves it with
gunicorn (2 workers, DEBUG off, a throwaway SECRET_KEY). Requests only ever go to 127.0.0.1.
Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# The staff benchmark's realistic database (100,000 cases with assessments, plans and timelines, or
# BENCH_CASES; seeded here when missing), not an empty one: a step's cost includes what the tables hold.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_staff  # noqa: E402

DATABASE = f"{bench_staff.DB_PREFIX}_{bench_staff.DEFAULT_CASES}"
STEP_PATH = "/questions/about/"
NEXT_STEP_PATH = "/questions/safety/"  # the safety questions come straight after "About you"
HEALTHZ_PATH = "/healthz"
GOAL_RATIO = 0.4  # issue 19, on the realistic database with 8 connections (issue 5 asked 0.5 of an empty one)
GOAL_PAGE_BYTES = 100 * 1024
# A valid "About you" step: a 47-year-old walker with heel and thigh pain, 170 cm and 72 kg.
ABOUT_YOU = {
    "age": "47",
    "heel_pain": "yes",
    "thigh_pain": "yes",
    "affected_side": "left",
    "activity": "walking",
    "standing_hours": "8",
    "height": "170",
    "weight": "72",
    "action": "continue",
}


# --- Plain HTTP to 127.0.0.1 ------------------------------------------------------------------------


class Server:
    def __init__(self, url: str):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit(f"--url must be http://127.0.0.1:<port> (this benchmark stays on this machine): {url}")
        self.url = f"http://127.0.0.1:{parts.port or 80}"
        self.port = parts.port or 80

    def request(self, method: str, path: str, *, headers: dict | None = None, body: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()


def cookies_from(headers: list[tuple[str, str]]) -> dict[str, str]:
    cookies = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
    return cookies


def header(headers: list[tuple[str, str]], wanted: str) -> str:
    return next((value for name, value in headers if name.lower() == wanted.lower()), "")


# --- 1. Page weight ----------------------------------------------------------------------------------


def page_weight(server: Server) -> int:
    """Bytes a browser downloads for the first step: HTML and stylesheets (images and scripts if any)."""
    print(f"First step page weight ({STEP_PATH}), as transferred with Accept-Encoding: gzip")
    status, headers, html = fetch_compressed(server, STEP_PATH)
    if status != 200:
        raise SystemExit(f"GET {STEP_PATH} answered {status}")
    text = gzip.decompress(html).decode() if header(headers, "Content-Encoding") == "gzip" else html.decode()
    rows = [(STEP_PATH, html, header(headers, "Content-Encoding") == "gzip")]
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<(?:script|img)[^>]+src="([^"]+)"', text)
    for asset in assets:
        status, asset_headers, body = fetch_compressed(server, asset)
        if status != 200:
            raise SystemExit(f"GET {asset} answered {status}")
        rows.append((asset, body, header(asset_headers, "Content-Encoding") == "gzip"))
    total = 0
    for path, body, compressed in rows:
        # What travels: the compressed body when the server compressed it, the raw body otherwise.
        size = len(body)
        note = (
            "gzip by the server"
            if compressed
            else f"sent uncompressed; gzip would make it {len(gzip.compress(body, 9)) / 1024:.1f} KB"
        )
        print(f"  {size / 1024:8.1f} KB  {path}  ({note})")
        total += size
    verdict = "met" if total <= GOAL_PAGE_BYTES else "MISSED"
    print(f"  {total / 1024:8.1f} KB  total   goal <= {GOAL_PAGE_BYTES // 1024} KB: {verdict}")
    return total


def fetch_compressed(server: Server, path: str):
    return server.request("GET", path, headers={"Accept-Encoding": "gzip"})


# --- 2. Throughput -----------------------------------------------------------------------------------


class CpuMeter:
    """CPU seconds used by the server: its gunicorn workers and this database's PostgreSQL backends.

    Read from /proc, so only for a server started by this script on this machine. Unlike requests
    per second, CPU per request hardly changes when other programs compete for the processors.
    """

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, gunicorn_pid: int, database_url: str):
        self.gunicorn_pid = gunicorn_pid
        self.database_url = database_url

    @classmethod
    def cpu(cls, pid: int, *, reaped_children: bool = False) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            return 0.0
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        if reaped_children:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: workers that have exited
        return ticks / cls.TICKS

    def snapshot(self) -> dict[str, float]:
        import psycopg

        workers = Path(f"/proc/{self.gunicorn_pid}/task/{self.gunicorn_pid}/children").read_text().split()
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            backends = connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
        taken = {"master": self.cpu(self.gunicorn_pid, reaped_children=True)}
        taken.update({f"worker {pid}": self.cpu(int(pid)) for pid in workers})
        taken.update({f"backend {pid}": self.cpu(pid) for (pid,) in backends})
        return taken

    @staticmethod
    def used(before: dict[str, float], after: dict[str, float], part: str = "") -> float:
        # A database backend that exits in between takes its last CPU with it: a small undercount.
        return sum(value - before.get(name, 0.0) for name, value in after.items() if name.startswith(part))


def csrf_and_sessions(server: Server, count: int) -> tuple[str, str, list[str]]:
    """A CSRF cookie and form token, and `count` patient sessions, each having answered step 1 once."""
    status, headers, body = server.request("GET", STEP_PATH)
    if status != 200:
        raise SystemExit(f"GET {STEP_PATH} answered {status}")
    csrf_cookie = cookies_from(headers)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({**ABOUT_YOU, "csrfmiddlewaretoken": token})
    sessions = []
    for _ in range(count):
        status, headers, _body = server.request(
            "POST",
            STEP_PATH,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}"},
            body=form,
        )
        location = header(headers, "Location")
        if status != 302 or not location.endswith(NEXT_STEP_PATH):
            raise SystemExit(f"POST {STEP_PATH} answered {status} {location!r}, not a redirect to {NEXT_STEP_PATH}")
        sessions.append(cookies_from(headers)["sessionid"])
    return csrf_cookie, form, sessions


LUA = """-- POST step 1 with a valid answer, cycling through patient sessions.
local sessions = {%(sessions)s}
local body = "%(body)s"
local csrf = "%(csrf)s"
local threads = 0
local counter = 0

setup = function(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

request = function()
  counter = counter + 1
  local sid = sessions[((counter + (offset or 0) * 7) %% #sessions) + 1]
  return wrk.format("POST", "%(path)s", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. csrf .. "; sessionid=" .. sid,
  }, body)
end
"""


def run_wrk(url: str, *, seconds: int, threads: int, connections: int, script: str | None = None) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "rate": rate,
        "requests": requests,
        "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan"),
        "bad": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def throughput(
    server: Server,
    *,
    seconds: int,
    threads: int,
    connections: int,
    sessions: int,
    rounds: int,
    meter: CpuMeter | None = None,
) -> float:
    csrf, form, session_ids = csrf_and_sessions(server, sessions)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            LUA
            % {
                "sessions": ", ".join(f'"{sid}"' for sid in session_ids),
                "body": form,
                "csrf": csrf,
                "path": STEP_PATH,
            }
        )
    print(
        f"\nThroughput: wrk -t{threads} -c{connections} -d{seconds}s, {sessions} patient sessions; "
        f"{rounds} rounds of /healthz then the step, each round's ratio from its own pair"
    )
    healthz = server.url + HEALTHZ_PATH
    step = server.url + STEP_PATH
    settings = {"seconds": seconds, "threads": threads, "connections": connections}

    def measured(url: str, **options) -> dict:
        before = meter.snapshot() if meter else {}
        run = run_wrk(url, **options)
        if meter:
            after = meter.snapshot()
            count = max(run["requests"], 1)
            run["cpu_ms"] = meter.used(before, after) * 1000 / count
            run["db_cpu_ms"] = meter.used(before, after, "backend") * 1000 / count
        return run

    try:
        # Warm both paths up (connections, caches, the first-request imports of each worker).
        run_wrk(healthz, **{**settings, "seconds": 2})
        run_wrk(step, **{**settings, "seconds": 2}, script=script.name)
        pairs = []
        for number in range(1, rounds + 1):
            first = measured(healthz, **settings)
            second = measured(step, **settings, script=script.name)
            for label, run in ((f"GET {HEALTHZ_PATH}", first), (f"POST {STEP_PATH}", second)):
                if run["bad"]:
                    raise SystemExit(f"{label}: {run['bad']} answers were not 2xx/3xx; the measurement is void")
                if run["socket_errors"]:
                    print(f"    {label}: {run['socket_errors']}")
            ratio = second["rate"] / first["rate"]
            pairs.append((first, second, ratio))
            cpu = ""
            if meter:
                cpu = (
                    f"; server CPU {first['cpu_ms']:.2f} vs {second['cpu_ms']:.2f} ms/request "
                    f"(database {first['db_cpu_ms']:.2f} vs {second['db_cpu_ms']:.2f})"
                )
            print(
                f"  round {number}: /healthz {first['rate']:6.0f} req/s, step submit {second['rate']:6.0f} req/s, "
                f"ratio {ratio:.2f}x{cpu}"
            )
    finally:
        os.unlink(script.name)
    ratio = statistics.median(pair[2] for pair in pairs)
    verdict = "met" if ratio >= GOAL_RATIO else "MISSED"
    print(
        f"  median: /healthz {statistics.median(p[0]['rate'] for p in pairs):.0f} req/s, "
        f"step submit {statistics.median(p[1]['rate'] for p in pairs):.0f} req/s"
    )
    print(f"  step submit / healthz = {ratio:.2f}x (median of rounds)   goal >= {GOAL_RATIO}x: {verdict}")
    if meter:
        healthz_cpu = statistics.median(p[0]["cpu_ms"] for p in pairs)
        step_cpu = statistics.median(p[1]["cpu_ms"] for p in pairs)
        print(
            "  server CPU per request (gunicorn workers + PostgreSQL backends, median): "
            f"/healthz {healthz_cpu:.2f} ms, step submit {step_cpu:.2f} ms; ratio {healthz_cpu / step_cpu:.2f}x "
            "(what a CPU-bound server reaches, whatever else runs on the machine)"
        )
    return ratio


# --- A server of our own -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str) -> None:
    bench_staff.prepare(bench_staff.DEFAULT_CASES, reseed=False)


@contextmanager
def own_server(workers: int):
    database_url = f"{POSTGRES}/{DATABASE}"
    ensure_database(database_url)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DJANGO_READ_ENV_FILE": "false",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + secrets.token_urlsafe(32),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    log = tempfile.NamedTemporaryFile("w+", prefix="bench-intake-gunicorn-", suffix=".log", delete=False)
    process = subprocess.Popen(
        # The project's gunicorn settings, but no worker restarts in the middle of a measurement.
        [gunicorn, "-c", "gunicorn.conf.py", "--max-requests", "0"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}")
    try:
        for _ in range(100):
            try:
                if server.request("GET", HEALTHZ_PATH)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {log.name}")
            time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not answer /healthz; see {log.name}")
        print(f"gunicorn with {workers} workers on {server.url}, database {DATABASE} (log: {log.name})\n")
        yield server, CpuMeter(process.pid, database_url)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running gunicorn, e.g. http://127.0.0.1:8000 (default: start one)")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run (default 10)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--sessions", type=int, default=32, help="patient sessions the step POSTs cycle through")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of wrk runs, healthz then step (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers when starting one (default 2)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    def measure(server: Server, meter: CpuMeter | None = None) -> int:
        weight = page_weight(server)
        ratio = throughput(
            server,
            seconds=args.seconds,
            threads=args.threads,
            connections=args.connections,
            sessions=args.sessions,
            rounds=args.rounds,
            meter=meter,
        )
        return 0 if weight <= GOAL_PAGE_BYTES and ratio >= GOAL_RATIO else 1

    if args.url:
        return measure(Server(args.url))
    with own_server(args.workers) as (server, meter):
        return measure(server, meter)


if __name__ == "__main__":
    sys.exit(main())
