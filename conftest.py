"""Fixtures shared by every app's tests."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection

from innopark.core.append_only import guarded_tables, set_guards


@pytest.fixture(autouse=True)
def _cheap_argon2(settings):
    """Argon2 as in production, at a fraction of the cost: the suite creates hundreds of users."""
    settings.PASSWORD_HASHERS = ["innopark.accounts.tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _close_pool_before_dropping_the_test_database(django_db_setup, django_db_blocker):
    """Torn down before django_db_setup (which it depends on): closes the PostgreSQL connection pool, whose idle
    connections would otherwise keep the test database from being dropped at the end of the run."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for conn in connections.all():
            conn.close()
            if getattr(conn, "pool", None) is not None:
                conn.close_pool()


@pytest.fixture
def live_db(transactional_db):
    """For tests with a live server: empties append-only tables between tests (their triggers refuse DELETE)."""
    # Transactional tests run last (pytest-django orders them so) and start from a database that an earlier one
    # flushed: put back what data migrations put in.
    for module_name in DATA_MIGRATIONS:
        import_module(module_name).create(django_apps, None)
    yield
    from django.core.management import call_command

    tables = guarded_tables(connection)
    set_guards(connection, tables, enabled=False)
    try:
        call_command("flush", "--noinput", verbosity=0)
    finally:
        set_guards(connection, tables, enabled=True)


# Data migrations whose rows every test expects (re-run after a flush).
DATA_MIGRATIONS = ["innopark.projects.migrations.0002_builtin_categories"]


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
def browser_page(live_db, live_server, monkeypatch):
    """A Playwright page in Debian's chromium, pointed at the live server (`page.goto(live_server.url + "/")`)."""
    # Playwright runs an event loop in this thread; the ORM refuses that unless told it is safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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
