"""Marking the engine's patient words for translation, without importing Django.

The rules engine stays pure Python (STYLE.md rule 1), so it cannot call Django's gettext. Instead,
every text a patient reads (question wording and choice labels in ``questions.py``, section titles
in ``vocabulary.py``, red-flag advice in ``data.py``) is wrapped in ``gettext_noop``: it returns the
text unchanged, and ``manage.py makemessages`` finds it by that name (one of the keywords it passes
to xgettext by default) and puts it in ``locale/<language>/LC_MESSAGES/django.po``. The app
translates the text with Django's ``gettext`` when it shows a page (``intake/patient/``); the engine
itself, its results and the stored snapshots stay in English.
"""

from __future__ import annotations

__all__ = ["gettext_noop"]


def gettext_noop(text: str) -> str:
    """Mark ``text`` for translation; returns it unchanged (the app translates at render time)."""
    return text
