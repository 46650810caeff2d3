"""Settings for the clinic intake app, driven by environment variables.

Every variable is documented in .env.example. The helpers below fail loudly on a bad value,
so a typo in a deployment stops the app at start-up instead of running with a wrong setting.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file(path: Path) -> None:
    """Load KEY=value lines from an optional .env file; variables already set win."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            os.environ.setdefault(name.strip(), value.strip().strip("'\""))


if os.environ.get("DJANGO_READ_ENV_FILE", "true").lower() != "false":
    read_env_file(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL ({error}).") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {url!r}.")
    return config


# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Background work (alerts to the clinic): the tasks API and its database backend, so the queue
    # lives in the clinic's own database and `manage.py db_worker` runs it.
    "django_tasks",
    "django_tasks_db",
    # Recovery codes for two-factor sign-in (a lost phone no longer needs an admin).
    "django_otp.plugins.otp_static",
    # Change history with values for the library, templates, the clinic policy, users and groups.
    "simple_history",
    "intake",
]

MIDDLEWARE = [
    "intake.middleware.RequestLogMiddleware",
    # A NUL byte in the path or query string is a 400 before anything reads it (PostgreSQL refuses it).
    "intake.middleware.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "intake.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The patient's language: the language cookie (set by the switch on every patient page), else the
    # browser's Accept-Language, else LANGUAGE_CODE. After sessions, before CommonMiddleware (Django's order).
    "django.middleware.locale.LocaleMiddleware",
    # Staff pages and Django admin stay in English whatever the browser asks (they are not translated).
    "intake.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A HEAD request is answered as GET wherever GET is (without the body).
    "intake.middleware.HeadAsGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made each change in the history (simple_history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "intake.middleware.StaffIdleTimeoutMiddleware",
    "intake.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "intake.context_processors.clinic",
                "intake.context_processors.staff_waiting",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# SQLite by default so a new user runs the app at once; PostgreSQL (what clinics deploy)
# whenever DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    # `make run` serves and runs the worker on this one file. IMMEDIATE: a request's transaction takes the
    # write lock when it starts and waits (timeout) for the worker's; SQLite's default (deferred) makes a
    # request that read first fail at once with "database is locked" when it then writes (signing in).
    # WAL: readers never wait for the writer.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Every request is one transaction: a failure half-way never leaves half a case behind.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------------------------
# Counters such as the patient rate limits must be shared by every gunicorn worker and every app
# server: by default they live in the database (Django's database cache, table "clinic_cache",
# created by every `migrate`); CACHE_URL points them at a Redis instead. Either way a cache that
# cannot be reached never stops intake: the rate limits let the request through and log a warning
# (intake/rate_limit.py), and /healthz reports it.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A Redis that does not answer costs a request one second at most, never a worker.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "clinic_cache"}}

# --- Authentication ---------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses logins for a username and address locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend with the signed-in user and their permissions kept in the shared cache
    # (one cache read instead of three queries a request), invalidated by any change to users, groups
    # or permissions; nothing is cached when CACHES is per-process memory (intake/auth_cache.py).
    "intake.auth_cache.CachedModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's own address, by the same rule as the patient rate limits: behind the TLS proxy the
# entry the proxy appended to X-Forwarded-For, never the proxy's address (which would let failures
# from anywhere lock a username for everyone).
AXES_CLIENT_IP_CALLABLE = "intake.rate_limit.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Axes logs usernames of failed attempts; keep its own log quiet and rely on its database records.
AXES_VERBOSE = False
# Staff are signed out after this many minutes without a request, and after this many hours since
# they signed in, however busy (a fresh sign-in, with its second step, at least once a shift).
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)
STAFF_SESSION_HOURS = env_int("STAFF_SESSION_HOURS", 12)
# The name shown in a staff member's authenticator app next to their codes.
OTP_TOTP_ISSUER = env_str("CLINIC_NAME", "Clinic intake")
# Change history is for reading: a change is made again through the normal form (and its checks).
SIMPLE_HISTORY_REVERT_DISABLED = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:queue"
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation ---------------------------------------------------------------------
# Patients answer in English or Spanish (README "Languages" says how to add a third). English is the
# source language and what staff pages use; the names here are in English (staff read "Language:
# Spanish"); the patient's switch shows each language in its own words (its .po translates its name).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", gettext_noop("English")),
    ("es", gettext_noop("Spanish")),
]
# The translations: locale/<language>/LC_MESSAGES/django.po in the repository; the compiled .mo files
# are built on install (`make install` runs compilemessages) and never committed.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times as each language writes them ("3 March 2026", "3 de marzo de 2026").
FORMAT_MODULE_PATH = ["clinic.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# 24-hour times everywhere, Django admin included (clinic/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["clinic.formats"]
# The language cookie follows the session cookie's security settings.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap's compiled CSS and JS from the XStatic-Bootstrap package, never a CDN.
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
]
# Uploaded files (the exercise library's pictures): on this server's disk by default, under MEDIA_ROOT.
# They are served by the app (intake.patient.views.exercise_picture), not from a public folder.
MEDIA_ROOT = env_str("MEDIA_ROOT") or str(BASE_DIR / "media")
# With several app servers, the pictures go to an S3-compatible bucket instead (AWS S3, MinIO, Ceph,
# Scaleway, OVH...) through django-storages: set MEDIA_S3_BUCKET (and MEDIA_S3_ENDPOINT_URL for a
# provider other than AWS). Credentials come from the standard AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
# variables (or the instance's role). The bucket stays private: the app reads the files and serves them.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
DEFAULT_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "location": env_str("MEDIA_S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            # Names are content hashes (intake/pictures.py): never overwrite, never guess.
            "file_overwrite": False,
        },
    }
    if MEDIA_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Clinic -----------------------------------------------------------------------------------
