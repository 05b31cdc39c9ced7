"""`innopark registry-remind` (ADR 0024): one notification (inbox and email) per operator staff member listing the
zone's overdue items, representatives reminded of late reports, at most once per item a day."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from innopark.accounts.system import system_actor
from innopark.audit.models import AuditEvent
from innopark.core.errors import NotAllowed
from innopark.notifications.models import Notification
from innopark.registry import services
from innopark.registry.models import ReminderSent
from innopark.registry.tests import factories as f
from innopark.registry.tests.test_report_file import FIGURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(world):
    """An application submitted today (overdue a month later) and a participant registered at the end of 2025 with
    its 2025 Q4 report filed and later ones missing."""
    w = world
    w.application = f.make_application(w.rep, w.org, w.zone, submit=True)
    third = f.make_organization(w.admin)
    w.third_rep = f.make_user("participant_rep", organization=third)
    w.participant = f.make_participant(w.admin, third, w.zone, registered_on=dt.date(2016, 3, 1))
    w.on = timezone.localdate() + dt.timedelta(days=40)
    for user in (w.staff, w.third_rep):
        user.language = "en"
        user.save(update_fields=["language"])
    return w


def _run(on, capture):
    with system_actor(), capture(execute=True):
        return services.overdue_reminders_send(actor=None, on=on)


def test_staff_get_one_notification_listing_overdue_items(overdue, django_capture_on_commit_callbacks):
    w = overdue
    result = _run(w.on, django_capture_on_commit_callbacks)
    staff_notes = Notification.objects.filter(recipient=w.staff, kind="registry.reminder")
    assert staff_notes.count() == 1
    body = staff_notes.get().body
    assert f"#{w.application.pk}" in body and "2016 Q1" in body  # a long list is given as a range
    keys = set(ReminderSent.objects.filter(recipient=w.staff, sent_on=w.on).values_list("item_key", flat=True))
    assert f"application:{w.application.pk}:submitted" in keys and f"report:{w.participant.pk}:2016-2" in keys
    assert "test-itp" in staff_notes.get().subject
    rep_notes = Notification.objects.filter(recipient=w.third_rep, kind="registry.reminder")
    assert rep_notes.count() == 1 and "2016 Q1" in rep_notes.get().body
    assert f"#{w.application.pk}" not in rep_notes.get().body  # representatives hear only of their reports
    assert not Notification.objects.filter(recipient__in=[w.other_staff, w.rep, w.officer]).filter(
        kind="registry.reminder"
    )
    assert {m.to[0] for m in mail.outbox} == {w.staff.email, w.third_rep.email}
    assert result.notifications == 2
    event = AuditEvent.objects.filter(event_type="zone.overdue_reminders_sent").get()
    assert event.subject_type == "zones.zone" and event.after["notifications"] == 2


def test_a_second_run_the_same_day_sends_nothing_new(overdue, django_capture_on_commit_callbacks):
    w = overdue
    _run(w.on, django_capture_on_commit_callbacks)
    sent, notes, events = len(mail.outbox), Notification.objects.count(), AuditEvent.objects.count()
    result = _run(w.on, django_capture_on_commit_callbacks)
    assert result.notifications == 0 and len(mail.outbox) == sent and Notification.objects.count() == notes
    assert AuditEvent.objects.count() == events
    # A new overdue item the same day: only it is sent.
    services.report_file(
        actor=w.third_rep, participant=w.participant, year=2016, quarter=2, on=dt.date(2016, 7, 20), **FIGURES
    )
    late = f.make_application(w.other_rep, w.other_org, w.zone, submit=True)
    _run(w.on, django_capture_on_commit_callbacks)
    newest = Notification.objects.filter(recipient=w.staff, kind="registry.reminder").order_by("-id").first()
    assert f"#{late.pk}" in newest.body and f"#{w.application.pk}" not in newest.body
    # The next day the items still overdue are mentioned again, once.
    _run(w.on + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    again = Notification.objects.filter(recipient=w.staff, kind="registry.reminder").order_by("-id").first()
    assert f"#{w.application.pk}" in again.body
    next_day = set(
        ReminderSent.objects.filter(recipient=w.staff, sent_on=w.on + dt.timedelta(days=1)).values_list(
            "item_key", flat=True
        )
    )
    assert f"report:{w.participant.pk}:2016-2" not in next_day  # filed meanwhile
    assert f"report:{w.participant.pk}:2016-3" in next_day


def test_nothing_overdue_sends_nothing(world, django_capture_on_commit_callbacks):
    f.make_application(world.rep, world.org, world.zone, submit=True)
    result = _run(timezone.localdate(), django_capture_on_commit_callbacks)
    assert result.notifications == 0 and not mail.outbox


def test_only_the_system_or_a_platform_admin_sends(world):
    for user in (world.staff, world.officer, world.rep):
        with pytest.raises(NotAllowed):
            services.overdue_reminders_send(actor=user)
    with pytest.raises(NotAllowed):
        services.overdue_reminders_send(actor=None)  # outside a command
    services.overdue_reminders_send(actor=world.admin)


def test_the_command(overdue, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("registry-remind", "--date", overdue.on.isoformat(), stdout=out)
    assert "2 notifications" in out.getvalue()
    out = io.StringIO()
    call_command("registry-remind", "--date", overdue.on.isoformat(), stdout=out)
    assert "0 notifications" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("registry-remind", "--date", "31.12.2020")


def test_a_few_missing_reports_are_listed_by_period(world, django_capture_on_commit_callbacks):
    third = f.make_organization(world.admin)
    rep = f.make_user("participant_rep", organization=third)
    rep.language = "en"
    rep.save(update_fields=["language"])
    f.make_participant(world.admin, third, world.zone, registered_on=dt.date(2016, 3, 1))
    _run(dt.date(2016, 12, 1), django_capture_on_commit_callbacks)
    body = Notification.objects.get(recipient=rep, kind="registry.reminder").body
    assert "2016 Q1, 2016 Q2, 2016 Q3" in body and "2016 Q4" not in body  # Q4 is not due yet


def test_the_reminder_is_in_the_recipients_language(overdue, django_capture_on_commit_callbacks):
    w = overdue
    w.staff.language = "ru"
    w.staff.save(update_fields=["language"])
    _run(w.on, django_capture_on_commit_callbacks)
    note = Notification.objects.get(recipient=w.staff, kind="registry.reminder")
    assert f"Заявка № {w.application.pk}" in note.body and "не представлены отчёты" in note.body
    assert note.subject.startswith("Просрочено в зоне test-itp")
