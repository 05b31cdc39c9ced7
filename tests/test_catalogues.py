"""The project-level and core catalogues are complete in kk and ru, and their compiled .mo match the .po."""

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

INNOPARK = Path(__file__).resolve().parents[1] / "innopark"
CATALOGUES = [INNOPARK / "locale", INNOPARK / "core" / "locale"]


@pytest.mark.parametrize("root", CATALOGUES, ids=lambda p: str(p.relative_to(INNOPARK)))
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_message_is_translated_and_compiled(root, lang):
    po_path = root / lang / "LC_MESSAGES" / "django.po"
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    messages = [m for m in catalogue if m.id]
    assert messages
    untranslated = [m.id for m in messages if not (all(m.string) if m.pluralizable else m.string)]
    assert not untranslated, f"{po_path}: translate {untranslated}"
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not fuzzy, f"{po_path}: review the fuzzy entries {fuzzy}"
    with (root / lang / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in messages:
        if message.pluralizable:
            continue
        key = f"{message.context}\x04{message.id}" if message.context else message.id
        assert compiled._catalog.get(key) == message.string, f"{po_path}: run compilemessages ({message.id!r})"
