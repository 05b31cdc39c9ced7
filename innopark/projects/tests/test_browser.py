"""The journey in a real browser: application → review with a declared conflict and a reassignment → decision →
grant → milestone accepted → tranche paid, with the ledger checked to the tiyn."""

import os

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from innopark.funding import ledger
from innopark.projects import services
from innopark.projects.models import Application, Grant
from innopark.projects.tests.factories import make_park, submitted_application

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user):
    """Start a session for the user and hand its cookie to the browser (the login form is the accounts app's)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url},
            {"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": live_server.url},
        ]
    )


def test_journey_in_the_browser(browser_page, live_server, settings, tmp_path):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    park = make_park()
    application = submitted_application(park)
    services.application_admit(actor=park.staff, application=application)
    url = f"{live_server.url}/projects/applications/{application.pk}/"
    e1, e2, e3 = park.experts

    # Operator staff assign the first expert by hand.
    sign_in(page, live_server, park.staff)
    page.goto(url)
    page.select_option("select[name=expert]", str(e1.pk))
    page.click("button[data-action=assign]")
    page.wait_for_selector(f"tr[data-expert='{e1.email}']")

    # The expert declares a conflict and recuses.
    sign_in(page, live_server, e1)
    assignment = application.assignments.get(expert=e1)
    page.goto(f"{live_server.url}/projects/reviews/{assignment.pk}/")
    assert "Облачная" not in page.locator("main dl.facts").all_inner_texts().__str__()  # not shown before declaring
    page.check("input[name=has_conflict][value=yes]")
    page.fill("textarea[name=statement]", "Мой брат работает в компании-заявителе.")
    page.click("button[data-action=declare]")
    page.wait_for_url("**/projects/reviews/")

    # The operator sees the recusal and reassigns to two others.
    sign_in(page, live_server, park.staff)
    page.goto(url)
    assert "Мой брат" in page.content()
    for expert in (e2, e3):
        page.select_option("select[name=expert]", str(expert.pk))
        page.click("button[data-action=assign]")
        page.wait_for_selector(f"tr[data-expert='{expert.email}']")

    # Both experts declare no conflict and score every criterion.
    for expert in (e2, e3):
        sign_in(page, live_server, expert)
        assignment = application.assignments.get(expert=expert)
        page.goto(f"{live_server.url}/projects/reviews/{assignment.pk}/")
        page.check("input[name=has_conflict][value=no]")
        page.click("button[data-action=declare]")
        page.wait_for_selector("button[data-action=review]")
        for criterion in park.call.criteria.all():
            page.fill(f"input[name=score_{criterion.pk}]", str(min(8, criterion.scale_max)))
            page.fill(f"textarea[name=why_{criterion.pk}]", "Обосновано.")
        page.select_option("select[name=recommendation]", "fund")
        page.fill("textarea[name=comment]", "Рекомендую.")
        page.click("button[data-action=review]")
        page.wait_for_url("**/projects/reviews/")
    assert Application.objects.get(pk=application.pk).status == "reviewed"

    # Operator staff recommend; the authority officer decides (a second person for money).
    sign_in(page, live_server, park.staff)
    page.goto(url)
    page.select_option("form:has(button[data-action=propose]) select[name=outcome]", "approve")
    page.fill("form:has(button[data-action=propose]) input[name=amount]", "10 000 000")
    page.click("button[data-action=propose]")
    page.wait_for_selector(".messages")
    fund_before = ledger.account_balance(park.fund)
    sign_in(page, live_server, park.officer)
    page.goto(url)
    page.select_option("form:has(button[data-action=decide]) select[name=outcome]", "approve")
    page.fill("form:has(button[data-action=decide]) input[name=amount]", "10 000 000")
    page.click("button[data-action=decide]")
    page.wait_for_selector(".messages")
    grant = Grant.objects.get(application=application)
    assert ledger.account_balance(park.fund) == fund_before - 10_000_000_00

    # The grantee reports the first milestone; operator staff accept it and its tranche is paid.
    first = grant.milestones.get(number=1)
    sign_in(page, live_server, park.rep)
    page.goto(f"{live_server.url}/projects/grants/{grant.pk}/")
    page.fill("tr[data-milestone='1'] textarea[name=text]", "Прототип готов, акты приложены.")
    page.click("button[data-action=report-1]")
    page.wait_for_selector(".messages")
    grant_before = ledger.account_balance(grant.ledger_account)
    external_before = ledger.account_balance(ledger.ledger_account_external())
    sign_in(page, live_server, park.staff)
    page.goto(f"{live_server.url}/projects/grants/{grant.pk}/")
    page.click("button[data-action=accept-1]")
    page.wait_for_selector(".messages")
    first.refresh_from_db()
    assert first.status == "paid"
    assert ledger.account_balance(grant.ledger_account) == grant_before - first.tranche_tiyn
    assert ledger.account_balance(ledger.ledger_account_external()) == external_before + first.tranche_tiyn
    assert ledger.account_balance(park.fund) == fund_before - 10_000_000_00