CLINIC_NAME = env_str("CLINIC_NAME", "Heel & Thigh Physiotherapy Clinic")
# The number patients are told to call in an emergency, shown next to the engine's advice.
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "999")
# Patient questionnaire: how long a "save and continue later" code works, and per-address limits
# (counted in CACHES, so share the cache when several app servers run).
INTAKE_DRAFT_DAYS = env_int("INTAKE_DRAFT_DAYS", 7)
# An unsent questionnaire (name, birth date, phone, answers) lives in the patient's session; it
# expires this many days after the patient last answered (Django's default would keep it 14), and
# `clearsessions` deletes it (deploy/clinic-clearsessions.timer).
INTAKE_SESSION_DAYS = env_int("INTAKE_SESSION_DAYS", 2)
SESSION_COOKIE_AGE = INTAKE_SESSION_DAYS * 24 * 3600
INTAKE_SUBMISSIONS_PER_HOUR = env_int("INTAKE_SUBMISSIONS_PER_HOUR", 10)
INTAKE_RESUME_ATTEMPTS_PER_HOUR = env_int("INTAKE_RESUME_ATTEMPTS_PER_HOUR", 20)

# The FHIR read API (/fhir/): requests per minute per client address, and search page sizes.
FHIR_REQUESTS_PER_MINUTE = env_int("FHIR_REQUESTS_PER_MINUTE", 120)
FHIR_PAGE_SIZE = env_int("FHIR_PAGE_SIZE", 50)
FHIR_PAGE_SIZE_MAX = env_int("FHIR_PAGE_SIZE_MAX", 200)

# Candidate rule sets the clinical lead may try on the what-if page (/staff/rules-review/what-if/): every
# <name>.py file in this folder that defines RULE_SET. The page lists them by name; it never takes a path or
# a module name from the browser. Only people who deploy the clinic can put a file here.
RULES_CANDIDATES_DIR = Path(env_str("RULES_CANDIDATES_DIR") or BASE_DIR / "rules_candidates")

