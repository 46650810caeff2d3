"""gunicorn settings for deployment (README "Deploy"). Override any of them with GUNICORN_* variables."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core is a good start for a database-bound Django app.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Restart workers now and then so a slow leak never takes the app down.
max_requests = 2000
max_requests_jitter = 200
# The app logs each request itself, with a request id and without patient data (see clinic/logging.py);
# gunicorn's access log would repeat it, and its default format includes the full query string.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "clinic.wsgi:application"
