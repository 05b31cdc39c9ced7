"""Racing writers on PostgreSQL: the fund never goes below zero, exactly one transfer per key, totals exact."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from innopark.core.errors import Conflict
from innopark.funding import ledger
from innopark.funding.models import Transfer
from innopark.funding.tests.factories import contribute

THREADS = 8

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and advisory locks are PostgreSQL's"),
]


def race(worker, count=THREADS):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(worker(i))
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


@pytest.fixture
def pg_park(transactional_db, park):
    return park


def test_racing_allocations_never_overdraw_the_fund(pg_park):
    p = pg_park
    contribute(p, 10_000)  # each of 8 threads asks 4 × 700 = 2,800; only 14 of the 32 can succeed

    def worker(i):
        done = 0
        for j in range(4):
            try:
                ledger.transfer_create(
                    actor=p.admin,
                    kind="allocation",
                    from_account=p.fund,
                    to_account=p.grant if j % 2 else p.grant2,
                    amount_tiyn=700,
                    idempotency_key=f"race-{i}-{j}-allocation",
                    occurred_on=dt.date(2017, 1, 1),
                )
                done += 1
            except Conflict as exc:
                assert exc.code == "insufficient_funds"
        return done

    results, errors = race(worker)
    assert not errors, errors
    assert sum(results) == 14
    assert ledger.account_balance(p.fund) == 10_000 - 14 * 700
    assert ledger.account_balance(p.grant) + ledger.account_balance(p.grant2) == 14 * 700
    report = ledger.ledger_check()
    assert report.ok, report.problems


def test_racing_replays_of_one_key_make_one_transfer(pg_park):
    p = pg_park

    def worker(i):
        return contribute(p, 5_000, key="one-key-for-all").pk

    results, errors = race(worker)
    assert not errors, errors
    assert len(set(results)) == 1
    assert Transfer.objects.filter(idempotency_key="one-key-for-all").count() == 1
    assert ledger.account_balance(p.fund) == 5_000


def test_racing_different_payloads_under_one_key_one_wins(pg_park):
    p = pg_park

    def worker(i):
        return contribute(p, 1_000 + i, key="contested-key-01").amount_tiyn

    results, errors = race(worker)
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, Conflict) and e.code == "idempotency_key_reused" for e in errors)
    assert ledger.account_balance(p.fund) == results[0]


def test_racing_mixed_traffic_keeps_totals_exact(pg_park):
    p = pg_park
    contribute(p, 3_000)

    def worker(i):
        for j in range(10):
            key = f"mixed-{i}-{j}"
            try:
                if j % 3 == 0:
                    contribute(p, 100, key=key)
                elif j % 3 == 1:
                    ledger.transfer_create(
                        actor=p.admin,
                        kind="allocation",
                        from_account=p.fund,
                        to_account=p.grant,
                        amount_tiyn=250,
                        idempotency_key=key,
                    )
                else:
                    ledger.transfer_create(
                        actor=p.admin,
                        kind="disbursement",
                        from_account=p.grant,
                        to_account=p.external,
                        amount_tiyn=200,
                        idempotency_key=key,
                    )
            except Conflict as exc:
                assert exc.code in ("insufficient_funds", "grant_overdrawn")
        return True

    results, errors = race(worker)
    assert not errors, errors
    report = ledger.ledger_check()
    assert report.ok, report.problems
    assert ledger.account_balance(p.fund) >= 0 and ledger.account_balance(p.grant) >= 0
