"""`innopark audit verify`: check the hash chain of the audit log.

Exit status 0 and `N events, head <hash>` when the chain holds; exit status 1 and the first broken event
(`chain broken at event 1234: hash mismatch (row edited)`) when a row was edited, removed or inserted out of order.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from innopark.audit.verify import CHUNK_SIZE, verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `verify`: check the hash chain and name the first broken event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check the hash chain; exit 1 naming the first broken event.")
        verify.add_argument("--database", default="default")
        verify.add_argument("--chunk-size", type=int, default=CHUNK_SIZE)
        verify.add_argument("--timing", action="store_true", help="Also print the time taken and events/s.")

    def handle(self, *args, action, **options):
        if action == "verify":
            started = time.perf_counter()
            result = verify_chain(using=options["database"], chunk_size=options["chunk_size"])
            elapsed = time.perf_counter() - started
            if not result.ok:
                raise CommandError(result.message(), returncode=1)
            self.stdout.write(result.message())
            if options["timing"]:
                rate = result.count / elapsed if elapsed else 0
                self.stdout.write(f"{elapsed:.3f} s, {rate:,.0f} events/s")
