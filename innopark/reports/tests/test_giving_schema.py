"""The official 360Giving schema, validated offline, with its two packaging quirks handled."""

from innopark.reports.giving.schema import grant_errors, package_errors


def good_grant(**changes):
    grant = {
        "id": "360G-innopark-test-1",
        "title": "Project",
        "description": "A project",
        "currency": "KZT",
        "amountAwarded": 21400000,
        "awardDate": "2015-06-01",
        "recipientOrganization": [{"id": "KZ-BIN-000740001307", "name": "Company"}],
        "fundingOrganization": [{"id": "XI-INNOPARK-test", "name": "Fund"}],
        "dateModified": "2018-06-13T10:00:00+06:00",
    }
    grant.update(changes)
    return grant


def test_a_valid_package_has_no_errors():
    # The package schema refers to the grant schema by its 1.4.2 address: it resolves offline.
    assert package_errors({"version": "1.4", "grants": [good_grant()]}) == []


def test_a_plain_date_matches_only_one_branch_of_the_date_rule():
    # Without a real date-time check every string would match both branches of the schema's oneOf.
    assert grant_errors(good_grant(awardDate="2015-06-01")) == []
    assert grant_errors(good_grant(awardDate="2015-06-01T09:00:00+06:00")) == []
    assert [p for p, _ in grant_errors(good_grant(awardDate="2015-13-01"))] == ["awardDate"]


def test_errors_name_the_field():
    errors = dict(grant_errors(good_grant(currency="KZQ", amountAwarded="100")))
    assert set(errors) == {"currency", "amountAwarded"}
    assert "codelist" in errors["currency"]


def test_missing_fields_are_listed():
    errors = package_errors({"grants": [{"id": "x"}]})
    assert errors[0][0] == "grants/0"
    assert "title" in errors[0][1] and "recipientOrganization" in errors[0][1]


def test_an_empty_package_is_invalid():
    assert package_errors({"grants": []})
