"""Helpers for the language tests (no tests here): the translation catalogues read as data, and a
page's text as a patient (or a screen reader) gets it."""

from __future__ import annotations

import ast
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
SPANISH_PO = LOCALE / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
# A fragment of an English source text worth looking for on a page: at least three words.
MIN_WORDS = 3


def po_files() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def po_entries(path: Path) -> list[dict]:
    """Every entry of a .po file: msgid, msgid_plural, msgstr (a list: one per plural form), flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        flags: set[str] = set()
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[current].append(line)
            else:
                current, _, rest = line.partition(" ")
                fields[current] = [rest]
        if "msgid" not in fields or _unquote(fields["msgid"]) == "":
            continue
        strings = [_unquote(value) for key, value in sorted(fields.items()) if key.startswith("msgstr")]
        entries.append(
            {
                "msgid": _unquote(fields["msgid"]),
                "msgid_plural": _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None,
                "msgstr": strings,
                "flags": flags,
            }
        )
    return entries


def english_fragments(path: Path = SPANISH_PO) -> set[str]:
    """The English source texts of a catalogue that its translation changes, cut at HTML tags and
    placeholders, keeping pieces of three words or more: none should appear on a translated page."""
    fragments = set()
    for entry in po_entries(path):
        sources = [entry["msgid"], entry["msgid_plural"]] if entry["msgid_plural"] else [entry["msgid"]]
        if sources == entry["msgstr"][: len(sources)]:
            continue  # the same in both languages (a name, a number format)
        for source in sources:
            text = unescape(re.sub(r"<[^>]+>", "|", source))
            for piece in PLACEHOLDER.split(text):
                for part in piece.split("|"):
                    part = " ".join(part.split()).strip(" .,:;()")
                    if len(part.split()) >= MIN_WORDS:
                        fragments.add(part)
    return fragments


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SPOKEN_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")


class _PageText(HTMLParser):
    """Visible text plus the attributes a screen reader reads, leaving out scripts, styles and any
    element marked as another language (the language switch's "English")."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skip = tag in ("script", "style") or (
            lang is not None and tag != "html" and not lang.lower().startswith(self.language)
        )
        if not skip and not self._skipping():
            self.parts += [attributes[name] for name in SPOKEN_ATTRIBUTES if attributes.get(name)]
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def page_text(html: str, language: str) -> str:
    parser = _PageText(language)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def page_sentences(html: str) -> set[str]:
    """The text blocks of an (English) page with three words or more, for comparing two renderings."""
    parser = _PageText("en")
    parser.feed(html)
    blocks = set()
    for part in parser.parts:
        for sentence in re.split(r"(?<=[.?!:])\s+", " ".join(part.split())):
            sentence = sentence.strip(" .,:;()")
            if len(sentence.split()) >= MIN_WORDS and re.search(r"[a-z]", sentence):
                blocks.add(sentence)
    return blocks


def html_lang(html: str) -> str:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
    return match.group(1) if match else ""
