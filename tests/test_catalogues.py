"""Every catalogue is complete in kk and ru, its compiled .mo matches the .po, and no two catalogues translate the
same message differently (Django merges them into one per language, so one app's wording would show on another
app's pages)."""

import gettext
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

INNOPARK = Path(__file__).resolve().parents[1] / "innopark"
CATALOGUES = [INNOPARK / "locale", *sorted(INNOPARK.glob("*/locale"))]


def read(root, lang):
    with (root / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("root", CATALOGUES, ids=lambda p: str(p.relative_to(INNOPARK)))
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_message_is_translated_and_compiled(root, lang):
    po_path = root / lang / "LC_MESSAGES" / "django.po"
    catalogue = read(root, lang)
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


def django_apps_before_ours(lang):
    """Catalogues of the apps listed before ours in INSTALLED_APPS (admin, auth, ...): theirs win over ours."""
    from django.apps import apps

    configs = list(apps.get_app_configs())
    first_ours = next(i for i, config in enumerate(configs) if config.name.startswith("innopark."))
    for config in configs[:first_ours]:
        path = Path(config.path) / "locale" / lang / "LC_MESSAGES" / "django.mo"
        if path.exists():
            with path.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog
            yield (
                config.name,
                {
                    tuple(key.split("\x04", 1)) if "\x04" in key else (None, key): text
                    for key, text in catalog.items()
                    if isinstance(key, str) and key and text
                },
            )


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_two_catalogues_translate_a_message_differently(lang):
    """Same meaning: give it the same words everywhere. Different meaning: give it a context (pgettext_lazy /
    {% translate ... context ... %}). See docs/adr/0014-one-word-one-meaning.md."""
    seen = defaultdict(dict)
    for root in CATALOGUES:
        for message in read(root, lang):
            if message.id and message.string and not message.fuzzy:
                key = (message.context, message.id if isinstance(message.id, str) else tuple(message.id))
                seen[key][str(root.relative_to(INNOPARK))] = message.string
    project_level = {key for key, apps in seen.items() if "locale" in apps}
    for name, catalog in django_apps_before_ours(lang):
        for key, text in catalog.items():
            if key in seen and key not in project_level:  # the project-level catalogue wins over theirs too
                seen[key][name] = text
    collisions = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not collisions, "\n".join(f"{key}: {apps}" for key, apps in collisions.items())


def render(source, lang):
    with translation.override(lang):
        return Template("{% load i18n %}" + source).render(Context())


def test_a_word_with_two_meanings_is_told_apart_by_its_context():
    from innopark.projects.workflow import GrantStatus
    from innopark.registry.workflow import ParticipantStatus

    with translation.override("ru"):
        assert str(ParticipantStatus.ACTIVE.label) == "Действующий"  # участник
        assert str(GrantStatus.ACTIVE.label) == "Действует"  # грант
        assert str(ParticipantStatus.SUSPENDED.label) == "Приостановлен"
    assert render('{% translate "Suspended" context "certificate" %}', "ru") == "Приостановлено"  # свидетельство
    assert render('{% translate "Summary" context "statement" %}', "ru") == "Итоги"
    assert render('{% translate "Summary" context "project" %}', "ru") == "Краткое описание"
    assert render('{% translate "From" context "date" %}', "ru") == "С"
    assert render('{% translate "From" %}', "ru") == "Откуда"


@pytest.mark.django_db
def test_zone_list_in_russian_calls_the_zones_name_a_title_not_a_first_name(client):
    from innopark.zones.tests import factories as f

    f.make_zone(f.make_admin(), "test-zone")
    html = client.get(reverse("zones:list"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<th scope="col">Название</th>' in html
    assert "Имя" not in html


@pytest.mark.django_db
def test_my_account_in_russian_names_the_person_and_the_token_differently(client, user_factory):
    user = user_factory(full_name="Айгерим Сейткали")
    client.force_login(user)
    html = client.get(reverse("accounts:me"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<dt>Имя</dt><dd>Айгерим Сейткали</dd>" in html
    assert '<th scope="col">Название</th>' in html  # the token's name
    assert '<th scope="col">С</th>' in html  # a role's first day
