import pytest


@pytest.mark.browser
def test_home_page_in_chromium_switches_language(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.click("button[data-lang=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.browser
def test_kazakh_latin_switch_in_chromium(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/")
    assert "Инновациялық" in page.locator("h1").inner_text()
    page.click("button[data-script=latn]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "kk-Latn"
    assert page.locator("h1").inner_text() == "İnnovatsiialyq tehnologiialar parkı"
    page.click("button[data-script=cyrl]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Инновациялық технологиялар паркі"
    # Switching to Russian hides the Kazakh alphabet switch.
    page.click("button[data-lang=ru]")
    page.wait_for_load_state()
    assert page.locator("button[data-script]").count() == 0
