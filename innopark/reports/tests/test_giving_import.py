"""`import-360`: bad files are refused with every problem listed by grant and field, and nothing is written;
good files are imported once (idempotent), counted by the statistics, and round-trip through the export."""

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


def test_import_creates_the_organizations_grants_and_disbursements(zone, staff):
    from innopark.funding import ledger
    from innopark.projects.models import Grant
    from innopark.registry.models import Organization

    data = package()
    data["grants"][0]["recipientOrganization"][0].update(
        {"alternateName": "Альфа ЖШС", "streetAddress": "Алматы, ул. Абая, 1"}
    )
    fund = ledger.ledger_account_for_zone_fund(zone=zone)
    result = giving_import(actor=staff, zone=zone, content=as_bytes(data), name="p.json")
    assert result.created == ["360G-other-park-001", "360G-other-park-002"]
    alpha = Organization.objects.get(bin=BIN_A)
    assert (alpha.name_ru, alpha.name_kk, alpha.address) == ("ТОО Альфа", "Альфа ЖШС", "Алматы, ул. Абая, 1")
    assert Organization.objects.get(bin=BIN_B).name_ru == "ТОО Бета"
    first, second = Grant.objects.filter(zone=zone).order_by("awarded_on")
    assert (first.external_id, first.organization, first.amount_tiyn, first.category_id) == (
        "360G-other-park-001",
        alpha,
        21_400_000_00,
        "digitalisation",
    )
    assert (first.title, first.summary, str(first.starts_on), str(first.ends_on)) == (
        "Цифровая платформа",
        "Платформа для бизнеса",
        "2015-07-01",
        "2016-07-01",
    )
    assert (second.category_id, second.starts_on, second.origin) == ("energy_efficiency", None, "imported")
    paid = ledger.Transfer.objects.get(kind="disbursement", from_account=first.ledger_account)
    assert (paid.amount_tiyn, str(paid.occurred_on)) == (10_000_000_50, "2015-09-01")
    assert ledger.account_balance(first.ledger_account) == 21_400_000_00 - 10_000_000_50
    assert ledger.account_balance(fund) == 0
    assert ImportedGrant.objects.get(giving_id="360G-other-park-001").funding_org_id == "XI-OTHER-fund"
    events = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {"grant.imported", "grant.disbursement_imported", "open_data.360giving_imported"} <= events
    assert ledger.ledger_check().ok


def test_a_grant_without_our_classification_goes_to_other(zone, staff):
    from innopark.projects.models import Grant

    data = package(g1={"classifications": [{"vocabulary": "someone-else", "code": "X1", "title": "X"}]})
    giving_import(actor=staff, zone=zone, content=as_bytes(data), name="p.json")
    assert Grant.objects.get(external_id="360G-other-park-002").category_id == "other"


def test_unknown_categories_and_reversed_planned_dates_are_refused(zone, staff):
    data = package(g1={"classifications": [{"vocabulary": "innopark-grant-category", "code": "no-such"}]})
    data["grants"][0]["plannedDates"] = [{"startDate": "2016-05-01", "endDate": "2016-04-01"}]
    error = assert_refused(zone, staff, as_bytes(data))
    assert set(error.fields) == {
        "360G-other-park-002: classifications/0/code",
        "360G-other-park-001: plannedDates/0/endDate",
    }


