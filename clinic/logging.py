"""The one filter on every log handler: secrets masked, control characters escaped.

Whatever logs a line (the app's request log, Django's own ``django.request`` and ``django.security``
loggers, runserver's ``django.server``, a library), it passes through ``RedactFilter`` on its way to
a handler, so:

* a patient's private plan link (``/plan/<token>/``) and a resume code (``M4KQ-7TXH-2PRA``, or any
  ``code=`` query parameter) never reach a log file, in the message or in a traceback;
* a control character (a ``%0a`` in a URL, a crafted ``X-Request-ID``) is written as ``\\x0a``, so
  nobody can forge a log line.

settings.LOGGING attaches it to every handler; tests/test_logging_filter.py checks that no handler
of any logger goes without it.
"""

from __future__ import annotations

import logging
import re

# The alphabet of intake.models.REFERENCE_ALPHABET (resume codes are three groups of four).
_CODE_LETTERS = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
_RESUME_CODE = re.compile(
    rf"(?<![A-Za-z0-9])[{_CODE_LETTERS}]{{4}}-[{_CODE_LETTERS}]{{4}}-[{_CODE_LETTERS}]{{4}}(?![A-Za-z0-9])", re.I
)
_CODE_PARAMETER = re.compile(r"([?&;]code=)[^&;\s\"']*", re.I)
# The token is the path segment after /plan/, whatever characters it holds.
_PLAN_TOKEN = re.compile(r"(/plan/)(?!<token>)[^/\s\"'?#]+")
# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def mask_secrets(text: str) -> str:
    text = _PLAN_TOKEN.sub(r"\1<token>", text)
    text = _CODE_PARAMETER.sub(r"\1<code>", text)
    return _RESUME_CODE.sub("<resume-code>", text)


def escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


class RedactFilter(logging.Filter):
    """Rewrites the record in place (it never drops one): the message with its arguments merged in,
    secrets masked and control characters escaped; a traceback with secrets masked (its own line
    breaks kept)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep what was passed, never lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = escape_controls(mask_secrets(message))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info)
        record._redacted = True
        return True
