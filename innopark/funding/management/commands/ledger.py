"""`innopark ledger check`: recompute every balance, check every guarantee, print the totals; exit 1 if wrong.

It also checks the projects' grant rollup (ADR 0071), the other table the statistics read instead of the records:
one command tells an operator whether the money and the figures can be trusted."""

import sys

from django.core.management.base import BaseCommand

from innopark.core.money import format_money
from innopark.funding.ledger_check import ledger_check


class Command(BaseCommand):
    help = "Check the ledger: balances recomputed from transfers, zero sum, no overdrawn fund or grant."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])

    def handle(self, *args, action, **options):
        from innopark.projects.rollup import grant_rollup_check

        report = ledger_check()
        report.problems.extend(grant_rollup_check())
        out = self.stdout
        out.write(f"transfers: {report.transfers}   accounts: {report.accounts}")
        for kind, total in report.totals_by_kind.items():
            out.write(f"  {kind:<14} {format_money(total, 'en'):>32}")
        out.write("balances by account kind:")
        for kind, total in sorted(report.balances_by_account_kind.items()):
            out.write(f"  {kind:<18} {format_money(total, 'en'):>32}")
        out.write(f"sum of all balances: {report.sum_of_balances} tiyn")
        if not report.problems:
            out.write(self.style.SUCCESS("ledger check passed"))
            return
        for problem in report.problems:
            self.stderr.write(f"FAILED: {problem}")
        sys.exit(1)
