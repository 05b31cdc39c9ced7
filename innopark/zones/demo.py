"""The demo park: the Alatau innovation technology park SEZ with its 2018 history, and a fictitious industrial zone.

The story (from a 2018 news report): the park moved from the Ministry of Investment and Development to the Ministry
of Information and Communications (80% of its projects are about digitalisation and digital export), then by
Government decision straight to the Almaty city akimat, which was to widen the high-tech production directions.
No staff were cut; phase 2 was being built and added staff. The zone was established in 2003 and its term runs to
1 January 2028; every other date here is illustrative and marked so on the zone's page.

Idempotent: every record is looked up by its natural key first, and everything goes through the services with a
platform administrator as the actor, so the audit chain tells the same story.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.core.identifiers import make_bin
from innopark.zones import services
from innopark.zones.models import (
    Authority,
    JurisdictionAssignment,
    Operator,
    OperatorAssignment,
    PriorityActivity,
    Zone,
)

ADMIN_EMAIL = "admin@demo.innopark.kz"
LOGINS = [("Platform administrator", ADMIN_EMAIL)]

AUTHORITIES = [
    (
        "mdai-rk",
        "ministry",
        "Қазақстан Республикасының Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі",
        "Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан",
        "Ministry of Digital Development, Innovations and Aerospace Industry of the Republic of Kazakhstan",
        None,
    ),
    (
        "mid-rk",
        "ministry",
        "Қазақстан Республикасының Инвестициялар және даму министрлігі",
        "Министерство по инвестициям и развитию Республики Казахстан",
        "Ministry of Investment and Development of the Republic of Kazakhstan",
        None,
    ),
    (
        "mic-rk",
        "ministry",
        "Қазақстан Республикасының Ақпарат және коммуникациялар министрлігі",
        "Министерство информации и коммуникаций Республики Казахстан",
        "Ministry of Information and Communications of the Republic of Kazakhstan",
        "mdai-rk",  # renamed in 2019
    ),
    ("almaty-akimat", "akimat", "Алматы қаласының әкімдігі", "Акимат города Алматы", "Akimat of Almaty city", None),
    (
        "karaganda-akimat",
        "akimat",
        "Қарағанды облысының әкімдігі",
        "Акимат Карагандинской области",
        "Akimat of Karaganda region",
        None,
    ),
]

ALATAU = {
    "code": "alatau-itp",
    "kind": "sez",
    "name_kk": "«Инновациялық технологиялар паркі» арнайы экономикалық аймағы",
    "name_ru": "Специальная экономическая зона «Парк инновационных технологий»",
    "name_en": "Innovation Technology Park special economic zone (Alatau)",
    "kato": "750000000",
    "established_on": dt.date(2003, 8, 18),
    "expires_on": dt.date(2028, 1, 1),
    "legal_basis": "Decree of the President of the Republic of Kazakhstan, 2003: the SEZ is established with a term "
    "to 1 January 2028 (the day and month of establishment shown here are illustrative).",
}

SARYARKA = {
    "code": "saryarka-iz",
    "kind": "industrial_zone",
    "name_kk": "«Сарыарқа» индустриялық аймағы",
    "name_ru": "Индустриальная зона «Сарыарка»",
    "name_en": "Saryarka industrial zone",
    "kato": "351010000",
    "established_on": dt.date(2015, 6, 1),
    "expires_on": dt.date(2040, 1, 1),
    "legal_basis": "Decision of the regional akimat (fictitious zone of the demo data).",
    "is_fictitious": True,
}

# (authority, effective date, basis): the first row is the first assignment, the others transfers. Illustrative dates.
ALATAU_JURISDICTION = [
    (
        "mid-rk",
        dt.date(2014, 8, 6),
        "Reform of the public administration, August 2014: the Ministry of Investment and "
        "Development becomes the authorized body of the zone.",
    ),
    (
        "mic-rk",
        dt.date(2018, 2, 15),
        "Government decision, February 2018: the park passes to the Ministry of "
        "Information and Communications, coordinator of the “Digital Kazakhstan” programme, because 80% of the park's "
        "projects are about digitalisation of the economy and digital export.",
    ),
    (
        "almaty-akimat",
        dt.date(2018, 10, 1),
        "Government decision, 2018: the Alatau SEZ is handed directly to the Almaty "
        "city akimat, which is to widen the list of high-tech production directions.",
    ),
]

ALATAU_ACTIVITIES_2003 = [
    ("62010", "Компьютерлік бағдарламалау", "Компьютерное программирование", "Computer programming"),
    (
        "62020",
        "Компьютерлік технологиялар саласындағы консультациялық қызметтер",
        "Консультационные услуги в области компьютерных технологий",
        "Computer consultancy",
    ),
    (
        "63110",
        "Деректерді өңдеу, қосымшаларды орналастыру (хостинг)",
        "Обработка данных, размещение приложений (хостинг)",
        "Data processing and hosting",
    ),
    (
        "72190",
        "Жаратылыстану және техникалық ғылымдар саласындағы өзге де ғылыми зерттеулер мен әзірлемелер",
        "Прочие научные исследования и разработки в области естественных и технических наук",
        "Other research and development on natural sciences and engineering",
    ),
    (
        "26110",
        "Электрондық элементтер өндірісі",
        "Производство электронных элементов",
        "Manufacture of electronic components",
    ),
]
# Widened by the akimat after it took the zone over (illustrative date).
ALATAU_ACTIVITIES_2019 = [
    (
        "26200",
        "Компьютерлер мен перифериялық жабдықтар өндірісі",
        "Производство компьютеров и периферийного оборудования",
        "Manufacture of computers and peripheral equipment",
    ),
    (
        "26300",
        "Коммуникациялық жабдықтар өндірісі",
        "Производство коммуникационного оборудования",
        "Manufacture of communication equipment",
    ),
    (
        "26510",
        "Өлшеуге, сынауға және навигацияға арналған жабдықтар өндірісі",
        "Производство оборудования для измерения, испытания и навигации",
        "Manufacture of instruments for measuring, testing and navigation",
    ),
    (
        "72110",
        "Биотехнология саласындағы ғылыми зерттеулер мен әзірлемелер",
        "Научные исследования и разработки в области биотехнологии",
        "Research and development on biotechnology",
    ),
]

ALATAU_PHASES = [
    {
        "number": 1,
        "name_kk": "Бірінші кезең",
        "name_ru": "Первая очередь",
        "name_en": "Phase 1",
        "area_ha": Decimal("78.30"),
        "budget_tiyn": 12_500_000_000 * 100,
        "status": "operating",
        "starts_on": dt.date(2004, 1, 1),
        "ends_on": dt.date(2012, 12, 31),
    },
    {
        "number": 2,
        "name_kk": "Екінші кезең",
        "name_ru": "Вторая очередь",
        "name_en": "Phase 2",
        "area_ha": Decimal("85.00"),
        "budget_tiyn": 24_000_000_000 * 100,
        "status": "under_construction",
        "starts_on": dt.date(2017, 1, 1),
        "ends_on": dt.date(2022, 12, 31),
    },
]

# Unchanged by both transfers; growing with phase 2.
ALATAU_HEADCOUNT = [
    (dt.date(2017, 1, 1), 52, ""),
    (dt.date(2018, 1, 1), 52, ""),
    (dt.date(2018, 3, 1), 52, "After the transfer to the Ministry of Information and Communications: no staff cut."),
    (dt.date(2018, 10, 15), 52, "After the transfer to the Almaty city akimat: no staff cut."),
    (dt.date(2019, 7, 1), 58, "Phase 2 under construction."),
    (dt.date(2020, 7, 1), 66, "Phase 2 under construction."),
]


def _admin():
    """The demo platform administrator (created through the accounts services, as the system)."""
    from innopark.accounts.services import role_grant, user_create
    from innopark.accounts.system import system_actor
    from innopark.core.management.commands.demo import DEMO_PASSWORD

    user = User.objects.filter(email=ADMIN_EMAIL).first()
    with system_actor():
        if user is None:
            user = user_create(actor=None, email=ADMIN_EMAIL, password=DEMO_PASSWORD, full_name="Demo Admin")
        if not RoleAssignment.objects.filter(user=user, role=Role.PLATFORM_ADMIN, valid_to__isnull=True).exists():
            role_grant(actor=None, user=user, role=Role.PLATFORM_ADMIN, valid_from=dt.date(2000, 1, 1))
    return user


def _authorities(admin) -> dict[str, Authority]:
    found = {}
    for code, kind, kk, ru, en, _successor in AUTHORITIES:
        found[code] = Authority.objects.filter(code=code).first() or services.authority_create(
            actor=admin, code=code, kind=kind, name_kk=kk, name_ru=ru, name_en=en
        )
    for code, *_rest, successor in AUTHORITIES:
        if successor and found[code].successor_id != found[successor].pk:
            services.authority_update(actor=admin, authority=found[code], successor=found[successor])
    return found


def _zone(admin, values) -> Zone:
    return Zone.objects.filter(code=values["code"]).first() or services.zone_create(actor=admin, **values)


def _jurisdiction(admin, zone, authorities, rows, illustrative=True) -> None:
    first, *transfers = rows
    code, start, basis = first
    if not JurisdictionAssignment.objects.filter(zone=zone).exists():
        services.jurisdiction_assign(
            actor=admin,
            zone=zone,
            authority=authorities[code],
            valid_from=start,
            basis=basis,
            illustrative=illustrative,
        )
    for code, effective_on, basis in transfers:
        if not JurisdictionAssignment.objects.filter(zone=zone, authority=authorities[code], valid_from=effective_on):
            services.jurisdiction_transfer(
                zone=zone,
                to_authority=authorities[code],
                effective_on=effective_on,
                basis=basis,
                actor=admin,
                illustrative=illustrative,
            )


def _activities(admin, zone, rows, added_on, basis="") -> None:
    for oked, kk, ru, en in rows:
        if not PriorityActivity.objects.filter(zone=zone, oked=oked, added_on=added_on).exists():
            services.priority_activity_add(
                actor=admin,
                zone=zone,
                oked=oked,
                title_kk=kk,
                title_ru=ru,
                title_en=en,
                added_on=added_on,
                basis=basis,
            )


def _operator(admin, zone, *, serial, names, since) -> Operator:
    bin_value = make_bin("0309", serial=serial)
    operator = Operator.objects.filter(bin=bin_value).first() or services.operator_create(
        actor=admin, bin=bin_value, is_fictitious=True, **names
    )
    if not OperatorAssignment.objects.filter(zone=zone, operator=operator).exists():
        services.operator_assign(actor=admin, zone=zone, operator=operator, valid_from=since, basis=zone.legal_basis)
    return operator


def load(stdout) -> None:
    admin = _admin()
    authorities = _authorities(admin)

    alatau = _zone(admin, ALATAU)
    _jurisdiction(admin, alatau, authorities, ALATAU_JURISDICTION)
    _activities(admin, alatau, ALATAU_ACTIVITIES_2003, ALATAU["established_on"], basis=ALATAU["legal_basis"])
    _activities(
        admin,
        alatau,
        ALATAU_ACTIVITIES_2019,
        dt.date(2019, 3, 1),
        basis="Almaty city akimat: wider list of high-tech production directions (illustrative date).",
    )
    for phase in ALATAU_PHASES:
        services.zone_phase_save(actor=admin, zone=alatau, **phase)
    _operator(
        admin,
        alatau,
        serial=1166,
        since=ALATAU["established_on"],
        names={
            "name_kk": "«Инновациялық технологиялар паркі» АЭА басқарушы компаниясы» АҚ",
            "name_ru": "АО «Управляющая компания СЭЗ «Парк инновационных технологий»",
            "name_en": "Innovation Technology Park SEZ management company JSC",
        },
    )
    for on_date, headcount, note in ALATAU_HEADCOUNT:
        services.headcount_record(actor=admin, zone=alatau, on_date=on_date, headcount=headcount, note=note)

    saryarka = _zone(admin, SARYARKA)
    _jurisdiction(
        admin,
        saryarka,
        authorities,
        [("karaganda-akimat", SARYARKA["established_on"], "Decision of the regional akimat (fictitious).")],
        illustrative=False,
    )
    _activities(
        admin,
        saryarka,
        [
            (
                "24100",
                "Шойын, болат және ферроқорытпалар өндірісі",
                "Производство чугуна, стали и ферросплавов",
                "Manufacture of basic iron and steel",
            ),
            (
                "25110",
                "Құрылыс металл конструкцияларын өндіру",
                "Производство строительных металлических конструкций",
                "Manufacture of metal structures",
            ),
            (
                "28920",
                "Кен өндіруге арналған машиналар өндірісі",
                "Производство машин для добычи полезных ископаемых",
                "Manufacture of machinery for mining",
            ),
        ],
        SARYARKA["established_on"],
    )
    services.zone_phase_save(
        actor=admin,
        zone=saryarka,
        number=1,
        name_kk="Бірінші кезең",
        name_ru="Первая очередь",
        name_en="Phase 1",
        area_ha=Decimal("120.00"),
        budget_tiyn=4_800_000_000 * 100,
        status="operating",
        starts_on=dt.date(2015, 6, 1),
    )
    _operator(
        admin,
        saryarka,
        serial=2015,
        since=SARYARKA["established_on"],
        names={
            "name_kk": "«Сарыарқа индустриялық аймағы» ЖШС",
            "name_ru": "ТОО «Индустриальная зона Сарыарка»",
            "name_en": "Saryarka Industrial Zone LLP",
        },
    )
    for on_date, headcount in [(dt.date(2016, 1, 1), 12), (dt.date(2020, 1, 1), 18)]:
        services.headcount_record(actor=admin, zone=saryarka, on_date=on_date, headcount=headcount)
    stdout.write("zones: alatau-itp (with its 2018 jurisdiction history) and saryarka-iz (fictitious)")
