"""Creating and revoking the FHIR API's read tokens (admin and ``manage.py create_fhir_token`` alike)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from intake.fhir.models import ApiToken, new_token


def api_token_create(*, name: str, scopes: Iterable[str], created_by: User) -> tuple[ApiToken, str]:
    """A new token and the text to give the other system: shown once, never stored (only its hash)."""
    text, prefix, secret_hash = new_token()
    token = ApiToken(
        name=name, scopes=sorted(set(scopes)), created_by=created_by, prefix=prefix, secret_hash=secret_hash
    )
    token.full_clean()
    token.save()
    return token, text


def api_token_revoke(*, tokens: QuerySet[ApiToken]) -> int:
    """Revoke for good: the tokens stop working at once. Already revoked ones keep their time."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
