"""Test data for projects, built through the services (so rules and audit apply)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from innopark.accounts.models import Role
from innopark.funding import ledger
from innopark.projects import services
from innopark.projects.demo import RUBRIC
from innopark.registry.tests import factories as rf

_serial = itertools.count(1)
make_user = rf.make_user

TENGE = 100  # tiyn


def make_call(actor, zone, *, code=None, budget_tiyn=100_000_000 * TENGE, publish=True, **extra):
    now = timezone.now()
    values = {
        "code": code or f"call-{next(_serial)}",
        "title_kk": "Цифрландыру конкурсы",
        "title_ru": "Конкурс цифровизации",
        "title_en": "Digitalisation call",
        "opens_at": now - dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=30),
        "budget_tiyn": budget_tiyn,
        "categories": ["digitalisation", "digital_export", "ict"],
        "criteria": RUBRIC,
        "experts_per_application": 2,
    }
    values.update(extra)
    call = services.call_create(actor=actor, zone=zone, **values)
    if publish:
        call = services.call_publish(actor=actor, call=call)
    return call


def application_values(amount_tiyn=10_000_000 * TENGE, *, cofinancing_tiyn=2_000_000 * TENGE):
    today = timezone.localdate()
    first = amount_tiyn * 40 // 100
    return {
        "title": "Облачная платформа для экспорта услуг",
        "summary": "Платформа, через которую малые ИТ-компании продают услуги за рубеж.",
        "language": "ru",
        "category": "digital_export",
        "requested_tiyn": amount_tiyn,
        "cofinancing_tiyn": cofinancing_tiyn,
        "duration_months": 12,
        "budget_lines": [
            {"item": "Разработка", "requested_tiyn": amount_tiyn - 1_000_000 * TENGE, "cofinancing_tiyn": 0},
            {"item": "Маркетинг", "requested_tiyn": 1_000_000 * TENGE, "cofinancing_tiyn": cofinancing_tiyn},
        ],
        "milestones": [
            {"deliverable": "Прототип", "due_on": today + dt.timedelta(days=120), "tranche_tiyn": first},
            {"deliverable": "Запуск", "due_on": today + dt.timedelta(days=300), "tranche_tiyn": amount_tiyn - first},
        ],
    }


class Park:
    """A zone with its authority, fund (money in it), operator staff, an authority officer, three experts, and two
    participant companies with their representatives, and an open call."""


def make_park(*, fund_tiyn=500_000_000 * TENGE) -> Park:
    p = Park()
    p.admin = rf.make_user(Role.PLATFORM_ADMIN)
    p.zone = rf.make_zone(p.admin, f"proj-zone-{next(_serial)}")
    p.staff = make_user(Role.OPERATOR_STAFF, zone=p.zone)
    p.staff2 = make_user(Role.OPERATOR_STAFF, zone=p.zone)
    p.officer = make_user(Role.AUTHORITY_OFFICER, authority=p.zone.authority)
    p.experts = [make_user(Role.EXPERT) for _ in range(3)]
    p.org = rf.make_organization(p.admin)
    p.other_org = rf.make_organization(p.admin)
    rf.make_participant(p.admin, p.org, p.zone, registered_on=dt.date(2015, 3, 1))
    rf.make_participant(p.admin, p.other_org, p.zone, registered_on=dt.date(2015, 3, 1))
    p.rep = make_user(Role.PARTICIPANT_REP, organization=p.org)
    p.other_rep = make_user(Role.PARTICIPANT_REP, organization=p.other_org)
    p.funder = rf.make_organization(p.admin, is_subsoil_user=True, name_ru="ТОО «Недра»")
    p.funder_rep = make_user(Role.FUNDER_REP, organization=p.funder)
    p.fund = ledger.ledger_account_for_zone_fund(zone=p.zone)
    if fund_tiyn:
        ledger.transfer_create(
            actor=p.admin,
            kind="contribution",
            from_account=ledger.ledger_account_for_funder(organization=p.funder),
            to_account=p.fund,
            amount_tiyn=fund_tiyn,
            idempotency_key=f"test-contribution-{next(_serial):06d}",
            occurred_on=dt.date(2016, 1, 15),
        )
    p.call = make_call(p.staff, p.zone)
    return p


def submitted_application(p, *, organization=None, rep=None, amount_tiyn=10_000_000 * TENGE):
    application = services.application_create(
        actor=rep or p.rep, call=p.call, organization=organization or p.org, **application_values(amount_tiyn)
    )
    return services.application_submit(actor=rep or p.rep, application=application)


def full_scores(call, score=8, *, team=4) -> dict:
    out = {}
    for criterion in call.criteria.all():
        value = min(score if criterion.scale_max == 10 else team, criterion.scale_max)
        out[criterion.pk] = {"score": value, "justification": "Обосновано в заявке."}
    return out


def reviewed_application(p, **kwargs):
    application = submitted_application(p, **kwargs)
    services.application_admit(actor=p.staff, application=application)
    for expert in p.experts[:2]:
        assignment = services.review_assign(actor=p.staff, application=application, expert=expert)
        services.review_declare(actor=expert, assignment=assignment, has_conflict=False)
        services.review_submit(
            actor=expert, assignment=assignment, scores=full_scores(p.call), recommendation="fund", comment="Хорошо."
        )
    application.refresh_from_db()
    return application


def granted(p, amount_tiyn=None, **kwargs):
    application = reviewed_application(p, **kwargs)
    amount = amount_tiyn or application.requested_tiyn
    services.proposal_prepare(actor=p.staff, application=application, outcome="approve", amount_tiyn=amount)
    decision = services.decision_make(actor=p.officer, application=application, outcome="approve", amount_tiyn=amount)
    return decision.grant
