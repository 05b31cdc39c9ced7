"""Append-only tables: database triggers that refuse UPDATE and DELETE (audit events, ledger transfers).

Created by migrations with `append_only_operations(table)`. Trigger names start with `append_only_` so that
the test suite can find them (it must empty tables between browser tests; see conftest.py).
"""

from django.db import migrations

MESSAGE = "%s is append-only: rows cannot be changed or deleted"


def _sqlite_sql(table: str) -> tuple[list[str], list[str]]:
    create = [
        f"CREATE TRIGGER append_only_{table}_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE % table}'); END;",
        f"CREATE TRIGGER append_only_{table}_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE % table}'); END;",
    ]
    drop = [
        f"DROP TRIGGER IF EXISTS append_only_{table}_update;",
        f"DROP TRIGGER IF EXISTS append_only_{table}_delete;",
    ]
    return create, drop


def _postgres_sql(table: str) -> tuple[list[str], list[str]]:
    create = [
        f"""CREATE OR REPLACE FUNCTION append_only_{table}_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE % table}' USING ERRCODE = 'restrict_violation'; END;
        $$ LANGUAGE plpgsql;""",
        f"CREATE TRIGGER append_only_{table}_guard BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION append_only_{table}_refuse();",
    ]
    drop = [
        f"DROP TRIGGER IF EXISTS append_only_{table}_guard ON {table};",
        f"DROP FUNCTION IF EXISTS append_only_{table}_refuse();",
    ]
    return create, drop


def trigger_sql(vendor: str, table: str) -> tuple[list[str], list[str]]:
    if vendor == "postgresql":
        return _postgres_sql(table)
    if vendor == "sqlite":
        return _sqlite_sql(table)
    raise NotImplementedError(f"append-only triggers are not written for {vendor}")


def append_only_operations(table: str) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        for statement in trigger_sql(schema_editor.connection.vendor, table)[0]:
            schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        for statement in trigger_sql(schema_editor.connection.vendor, table)[1]:
            schema_editor.execute(statement)

    return migrations.RunPython(forwards, backwards)


def guarded_tables(connection) -> list[str]:
    """Tables that carry append-only triggers in this database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type='trigger' AND name LIKE 'append_only_%'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'append_only_%'"
            )
        return [row[0] for row in cursor.fetchall()]


def set_guards(connection, tables, enabled: bool) -> None:
    """Drop or re-create the triggers (test housekeeping only: emptying the database between browser tests)."""
    with connection.cursor() as cursor:
        for table in tables:
            create, drop = trigger_sql(connection.vendor, table)
            for statement in create if enabled else drop:
                cursor.execute(statement)
