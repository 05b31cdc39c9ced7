"""Demo users (only when settings.DEMO): officers of the demo zone's current and former authorities, operator
staff of `alatau-itp` and two experts. Idempotent: users are found by email and roles are granted once.

The platform administrator `admin@demo.innopark.kz` is created by the zones demo (which runs first and needs it
as the actor); `demo_admin()` here finds or creates it for any demo that runs without the zones demo.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.accounts.services import role_grant, user_create
from innopark.accounts.system import system_actor

ADMIN_EMAIL = "admin@demo.innopark.kz"
ZONE_CODE = "alatau-itp"
SINCE = dt.date(2010, 1, 1)
AUTHORITY_NAMES = {
    "mid-rk": "Officer, Ministry of Investment and Development",
    "mic-rk": "Officer, Ministry of Information and Communications",
    "almaty-akimat": "Officer, Almaty city akimat",
}
OPERATOR_EMAIL = "operator@demo.innopark.kz"
EXPERTS = [("expert1@demo.innopark.kz", "Expert One"), ("expert2@demo.innopark.kz", "Expert Two")]

LOGINS = [
    ("Authority officer (Almaty akimat, current)", "officer.almaty-akimat@demo.innopark.kz"),
    ("Authority officer (MIC RK, 2018)", "officer.mic-rk@demo.innopark.kz"),
    ("Authority officer (MID RK, until 2018)", "officer.mid-rk@demo.innopark.kz"),
    ("Operator staff (alatau-itp)", OPERATOR_EMAIL),
    ("Expert", EXPERTS[0][0]),
    ("Expert", EXPERTS[1][0]),
]


def officer_email(authority_code: str) -> str:
    return f"officer.{authority_code}@demo.innopark.kz"


def _user(email: str, full_name: str, admin) -> User:
    from innopark.core.management.commands.demo import DEMO_PASSWORD

    return User.objects.filter(email=email).first() or user_create(
        actor=admin, email=email, password=DEMO_PASSWORD, full_name=full_name, language="ru"
    )


def _grant(admin, user: User, role: str, **scope) -> None:
    if not RoleAssignment.objects.filter(user=user, role=role, valid_to__isnull=True, **scope).exists():
        role_grant(actor=admin, user=user, role=role, valid_from=SINCE, **scope)


def demo_admin() -> User:
    """The demo platform administrator, created as the system if it is not there yet."""
    from innopark.core.management.commands.demo import DEMO_PASSWORD

    with system_actor():
        user = User.objects.filter(email=ADMIN_EMAIL).first() or user_create(
            actor=None, email=ADMIN_EMAIL, password=DEMO_PASSWORD, full_name="Demo Admin"
        )
        _grant(None, user, Role.PLATFORM_ADMIN)
    return user


def load(stdout) -> None:
    if not settings.DEMO:
        return
    from innopark.zones.models import Authority, Zone
    from innopark.zones.selectors import jurisdiction_timeline

    admin = demo_admin()
    zone = Zone.objects.filter(code=ZONE_CODE).first()
    codes = list(AUTHORITY_NAMES)
    if zone is not None:
        # The zone's current and former authorities, from its jurisdiction history.
        codes += [a.authority.code for a in jurisdiction_timeline(zone).select_related("authority")]
    created = 0
    for code in dict.fromkeys(codes):
        authority = Authority.objects.filter(code=code).first()
        if authority is None:
            stdout.write(f"  accounts demo: no authority {code!r}, its officer is skipped")
            continue
        user = _user(officer_email(code), AUTHORITY_NAMES.get(code, f"Officer, {authority}"), admin)
        _grant(admin, user, Role.AUTHORITY_OFFICER, authority=authority)
        created += 1
    if zone is not None:
        staff = _user(OPERATOR_EMAIL, "Operator Staff", admin)
        _grant(admin, staff, Role.OPERATOR_STAFF, zone=zone)
    else:
        stdout.write(f"  accounts demo: no zone {ZONE_CODE!r}, operator staff skipped")
    for email, name in EXPERTS:
        _grant(admin, _user(email, name, admin), Role.EXPERT)
    stdout.write(f"  accounts demo: {created} authority officers, operator staff and {len(EXPERTS)} experts")
