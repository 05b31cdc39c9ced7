"""Demo data of the registry: the 35 participant companies of the Alatau park (fictitious, marked so) and a few
applications in progress, plus two representative users.

"The 35 companies" are the organizations entered in the unified register as participants of `alatau-itp` from
1 January 2015 to 31 December 2017, whatever their status today (33 active, 1 suspended in 2018, 1 excluded in
2019): `selectors.participant_companies(zone, date(2015, 1, 1), date(2017, 12, 31))`. The applications in
progress belong to other organizations, which have no register entry and so are not counted.

Idempotent: organizations are found by BIN, participants by register entry number, reports by period,
applications by organization; everything goes through the services with the platform administrator as actor.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.core.identifiers import make_bin
from innopark.registry import services
from innopark.registry.models import AdmissionApplication, Organization, Participant, ParticipantReport
from innopark.registry.periods import periods_between

ZONE_CODE = "alatau-itp"
REP_EMAIL = "rep@demo.innopark.kz"
APPLICANT_EMAIL = "applicant@demo.innopark.kz"
LOGINS = [
    ("Participant representative", REP_EMAIL),
    ("Applicant (application returned)", APPLICANT_EMAIL),
]

# (brand, registration year, month, priority OKED). Invented names; every organization is marked is_fictitious.
COMPANIES = [
    ("Alatau Soft", 2015, 2, "62010"),
    ("QazCloud Labs", 2015, 3, "63110"),
    ("Steppe Analytics", 2015, 4, "62020"),
    ("Tengri Robotics", 2015, 6, "72190"),
    ("Медеу Дата", 2015, 7, "63110"),
    ("Nomad Pay", 2015, 9, "62010"),
    ("Kok-Tobe Systems", 2015, 10, "62020"),
    ("Baiterek Code", 2015, 11, "62010"),
    ("Altyn Vision", 2016, 1, "62010"),
    ("Шымбұлақ IT", 2016, 2, "62020"),
    ("Zhetysu Sensors", 2016, 3, "26110"),
    ("Aport Digital", 2016, 3, "62010"),
    ("Сапар Логистикс Тех", 2016, 4, "62020"),
    ("Kazakh EdTech", 2016, 5, "62010"),
    ("Orda Security", 2016, 6, "62020"),
    ("Saryarka GeoInfo", 2016, 7, "63110"),
    ("Batys BioTech", 2016, 8, "72190"),
    ("Ile Smart Grid", 2016, 9, "62010"),
    ("Turan Health IT", 2016, 10, "62010"),
    ("Медиа Алмалы", 2016, 11, "63110"),
    ("Qarmaq Games", 2016, 12, "62010"),
    ("Astra Fintech", 2017, 1, "62010"),
    ("Kaskelen Agrotech", 2017, 2, "72190"),
    ("Boraldai Microchips", 2017, 2, "26110"),
    ("Samal Voice", 2017, 3, "62010"),
    ("Irbis AI", 2017, 4, "62020"),
    ("Zerde Cloud", 2017, 5, "63110"),
    ("Kolsay Mobile", 2017, 6, "62010"),
    ("Tumar Legal Tech", 2017, 7, "62020"),
    ("Ulytau Mining Software", 2017, 8, "62010"),
    ("Көктем Веб", 2017, 9, "62010"),
    ("Sunkar Drones", 2017, 10, "72190"),
    ("Aksai Telemed", 2017, 10, "62010"),
    ("Issyk Blockchain", 2017, 11, "62020"),
    ("Талғар Софт", 2017, 12, "62010"),
]
SUSPENDED = "Kazakh EdTech"
EXCLUDED_NAME = "Медеу Дата"

# Organizations with applications in progress: (brand, OKED, state, days ago submitted).
APPLICANTS = [
    ("Qalam AI", "62010", "submitted", 2),
    ("Nur Sat Data", "63110", "submitted", 12),  # overdue: more than 5 working days ago
    ("Bolashaq Robotics", "72190", "moderation", 4),
    ("Esil Cyber", "62020", "commission", 8),
    ("Dala Agritech", "62010", "returned", 6),
]


def _names(brand: str) -> dict:
    return {"name_kk": f"«{brand}» ЖШС", "name_ru": f"ТОО «{brand}»", "name_en": f"{brand} LLP"}


def _admin():
    assignment = (
        RoleAssignment.objects.select_related("user")
        .filter(role=Role.PLATFORM_ADMIN, valid_to__isnull=True)
        .order_by("pk")
        .first()
    )
    if assignment is None:
        raise RuntimeError("The zones demo (which creates the platform administrator) must load first.")
    return assignment.user


def _organization(admin, brand: str, bin_value: str, oked: str, founded: dt.date) -> Organization:
    existing = Organization.objects.filter(bin=bin_value).first()
    if existing:
        return existing
    return services.organization_create(
        actor=admin,
        bin=bin_value,
        legal_form="ТОО",
        address="Алматы, Медеуский район, ул. Ислама Каримова, 70 (вымышленный адрес)",
        kato="750000000",
        oked=oked,
        founded_on=founded,
        is_fictitious=True,
        **_names(brand),
    )


def _participant(admin, zone, org, n: int, year: int, month: int, oked: str) -> Participant:
    registered_on = dt.date(year, month, 15)
    number = f"{year}-{n:05d}"
    existing = Participant.objects.filter(register_entry_number=number).first()
    if existing:
        return existing
    investment_tiyn = (20 + (n * 37) % 380) * 1_000_000 * 100  # 20-400 m tenge
    return services.participant_import(
        actor=admin,
        organization=org,
        zone=zone,
        oked=oked,
        admitted_on=registered_on - dt.timedelta(days=21),
        registered_on=registered_on,
        register_entry_number=number,
        project_title=f"{org.name_ru}: цифровой продукт",
        agreement={
            "number": f"ДОД-{year}-{n:03d}",
            "signed_on": registered_on - dt.timedelta(days=7),
            "valid_until": dt.date(2027, 12, 31),
            "investment_tiyn": investment_tiyn,
            "jobs": 5 + (n * 7) % 40,
            "obligations_due_on": dt.date(2017, 12, 31),
            "obligations_text": "Запуск проекта в течение 12 месяцев.",
        },
        certificate_number=f"ALATAU-ITP-{year}-{n:04d}",
        certificate_issued_on=registered_on,
    )


def _reports(admin, participant: Participant, n: int) -> None:
    agreement = participant.agreement
    periods = periods_between(participant.registered_on, dt.date(2017, 12, 31), quarterly=True)
    if not periods:
        return
    investment = -(-agreement.investment_tiyn // len(periods))  # spread the obligation, rounded up
    jobs = -(-agreement.jobs // len(periods))
    for i, period in enumerate(periods):
        if ParticipantReport.objects.filter(participant=participant, year=period.year, quarter=period.quarter).exists():
            continue
        total = (40 + (n * 13 + i * 7) % 160) * 1_000_000 * 100
        below = participant.organization.name_ru.endswith(f"«{SUSPENDED}»") and period.year == 2017
        priority = total * (70 if below else 92 + (n + i) % 9) // 100
        exports = total * ((n * 3 + i) % 40) // 100
        services.report_file(
            actor=admin,
            participant=participant,
            year=period.year,
            quarter=period.quarter,
            total_income_tiyn=total,
            priority_income_tiyn=priority,
            headcount=10 + n + i,
            new_jobs=jobs,
            investment_tiyn=investment,
            exports_tiyn=exports,
            digital_exports_tiyn=exports * 8 // 10,
            tax_benefits_tiyn=total * 12 // 100,
            # Most report on time; every fifth company is late once a year.
            on=period.due_on + dt.timedelta(days=15 if (n % 5 == 0 and period.quarter == 4) else -10),
        )


def _user(email: str, full_name: str, organization: Organization) -> User:
    from innopark.accounts.services import role_grant, user_create
    from innopark.accounts.system import system_actor
    from innopark.core.management.commands.demo import DEMO_PASSWORD

    user = User.objects.filter(email=email).first()
    with system_actor():
        if user is None:
            user = user_create(actor=None, email=email, password=DEMO_PASSWORD, full_name=full_name)
        if not RoleAssignment.objects.filter(
            user=user, role=Role.PARTICIPANT_REP, organization=organization, valid_to__isnull=True
        ).exists():
            role_grant(
                actor=None,
                user=user,
                role=Role.PARTICIPANT_REP,
                organization=organization,
                valid_from=dt.date(2015, 1, 1),
            )
    return user


def _demo_pdf() -> bytes:
    from innopark.core.pdf import FONT, new_pdf, pdf_bytes

    pdf = new_pdf(title="Business plan")
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 8, "Бизнес-жоспар / Бизнес-план (демо)")
    return pdf_bytes(pdf)


def _applications(admin, zone) -> None:
    today = timezone.localdate()
    for i, (brand, oked, state, days_ago) in enumerate(APPLICANTS, start=1):
        bin_value = make_bin("2101", serial=500 + i * 3)
        org = _organization(admin, brand, bin_value, oked, dt.date(2021, 1, 20))
        rep = _user(APPLICANT_EMAIL if state == "returned" else f"applicant{i}@demo.innopark.kz", brand, org)
        if AdmissionApplication.objects.filter(organization=org).exists():
            continue
        application = services.application_create(
            actor=rep,
            organization=org,
            zone=zone,
            project_title=f"{brand}: платформа",
            project_summary="Разработка и вывод на рынок программного продукта (демо).",
            oked=oked,
            planned_investment_tiyn=(50 + i * 10) * 1_000_000 * 100,
            planned_jobs=10 + i,
            declares_true_data=True,
            declares_no_bankruptcy=True,
            declares_no_tax_debt=True,
        )
        services.document_upload(
            actor=rep, application=application, name="business-plan.pdf", data=_demo_pdf(), kind="business_plan"
        )
        submitted_on = today - dt.timedelta(days=days_ago)
        services.application_submit(actor=rep, application=application, on=submitted_on)
        if state in ("moderation", "commission", "returned"):
            services.application_moderation_start(actor=admin, application=application)
        if state == "commission":
            services.application_moderation_pass(
                actor=admin, application=application, on=submitted_on + dt.timedelta(3)
            )
        if state == "returned":
            services.application_return(
                actor=admin, application=application, reason="Приложите финансовую отчётность за последний год."
            )


def load(stdout) -> None:
    from innopark.zones.models import Zone

    zone = Zone.objects.filter(code=ZONE_CODE).first()
    if zone is None:
        stdout.write("registry: zone alatau-itp is missing; load the zones demo first")
        return
    admin = _admin()
    for n, (brand, year, month, oked) in enumerate(COMPANIES, start=1):
        bin_value = make_bin(f"{(year - 3) % 100:02d}{month:02d}", serial=100 + n * 7)
        org = _organization(admin, brand, bin_value, oked, dt.date(year - 3, month, 1))
        participant = _participant(admin, zone, org, n, year, month, oked)
        _reports(admin, participant, n)
        if n == 1:
            _user(REP_EMAIL, "Айгерим Демо", org)
        participant.refresh_from_db()
        if brand == SUSPENDED and participant.status == "active":
            services.participant_suspend(
                actor=admin,
                participant=participant,
                on=dt.date(2018, 5, 14),
                grounds="Доля дохода от приоритетных видов деятельности в 2017 году ниже 90% (условие соглашения).",
            )
        if brand == EXCLUDED_NAME and participant.status in ("active", "suspended"):
            services.participant_exclude(
                actor=admin,
                participant=participant,
                on=dt.date(2019, 4, 1),
                grounds="Закон РК № 242-VI от 03.04.2019, ст. 24: проект не реализован (вымышленное основание).",
            )
    _applications(admin, zone)
    stdout.write(f"registry: {len(COMPANIES)} participant companies and {len(APPLICANTS)} applications in progress")
