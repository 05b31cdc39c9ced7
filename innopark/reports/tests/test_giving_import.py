"""`import-360`: bad files are refused with every problem listed by grant and field, and nothing is written;
good files are imported once (idempotent), counted by the statistics, and round-trip through the export."""

import importlib
import importlib.util
import io
import json

import pytest
from django.core.management import CommandError, call_command

from innopark.accounts.models import Role
from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, NotAllowed
from innopark.core.identifiers import make_bin
from innopark.reports.giving import flat
from innopark.reports.models import ImportedGrant
from innopark.reports.services import giving_import
from innopark.zones.tests import factories as zf

BIN_A = make_bin("1504", serial=11)
BIN_B = make_bin("1607", serial=12)


def _has_grant_import() -> bool:
    try:
        return hasattr(importlib.import_module("innopark.projects.services"), "grant_import")
    except ImportError:
        return False


needs_grant_import = pytest.mark.skipif(
    not _has_grant_import(), reason="projects has no grant_import service yet (needed to create imported grants)"
)


def package(**grant_changes):
    grants = [
        {
            "id": "360G-other-park-001",
            "title": "Цифровая платформа",
            "description": "Платформа для бизнеса",
            "currency": "KZT",
            "amountAwarded": 21400000,
            "awardDate": "2015-06-01",
            "recipientOrganization": [{"id": f"KZ-BIN-{BIN_A}", "name": "ТОО Альфа"}],
            "fundingOrganization": [{"id": "XI-OTHER-fund", "name": "Fund of another park"}],
            "classifications": [{"vocabulary": "innopark-grant-category", "code": "digitalisation"}],
            "plannedDates": [{"startDate": "2015-07-01", "endDate": "2016-07-01"}],
            "disbursementTransaction": [
                {
                    "id": "360G-other-park-001-D1",
                    "transactionDate": "2015-09-01",
                    "value": 10000000.5,
                    "currency": "KZT",
                }
            ],
        },
        {
            "id": "360G-other-park-002",
            "title": "Energy",
            "description": "Energy saving",
            "currency": "KZT",
            "amountAwarded": 856000000,
            "awardDate": "2016-03-15",
            "recipientOrganization": [{"id": f"KZ-BIN-{BIN_B}", "name": "ТОО Бета"}],
            "fundingOrganization": [{"id": "XI-OTHER-fund", "name": "Fund of another park"}],
            "classifications": [{"vocabulary": "innopark-grant-category", "code": "energy_efficiency"}],
        },
    ]
    for index, changes in grant_changes.items():
        grants[int(index[1:])].update(changes)
    return {"version": "1.4", "grants": grants}


def as_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.fixture
def staff(zone):
    return zf.make_user(Role.OPERATOR_STAFF, zone=zone)


def assert_refused(zone, actor, content, name="file.json"):
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as refused:
        giving_import(actor=actor, zone=zone, content=content, name=name)
    assert AuditEvent.objects.count() == before
    assert ImportedGrant.objects.count() == 0
    return refused.value


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"g0": {"recipientOrganization": [{"id": "KZ-BIN-123456789012", "name": "x"}]}}, "recipientOrganization/0/id"),
        ({"g0": {"recipientOrganization": [{"id": "GB-CHC-1234", "name": "x"}]}}, "recipientOrganization/0/id"),
        ({"g1": {"amountAwarded": -5}}, "amountAwarded"),
        ({"g1": {"amountAwarded": 10.001}}, "amountAwarded"),
        ({"g1": {"currency": "USD"}}, "currency"),
        ({"g1": {"currency": "XYZ"}}, "currency"),
        ({"g1": {"awardDate": "2015-02-30x"}}, "awardDate"),
        ({"g1": {"awardDate": "1999-12-31"}}, "awardDate"),
        (
            {"g0": {"disbursementTransaction": [{"transactionDate": "2015-09-01", "value": 99999999}]}},
            "disbursementTransaction",
        ),
        ({"g1": {"id": "360G-other-park-001"}}, "id"),
    ],
)
def test_bad_grants_are_refused_naming_grant_and_field(zone, staff, changes, field):
    error = assert_refused(zone, staff, as_bytes(package(**changes)))
    assert error.code == "invalid_file"
    assert any(key.endswith(f": {field}") for key in error.fields), error.fields


def test_every_problem_of_the_file_is_listed(zone, staff):
    data = package(g0={"currency": "USD"}, g1={"amountAwarded": -1})
    error = assert_refused(zone, staff, as_bytes(data))
    assert "360G-other-park-001: currency" in error.fields
    assert "360G-other-park-002: amountAwarded" in error.fields


