"""Test data for zones, built through the services (so audit and rules apply) with a platform admin actor."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.core.identifiers import make_bin
from innopark.zones import services

_serial = itertools.count(1)


def make_user(role: str | None = None, *, authority=None, zone=None, email=None) -> User:
    n = next(_serial)
    user = User.objects.create_user(email=email or f"user{n}@example.kz", password="correct-horse-battery")
    if role is not None:
        RoleAssignment.objects.create(
            user=user, role=role, authority=authority, zone=zone, valid_from=dt.date(2000, 1, 1)
        )
    return user


def make_admin() -> User:
    return make_user(Role.PLATFORM_ADMIN)


def make_authority(admin, code: str | None = None, **extra):
    code = code or f"authority-{next(_serial)}"
    values = {"kind": "ministry", "name_kk": f"{code} kk", "name_ru": f"{code} ru", "name_en": f"{code} en"}
    values.update(extra)
    return services.authority_create(actor=admin, code=code, **values)


def make_zone(admin, code: str | None = None, *, authority=None, assigned_on=dt.date(2010, 1, 1), **extra):
    code = code or f"zone-{next(_serial)}"
    values = {
        "kind": "sez",
        "name_kk": f"{code} kk",
        "name_ru": f"{code} ru",
        "name_en": f"{code} en",
        "kato": "750000000",
        "established_on": dt.date(2003, 8, 18),
        "expires_on": dt.date(2028, 1, 1),
    }
    values.update(extra)
    zone = services.zone_create(actor=admin, code=code, **values)
    if authority is not None:
        services.jurisdiction_assign(
            actor=admin, zone=zone, authority=authority, valid_from=assigned_on, basis="Decree No. 1"
        )
    return zone


def make_operator(admin, zone=None, *, valid_from=dt.date(2010, 1, 1)):
    operator = services.operator_create(
        actor=admin,
        bin=make_bin("0309", serial=next(_serial)),
        name_kk="Басқарушы компания",
        name_ru="Управляющая компания",
        name_en="Management company",
    )
    if zone is not None:
        services.operator_assign(actor=admin, zone=zone, operator=operator, valid_from=valid_from)
    return operator


PHASE = {
    "number": 1,
    "name_kk": "Бірінші кезең",
    "name_ru": "Первая очередь",
    "name_en": "Phase 1",
    "area_ha": Decimal("78.30"),
    "budget_tiyn": 2_140_000_000,
    "status": "operating",
}
