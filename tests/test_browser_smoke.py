import pytest


@pytest.mark.browser
def test_home_page_in_chromium_switches_language(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.click("button[data-lang=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
