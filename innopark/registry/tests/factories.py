"""Test data for the registry, built through the services with a platform admin (so audit and rules apply)."""

from __future__ import annotations

import datetime as dt
import io
import itertools

from innopark.accounts.models import RoleAssignment, User
from innopark.core.identifiers import make_bin
from innopark.registry import services

_serial = itertools.count(1)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def make_user(role: str | None = None, *, authority=None, zone=None, organization=None, email=None) -> User:
    n = next(_serial)
    user = User.objects.create_user(email=email or f"reg{n}@example.kz", password="correct-horse-battery")
    if role is not None:
        RoleAssignment.objects.create(
            user=user,
            role=role,
            authority=authority,
            zone=zone,
            organization=organization,
            valid_from=dt.date(2000, 1, 1),
        )
    return user


def make_zone(admin, code: str = "test-itp", *, authority=None, okeds=("62010", "62020"), **settings):
    from innopark.zones import services as zone_services

    if authority is None:
        authority = zone_services.authority_create(
            actor=admin, code=f"ministry-{next(_serial)}", kind="ministry", name_kk="Мин", name_ru="Мин", name_en="Min"
        )
    zone = zone_services.zone_create(
        actor=admin,
        code=code,
        kind="sez",
        name_kk=f"{code} kk",
        name_ru=f"{code} ru",
        name_en=f"{code} en",
        kato="750000000",
        established_on=dt.date(2003, 8, 18),
        expires_on=dt.date(2028, 1, 1),
        **settings,
    )
    zone_services.jurisdiction_assign(
        actor=admin, zone=zone, authority=authority, valid_from=dt.date(2010, 1, 1), basis="Decree No. 1"
    )
    for oked in okeds:
        zone_services.priority_activity_add(
            actor=admin,
            zone=zone,
            oked=oked,
            title_kk=f"{oked} kk",
            title_ru=f"{oked} ru",
            title_en=f"{oked} en",
            added_on=dt.date(2010, 1, 1),
        )
    zone.authority = authority
    return zone


def make_organization(admin, **extra):
    n = next(_serial)
    values = {"bin": make_bin("1504", serial=n * 7), "name_ru": f"ТОО «Компания {n}»", "name_kk": f"«Компания {n}» ЖШС"}
    values.update(extra)
    return services.organization_create(actor=admin, **values)


def make_application(actor, organization, zone, *, submit=False, **extra):
    values = {
        "project_title": "Платформа цифровых услуг",
        "project_summary": "Облачная платформа для малого бизнеса.",
        "oked": "62010",
        "planned_investment_tiyn": 50_000_000_00,
        "planned_jobs": 12,
        "declares_true_data": True,
        "declares_no_bankruptcy": True,
        "declares_no_tax_debt": True,
    }
    values.update(extra)
    application = services.application_create(actor=actor, organization=organization, zone=zone, **values)
    if submit:
        services.document_upload(actor=actor, application=application, name="plan.pdf", data=PDF_BYTES)
        application = services.application_submit(actor=actor, application=application)
    return application


def make_participant(admin, organization, zone, *, registered_on=dt.date(2016, 3, 1), certificate=True, n=None):
    n = n or next(_serial)
    return services.participant_import(
        actor=admin,
        organization=organization,
        zone=zone,
        oked="62010",
        admitted_on=registered_on - dt.timedelta(days=20),
        registered_on=registered_on,
        register_entry_number=f"{registered_on.year}-{n:05d}",
        project_title="Проект",
        agreement={
            "number": f"AG-{n}",
            "signed_on": registered_on - dt.timedelta(days=10),
            "valid_until": dt.date(2027, 12, 31),
            "investment_tiyn": 10_000_000_00,
            "jobs": 5,
            "obligations_due_on": dt.date(2017, 12, 31),
        },
        certificate_number=f"TEST-{n:04d}" if certificate else "",
        certificate_issued_on=registered_on if certificate else None,
    )


def upload(name: str, data: bytes, content_type: str = "application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
