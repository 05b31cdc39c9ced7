"""A Hypothesis state machine drives the ledger service against a plain reference model.

Random contributions, allocations, disbursements, refunds, reversals, batches and retried keys; after every step the
balances must equal the model's, refusals must happen exactly when the model says so, and the ledger check passes.
At least 2,000 steps in all (examples × steps per example).
"""

import datetime as dt
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from innopark.core.errors import Conflict
from innopark.funding import ledger
from innopark.funding.models import Transfer

# Hypothesis ends some examples before STEPS (a run of 40 × 60 once gave 1,931 steps), so the budget is set well
# above the 2,000 steps asserted: up to 50 × 60 = 3,000, about 2,400 in practice.
EXAMPLES = 50
STEPS = 60
amounts = st.integers(min_value=1, max_value=5_000)
_keys = itertools.count(1)
STEPS_RUN = {"n": 0}


# The moves a batch may contain: name -> (kind, source, target).
MOVES = {
    "contribute1": ("contribution", "funder1", "fund"),
    "contribute2": ("contribution", "funder2", "fund"),
    "allocate1": ("allocation", "fund", "grant1"),
    "allocate2": ("allocation", "fund", "grant2"),
    "disburse1": ("disbursement", "grant1", "external"),
    "disburse2": ("disbursement", "grant2", "external"),
    "refund1": ("refund", "grant1", "fund"),
}


def build_machine(park):
    accounts = {
        "funder1": park.funder_account,
        "funder2": park.funder2_account,
        "fund": park.fund,
        "grant1": park.grant,
        "grant2": park.grant2,
        "external": park.external,
    }

    class LedgerMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            # Each example runs in a savepoint rolled back at the end: the append-only tables are never deleted from.
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.balance = dict.fromkeys(accounts, 0)
            self.done: list[tuple[str, Transfer, dict]] = []  # (key, transfer, request)
            self.reversed: dict[int, int] = {}

        def teardown(self):
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

        def _move(self, kind, source, target, amount, **extra):
            key = f"sm-{next(_keys):010d}"
            request = {
                "kind": kind,
                "from_account": accounts[source],
                "to_account": accounts[target],
                "amount_tiyn": amount,
                "idempotency_key": key,
                "occurred_on": dt.date(2017, 1, 1),
                **extra,
            }
            must_refuse = source in ("fund", "grant1", "grant2") and self.balance[source] < amount
            reverses = extra.get("reverses")
            if reverses is not None:
                must_refuse = must_refuse or self.reversed.get(reverses.pk, 0) + amount > reverses.amount_tiyn
            try:
                transfer = ledger.transfer_create(actor=park.admin, **request)
            except Conflict:
                assert must_refuse, f"{kind} {source}->{target} {amount} refused but the model allows it"
                return
            assert not must_refuse, f"{kind} {source}->{target} {amount} accepted but the model refuses it"
            self.balance[source] -= amount
            self.balance[target] += amount
            if reverses is not None:
                self.reversed[reverses.pk] = self.reversed.get(reverses.pk, 0) + amount
            self.done.append((key, transfer, request))

        @rule(funder=st.sampled_from(["funder1", "funder2"]), amount=amounts)
        def contribution(self, funder, amount):
            self._move("contribution", funder, "fund", amount)

        @rule(grant=st.sampled_from(["grant1", "grant2"]), amount=amounts)
        def allocation(self, grant, amount):
            self._move("allocation", "fund", grant, amount)

        @rule(grant=st.sampled_from(["grant1", "grant2"]), amount=amounts)
        def disbursement(self, grant, amount):
            self._move("disbursement", grant, "external", amount)

        @rule(source=st.sampled_from(["grant1", "grant2", "external"]), amount=amounts)
        def refund(self, source, amount):
            self._move("refund", source, "fund", amount)

        @rule(moves=st.lists(st.tuples(st.sampled_from(sorted(MOVES)), amounts), min_size=1, max_size=5))
        def batch(self, moves):
            """Several moves through transfers_create_batch: all recorded in order, or none if any one fails."""
            requests, balance = [], dict(self.balance)
            must_refuse = False
            for move, amount in moves:
                kind, source, target = MOVES[move]
                must_refuse = must_refuse or (source in ("fund", "grant1", "grant2") and balance[source] < amount)
                balance[source] -= amount
                balance[target] += amount
                requests.append(
                    {
                        "kind": kind,
                        "from_account": accounts[source],
                        "to_account": accounts[target],
                        "amount_tiyn": amount,
                        "idempotency_key": f"sm-{next(_keys):010d}",
                        "occurred_on": dt.date(2017, 1, 1),
                    }
                )
            try:
                transfers = ledger.transfers_create_batch(actor=park.admin, transfers=requests)
            except Conflict:
                assert must_refuse, f"batch {moves} refused but the model allows it"
                return
            assert not must_refuse, f"batch {moves} accepted but the model refuses it"
            self.balance = balance
            self.done += [(r["idempotency_key"], t, r) for r, t in zip(requests, transfers, strict=True)]

        @precondition(lambda self: self.done)
        @rule(data=st.data(), fraction=st.integers(min_value=1, max_value=100))
        def reversal(self, data, fraction):
            candidates = [t for _k, t, r in self.done if t.kind != "reversal"]
            if not candidates:
                return
            original = data.draw(st.sampled_from(candidates))
            amount = max(1, original.amount_tiyn * fraction // 100)
            names = {account.pk: name for name, account in accounts.items()}
            self._move(
                "reversal", names[original.to_account_id], names[original.from_account_id], amount, reverses=original
            )

        @precondition(lambda self: self.done)
        @rule(data=st.data(), change=st.booleans())
        def retry(self, data, change):
            key, transfer, request = data.draw(st.sampled_from(self.done))
            count = Transfer.objects.count()
            if change:
                with pytest.raises(Conflict) as error:
                    ledger.transfer_create(actor=park.admin, **{**request, "amount_tiyn": request["amount_tiyn"] + 1})
                assert error.value.code == "idempotency_key_reused"
            else:
                assert ledger.transfer_create(actor=park.admin, **request).pk == transfer.pk
            assert Transfer.objects.count() == count

        @invariant()
        def balances_match_the_model(self):
            STEPS_RUN["n"] += 1
            for name, account in accounts.items():
                assert ledger.account_balance(account) == self.balance[name], name
            assert sum(self.balance.values()) == 0

        @rule()
        def run_ledger_check(self):
            report = ledger.ledger_check()
            assert report.ok, report.problems

    return LedgerMachine


@pytest.mark.django_db
def test_ledger_matches_the_reference_model(park):
    machine = build_machine(park)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    # The invariant runs once per example before the first step and after every step.
    assert STEPS_RUN["n"] - EXAMPLES >= 2000, STEPS_RUN["n"]
