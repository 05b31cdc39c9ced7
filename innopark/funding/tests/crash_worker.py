"""Child process of test_ledger_crash: records transfers in batches until it is killed.

DATABASE_URL=... python -m innopark.funding.tests.crash_worker setup|run|verify
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")


def main(action: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    if action == "setup":
        call_command("migrate", verbosity=0, interactive=False)
        _park()
        print("ready", flush=True)
        return 0
    if action == "run":
        return _run()
    return _verify()


def _park():
    from innopark.accounts.models import User
    from innopark.funding import ledger
    from innopark.funding.tests import factories as f

    admin = User.objects.filter(email="crash-admin@example.kz").first()
    if admin is None:
        admin = User.objects.create_superuser(email="crash-admin@example.kz", password="correct-horse-battery")
    from innopark.zones.models import Zone

    zone = Zone.objects.filter(code="crash-zone").first() or f.make_zone(admin, "crash-zone")
    from innopark.registry.models import Organization

    funder = Organization.objects.filter(name_ru="Crash Oil").first() or f.make_funder(admin, "Crash Oil")
    return (
        admin,
        ledger.ledger_account_for_funder(organization=funder),
        ledger.ledger_account_for_zone_fund(zone=zone),
        ledger.ledger_account_open_grant(actor=admin, zone=zone, reference="grant:CRASH-1"),
        ledger.ledger_account_external(),
    )


def _run() -> int:
    import uuid

    from innopark.funding import ledger

    admin, funder, fund, grant, external = _park()
    n = 0
    while True:  # ended by SIGKILL from the test
        for kind, source, target, amount in (
            ("contribution", funder, fund, 500),
            ("allocation", fund, grant, 300),
            ("disbursement", grant, external, 200),
        ):
            ledger.transfer_create(
                actor=admin,
                kind=kind,
                from_account=source,
                to_account=target,
                amount_tiyn=amount,
                idempotency_key=uuid.uuid4().hex,
            )
            n += 1
            print(n, flush=True)


def _verify() -> int:
    from innopark.audit.models import AuditEvent
    from innopark.funding import ledger
    from innopark.funding.models import LedgerEntry, Transfer

    report = ledger.ledger_check()
    transfers = Transfer.objects.count()
    events = AuditEvent.objects.filter(event_type="ledger.transfer_created").count()
    entries = LedgerEntry.objects.count()
    print(f"transfers={transfers} entries={entries} events={events} problems={report.problems}", flush=True)
    return 0 if report.ok and entries == 2 * transfers and events == transfers else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
