"""Real servers for fault and concurrency tests: gunicorn processes, and a TCP relay in front of
PostgreSQL that a test can cut and restore to simulate a database outage."""

from __future__ import annotations

import contextlib
import http.cookiejar
import logging
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_static_collected = False


def collect_static(env: dict) -> None:
    """With DEBUG off, whitenoise serves hashed files listed in a manifest: build it once per run."""
    global _static_collected
    if not _static_collected:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        _static_collected = True


@contextlib.contextmanager
def gunicorn_server(database_url: str, workers: int = 2, extra_env: dict | None = None):
    """Serve the app with gunicorn on 127.0.0.1 (DEBUG off) and yield its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DJANGO_READ_ENV_FILE": "false",
        "DEBUG": "false",
        "SECRET_KEY": "gunicorn-test-secret-key-not-for-deployment-0123456789",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        **(extra_env or {}),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    collect_static(env)
    log = (
        open(ROOT / "artifacts" / f"gunicorn-{port}.log", "w") if (ROOT / "artifacts").is_dir() else subprocess.DEVNULL
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base_url + "/healthz", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start (exit {process.poll()})") from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        if log is not subprocess.DEVNULL:
            log.close()


class TcpRelay:
    """Forwards 127.0.0.1:<port> to a target; cut() drops every connection and refuses new ones."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.open.clear()
        with self.lock:
            for sock in self.connections:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.connections.clear()

    def restore(self):
        self.open.set()

    def close(self):
        self.cut()
        self.listener.close()


class Browserless:
    """A patient's browser without the browser: cookies, CSRF tokens and form posts over HTTP."""

    CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())
        self.csrf_token = ""

    def request(self, path: str, data: dict | None = None, base_url: str | None = None) -> tuple[int, str, str]:
        """(status, body, Location) of one GET, or POST when data is given (with the CSRF token)."""
        url = (base_url or self.base_url) + path
        body = None
        headers = {"Referer": url}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf_token}, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                status, text, location = response.status, response.read().decode(), response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            status, text, location = error.code, error.read().decode(), error.headers.get("Location", "")
        if match := self.CSRF_INPUT.search(text):
            self.csrf_token = match.group(1)
        return status, text, location

    def submit_to(self, base_url: str) -> tuple[int, str, str]:
        """Press the final submit button, on the given server."""
        return self.request("/check-your-answers/", {}, base_url=base_url)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd) that keeps every message it accepts, with the time it
    arrived. ``stop()`` takes it down (connections are refused) and ``start()`` brings it back on the
    same port, as a mail server that goes away and returns."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[tuple[float, bytes]] = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler hook
        self.messages.append((time.monotonic(), envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        # aiosmtpd logs every SMTP command at INFO; its conversation is not what a test reads.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float) -> list[tuple[float, bytes]]:
        """The first ``count`` messages, waiting at most ``timeout`` seconds for them."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} e-mails arrived in {timeout} s"
        return self.messages[:count]


def worker_env(database_url: str, smtp_port: int, extra_env: dict | None = None) -> dict:
    """The environment of a production worker (settings from variables, DEBUG off), sending through
    the SMTP server on ``smtp_port``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DJANGO_READ_ENV_FILE": "false",
        "DEBUG": "false",
        "SECRET_KEY": "worker-test-secret-key-not-for-deployment-0123456789",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "5",
        "SITE_URL": "https://clinic.example",
        **(extra_env or {}),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@contextlib.contextmanager
def db_worker(env: dict, interval: float = 1.0, ready_timeout: float = 60):
    """`manage.py db_worker` in its own process, as deploy/clinic-worker.service runs it, yielded once it
    has started polling; stopped (SIGTERM, then killed if it hangs) on the way out. Its output goes to
    artifacts/ when that folder exists (CI keeps it), else to a temporary file."""
    if (ROOT / "artifacts").is_dir():
        log_path = ROOT / "artifacts" / f"db-worker-{os.getpid()}-{time.monotonic_ns()}.log"
    else:
        log_path = Path(tempfile.mkstemp(prefix="db-worker-", suffix=".log")[1])
    log = open(log_path, "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            str(interval),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + ready_timeout
        while "Starting worker" not in log_path.read_text():
            assert process.poll() is None, f"the worker exited: {log_path.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"the worker did not start in {ready_timeout} s"
            time.sleep(0.05)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
        if not (ROOT / "artifacts").is_dir():
            log_path.unlink(missing_ok=True)


def database_url_of(settings_dict: dict) -> str:
    """A DATABASE_URL for another process to open the database these settings describe."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    password = f":{urllib.parse.quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
    return f"postgres://{settings_dict['USER']}{password}@{host}:{port}/{settings_dict['NAME']}"
