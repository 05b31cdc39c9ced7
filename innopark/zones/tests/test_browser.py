"""The zone page in Debian's chromium: switching language and reading the Alatau jurisdiction timeline; a transfer
form refused on a backdated date, with the error on the field in the user's language."""

import io
import os

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright runs an event loop in this thread

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_zones(live_db, settings):
    from innopark.zones import demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load(io.StringIO())


def timeline(page) -> list[str]:
    return page.locator("#jurisdiction-timeline > li").evaluate_all("items => items.map(i => i.dataset.authority)")


def test_alatau_timeline_in_three_languages(demo_zones, browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/zones/alatau-itp/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert timeline(page) == ["mid-rk", "mic-rk", "almaty-akimat"]
    items = page.locator("#jurisdiction-timeline > li")
    assert "Алматы қаласының әкімдігі" in items.nth(2).inner_text()
    assert "күндер шартты" in items.nth(0).inner_text()  # "illustrative dates"

    page.click("button[data-lang=ru]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Акимат города Алматы" in items.nth(2).inner_text()
    assert "Министерство информации и коммуникаций" in items.nth(1).inner_text()
    assert "даты условные" in items.nth(1).inner_text()

    page.click("button[data-lang=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2#jurisdiction").inner_text() == "Jurisdiction"
    text = items.nth(1).inner_text()
    assert "Ministry of Information and Communications" in text and "80%" in text
    assert "Digital Development" in text  # the successor link after the 2019 renaming
    assert "today" in items.nth(2).inner_text()
    assert page.locator("#headcount-table tbody tr").count() == 6


def test_transfer_form_shows_a_backdated_date_on_the_field(demo_zones, browser_page, live_server):
    from django.test import Client

    from innopark.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="admin@demo.innopark.kz"))
    page = browser_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        + [{"name": "innopark_language", "value": "ru", "url": live_server.url}]
    )
    page.goto(live_server.url + "/zones/alatau-itp/transfer/")
    # Keyboard only: labels lead to their fields.
    page.get_by_label("Новый уполномоченный орган").select_option("mid-rk")
    page.get_by_label("Вступает в силу").fill("2018-05-01")
    page.get_by_label("Правовое основание").fill("Постановление Правительства")
    page.get_by_label("Правовое основание").press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    error = page.locator("#id_effective_on ~ ul.errorlist")
    assert "после последнего изменения подчинённости" in error.inner_text()
