"""The Alatau financing history and one open call, for `innopark demo load` (runs after registry and funding).

2015-2017: 64 projects of the park's participant companies financed for exactly 2 600 000 000,00 ₸ — 2015: 5 for
21 400 000,00 ₸; 2016: 27 for 856 000 000,00 ₸; 2017: 32 for 1 722 600 000,00 ₸ — one call a year, each application
reviewed by two experts, recommended by operator staff and approved by an authority officer, each grant allocated
from the zone's fund on the day of its award and paid milestone by milestone. "80% in digitalisation and digital
export" is read as a count of projects at or above 80%: 52 of 64 (81.25%); the other 12 are ICT, new materials,
energy efficiency and other (ADR 0052). One 2016 grant was terminated after its first tranche (the unspent money
went back to the fund); three 2017 grants had their last milestone moved by an amendment and are still running.

2026: one open call with applications at every step of the journey (draft, submitted, in review with a recusal).

Idempotent: every grant is found by its agreement number, every call by its code, every user by email.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.projects import services
from innopark.projects.models import Application, Call, Grant
from innopark.projects.services._common import recording_history

ZONE_CODE = "alatau-itp"
ALMATY = ZoneInfo("Asia/Almaty")
TENGE = 100

OPERATOR_EMAIL = "operator@demo.innopark.kz"
OPERATOR2_EMAIL = "operator2@demo.innopark.kz"
EXPERT_EMAILS = ["expert1@demo.innopark.kz", "expert2@demo.innopark.kz", "expert3@demo.innopark.kz"]
LOGINS = [
    ("Operator staff (Alatau)", OPERATOR_EMAIL),
    ("Operator staff, recommendations", OPERATOR2_EMAIL),
    ("Expert", EXPERT_EMAILS[0]),
    ("Expert", EXPERT_EMAILS[1]),
    ("Expert", EXPERT_EMAILS[2]),
]

# (year, number of projects, total in tenge, of them in digitalisation / digital export)
YEARS = [(2015, 5, 21_400_000, 4), (2016, 27, 856_000_000, 22), (2017, 32, 1_722_600_000, 26)]
OTHER_CATEGORIES = ["ict", "new_materials", "energy_efficiency", "other"]
CALL_BUDGETS = {2015: 25_000_000, 2016: 900_000_000, 2017: 1_800_000_000}
# (month, day) of each step. The first call came in the second half of 2015, once the park's first participants
# had their certificates; later calls ran in spring.
SCHEDULE = {
    2015: {
        "opens": (6, 1),
        "closes": (9, 30),
        "submit": (9, 1),
        "admit": (10, 5),
        "review": (10, 20),
        "award": (11, 2),
    },
    2016: {"opens": (2, 2), "closes": (4, 30), "submit": (3, 1), "admit": (5, 5), "review": (5, 20), "award": (6, 1)},
    2017: {"opens": (2, 2), "closes": (4, 30), "submit": (3, 1), "admit": (5, 5), "review": (5, 20), "award": (6, 1)},
}


def _day(year: int, step: str, plus: int = 0) -> dt.date:
    month, day = SCHEDULE[year][step]
    return dt.date(year, month, day) + dt.timedelta(days=plus)


RUBRIC = [
    {
        "title_kk": "Жаңашылдық және технологиялық деңгей",
        "title_ru": "Новизна и технологический уровень",
        "title_en": "Novelty and technology level",
        "weight": 40,
        "scale_max": 10,
    },
    {
        "title_kk": "Нарық пен экспорттық әлеует",
        "title_ru": "Рынок и экспортный потенциал",
        "title_en": "Market and export potential",
        "weight": 35,
        "scale_max": 10,
    },
    {
        "title_kk": "Команда мен бюджеттің негізділігі",
        "title_ru": "Команда и обоснованность бюджета",
        "title_en": "Team and soundness of the budget",
        "weight": 25,
        "scale_max": 5,
    },
]

TITLES = [
    ("Цифровая платформа госуслуг для малого бизнеса", "Digital public-services platform for small business"),
    ("Экспорт SaaS-решения для логистики", "Export of a logistics SaaS"),
    ("Система предиктивного обслуживания оборудования", "Predictive maintenance system"),
    ("Мобильный банк для сельских районов", "Mobile banking for rural areas"),
    ("Облачная бухгалтерия для ИП", "Cloud accounting for sole proprietors"),
    ("Платформа электронной коммерции для ремесленников", "E-commerce platform for craftsmen"),
    ("Распознавание документов на казахском языке", "Kazakh-language document recognition"),
    ("Телемедицина для отдалённых посёлков", "Telemedicine for remote villages"),
    ("Умный учёт электроэнергии", "Smart electricity metering"),
    ("Экспорт игр для мобильных устройств", "Export of mobile games"),
    ("Цифровой двойник месторождения", "Digital twin of an oil field"),
    ("Онлайн-школа программирования", "Online programming school"),
]


def _amounts(total_tenge: int, n: int, seed: int) -> list[int]:
    """n varied amounts in tiyn, multiples of 100 000 ₸, adding up exactly to the total."""
    weights = [(i * 7 + seed) % 11 + 3 for i in range(n)]
    unit = 100_000
    out = [total_tenge * w // sum(weights) // unit * unit for w in weights[:-1]]
    out.append(total_tenge - sum(out))
    assert all(a > 0 for a in out) and sum(out) == total_tenge
    return [a * TENGE for a in out]


def _at(day: dt.date, hour: int = 11) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=ALMATY)


def _user(admin, email: str, full_name: str, role: str, **scope) -> User:
    """Get or create a demo user with the role (through the accounts services)."""
    from innopark.accounts.services import role_grant, user_create
    from innopark.core.management.commands.demo import DEMO_PASSWORD

    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(actor=admin, email=email, password=DEMO_PASSWORD, full_name=full_name)
    if not RoleAssignment.objects.filter(user=user, role=role, valid_to__isnull=True, **scope).exists():
        role_grant(actor=admin, user=user, role=role, valid_from=dt.date(2014, 1, 1), **scope)
    return user


class Cast:
    """The people of the story."""

    def __init__(self, admin, zone):
        from innopark.zones.selectors import authority_on

        self.admin = admin
        self.staff = _user(admin, OPERATOR_EMAIL, "Айгерим Сапарова", Role.OPERATOR_STAFF, zone=zone)
        self.staff2 = _user(admin, OPERATOR2_EMAIL, "Нурлан Жумабаев", Role.OPERATOR_STAFF, zone=zone)
        authority = authority_on(zone, timezone.localdate())
        # The accounts demo names officers officer.<authority code>@demo.innopark.kz; reuse (or create) that one.
        self.officer = (
            _user(
                admin,
                f"officer.{authority.code}@demo.innopark.kz",
                "Данияр Касымов",
                Role.AUTHORITY_OFFICER,
                authority=authority,
            )
            if authority
            else admin
        )
        names = ["Гульнара Абенова", "Ержан Тлеубаев", "Marat Ospanov"]
        self.experts = [_user(admin, e, n, Role.EXPERT) for e, n in zip(EXPERT_EMAILS, names, strict=True)]


def _participants(zone, on: dt.date) -> list:
    """Organizations that were active participants of the zone on that date, in register order."""
    from innopark.registry.selectors import participants_with_status_on

    rows = participants_with_status_on(zone, on).filter(status_on="active").select_related("organization")
    return [p.organization for p in rows.order_by("register_entry_number", "id")]


def _representative(organization, admin) -> User:
    assignment = (
        RoleAssignment.objects.filter(role=Role.PARTICIPANT_REP, organization=organization, valid_to__isnull=True)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else admin


def _call(cast, zone, year: int, budget_tenge: int) -> Call:
    code = f"{ZONE_CODE}-{year}"
    existing = Call.objects.filter(code=code).first()
    if existing:
        return existing
    call = services.call_create(
        actor=cast.staff,
        zone=zone,
        code=code,
        title_kk=f"{year} жылғы инновациялық жобаларды қаржыландыру конкурсы",
        title_ru=f"Конкурс финансирования инновационных проектов {year} года",
        title_en=f"Innovation project financing call {year}",
        text_ru="Гранты участникам СЭЗ на цифровизацию экономики, цифровой экспорт и высокие технологии.",
        text_kk="АЭА қатысушыларына экономиканы цифрландыруға, цифрлық экспортқа және жоғары технологияларға гранттар.",
        text_en="Grants to the zone's participants for digitalisation, digital export and high technology.",
        opens_at=_at(_day(year, "opens"), 9),
        closes_at=_at(_day(year, "closes"), 18),
        budget_tiyn=budget_tenge * TENGE,
        categories=["digitalisation", "digital_export", *OTHER_CATEGORIES],
        criteria=RUBRIC,
        experts_per_application=2,
        max_reviews_per_expert=40,
    )
    return services.call_publish(actor=cast.staff, call=call)


def _scores(call, index: int) -> dict:
    out = {}
    for k, criterion in enumerate(call.criteria.all()):
        top = criterion.scale_max
        out[criterion.pk] = {
            "score": max(1, top - (index + k) % 3),
            "justification": "Соответствует критерию; подробности в заключении.",
        }
    return out


def _history_grant(
    cast, zone, call, *, year: int, index: int, amount: int, category: str, organization
) -> tuple[Grant, bool]:
    number = f"{ZONE_CODE.upper()}-{year}-{index + 1:03d}"
    existing = Grant.objects.filter(agreement_number=number).first()
    if existing:
        return existing, False
    rep = _representative(organization, cast.admin)
    title_ru, title_en = TITLES[(index + year) % len(TITLES)]
    award_day = _day(year, "award", index % 20)
    tranches = [amount * 30 // 100, amount * 40 // 100]
    tranches.append(amount - sum(tranches))
    dues = [award_day + dt.timedelta(days=d) for d in (120, 240, 360)]
    application = services.application_create(
        actor=rep,
        call=call,
        organization=organization,
        title=f"{title_ru} ({year})",
        summary=f"{title_en}. Проект участника СЭЗ, финансируемый из фонда парка.",
        language="ru",
        category=category,
        requested_tiyn=amount,
        cofinancing_tiyn=amount // 10,
        duration_months=12,
        budget_lines=[
            {"item": "Разработка и оборудование", "requested_tiyn": amount * 7 // 10, "cofinancing_tiyn": 0},
            {
                "item": "Персонал и продвижение",
                "requested_tiyn": amount - amount * 7 // 10,
                "cofinancing_tiyn": amount // 10,
            },
        ],
        milestones=[
            {"deliverable": d, "due_on": due, "tranche_tiyn": t}
            for d, due, t in zip(["Прототип", "Пилотное внедрение", "Выход на рынок"], dues, tranches, strict=True)
        ],
        at=_at(_day(year, "submit", index % 28), 10),
    )
    submit_at = _at(_day(year, "submit", index % 28), 16)
    services.application_submit(actor=rep, application=application, at=submit_at)
    services.application_admit(actor=cast.staff, application=application, at=_at(_day(year, "admit")))
    pair = [cast.experts[index % 3], cast.experts[(index + 1) % 3]]
    for expert in pair:
        assignment = services.review_assign(
            actor=cast.staff, application=application, expert=expert, at=_at(_day(year, "admit", 1))
        )
        services.review_declare(actor=expert, assignment=assignment, has_conflict=False, at=_at(_day(year, "admit", 2)))
        services.review_submit(
            actor=expert,
            assignment=assignment,
            scores=_scores(call, index),
            recommendation="fund",
            comment="Проект реалистичен, команда способна его выполнить.",
            at=_at(_day(year, "review")),
        )
    services.proposal_prepare(
        actor=cast.staff2,
        application=application,
        outcome="approve",
        amount_tiyn=amount,
        reasons="Рекомендуется по рейтингу конкурса.",
        at=_at(award_day - dt.timedelta(days=5)),
    )
    decision = services.decision_make(
        actor=cast.officer,
        application=application,
        outcome="approve",
        amount_tiyn=amount,
        reasons="Одобрено комиссией.",
        agreement_number=number,
        at=_at(award_day, 15),
    )
    return decision.grant, True


def _run_milestones(cast, grant: Grant, rep, *, pay_upto: int) -> None:
    for milestone in grant.milestones.order_by("number"):
        if milestone.number > pay_upto or milestone.status == "paid":
            continue
        services.milestone_report(
            actor=rep,
            milestone=milestone,
            text=f"Этап «{milestone.deliverable}» выполнен, отчёт и акты приложены.",
            indicators={"users": 100 * milestone.number},
            at=_at(milestone.due_on - dt.timedelta(days=5)),
        )
        services.milestone_accept(
            actor=cast.staff, milestone=milestone, remarks="Принято.", at=_at(milestone.due_on + dt.timedelta(days=5))
        )


def _finish(cast, grant: Grant, rep, index: int) -> None:
    last_due = grant.milestones.order_by("-number").first().due_on
    services.grant_complete(actor=cast.staff, grant=grant, at=_at(last_due + dt.timedelta(days=10)))
    years_after = max(0, min(3, timezone.localdate().year - last_due.year - 1))
    periods = ["completion", "year_1", "year_2", "year_3"][: years_after + 1]
    for k, period in enumerate(periods):
        services.outcome_report_submit(
            actor=rep,
            grant=grant,
            period=period,
            jobs=3 + (index + k) % 9,
            products=1 + (index % 2),
            patents=1 if (index + k) % 3 == 0 else 0,
            revenue_tiyn=(20 + 15 * k + index % 7) * 1_000_000 * TENGE // 10,
            exports_tiyn=(5 + 5 * k) * 1_000_000 * TENGE // 10 if grant.category_id == "digital_export" else 0,
            at=_at(last_due + dt.timedelta(days=30 + 365 * k)),
        )


def _history(cast, zone, stdout) -> None:
    for year, count, total_tenge, digital in YEARS:
        call = _call(cast, zone, year, CALL_BUDGETS[year])
        from innopark.projects.eligibility import eligibility_problems

        on = _day(year, "submit")
        organizations = [
            org for org in _participants(zone, on) if not eligibility_problems(call=call, organization=org, on=on)
        ]
        if not organizations:
            stdout.write(f"projects demo: no active participants of {ZONE_CODE} in {year}; skipped")
            continue
        amounts = _amounts(total_tenge, count, seed=year)
        for index, amount in enumerate(amounts):
            if index < digital:
                category = "digitalisation" if index % 2 == 0 else "digital_export"
            else:
                category = OTHER_CATEGORIES[index % len(OTHER_CATEGORIES)]
            organization = organizations[(index * 3 + year) % len(organizations)]
            grant, created = _history_grant(
                cast, zone, call, year=year, index=index, amount=amount, category=category, organization=organization
            )
            if not created:
                continue
            rep = _representative(grant.organization, cast.admin)
            if year == 2016 and index == count - 1:
                _run_milestones(cast, grant, rep, pay_upto=1)
                services.grant_terminate(
                    actor=cast.officer,
                    grant=grant,
                    reason="Проект прекращён по соглашению сторон: рынок не подтвердился.",
                    at=_at(dt.date(2017, 3, 1)),
                )
            elif year == 2017 and index >= count - 3:
                _run_milestones(cast, grant, rep, pay_upto=2)
                _extend(cast, grant, rep)
            else:
                _run_milestones(cast, grant, rep, pay_upto=3)
                _finish(cast, grant, rep, index)


def _extend(cast, grant: Grant, rep) -> None:
    """The last milestone moved forward by an amendment (the grant runs on; the amount does not change)."""
    last = grant.milestones.order_by("-number").first()
    new_due = dt.date(timezone.localdate().year + 1, 3, 31)
    amendment = services.grant_amendment_propose(
        actor=rep,
        grant=grant,
        reason="Перенос срока выхода на рынок из-за сертификации.",
        ends_on=new_due + dt.timedelta(days=30),
        milestones=[{"deliverable": last.deliverable, "due_on": new_due, "tranche_tiyn": last.tranche_tiyn}],
    )
    services.grant_amendment_decide(actor=cast.officer, amendment=amendment, approve=True, reasons="Перенос обоснован.")


def _open_call(cast, zone, stdout) -> None:
    today = timezone.localdate()
    code = f"{ZONE_CODE}-{today.year}"
    call = Call.objects.filter(code=code).first()
    if call is None:
        call = services.call_create(
            actor=cast.staff,
            zone=zone,
            code=code,
            title_kk=f"{today.year} жылғы цифрлық экспорт конкурсы",
            title_ru=f"Конкурс проектов цифрового экспорта {today.year} года",
            title_en=f"Digital export call {today.year}",
            text_ru="Открытый конкурс: гранты на цифровизацию и цифровой экспорт.",
            text_kk="Ашық конкурс: цифрландыру мен цифрлық экспортқа гранттар.",
            text_en="Open call: grants for digitalisation and digital export.",
            opens_at=timezone.now() - dt.timedelta(days=20),
            closes_at=timezone.now() + dt.timedelta(days=40),
            budget_tiyn=1_000_000_000 * TENGE,
            categories=["digitalisation", "digital_export", "ict"],
            criteria=RUBRIC,
            experts_per_application=2,
        )
        call = services.call_publish(actor=cast.staff, call=call)
    if call.applications.exists():
        return
    from innopark.projects.eligibility import eligibility_problems

    candidates = [
        org for org in _participants(zone, today) if not eligibility_problems(call=call, organization=org, on=today)
    ]
    if len(candidates) < 3:
        stdout.write("projects demo: fewer than 3 eligible participants today; the open call has no applications")
        return
    made = []
    for k, organization in enumerate(candidates[:4]):
        rep = _representative(organization, cast.admin)
        amount = (30 + 10 * k) * 1_000_000 * TENGE
        application = services.application_create(
            actor=rep,
            call=call,
            organization=organization,
            title=TITLES[k][0],
            summary=TITLES[k][1] + ". Заявка открытого конкурса.",
            language="ru",
            category=["digital_export", "digitalisation", "ict", "digital_export"][k],
            requested_tiyn=amount,
            cofinancing_tiyn=amount // 5,
            duration_months=18,
            budget_lines=[
                {"item": "Разработка", "requested_tiyn": amount * 3 // 4, "cofinancing_tiyn": amount // 5},
                {"item": "Выход на внешние рынки", "requested_tiyn": amount - amount * 3 // 4, "cofinancing_tiyn": 0},
            ],
            milestones=[
                {"deliverable": "MVP", "due_on": today + dt.timedelta(days=180), "tranche_tiyn": amount // 2},
                {
                    "deliverable": "Первые зарубежные клиенты",
                    "due_on": today + dt.timedelta(days=450),
                    "tranche_tiyn": amount - amount // 2,
                },
            ],
        )
        if k < 3:
            services.application_submit(actor=rep, application=application)
        made.append(application)
    e1, e2, e3 = cast.experts
    first, second = made[0], made[1]
    for application in (first, second):
        services.application_admit(actor=cast.staff, application=application, remarks="Комплект полный.")
    a = services.review_assign(actor=cast.staff, application=first, expert=e1)
    services.review_declare(actor=e1, assignment=a, has_conflict=False)
    services.review_assign(actor=cast.staff, application=first, expert=e2)
    b = services.review_assign(actor=cast.staff, application=second, expert=e3)
    services.review_declare(
        actor=e3, assignment=b, has_conflict=True, statement="Мой брат — сотрудник компании-заявителя."
    )
    services.review_assign(actor=cast.staff, application=second, expert=e1)


def load(stdout) -> None:
    from innopark.zones.models import Zone

    zone = Zone.objects.filter(code=ZONE_CODE).first()
    admin = User.objects.filter(email="admin@demo.innopark.kz").first()
    if zone is None or admin is None:
        stdout.write("projects demo: the zones demo has not been loaded; skipped")
        return
    cast = Cast(admin, zone)
    with recording_history():
        _history(cast, zone, stdout)
    _open_call(cast, zone, stdout)
    grants = Grant.objects.filter(zone=zone).count()
    stdout.write(f"projects demo: {grants} grants, {Application.objects.filter(zone=zone).count()} applications")
