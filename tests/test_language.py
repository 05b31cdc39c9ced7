"""Languages of the whole site: kk by default, Accept-Language, the switcher in the header of every page."""

import re

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from innopark.core.navigation import nav_items

pytestmark = pytest.mark.django_db

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME
HOME_TITLE = {"kk": "Басты бет", "ru": "Главная", "en": "Home"}


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_settings_offer_kk_ru_en_with_kk_first():
    assert settings.LANGUAGE_CODE == "kk"
    assert [code for code, _name in settings.LANGUAGES] == ["kk", "ru", "en"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize("accept", [None, "de", "fr-FR,fr;q=0.9", "*"])
def test_the_default_language_is_kazakh(client, accept):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = client.get("/", **headers)
    assert html_lang(response) == "kk"
    assert f"<title>{HOME_TITLE['kk']} · innopark</title>" in response.content.decode()


@pytest.mark.parametrize(
    ("accept", "lang"), [("ru", "ru"), ("ru-RU,ru;q=0.9", "ru"), ("en-US,en;q=0.8", "en"), ("kk-KZ", "kk")]
)
def test_accept_language_chooses_the_language(client, accept, lang):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert html_lang(response) == lang
    assert f"<title>{HOME_TITLE[lang]} · innopark</title>" in response.content.decode()
    assert response["Content-Language"] == lang


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_switcher_sets_the_language_and_returns_to_the_page(client, lang):
    response = client.post("/i18n/setlang/", {"language": lang, "next": "/?x=1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/?x=1"
    assert response.cookies[LANGUAGE_COOKIE].value == lang
    assert response.cookies[LANGUAGE_COOKIE]["max-age"] == 365 * 24 * 3600
    assert response.cookies[LANGUAGE_COOKIE]["samesite"] == "Lax"
    # The choice outlives the browser's own preference.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en" if lang != "en" else "ru")
    assert html_lang(response) == lang


def test_the_switcher_does_not_redirect_off_site(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def public_pages() -> list[str]:
    """The home page and every menu entry that an anonymous visitor may open."""
    urls = ["/"]
    for item in nav_items():
        try:
            urls.append(reverse(item.url_name))
        except NoReverseMatch:
            continue
    return urls


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_page_carries_the_switcher_with_the_current_page_as_next(client, lang):
    client.cookies[LANGUAGE_COOKIE] = lang
    # A page another app is still building may fail; that is its own tests' business, not the header's.
    client.raise_request_exception = False
    checked = 0
    for url in public_pages():
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue  # pages behind a sign-in redirect to the login page, which is checked through "/"
        page = response.content.decode()
        assert '<form class="lang-switch" action="/i18n/setlang/" method="post"' in page, url
        assert f'<input name="next" type="hidden" value="{url}">' in page, url
        for code in ("kk", "ru", "en"):
            assert f'name="language" value="{code}"' in page, url
        assert 'aria-pressed="true" class="current">' in page
        assert html_lang(response) == lang, url
        checked += 1
    assert checked >= 1


def test_login_page_carries_the_switcher(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert 'action="/i18n/setlang/"' in response.content.decode()
