"""The rollup of grants (ADR 0071): written with each grant, read by the statistics, checked against the grants.

    grant_rollup_add(grant, grants=1, amount_tiyn=grant.amount_tiyn)
                            # in the transaction that created the grant (or changed its amount, with grants=0)
    grant_rollup_rebuild()  # after grants were bulk-inserted without the services (bench/datagen.py)
    grant_rollup_check()    # problems, as sentences; empty when the rollup equals a recomputation

A grant counts in its zone, category and the month of `awarded_on`. Only the services of this app create grants or
change their amount (award, import, approved amendment); zone, category and award date never change after that.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, DateField, Sum
from django.db.models.functions import TruncMonth

from innopark.projects.models import Grant, GrantRollup

R = GrantRollup._meta.db_table
KEY = "zone_id, category_id, month"

# One atomic "insert or add to" (as funding's flow rollup, ADR 0070): update_or_create would read then write and
# lose an increment between two concurrent awards in the same zone, category and month.
UPSERT = (
    f"INSERT INTO {R} ({KEY}, grants, amount_tiyn) VALUES (%s, %s, %s, %s, %s) "
    f"ON CONFLICT ({KEY}) DO UPDATE SET grants = {R}.grants + excluded.grants, "
    f"amount_tiyn = {R}.amount_tiyn + excluded.amount_tiyn"
)


def grant_rollup_add(grant: Grant, *, grants: int, amount_tiyn: int) -> None:
    """Add `grants` grants and `amount_tiyn` to the grant's row. Call it inside the transaction that wrote the grant:
    grants=1 and its amount when it is created, grants=0 and the difference when its amount changes."""
    month = connection.ops.adapt_datefield_value(grant.awarded_on.replace(day=1))
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [grant.zone_id, grant.category_id, month, grants, amount_tiyn])


def _recomputed() -> dict[tuple[int, str, object], tuple[int, int]]:
    rows = (
        Grant.objects.annotate(month=TruncMonth("awarded_on", output_field=DateField()))
        .values("zone_id", "category_id", "month")
        .annotate(n=Count("pk"), amount=Sum("amount_tiyn"))
        .order_by()
    )
    return {(r["zone_id"], r["category_id"], r["month"]): (r["n"], r["amount"] or 0) for r in rows}


def grant_rollup_rebuild() -> int:
    """Replace the rollup with a recomputation from the grants; the number of rows written."""
    rows = [
        GrantRollup(zone_id=zone, category_id=category, month=month, grants=n, amount_tiyn=amount)
        for (zone, category, month), (n, amount) in _recomputed().items()
    ]
    GrantRollup.objects.all().delete()
    GrantRollup.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def grant_rollup_check() -> list[str]:
    """Every (zone, category, month) whose row differs from the grants, as a sentence; empty when exact."""
    expected = _recomputed()
    actual = {
        (r.zone_id, r.category_id, r.month): (r.grants, r.amount_tiyn)
        for r in GrantRollup.objects.all()
        if r.grants or r.amount_tiyn
    }
    problems = []
    for key in sorted(set(expected) | set(actual), key=lambda k: (k[0], k[1], str(k[2]))):
        if expected.get(key, (0, 0)) != actual.get(key, (0, 0)):
            zone, category, month = key
            want, have = expected.get(key, (0, 0)), actual.get(key, (0, 0))
            problems.append(
                f"grant rollup zone {zone}, {category}, {month:%Y-%m}: {have[0]} grants, {have[1]} tiyn in the rollup, "
                f"{want[0]} grants, {want[1]} tiyn in the grants"
            )
    return problems
