"""A cursor for the few hottest write paths (the ledger's transfers and the audit chain's append; ADR 0043).

On PostgreSQL it is a plain psycopg cursor with server-side parameter binding instead of Django's client-side one,
so psycopg prepares each statement after a few executions and the server no longer parses and plans it on every
transfer, which is most of what a short statement costs. It works on the connection Django holds, inside Django's
transaction. Elsewhere (SQLite) it is Django's own cursor.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def hot_cursor():
    """`with hot_cursor() as cursor:` as with `connection.cursor()`; database errors still arrive as Django's
    (IntegrityError and the rest), as callers expect."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        yield cursor
