"""Validators shared by the patient form, the models and admin."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Characters that change how text is shown without being seen: bidirectional overrides, embeddings
# and isolates (a right-to-left override makes "Ann\u202eSmith" read backwards), direction marks,
# zero-width spaces, word joiners, invisible operators, the byte-order mark, soft hyphens. The
# zero-width joiner and non-joiner (U+200C, U+200D) stay allowed: several scripts need them in names.
HIDDEN_CHARACTERS = frozenset(
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


@deconstructible
class VisibleTextValidator:
    """Refuses text holding control characters or hidden formatting characters (HIDDEN_CHARACTERS)."""

    message = (
        "This contains a hidden character (such as a text-direction mark) that cannot be shown. "
        "Please type it again rather than copying and pasting it."
    )
    code = "hidden_character"

    def __call__(self, value: str) -> None:
        for character in str(value):
            if character in HIDDEN_CHARACTERS or unicodedata.category(character) == "Cc":
                raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VisibleTextValidator)


validate_visible_text = VisibleTextValidator()
