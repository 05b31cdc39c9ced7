"""Fill a database with the benchmark scale (DESIGN.md "Targets"): 20 zones, 100k organizations, 20k participants,
100k grants (with their calls, applications and decisions), 2M ledger transfers.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/datagen.py [--grants 100000 --transfers 2000000]

Rows are bulk-inserted, not written through the services: the services' rules, audit events and ledger entries are
what other benchmarks measure, and 2M audited transfers through them would take hours on 2 cores. Transfers are
inserted without ledger entries (the statistics read transfers only, through the ledger's flow rollup, which is
rebuilt from them at the end), with valid kinds, routes and dates.
Deterministic (a fixed random seed), and refuses to run on a database that already has grants.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")

BATCH = 5000
CATEGORIES = ["digitalisation", "digital_export", "ict", "new_materials", "energy_efficiency", "other"]


def setup(database_url: str | None):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _bulk(model, rows):
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)


def generate(
    *,
    zones: int,
    organizations: int,
    participants: int,
    grants: int,
    transfers: int,
    zone_weights: list[int] | None = None,
    seed: int = 7,
):
    from django.db import transaction

    from innopark.accounts.models import User
    from innopark.core.identifiers import make_bin
    from innopark.funding.models import LedgerAccount, Transfer
    from innopark.funding.rollup import rollup_rebuild
    from innopark.projects.models import Application, Call, Category, Decision, FundingProposal, Grant
    from innopark.projects.rollup import grant_rollup_rebuild
    from innopark.registry.models import Organization, Participant
    from innopark.zones.models import Zone

    rng = random.Random(seed)
    if Grant.objects.exists():
        raise SystemExit("This database already has grants: use an empty one.")
    t0 = time.perf_counter()
    with transaction.atomic():
        user, _ = User.objects.get_or_create(email="bench@example.kz")
        for code in CATEGORIES:
            Category.objects.get_or_create(code=code, defaults={"name_kk": code, "name_ru": code, "name_en": code})
        zone_objs = []
        for z in range(zones):
            zone, _ = Zone.objects.get_or_create(
                code=f"bench-zone-{z:02d}",
                defaults={
                    "name_kk": f"Zone {z}",
                    "name_ru": f"Zone {z}",
                    "name_en": f"Zone {z}",
                    "kato": "750000000",
                    "established_on": dt.date(2005, 1, 1),
                    "expires_on": dt.date(2040, 1, 1),
                    "is_fictitious": True,
                },
            )
            zone_objs.append(zone)
        orgs = [
            Organization(
                bin=make_bin(f"{(i // 10000) % 20 + 5:02d}{i % 12 + 1:02d}", serial=i),
                name_ru=f"Org {i}",
                kato=rng.choice(["750000000", "710000000", "791000000", "351000000"]),
                is_fictitious=True,
            )
            for i in range(organizations)
        ]
        _bulk(Organization, orgs)
        org_ids = list(Organization.objects.filter(is_fictitious=True).values_list("pk", flat=True))
        print(f"organizations: {len(org_ids)} ({time.perf_counter() - t0:.0f}s)")

        rows = []
        for i in range(participants):
            admitted = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000))
            excluded = admitted + dt.timedelta(days=rng.randrange(365, 3000)) if rng.random() < 0.2 else None
            rows.append(
                Participant(
                    organization_id=org_ids[i],
                    zone=zone_objs[i % zones],
                    status="excluded" if excluded else "active",
                    oked="62010",
                    admitted_on=admitted,
                    excluded_on=excluded,
                    register_entry_number=f"B-{i}",
                )
            )
        _bulk(Participant, rows)
        print(f"participants: {participants} ({time.perf_counter() - t0:.0f}s)")

        now = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        calls = []
        for zone in zone_objs:
            for year in range(2011, 2026):
                calls.append(
                    Call(
                        zone=zone,
                        code=f"{zone.code}-{year}",
                        title_kk="c",
                        title_ru="c",
                        title_en="c",
                        opens_at=now,
                        closes_at=now + dt.timedelta(days=30),
                        budget_tiyn=10**15,
                        status="closed",
                    )
                )
        _bulk(Call, calls)
        call_ids = {(c.zone_id, int(c.code.rsplit("-", 1)[1])): c.pk for c in Call.objects.filter(zone__in=zone_objs)}

        funders = [LedgerAccount(kind="funder", organization_id=org_ids[-1 - i]) for i in range(200)]
        _bulk(LedgerAccount, funders)
        funder_ids = list(LedgerAccount.objects.filter(kind="funder").values_list("pk", flat=True))
        _bulk(LedgerAccount, [LedgerAccount(kind="zone_fund", zone=z) for z in zone_objs])
        fund_ids = dict(LedgerAccount.objects.filter(kind="zone_fund").values_list("zone_id", "pk"))
        external, _ = LedgerAccount.objects.get_or_create(kind="external")

        # Grants go round the zones, each zone taking as many in a turn as its weight (1 each by default): weights
        # 1,5,20 over three zones give zones of 1k, 5k and 20k grants out of 26k, for bench/export_360.py.
        turn = [z for z, weight in enumerate(zone_weights or [1] * zones) for _ in range(weight)]
        specs = []
        for i in range(grants):
            zone = zone_objs[turn[i % len(turn)]]
            awarded = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(365 * 15 - 400))
            amount = rng.randrange(1_000_000, 200_000_000) * 100
            specs.append((zone, awarded, amount, org_ids[rng.randrange(len(org_ids) - 200)], rng.choice(CATEGORIES)))
        _bulk(
            Application,
            [
                Application(
                    call_id=call_ids[(z.pk, a.year)],
                    zone=z,
                    organization_id=o,
                    number=f"B-{i}",
                    title="t",
                    language="ru",
                    category_id=c,
                    requested_tiyn=m,
                    status="approved",
                    created_by=user,
                )
                for i, (z, a, m, o, c) in enumerate(specs)
            ],
        )
        app_ids = dict(Application.objects.filter(number__startswith="B-").values_list("number", "pk"))
        _bulk(
            FundingProposal,
            [
                FundingProposal(application_id=app_ids[f"B-{i}"], outcome="approve", amount_tiyn=m, prepared_by=user)
                for i, (_z, _a, m, _o, _c) in enumerate(specs)
            ],
        )
        proposal_ids = dict(FundingProposal.objects.values_list("application_id", "pk"))
        _bulk(
            Decision,
            [
                Decision(
                    application_id=app_ids[f"B-{i}"],
                    proposal_id=proposal_ids[app_ids[f"B-{i}"]],
                    outcome="approve",
                    amount_tiyn=m,
                    decided_by=user,
                    decided_on=a,
                )
                for i, (_z, a, m, _o, _c) in enumerate(specs)
            ],
        )
        decision_ids = dict(Decision.objects.values_list("application_id", "pk"))
        category_ids = dict(Category.objects.values_list("code", "pk"))
        _bulk(
            LedgerAccount,
            [
                # The category as rollup group, as grant_award opens it (ADR 0073).
                LedgerAccount(kind="grant", zone=z, reference=f"grant:B-{i}", rollup_group=category_ids[c])
                for i, (z, _a, _m, _o, c) in enumerate(specs)
            ],
        )
        account_ids = dict(LedgerAccount.objects.filter(kind="grant").values_list("reference", "pk"))
        _bulk(
            Grant,
            [
                Grant(
                    application_id=app_ids[f"B-{i}"],
                    decision_id=decision_ids[app_ids[f"B-{i}"]],
                    call_id=call_ids[(z.pk, a.year)],
                    zone=z,
                    organization_id=o,
                    category_id=c,
                    agreement_number=f"B-{i}",
                    title=f"Project {i}",
                    awarded_on=a,
                    amount_tiyn=m,
                    starts_on=a,
                    ends_on=a + dt.timedelta(days=730),
                    ledger_account_id=account_ids[f"grant:B-{i}"],
                )
                for i, (z, a, m, o, c) in enumerate(specs)
            ],
        )
        # Bulk-inserted grants bypass the services that keep the grant rollup the statistics read (ADR 0071).
        grant_rollup_rows = grant_rollup_rebuild()
        print(f"grants: {grants}, grant rollup: {grant_rollup_rows} rows ({time.perf_counter() - t0:.0f}s)")

        # Transfers: per grant one contribution into its zone's fund and one allocation; the rest disbursements.
        made = 0
        batch = []
        per_grant = max(1, transfers // max(grants, 1) - 2)
        for i, (zone, awarded, amount, _o, _c) in enumerate(specs):
            grant_account = account_ids[f"grant:B-{i}"]
            batch.append(
                Transfer(
                    kind="contribution",
                    from_account_id=rng.choice(funder_ids),
                    to_account_id=fund_ids[zone.pk],
                    amount_tiyn=amount,
                    occurred_on=awarded,
                    idempotency_key=f"bench-c-{i}",
                    payload_hash="0" * 64,
                )
            )
            batch.append(
                Transfer(
                    kind="allocation",
                    from_account_id=fund_ids[zone.pk],
                    to_account_id=grant_account,
                    amount_tiyn=amount,
                    occurred_on=awarded,
                    idempotency_key=f"bench-a-{i}",
                    payload_hash="0" * 64,
                )
            )
            tranche = amount // per_grant
            for k in range(per_grant):
                batch.append(
                    Transfer(
                        kind="disbursement",
                        from_account_id=grant_account,
                        to_account_id=external.pk,
                        amount_tiyn=max(tranche, 1),
                        occurred_on=awarded + dt.timedelta(days=30 * k + 1),
                        idempotency_key=f"bench-d-{i}-{k}",
                        payload_hash="0" * 64,
                    )
                )
            made += 2 + per_grant
            if len(batch) >= BATCH * 4:
                _bulk(Transfer, batch)
                batch = []
        _bulk(Transfer, batch)
        print(f"transfers: {made} ({time.perf_counter() - t0:.0f}s)")
        # Bulk-inserted transfers bypass transfer_create, which keeps the rollup the statistics read (ADR 0070):
        # rebuild it from them, as the migration that introduced it did.
        rows = rollup_rebuild()
        print(f"ledger flow rollup: {rows} rows ({time.perf_counter() - t0:.0f}s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "sqlite:///var/bench.sqlite3"))
    parser.add_argument("--zones", type=int, default=20)
    parser.add_argument(
        "--zone-weights", help="grants per zone in proportion, e.g. 1,5,20 for three zones (default: equal)"
    )
    parser.add_argument("--organizations", type=int, default=100_000)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--grants", type=int, default=100_000)
    parser.add_argument("--transfers", type=int, default=2_000_000)
    args = parser.parse_args()
    weights = [int(w) for w in args.zone_weights.split(",")] if args.zone_weights else None
    if weights and (len(weights) != args.zones or min(weights) < 1):
        parser.error("--zone-weights needs one positive whole number per zone")
    setup(args.database_url)
    generate(
        zones=args.zones,
        organizations=args.organizations,
        participants=args.participants,
        grants=args.grants,
        transfers=args.transfers,
        zone_weights=weights,
    )


if __name__ == "__main__":
    main()
