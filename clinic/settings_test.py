"""Settings for the test suite: the real settings plus what makes tests fast and isolated."""

import os

# Tests never read a developer's .env: the suite behaves the same on every machine.
os.environ["DJANGO_READ_ENV_FILE"] = "false"
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment")

from clinic.settings import *  # noqa: E402,F403

# A fast hasher: tests create many users and Argon2 is slow on purpose.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Per-process memory: each test starts with an empty cache (tests/conftest.py) without a query. The
# deployment's database cache is tested where it matters (tests/test_rate_limit_cache.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# The test client and live server speak plain http.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Tasks are kept in memory, not run: a test runs the queued ones when it means to
# (tests/alerts_support.py), so each step of an alert's life can be checked. The worker test
# (tests/test_alerts_worker.py) switches to the database backend and a real `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
SITE_URL = "https://clinic.example"
# On SQLite the test database is a file, not memory, so that a second process can open it: the alert
# worker that tests/test_alerts_worker.py runs with `manage.py db_worker`. One file per checkout.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import hashlib
    import tempfile

    _checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"clinic-test-{_checkout}.sqlite3")}  # noqa: F405
# Uploaded files (exercise pictures: seed_demo's drawings, admin uploads) go to a temporary folder,
# never the checkout's media/.
import tempfile as _tempfile  # noqa: E402

MEDIA_ROOT = _tempfile.mkdtemp(prefix="clinic-test-media-")