def test_a_problem_found_while_writing_refuses_the_whole_file(zone, staff, admin):
    """The first grant is fine; the second was imported into another zone before: nothing of the file is written."""
    from innopark.funding.models import Transfer
    from innopark.projects.models import Grant
    from innopark.registry.models import Organization

    elsewhere = zf.make_zone(admin, "elsewhere")
    only_second = package()
    del only_second["grants"][0]
    giving_import(actor=admin, zone=elsewhere, content=as_bytes(only_second), name="p.json")
    counts = (Organization.objects.count(), Transfer.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ApplicationError) as refused:
        giving_import(actor=staff, zone=zone, content=as_bytes(package()), name="p.json")
    assert set(refused.value.fields) == {"360G-other-park-002: id"}
    assert not Grant.objects.filter(zone=zone).exists()
    assert (Organization.objects.count(), Transfer.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"g0": {"amountAwarded": 21400001}}, "360G-other-park-001: amountAwarded"),
        ({"g0": {"title": "Другое"}}, "360G-other-park-001: title"),
        (
            {"g1": {"recipientOrganization": [{"id": f"KZ-BIN-{BIN_A}", "name": "x"}]}},
            "360G-other-park-002: recipientOrganization/0/id",
        ),
        (
            {"g1": {"fundingOrganization": [{"id": "XI-OTHER", "name": "x"}]}},
            "360G-other-park-002: fundingOrganization/0/id",
        ),
        (
            {"g0": {"disbursementTransaction": [{"id": "d", "transactionDate": "2015-09-02", "value": 10000000.5}]}},
            "360G-other-park-001: disbursementTransaction/0/transactionDate",
        ),
        ({"g0": {"disbursementTransaction": []}}, "360G-other-park-001: disbursementTransaction"),
    ],
)
def test_other_data_under_an_imported_id_is_refused_and_nothing_changes(zone, staff, changes, field):
    from innopark.funding.models import Transfer

    giving_import(actor=staff, zone=zone, content=as_bytes(package()), name="p.json")
    before = (AuditEvent.objects.count(), Transfer.objects.count(), ImportedGrant.objects.count())
    with pytest.raises(ApplicationError) as refused:
        giving_import(actor=staff, zone=zone, content=as_bytes(package(**changes)), name="p.json")
    assert field in refused.value.fields, refused.value.fields
    assert (AuditEvent.objects.count(), Transfer.objects.count(), ImportedGrant.objects.count()) == before


def test_an_authority_officer_may_not_import(admin):
    authority = zf.make_authority(admin, "overseer")
    overseen = zf.make_zone(admin, "overseen", authority=authority)
    officer = zf.make_user(Role.AUTHORITY_OFFICER, authority=authority)
    with pytest.raises(NotAllowed):
        giving_import(actor=officer, zone=overseen, content=as_bytes(package()), name="p.json")
    assert ImportedGrant.objects.count() == 0


def test_the_command_imports_a_csv_with_its_disbursements_and_the_stats_command_counts_it(zone, admin, tmp_path):
    grants = package()["grants"]
    grants_csv, disbursements_csv = tmp_path / "grants.csv", tmp_path / "disbursements.csv"
    grants_csv.write_text("".join(flat.stream_csv((flat.grant_row(g) for g in grants), flat.grant_headers())))
    disbursements_csv.write_text(
        "".join(
            flat.stream_csv((row for g in grants for row in flat.disbursement_rows(g)), flat.disbursement_headers())
        )
    )
    out = io.StringIO()
    call_command("import-360", str(grants_csv), zone=zone.code, disbursements=str(disbursements_csv), stdout=out)
    assert "Imported 2 grants" in out.getvalue()
    stats = io.StringIO()
    call_command("stats", zone=zone.code, year_from="2015", year_to="2016", format="json", stdout=stats)
    rows = {r["period"]: r for r in json.loads(stats.getvalue())}
    assert (rows["2015"]["projects"], rows["2015"]["amount_awarded_kzt"]) == (1, "21400000.00")
    assert rows["2015"]["amount_disbursed_kzt"] == "10000000.50"
    assert (rows["2015-2016"]["projects"], rows["2015-2016"]["amount_awarded_kzt"]) == (2, "877400000.00")
    again = io.StringIO()
    call_command("import-360", str(grants_csv), zone=zone.code, disbursements=str(disbursements_csv), stdout=again)
    assert "Imported 0 grants" in again.getvalue() and "2 were already there" in again.getvalue()


DEMO_READY = all(
    importlib.util.find_spec(name) is not None
    for name in ("innopark.projects.demo", "innopark.funding.demo", "innopark.registry.demo")
)


def comparable(grant: dict) -> dict:
    out = dict(grant)
    out.pop("dateModified", None)
    return out


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
