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
