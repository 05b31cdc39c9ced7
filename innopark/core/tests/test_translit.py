"""The "Kazakh (Latin)" display option: the 2021 alphabet table, the page middleware and the switch."""

import csv

import pytest

from innopark.core.translit import TABLE_PATH, html_to_latin, to_latin

LATIN = "innopark_kk_script"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Қазақстан", "Qazaqstan"),
        ("Алматы", "Almaty"),
        ("Ақпарат", "Aqparat"),
        ("іс", "ıs"),
        ("Іле", "Ile"),
        ("ІС", "IS"),
        ("ит", "it"),
        ("Ия", "İia"),
        ("ИННОВАЦИЯ", "İNNOVATSİİA"),
        ("Шығыс", "Şyğys"),
        ("Жаңа", "Jaña"),
        ("Өскемен", "Öskemen"),
        ("Ұлттық банкі", "Ūlttyq bankı"),
        ("үй", "üi"),
        ("Әл-Фараби", "Äl-Farabi"),
        ("Цех", "Tseh"),
        ("ЦЕХ", "TSEH"),
        ("Чай", "Chai"),
        ("щи", "şşi"),
        ("Юрта", "İurta"),
        ("ЮРТА", "İURTA"),
        ("ёлка", "iolka"),
        ("Съезд", "Sezd"),
        ("ПАРКЪ", "PARK"),
        ("пальто", "palto"),
        ("Һ", "H"),
        ("Энергия", "Energiia"),
    ],
)
def test_words(cyrillic, latin):
    assert to_latin(cyrillic) == latin


def test_every_letter_of_the_table_upper_and_lower():
    with TABLE_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 42  # 33 Russian + 9 Kazakh letters
    lower_first = {"İ": "i", "I": "ı"}
    for row in rows:
        upper, latin = row["cyrillic"], row["latin"]
        assert to_latin(upper) == latin
        expected_lower = (lower_first.get(latin[:1], latin[:1].lower()) + latin[1:].lower()) if latin else ""
        assert to_latin(upper.lower()) == expected_lower


def test_everything_but_cyrillic_is_left_alone():
    text = "BIN 940140000385, 2,6 млрд ₸ — 62010 (IT) «Алатау»"
    assert to_latin(text) == "BIN 940140000385, 2,6 mlrd ₸ — 62010 (IT) «Alatau»"
    assert to_latin("") == ""


def test_html_keeps_tags_attributes_scripts_styles_textareas_and_marked_elements():
    html = (
        '<p title="Қазақ" data-x="тіл">Қазақ <b>тілі</b></p><!-- Қазақ -->'
        '<script>var a = "Қазақ";</script><style>/* Қазақ */</style>'
        '<textarea name="note">Қазақ тілі</textarea>'
        '<button lang="kk-Cyrl" data-keep-script>Кирилл</button><span>Алматы</span>'
    )
    assert html_to_latin(html) == (
        '<p title="Қазақ" data-x="тіл">Qazaq <b>tılı</b></p><!-- Қазақ -->'
        '<script>var a = "Қазақ";</script><style>/* Қазақ */</style>'
        '<textarea name="note">Қазақ тілі</textarea>'
        '<button lang="kk-Cyrl" data-keep-script>Кирилл</button><span>Almaty</span>'
    )


# --- the middleware -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_kazakh_page_is_transliterated_when_latin_is_chosen(client):
    client.cookies[LATIN] = "latn"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="kk")
    page = response.content.decode()
    assert response["Content-Language"] == "kk-Latn"
    assert '<html lang="kk-Latn">' in page
    assert "İnnovatsiialyq tehnologiialar parkı" in page  # the heading
    assert "Инновациялық" not in page
    assert 'aria-label="Басты мәзір"' in page  # attributes untouched
    assert "Кирилл</button>" in page  # the way back is written in Cyrillic
    assert not response.has_header("Content-Length") or int(response["Content-Length"]) == len(response.content)


@pytest.mark.django_db
def test_kazakh_page_stays_cyrillic_by_default(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Инновациялық технологиялар паркі" in page
    assert "Latyn</button>" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading"), [("ru", "Инновационный технологический парк"), ("en", "Innovation technology park")]
)
def test_russian_and_english_pages_are_never_transliterated(client, lang, heading):
    client.cookies[LATIN] = "latn"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert heading in page
    assert "script-switch" not in page  # the switch is offered on Kazakh pages only


@pytest.mark.django_db
@pytest.mark.urls("innopark.core.tests.error_urls")
def test_json_is_never_transliterated(client):
    client.cookies[LATIN] = "latn"
    response = client.post(
        "/test-core/api/check", {"bin": "940140000380"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="kk"
    )
    assert response.json()["message"] == "Сұрауды орындау мүмкін болмады."


# --- the switch -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_switch_to_latin_and_back(client):
    response = client.post("/script/", {"script": "latn", "next": "/zones/"})
    assert response.status_code == 302
    assert response["Location"] == "/zones/"
    cookie = response.cookies[LATIN]
    assert cookie.value == "latn"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    response = client.post("/script/", {"script": "cyrl", "next": "/"})
    assert response.cookies[LATIN].value == ""  # deleted
    assert response["Location"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
        "/\\evil.example",
    ],
)
def test_switch_never_redirects_off_site(client, target):
    response = client.post("/script/", {"script": "latn", "next": target})
    assert response["Location"] == "/"
    response = client.post("/script/", {"script": "latn"}, HTTP_REFERER=target)
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_switch_goes_back_to_the_referring_page_of_this_site(client):
    response = client.post("/script/", {"script": "latn"}, HTTP_REFERER="http://testserver/zones/?page=2")
    assert response["Location"] == "http://testserver/zones/?page=2"


@pytest.mark.django_db
def test_switch_accepts_only_post(client):
    assert client.get("/script/?script=latn").status_code == 405
