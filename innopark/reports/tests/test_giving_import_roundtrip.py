"""`import-360` round trip on the demo park: export the zone as JSON, CSV (grants + disbursements) and XLSX, import
into a zone that never saw those grants — in this database and in a fresh one — and export again: the same grants
come out. Also: the money of an import leaves the zone fund's own balance unchanged and the ledger consistent."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError
from innopark.funding import ledger
from innopark.projects.models import Grant
from innopark.reports.models import ImportedGrant
from innopark.reports.services import giving_import
from innopark.zones.tests import factories as zf

ZONE = "alatau-itp"


def comparable(grant: dict) -> dict:
    out = json.loads(json.dumps(grant, default=str))
    out.pop("dateModified", None)
    return out


def differences(copied: list[dict], original: list[dict]) -> list[str]:
    """Readable differences, grant by grant and key by key (an assertion on 64 grants prints nothing useful)."""
    by_id = {g["id"]: g for g in original}
    out = [f"missing {i}" for i in sorted(set(by_id) - {g["id"] for g in copied})]
    for grant in copied:
        other = by_id.get(grant["id"])
        if other is None:
            out.append(f"extra {grant['id']}")
            continue
        for key in sorted(set(grant) | set(other)):
            if grant.get(key) != other.get(key):
                out.append(f"{grant['id']} {key}: {grant.get(key)!r} != {other.get(key)!r}")
    return out


@pytest.fixture
def demo(db, settings):
    settings.DEMO = True
    call_command("demo", "load", stdout=io.StringIO())
    from innopark.zones.models import Zone

    return Zone.objects.get(code=ZONE)


def export_files(client, zone, tmp_path) -> dict[str, tuple[Path, Path | None]]:
    """The zone's export in the three formats, as a user downloads them (the command writes JSON and XLSX)."""
    files = {}
    for suffix in ("json", "xlsx"):
        target = tmp_path / f"{zone.code}.{suffix}"
        call_command("export-360", zone=zone.code, output=str(target), stdout=io.StringIO())
        files[suffix] = (target, None)
    grants_csv, disbursements_csv = tmp_path / f"{zone.code}.csv", tmp_path / f"{zone.code}-disbursements.csv"
    for url, target in (
        (f"/figures/open-data/{zone.code}/360giving.csv", grants_csv),
        (f"/figures/open-data/{zone.code}/360giving-disbursements.csv", disbursements_csv),
    ):
        response = client.get(url)
        assert response.status_code == 200
        target.write_bytes(b"".join(response.streaming_content))
    files["csv"] = (grants_csv, disbursements_csv)
    return files


def run_import(actor, zone, files, suffix):
    path, extra = files[suffix]
    return giving_import(
        actor=actor,
        zone=zone,
        content=path.read_bytes(),
        name=path.name,
        disbursements=extra.read_bytes() if extra else None,
    )


def test_round_trip_in_this_database(demo, admin, client, tmp_path):
    """The CSV pair imported into a new zone gives back the same grants; the JSON and XLSX files then find every
    grant there with the same data (nothing written); the zone fund's own balance does not move; the ledger stays
    consistent; another zone cannot import the same grants again."""
    from innopark.reports.giving.export import iter_grants

    original = [comparable(g) for g in iter_grants(demo)]
    assert len(original) == 64
    assert sum(len(g.get("disbursementTransaction", [])) for g in original) > 64
    files = export_files(client, demo, tmp_path)
    copy = zf.make_zone(admin, "alatau-copy")
    fund = ledger.ledger_account_for_zone_fund(zone=copy)
    demo_fund = ledger.account_balance(ledger.ledger_account_for_zone_fund(zone=demo))

    result = run_import(admin, copy, files, "csv")
    assert len(result.created) == 64
    copied = [comparable(g) for g in iter_grants(copy)]
    assert differences(copied, original) == []
    assert ledger.account_balance(fund) == 0
    assert ledger.account_balance(ledger.ledger_account_for_zone_fund(zone=demo)) == demo_fund
    # Each imported grant holds what was awarded minus what its file says was paid out.
    for grant in Grant.objects.filter(zone=copy).select_related("ledger_account"):
        payments = next(g for g in copied if g["id"] == grant.external_id).get("disbursementTransaction", [])
        paid = sum(Decimal(str(d["value"])) for d in payments)
        assert ledger.account_balance(grant.ledger_account) == grant.amount_tiyn - int(paid * 100)

    events, transfers = AuditEvent.objects.count(), ledger.Transfer.objects.count()
    for suffix in ("json", "xlsx", "csv"):
        again = run_import(admin, copy, files, suffix)
        assert again.created == [] and len(again.unchanged) == 64, suffix
    assert (AuditEvent.objects.count(), ledger.Transfer.objects.count()) == (events, transfers)

    other = zf.make_zone(admin, "alatau-other")
    with pytest.raises(ApplicationError) as refused:
        run_import(admin, other, files, "json")
    assert len(refused.value.fields) == 64 and all(key.endswith(": id") for key in refused.value.fields)
    assert not Grant.objects.filter(zone=other).exists()
    report = ledger.ledger_check()
    assert report.ok, report.problems


def test_a_zone_importing_its_own_export_changes_nothing(demo, admin, client, tmp_path):
    files = export_files(client, demo, tmp_path)
    grants, transfers = Grant.objects.count(), ledger.Transfer.objects.count()
    result = run_import(admin, demo, files, "json")
    assert result.created == [] and len(result.unchanged) == 64
    assert (Grant.objects.count(), ledger.Transfer.objects.count(), ImportedGrant.objects.count()) == (
        grants,
        transfers,
        0,
    )


FRESH_DATABASE_SCRIPT = r"""
import json, os, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from innopark.accounts.models import Role
from innopark.funding import ledger
from innopark.reports.giving.export import iter_grants
from innopark.reports.services import giving_import
from innopark.zones.tests import factories as zf

admin = zf.make_admin()
zone = zf.make_zone(admin, sys.argv[1], authority=zf.make_authority(admin, "ministry"))
staff = zf.make_user(Role.OPERATOR_STAFF, zone=zone)
counts = []
for path, extra in json.loads(sys.argv[2]):
    result = giving_import(
        actor=staff, zone=zone, content=open(path, "rb").read(), name=os.path.basename(path),
        disbursements=open(extra, "rb").read() if extra else None,
    )
    counts.append([len(result.created), len(result.unchanged)])
check = ledger.ledger_check()
print(json.dumps({
    "counts": counts,
    "fund": ledger.account_balance(ledger.ledger_account_for_zone_fund(zone=zone)),
    "ledger_ok": check.ok,
    "grants": list(iter_grants(zone)),
}, default=str))
"""


def test_round_trip_into_a_fresh_database(demo, client, tmp_path):
    """The demo zone exported, then imported into a new database that has only a zone of the same code (XLSX first,
    then JSON and CSV, which find every grant already there), and exported again: the same grants."""
    from innopark.reports.giving.export import iter_grants

    original = [comparable(g) for g in iter_grants(demo)]
    files = export_files(client, demo, tmp_path)
    order = [[str(files[s][0]), str(files[s][1]) if files[s][1] else None] for s in ("xlsx", "json", "csv")]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")
    done = subprocess.run(
        [sys.executable, "-c", FRESH_DATABASE_SCRIPT, ZONE, json.dumps(order)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=str(Path(__file__).resolve().parents[3]),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["counts"] == [[64, 0], [0, 64], [0, 64]]
    assert out["fund"] == 0 and out["ledger_ok"]
    copied = [comparable(g) for g in out["grants"]]
    assert differences(copied, original) == []
