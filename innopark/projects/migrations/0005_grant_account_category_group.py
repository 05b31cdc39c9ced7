"""Give every grant account its grant's category as rollup group, and add the category rows to the ledger's flow
rollup for the transfers already recorded (ADR 0073)."""

from django.db import migrations

# Frozen copies of the SQL at the time of this migration (innopark.funding.rollup.groups_from_party_rows): the
# month's total of the grant accounts of one group, from their counterparty rows, keyed by the group negated.
SET_GROUPS = """UPDATE funding_ledgeraccount SET rollup_group = (
        SELECT c.id FROM projects_grant g JOIN projects_category c ON c.code = g.category_id
        WHERE g.ledger_account_id = funding_ledgeraccount.id)
    WHERE kind = 'grant' AND rollup_group IS NULL"""
FILL_GROUP_ROWS = """INSERT INTO funding_flowrollup (zone_id, kind, party_kind, party_id, day, amount_tiyn, transfers)
    SELECT r.zone_id, r.kind, 'grant_group', -a.rollup_group, {month}, SUM(r.amount_tiyn), SUM(r.transfers)
    FROM funding_flowrollup r JOIN funding_ledgeraccount a ON a.id = r.party_id
    WHERE r.party_kind = 'grant' AND r.party_id > 0 AND a.rollup_group IS NOT NULL
    GROUP BY r.zone_id, r.kind, a.rollup_group, {month}"""
MONTH = {"postgresql": "CAST(date_trunc('month', r.day) AS date)", "sqlite": "date(r.day, 'start of month')"}


def fill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SET_GROUPS)
        cursor.execute("DELETE FROM funding_flowrollup WHERE party_id < 0")
        cursor.execute(FILL_GROUP_ROWS.format(month=MONTH[schema_editor.connection.vendor]))


def empty(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM funding_flowrollup WHERE party_id < 0")
        cursor.execute("UPDATE funding_ledgeraccount SET rollup_group = NULL")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_grant_rollup"),
        ("funding", "0004_grant_rollup_group"),
    ]

    operations = [migrations.RunPython(fill, empty)]
