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
SECURE_HSTS_SECONDS = 0
