"""The rules version: a declared version plus a short hash of the rule data.

Stored assessments carry it, so a physiotherapist can always tell which rules produced a suggestion.
Any change to any rule (a weight, a condition, an advice text, a source) changes the hash, even if
nobody remembers to bump the declared part.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from enum import Enum

from intake.rules.records import RuleSet

HASH_LENGTH = 8


def _canonical(value: object) -> object:
    """Plain JSON data that is identical whenever the rule data is identical."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: _canonical(getattr(value, field.name)) for field in dataclasses.fields(value)}
        # The record type is part of the meaning: Is("x", 3) and AtLeast("x", 3) must hash differently.
        return {"type": type(value).__name__, **fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"cannot hash rule data of type {type(value).__name__}: {value!r}")


def fingerprint(rule_set: RuleSet) -> str:
    """A short hash of every rule, gate, note, plan and source in the rule set."""
    text = json.dumps(_canonical(rule_set), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def version_of(rule_set: RuleSet) -> str:
    """E.g. "2026.1+ab12cd34": the declared version, then the hash of the data."""
    return f"{rule_set.declared_version}+{fingerprint(rule_set)}"
