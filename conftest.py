"""Fixtures shared by every app's tests."""

import pytest
from django.db import connection

from innopark.core.append_only import guarded_tables, set_guards


@pytest.fixture
def live_db(transactional_db):
    """For tests with a live server: empties append-only tables between tests (their triggers refuse DELETE)."""
    yield
    from django.core.management import call_command

    tables = guarded_tables(connection)
    set_guards(connection, tables, enabled=False)
    try:
        call_command("flush", "--noinput", verbosity=0)
    finally:
        set_guards(connection, tables, enabled=True)


@pytest.fixture
def user_factory(db):
    from innopark.accounts.models import User

    counter = {"n": 0}

    def make(email=None, **extra):
        counter["n"] += 1
        email = email or f"user{counter['n']}@example.kz"
        return User.objects.create_user(email=email, password="correct-horse-battery", **extra)

    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(live_db, live_server):
    """A Playwright page in Debian's chromium, pointed at the live server (`page.goto(live_server.url + "/")`)."""
    import os

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="kk-KZ")
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