def test_missing_required_fields_are_refused(zone, staff):
    data = package()
    del data["grants"][1]["title"]
    error = assert_refused(zone, staff, as_bytes(data))
    assert any("title" in m for messages in error.fields.values() for m in messages)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"{not json", "x.json"),
        (b'{"grants": {}}', "x.json"),
        (b'{"grants": []}', "x.json"),
        (b"PK\x03\x04broken", "x.xlsx"),
        ("Identifier\n".encode("utf-16"), "x.csv"),
    ],
)
def test_malformed_files_are_refused(zone, staff, content, name):
    error = assert_refused(zone, staff, content, name)
    assert error.code in ("malformed_file", "empty_file")


def test_a_csv_with_a_bad_row_names_the_row(zone, staff):
    grants = package()["grants"]
    grants[1]["recipientOrganization"][0]["id"] = "KZ-BIN-000000000001"
    text = "".join(flat.stream_csv((flat.grant_row(g) for g in grants), flat.grant_headers()))
    error = assert_refused(zone, staff, text.encode(), "grants.csv")
    assert any(key.startswith("row 3") for key in error.fields), error.fields


def test_only_the_zones_operator_may_import(zone, admin):
    expert = zf.make_user(Role.EXPERT)
    other = zf.make_user(Role.OPERATOR_STAFF, zone=zf.make_zone(admin, "elsewhere"))
    for actor in (None, expert, other):
        with pytest.raises(NotAllowed):
            giving_import(actor=actor, zone=zone, content=as_bytes(package()), name="p.json")
    assert ImportedGrant.objects.count() == 0


def test_the_command_lists_every_problem(zone, admin, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(as_bytes(package(g1={"currency": "EUR"})))
    with pytest.raises(CommandError) as refused:
        call_command("import-360", str(path), zone=zone.code, stdout=io.StringIO())
    assert "360G-other-park-002: currency" in str(refused.value)


@needs_grant_import
def test_import_is_idempotent_and_counted_by_the_statistics(zone, staff, client):
    result = giving_import(actor=staff, zone=zone, content=as_bytes(package()), name="p.json")
    assert len(result.created) == 2
    again = giving_import(actor=staff, zone=zone, content=as_bytes(package()), name="p.json")
    assert again.created == [] and len(again.unchanged) == 2
    rows = client.get("/api/v1/stats", {"zone": zone.code, "from": 2015, "to": 2016}).json()
    by_period = {r["period"]: r for r in rows}
    assert by_period["2015"]["projects"] == 1 and by_period["2015"]["amount_awarded_kzt"] == "21400000.00"
    assert by_period["2015"]["amount_disbursed_kzt"] == "10000000.50"
    assert by_period["2016"]["amount_awarded_kzt"] == "856000000.00"
    # Imported history is not money attracted from subsoil users.
    assert by_period["2015-2016"]["contributions_kzt"] == "0.00"


DEMO_READY = all(
    importlib.util.find_spec(name) is not None
    for name in ("innopark.projects.demo", "innopark.funding.demo", "innopark.registry.demo")
)


def comparable(grant: dict) -> dict:
    out = dict(grant)
    out.pop("dateModified", None)
    return out


@needs_grant_import
@pytest.mark.skipif(not DEMO_READY, reason="the demo park is not written yet")
@pytest.mark.parametrize("suffix", ["json", "xlsx"])
def test_round_trip(db, settings, admin, tmp_path, suffix):
    """Export the demo zone, import the file into a zone that has never seen those grants, export that zone:
    the same grants come out (a fresh database with a zone of that code behaves the same)."""
    from innopark.reports.giving.export import iter_grants
    from innopark.zones.models import Zone

    settings.DEMO = True
    call_command("demo", "load", stdout=io.StringIO())
    source = Zone.objects.get(code="alatau-itp")
    copy_zone = zf.make_zone(admin, "alatau-copy")
    target = tmp_path / f"alatau.{suffix}"
    call_command("export-360", zone=source.code, output=str(target), stdout=io.StringIO())
    result = giving_import(actor=admin, zone=copy_zone, content=target.read_bytes(), name=target.name)
    assert len(result.created) == 64
    original = [comparable(g) for g in iter_grants(source)]
    copied = [comparable(g) for g in iter_grants(copy_zone)]
    assert sorted(copied, key=lambda g: g["id"]) == sorted(original, key=lambda g: g["id"])
    # And once more: nothing new.
    again = giving_import(actor=admin, zone=copy_zone, content=target.read_bytes(), name=target.name)
    assert again.created == [] and len(again.unchanged) == 64
