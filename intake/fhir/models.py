"""Read tokens for the FHIR API: clinic admins create and revoke them in Django admin.

Imported by intake/models.py, so Django finds the model in the intake app. A token is shown once, when
it is created; the database keeps its public prefix (to find the row) and a SHA-256 hash of the
secret. A token is 32 random bytes, so a fast hash is enough: nobody can guess one to try against a
leaked hash, and a slow password hash would cost every API request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class TokenScope(models.TextChoices):
    QUESTIONNAIRE_READ = "questionnaire.read", "Read the intake questionnaire"
    CASE_READ = "case.read", "Read cases: answers, suggestion, plan, referral and outcomes"


TOKEN_PREFIX_LENGTH = 8


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str, str]:
    """(the whole token the client sends, its public prefix, the hash of its secret)."""
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    return f"{prefix}.{secret}", prefix, token_digest(secret)


def validate_scopes(value: object) -> None:
    if not isinstance(value, list) or not value or not set(value) <= set(TokenScope.values):
        raise ValidationError("Choose at least one scope: " + ", ".join(TokenScope.values) + ".")


class ApiToken(models.Model):
    """A read-only key for another system (the clinic's EHR or practice system) to read FHIR resources."""

    name = models.CharField(max_length=100, help_text="Who uses it, e.g. “OpenEMR at the main clinic”.")
    prefix = models.CharField(
        max_length=TOKEN_PREFIX_LENGTH, unique=True, editable=False, help_text="The token's public first part."
    )
    secret_hash = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the secret part.")
    scopes = models.JSONField(
        default=list, validators=[validate_scopes], help_text="What the token may read (read only, always)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set when revoked; a revoked token never works again."
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        app_label = "intake"
        ordering = ["-created_at", "-id"]
        verbose_name = "FHIR API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, token_digest(secret))
