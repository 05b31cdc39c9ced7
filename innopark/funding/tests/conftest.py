import datetime as dt

import pytest

from innopark.accounts.models import Role
from innopark.funding import ledger
from innopark.funding.tests import factories as f


@pytest.fixture
def admin(db):
    return f.make_admin()


@pytest.fixture
def park(admin, settings, tmp_path):
    """A zone with its fund, a second zone, two funders, a grant in each zone, and users of every kind."""
    settings.MEDIA_ROOT = tmp_path

    class Park:
        pass

    p = Park()
    p.admin = admin
    p.zone = f.make_zone(admin, "fund-zone")
    p.other_zone = f.make_zone(admin, "other-zone")
    p.funder = f.make_funder(admin, "Alpha Oil LLP")
    p.funder2 = f.make_funder(admin, "Beta Mining JSC")
    p.fund = ledger.ledger_account_for_zone_fund(zone=p.zone)
    p.other_fund = ledger.ledger_account_for_zone_fund(zone=p.other_zone)
    p.funder_account = ledger.ledger_account_for_funder(organization=p.funder)
    p.funder2_account = ledger.ledger_account_for_funder(organization=p.funder2)
    p.external = ledger.ledger_account_external()
    # The first grant account has a rollup group, as projects opens them (its category, ADR 0073); the second none.
    p.grant = ledger.ledger_account_open_grant(actor=admin, zone=p.zone, reference="grant:T-1", rollup_group=7)
    p.grant2 = ledger.ledger_account_open_grant(actor=admin, zone=p.zone, reference="grant:T-2")
    p.other_grant = ledger.ledger_account_open_grant(actor=admin, zone=p.other_zone, reference="grant:O-1")
    p.staff = f.make_user(Role.OPERATOR_STAFF, zone=p.zone)
    p.other_staff = f.make_user(Role.OPERATOR_STAFF, zone=p.other_zone)
    p.expert = f.make_user(Role.EXPERT)
    p.funder_rep = f.make_user(None)
    from innopark.accounts.models import RoleAssignment

    RoleAssignment.objects.create(
        user=p.funder_rep, role=Role.FUNDER_REP, organization=p.funder, valid_from=dt.date(2000, 1, 1)
    )
    p.funder2_rep = f.make_user(None)
    RoleAssignment.objects.create(
        user=p.funder2_rep, role=Role.FUNDER_REP, organization=p.funder2, valid_from=dt.date(2000, 1, 1)
    )
    return p
