"""Kazakh Cyrillic → Kazakh Latin (the 2021 alphabet), from the table in core/data/kz-latin-2021.csv.

The table gives upper-case letters; lower case follows its notes (И/Й → İ upper, i lower; І → I upper, ı dotless
lower; Ъ/Ь are dropped). A letter that maps to two Latin letters (Ц → Ts, Ю → İu) keeps upper case for the first
only, unless the whole word is written in capitals (ЦЕХ → TSEH). Python's str.upper()/lower() would get the
dotted and dotless i wrong ("i".upper() is "I"), so the case of every letter comes from the table.
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
        # In a word written in capitals every letter is an upper-case one, so the table already gives İ and I;
        # only the second letter of a two-letter mapping (Ts, İo, Şş) still needs raising.
        out.append(latin.upper() if all_caps else latin)
    return "".join(out)


def to_latin(text: str) -> str:
    """Transliterate every Cyrillic word of `text`; anything else is left as it is."""
    if not text:
        return text
    return _CYRILLIC_WORD.sub(_word, text)


# What is never transliterated: tags with their attributes (values such as URLs, ids and form values must stay
# as they are), comments, scripts and styles, the text of a <textarea> (it is what the user typed and will post
# back), and an element marked `data-keep-script` (e.g. the "Кирилл" button that switches back to Cyrillic).
_PROTECTED = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|textarea)\b.*?</\1\s*>"
    r"|<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-keep-script\b[^>]*>.*?</\2\s*>"
    r"|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)


def html_to_latin(html: str) -> str:
    """Transliterate the text of an HTML page, leaving tags, attributes, scripts, styles, textareas and elements
    marked `data-keep-script` untouched."""
    out = []
    position = 0
    for match in _PROTECTED.finditer(html):
        out.append(to_latin(html[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(to_latin(html[position:]))
    return "".join(out)
