"""Test data for funding, built through the services with a platform admin actor."""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from innopark.core.identifiers import make_bin
from innopark.funding import services
from innopark.funding.ledger import transfer_create
from innopark.zones.tests import factories as zf

_serial = itertools.count(500)
make_user = zf.make_user
make_admin = zf.make_admin
make_zone = zf.make_zone


def make_funder(admin, name: str = "Subsoil LLP"):
    from innopark.registry.services.organizations import organization_create

    return organization_create(
        actor=admin,
        # Serials 10 apart: make_bin moves to the next serial when a check digit does not exist.
        bin=make_bin("0512", serial=10 * next(_serial) % 99_990),
        name_ru=name,
        is_subsoil_user=True,
        is_fictitious=True,
    )


def make_contract(admin, funder, number: str | None = None, **extra):
    values = {"signed_on": dt.date(2010, 5, 1), "mineral": "hydrocarbons"}
    values.update(extra)
    return services.contract_register(actor=admin, organization=funder, number=number or f"C-{next(_serial)}", **values)


def document(name: str = "base.pdf", content: bytes = b"%PDF-1.4 declaration") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def new_key() -> str:
    return f"test-key-{next(_serial):08d}"


def contribute(p, amount, *, funder_account=None, earmark="", key=None, on=dt.date(2016, 3, 1)):
    return transfer_create(
        actor=p.admin,
        kind="contribution",
        from_account=funder_account or p.funder_account,
        to_account=p.fund,
        amount_tiyn=amount,
        idempotency_key=key or new_key(),
        earmark=earmark,
        occurred_on=on,
    )


def allocate(p, amount, grant=None, *, key=None, **extra):
    return transfer_create(
        actor=p.admin,
        kind="allocation",
        from_account=p.fund,
        to_account=grant or p.grant,
        amount_tiyn=amount,
        idempotency_key=key or new_key(),
        occurred_on=dt.date(2016, 6, 1),
        **extra,
    )
