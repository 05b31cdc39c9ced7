"""The Alatau park's funders for `innopark demo load` (after the registry demo, before the projects demo).

Eight fictitious subsoil users (valid BINs, `is_fictitious=True`) with contracts and declared bases for 2014-2017.
2014 was fulfilled by R&D spending reported directly (the park's fund took money from 2015 on); in 2015-2017 they
paid 3 612 450 000,00 ₸ into the `alatau-itp` fund: 600 000 000,00 ₸ in 2015, 1 204 150 000,00 ₸ in 2016 and
1 808 300 000,00 ₸ in 2017, each year in two instalments (15 March, 15 May), so that the fund holds what the projects
demo allocates in June of each year (21.4 m, then 877.4 m, then 2 600 m cumulatively). Most years are fulfilled, one
funder over-fulfils and carries forward, one falls short in 2017.

Idempotent: organizations by BIN, contracts by number, declarations by (contract, year), contributions by their
idempotency keys, reports by (contract, year, quarter); the funder representative by email (demo mode only).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile

from innopark.core.identifiers import make_bin
from innopark.funding.models import BaseDeclaration, DirectSpending, FulfilmentReport, SubsoilContract
from innopark.funding.services import (
    base_declare,
    contract_register,
    contribution_record,
    direct_spending_report,
    fulfilment_report_submit,
)

ZONE_CODE = "alatau-itp"
FUNDER_EMAIL = "funder@demo.innopark.kz"
LOGINS = [("Funder representative (Kazakh Caspian Oil)", FUNDER_EMAIL)]
TENGE = 100
YEAR_TOTALS = {2015: 600_000_000, 2016: 1_204_150_000, 2017: 1_808_300_000}

# (serial, name_ru, name_kk, name_en, mineral, contract number, signed, share of each year's total in thousandths)
FUNDERS = [
    (
        71001,
        "ТОО «Каспий Ойл Казахстан»",
        "«Каспий Ойл Қазақстан» ЖШС",
        "Kazakh Caspian Oil LLP",
        "hydrocarbons",
        "КНТ-1147",
        dt.date(2001, 3, 12),
        250,
    ),
    (
        71002,
        "АО «Мангистау Газ Продакшн»",
        "«Маңғыстау Газ Продакшн» АҚ",
        "Mangystau Gas Production JSC",
        "hydrocarbons",
        "КНТ-2290",
        dt.date(2004, 7, 30),
        180,
    ),
    (
        71003,
        "ТОО «Сарыарка Медь»",
        "«Сарыарқа Мыс» ЖШС",
        "Saryarka Copper LLP",
        "solid_minerals",
        "ТПИ-0815",
        dt.date(2006, 11, 2),
        140,
    ),
    (
        71004,
        "ТОО «Бетпак Уран»",
        "«Бетпақ Уран» ЖШС",
        "Betpak Uranium LLP",
        "uranium",
        "УР-0342",
        dt.date(2007, 5, 18),
        120,
    ),
    (
        71005,
        "АО «Атырау Петролеум»",
        "«Атырау Петролеум» АҚ",
        "Atyrau Petroleum JSC",
        "hydrocarbons",
        "КНТ-3021",
        dt.date(2009, 2, 25),
        100,
    ),
    (
        71006,
        "ТОО «Алтай Полиметалл»",
        "«Алтай Полиметалл» ЖШС",
        "Altai Polymetal LLP",
        "solid_minerals",
        "ТПИ-1190",
        dt.date(2005, 9, 14),
        80,
    ),
    (
        71007,
        "ТОО «Тургай Ойл Сервис»",
        "«Торғай Ойл Сервис» ЖШС",
        "Turgai Oil Service LLP",
        "hydrocarbons",
        "КНТ-3377",
        dt.date(2010, 12, 1),
        70,
    ),
    (
        71008,
        "ТОО «Жетысу Минералс»",
        "«Жетісу Минералс» ЖШС",
        "Zhetysu Minerals LLP",
        "solid_minerals",
        "ТПИ-1522",
        dt.date(2011, 6, 6),
        60,
    ),
]


def _document_bytes(title: str) -> bytes:
    from innopark.core.pdf import FONT, new_pdf, pdf_bytes

    pdf = new_pdf(title=title)
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 6, "Демонстрационный документ (вымышленные данные).", new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)


def _shares(total_tenge: int, index: int) -> int:
    """Funder `index`'s part of a year's total, in tenge; the last funder takes the rounding remainder."""
    if index < len(FUNDERS) - 1:
        return total_tenge * FUNDERS[index][7] // 1000
    return total_tenge - sum(total_tenge * f[7] // 1000 for f in FUNDERS[:-1])


def _funder(admin, serial, name_ru, name_kk, name_en):
    from innopark.registry.services.organizations import organization_get_or_create_by_bin

    organization, _created = organization_get_or_create_by_bin(
        actor=admin,
        bin=make_bin("9803", serial=serial),
        name_ru=name_ru,
        name_kk=name_kk,
        name_en=name_en,
        is_subsoil_user=True,
        is_fictitious=True,
        legal_form="ТОО" if name_ru.startswith("ТОО") else "АО",
    )
    return organization


def _contract(admin, organization, number, signed_on, mineral) -> SubsoilContract:
    existing = SubsoilContract.objects.filter(organization=organization, number=number).first()
    if existing is not None:
        return existing
    base_kind = SubsoilContract.Base.EXTRACTION_COSTS if signed_on.year >= 2010 else SubsoilContract.Base.INCOME
    return contract_register(
        actor=admin,
        organization=organization,
        number=number,
        signed_on=signed_on,
        mineral=mineral,
        rd_rate=Decimal("0.0100"),
        base_kind=base_kind,
    )


def _declare(admin, contract, year: int, obligation_tenge: int) -> None:
    if BaseDeclaration.objects.filter(contract=contract, year=year).exists():
        return
    document = ContentFile(_document_bytes(f"{contract.number}: база {year - 1}"), name=f"base-{year}.pdf")
    base_declare(actor=admin, contract=contract, year=year, base_tiyn=obligation_tenge * 100 * TENGE, document=document)


def load(stdout) -> None:
    from innopark.accounts.demo import demo_admin
    from innopark.zones.models import Zone

    zone = Zone.objects.filter(code=ZONE_CODE).first()
    if zone is None:
        stdout.write("funding demo: zone alatau-itp is missing, skipped")
        return
    admin = demo_admin()
    first = None
    for index, (serial, name_ru, name_kk, name_en, mineral, number, signed_on, _share) in enumerate(FUNDERS):
        organization = _funder(admin, serial, name_ru, name_kk, name_en)
        first = first or organization
        contract = _contract(admin, organization, number, signed_on, mineral)
        # 2014: before the park's fund took money; fulfilled by R&D the funder paid for directly.
        obligation_2014 = _shares(300_000_000, index)
        _declare(admin, contract, 2014, obligation_2014)
        if not DirectSpending.objects.filter(contract=contract, year=2014).exists():
            direct_spending_report(
                actor=admin,
                contract=contract,
                year=2014,
                quarter=4,
                amount_tiyn=obligation_2014 * TENGE,
                description="НИОКР: договор с казахстанским научным институтом",
                evidence=ContentFile(_document_bytes(f"{number}: акт 2014"), name="evidence-2014.pdf"),
            )
        for year, total in YEAR_TOTALS.items():
            paid = _shares(total, index)
            # The obligation follows the payment: index 0 over-fulfils by 10% (carried forward), index 6 falls
            # short in 2017; the others pay exactly what they owe.
            obligation = paid * 10 // 11 if index == 0 else paid
            if index == 6 and year == 2017:
                obligation = paid * 5 // 4
            _declare(admin, contract, year, obligation)
            first_half = paid // 2
            for n, (on, amount) in enumerate(
                ((dt.date(year, 3, 15), first_half), (dt.date(year, 5, 15), paid - first_half))
            ):
                contribution_record(
                    actor=admin,
                    contract=contract,
                    year=year,
                    zone=zone,
                    amount_tiyn=amount * TENGE,
                    occurred_on=on,
                    idempotency_key=f"demo:contribution:{organization.bin}:{year}:{n + 1}",
                    reference=f"{number}/{year}-{n + 1}",
                )
            if not FulfilmentReport.objects.filter(contract=contract, year=year, quarter=4).exists():
                fulfilment_report_submit(actor=admin, contract=contract, year=year, quarter=4)
    _funder_user(admin, first)
    stdout.write(f"funding demo: {len(FUNDERS)} funders, {sum(YEAR_TOTALS.values()):,} ₸ contributed 2015-2017")


def _funder_user(admin, organization) -> None:
    if not settings.DEMO or organization is None:
        return
    from innopark.accounts.models import Role, RoleAssignment, User
    from innopark.accounts.services import role_grant, user_create
    from innopark.core.management.commands.demo import DEMO_PASSWORD

    user = User.objects.filter(email=FUNDER_EMAIL).first() or user_create(
        actor=admin, email=FUNDER_EMAIL, password=DEMO_PASSWORD, full_name="Айгерим Сейтказина", language="ru"
    )
    if not RoleAssignment.objects.filter(
        user=user, role=Role.FUNDER_REP, organization=organization, valid_to__isnull=True
    ).exists():
        role_grant(
            actor=admin, user=user, role=Role.FUNDER_REP, organization=organization, valid_from=dt.date(2014, 1, 1)
        )