# The patient's name on each queue row, so staff recognise the person on the phone; false on a screen
# others can see (a shared front desk): the queue then shows reference, age and side only.
QUEUE_SHOW_PATIENT_NAMES = env_bool("QUEUE_SHOW_PATIENT_NAMES", True)
# Days a patient's private link to their approved plan keeps working.
PATIENT_LINK_DAYS = env_int("PATIENT_LINK_DAYS", 90)
# The clinic's phone number, shown on the patient's plan page and handout ("contact the clinic").
CLINIC_PHONE = env_str("CLINIC_PHONE", "01632 960000")
# Follow-up check-ins: weeks after a plan's first approval when the patient is e-mailed a short questionnaire.
_follow_up_weeks = env_list("FOLLOW_UP_WEEKS", "2,6,12")
if not _follow_up_weeks or not all(value.isdigit() and int(value) > 0 for value in _follow_up_weeks):
    raise ImproperlyConfigured(f"FOLLOW_UP_WEEKS must be whole weeks, comma-separated: {_follow_up_weeks!r}.")
FOLLOW_UP_WEEKS = tuple(sorted({int(value) for value in _follow_up_weeks}))
# How long personal data is kept after a patient's last case; `manage.py anonymise_expired` applies it.
PATIENT_RETENTION_DAYS = env_int("PATIENT_RETENTION_DAYS", 8 * 365)

# --- Alerts to the clinic: background tasks and e-mail -------------------------------------------
# Tasks are rows in the clinic's database; `manage.py db_worker` (deploy/clinic-worker.service, and
# `make run` in development) runs them. The worker must be running for alerts to leave.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# /healthz says "degraded" when a due task has waited longer than this for the worker (it is down or stuck).
HEALTHZ_WORKER_LAG_SECONDS = env_int("HEALTHZ_WORKER_LAG_SECONDS", 120)
# The address alerts link to: the case page is SITE_URL + /staff/cases/<reference>/.
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")
# Seconds to wait before each new attempt at an alert the mail server refused; after the last one
# the alert is marked failed (shown to staff on the queue and the case page).
_alert_retry_seconds = env_list("ALERT_RETRY_SECONDS", "10,30,60,120,300,600")
if not all(value.isdigit() for value in _alert_retry_seconds):
    raise ImproperlyConfigured(f"ALERT_RETRY_SECONDS must be whole seconds, comma-separated: {_alert_retry_seconds!r}.")
ALERT_RETRY_SECONDS = [int(value) for value in _alert_retry_seconds]
# E-mail: printed on the console in development, sent over SMTP otherwise.
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
# Seconds before a silent mail server counts as a failed attempt (then retried), so a hung server
# never holds the worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "clinic-alerts@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------
# Secure by default; only DEBUG (a developer's machine over plain http) relaxes the https settings.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto and X-Forwarded-For
# (README "Deploy"): https is read from the proxy's header, and the patient's address (for the
# submission rate limit) is the last X-Forwarded-For entry, the one the proxy itself added.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz answers the load balancer over plain http inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
# Only Django admin takes a file (an exercise's picture, at most 2 MB: models.PICTURE_MAX_BYTES): the file
# parts of a multipart POST are refused past this size (clinic/uploads.py), even without a proxy's body limit.
FILE_UPLOAD_MAX_BYTES = env_int("FILE_UPLOAD_MAX_BYTES", 3 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "clinic.uploads.FilePartLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A refused form (expired page, cookies off) gets the clinic's page, not Django's.
CSRF_FAILURE_VIEW = "clinic.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline scripts or styles anywhere: every script and stylesheet is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Logging ---------------------------------------------------------------------------------
# One line per request from intake.middleware.RequestLogMiddleware (request id, method, path,
# status, user id). Every handler carries clinic.logging.RedactFilter: plan tokens and resume codes
# are masked and control characters escaped, whoever logs (Django's own loggers included). Django's
# "django" logger is configured here so that its default handlers (one of which e-mails tracebacks
# with request data) are replaced by ours; django.request stays at ERROR because its 4xx messages
# only repeat the path.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "clinic.logging.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # The handout PDF's renderer logs every drawing step at INFO; its warnings (a picture it could not
        # load) are enough.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
