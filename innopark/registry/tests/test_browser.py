"""The admission journey in a real browser: apply → moderate → approve → agreement → register → certificate →
public verification."""

import os

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from innopark.accounts.models import Role
from innopark.registry.models import AdmissionApplication
from innopark.registry.tests import factories as f

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user, language="ru"):
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
            {"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )


def test_admission_journey_in_the_browser(browser_page, live_server, settings, tmp_path):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    page = browser_page
    admin = f.make_user(Role.PLATFORM_ADMIN)
    zone = f.make_zone(admin, "test-itp")
    org = f.make_organization(admin)
    rep = f.make_user(Role.PARTICIPANT_REP, organization=org)
    staff = f.make_user(Role.OPERATOR_STAFF, zone=zone)
    today = timezone.localdate().isoformat()

    # The representative applies, sees the eligibility checks, attaches the business plan and submits.
    sign_in(page, live_server, rep)
    page.goto(f"{live_server.url}/register/applications/new/")
    page.select_option("select[name=organization]", str(org.pk))
    page.select_option("select[name=zone]", "test-itp")
    page.fill("input[name=project_title]", "Облачная бухгалтерия")
    page.fill("textarea[name=project_summary]", "SaaS для малого бизнеса.")
    page.fill("input[name=oked]", "62010")
    page.fill("input[name=planned_investment_tiyn]", "50 000 000")
    page.fill("input[name=planned_jobs]", "12")
    page.check("input[name=declares_true_data]")
    page.check("input[name=declares_no_bankruptcy]")
    page.check("input[name=declares_no_tax_debt]")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/register/applications/*/")
    application = AdmissionApplication.objects.get()
    assert page.locator("#eligibility ~ p .badge.good").count() == 1
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(f.PDF_BYTES)
    page.set_input_files("input[name=file]", str(plan))
    page.click(f"form[action$='/applications/{application.pk}/documents/'] button")
    page.wait_for_selector("text=plan.pdf")
    page.click("button[data-action=submit]")
    page.wait_for_selector("[data-status=submitted]")

    # Operator staff moderate, send it to the commission and record the approval.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/register/queues/")
    page.click(f"a[href$='/applications/{application.pk}/']")
    page.click("button[data-action=moderate]")
    page.wait_for_selector("[data-status=moderation]")
    page.click("button[data-action=pass]")
    page.wait_for_selector("[data-status=commission]")
    page.check("input[name=decision][value=approve]")
    page.fill("textarea[name=reasons]", "Проект соответствует приоритетному виду деятельности.")
    page.click("button[data-action=decide]")
    page.wait_for_selector("[data-status=approved]")

    # The activity agreement, the register entry and the certificate, on the participant's file.
    page.click("a.btn[href*='/participants/']")
    page.fill("input[name=number]", "ДОД-2026-001")
    page.fill("input[name=signed_on]", today)
    page.fill("input[name=valid_until]", "2027-12-31")
    page.fill("input[name=investment_tiyn]", "50000000")
    page.fill("input[name=jobs]", "12")
    page.fill("input[name=obligations_due_on]", "2027-06-30")
    page.click("button[data-action=agreement]")
    page.wait_for_selector("[data-status=agreement_signed]")
    page.fill("input[name=registered_on]", today)
    page.click("button[data-action=register]")
    page.wait_for_selector("[data-status=registered]")
    page.fill("input[name=issued_on]", today)
    page.click("button[data-action=certificate]")
    page.wait_for_selector("[data-status=active]")

    # Anyone can verify the certificate on the public page.
    number = application.participant.certificates.get().number
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/register/verify/")
    page.fill("input[name=number]", number)
    page.press("input[name=number]", "Enter")
    page.wait_for_selector("[data-state=valid]")
    assert number in page.content()
