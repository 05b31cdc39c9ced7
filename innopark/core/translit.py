"""Kazakh Cyrillic → Kazakh Latin (the 2021 alphabet), from the table in core/data/kz-latin-2021.csv.

The table gives upper-case letters; lower case follows the notes (И/Й → i, І → ı dotless). A letter that maps to
two Latin letters keeps upper case for the first only, unless the word is written in capitals.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).parent / "data" / "kz-latin-2021.csv"
_LOWER_OVERRIDES = {"İ": "i", "I": "ı"}
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04FF]+")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    mapping: dict[str, str] = {}
    with TABLE_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            upper_cyr, upper_lat = row["cyrillic"], row["latin"]
            mapping[upper_cyr] = upper_lat
            lower_lat = _LOWER_OVERRIDES.get(upper_lat[:1], upper_lat[:1].lower()) + upper_lat[1:].lower()
            mapping[upper_cyr.lower()] = lower_lat if upper_lat else ""
    return mapping


def _word(match: re.Match) -> str:
    word = match.group(0)
    table = _table()
    all_caps = len(word) > 1 and word.isupper()
    out = []
    for char in word:
        latin = table.get(char, char)
        if all_caps:
            latin = latin.upper() if latin not in ("i", "ı") else latin
            latin = "İ" if char in "ИЙ" else ("I" if char == "І" else latin)
        out.append(latin)
    return "".join(out)


def to_latin(text: str) -> str:
    """Transliterate every Cyrillic word of `text`; anything else is left as it is."""
    if not text:
        return text
    return _CYRILLIC_WORD.sub(_word, text)


_HTML_TEXT = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<[^>]*>)", re.DOTALL | re.IGNORECASE)


def html_to_latin(html: str) -> str:
    """Transliterate the text of an HTML page, leaving tags, attributes, scripts and styles untouched."""
    parts = _HTML_TEXT.split(html)
    return "".join(part if index % 2 else to_latin(part) for index, part in enumerate(parts))
