"""Reminders of overdue items (ADR 0024), sent by `innopark registry-remind` once a day from cron.

- Each operator staff member of a zone gets one notification (inbox and email) listing the zone's overdue items:
  applications whose step is past its deadline (submitted and moderation 5 working days, commission 10) and
  reports missing after their due date (open breaches, not yet decided by the operator).
- The representatives of a participant whose reports are missing get one notification listing them.
- An item is mentioned to a recipient at most once a day (`ReminderSent`): a second run the same day sends nothing
  new; the next day the items still overdue are mentioned again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innopark.accounts.permissions import is_platform_admin
from innopark.accounts.system import is_system_context
from innopark.core.errors import NotAllowed
from innopark.notifications.services import notify
from innopark.registry.events import RegistryEvent
from innopark.registry.models import AdmissionApplication, ReminderSent
from innopark.registry.periods import Period
from innopark.registry.services._common import record, representatives, today, zone_staff
from innopark.registry.workflow import STEP_DEADLINES_WORKING_DAYS, ApplicationStatus


@dataclass
class Item:
    key: str
    render: object = None  # a callable returning the item's line in the active language
    participant: object = None  # missing reports are listed on one line per participant
    period: Period | None = None


@dataclass
class RemindersResult:
    notifications: int = 0
    items: int = 0
    recipients: list = field(default_factory=list)


def _day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def overdue_applications(zone, on: dt.date) -> list[Item]:
    rows = (
        AdmissionApplication.objects.filter(zone=zone, status__in=list(STEP_DEADLINES_WORKING_DAYS), step_due_on__lt=on)
        .select_related("organization")
        .order_by("step_due_on", "pk")
    )
    items = []
    for application in rows:

        def render(a=application):
            return _("Application #%(id)s of %(org)s: “%(step)s” was due on %(due)s.") % {
                "id": a.pk,
                "org": a.organization.name,
                "step": ApplicationStatus(a.status).label,
                "due": _day(a.step_due_on),
            }

        items.append(Item(f"application:{application.pk}:{application.status}", render))
    return items


def missing_reports(zone, on: dt.date) -> dict[object, list[Item]]:
    """Participants of the zone with reports missing after their due date (undecided breaches), and the items."""
    from innopark.registry.compliance import zone_breaches

    out: dict[object, list[Item]] = defaultdict(list)
    for participant, breach in zone_breaches(zone, today=on):
        if breach.kind != "missing_report":
            continue
        period_key = breach.key.partition(":")[2]
        year, quarter = (int(part) for part in period_key.split("-"))
        out[participant].append(
            Item(f"report:{participant.pk}:{period_key}", participant=participant, period=Period(year, quarter))
        )
    return out


# Beyond this many missing periods a participant's line gives their count and range instead of the list.
MAX_LISTED_PERIODS = 6


def _lines(items: list[Item]) -> list[str]:
    """One line per overdue application, one per participant with missing reports (in the active language)."""
    lines = [item.render() for item in items if item.participant is None]
    by_participant: dict[object, list[Period]] = defaultdict(list)
    for item in items:
        if item.participant is not None:
            by_participant[item.participant].append(item.period)
    for participant, periods in by_participant.items():
        periods.sort()
        if len(periods) <= MAX_LISTED_PERIODS:
            listed = ", ".join(p.label for p in periods)
        else:
            listed = _("%(count)s periods from %(first)s to %(last)s") % {
                "count": len(periods),
                "first": periods[0].label,
                "last": periods[-1].label,
            }
        lines.append(
            _("%(org)s: reports missing for %(periods)s (the oldest was due on %(due)s).")
            % {"org": participant.organization.name, "periods": listed, "due": _day(periods[0].due_on)}
        )
    return lines


def _send(recipient, items: list[Item], *, on: dt.date, subject, params: dict, url: str) -> int:
    """Notify one recipient of the items not yet mentioned to them today; returns how many items were sent."""
    already = set(
        ReminderSent.objects.filter(recipient=recipient, sent_on=on, item_key__in=[i.key for i in items]).values_list(
            "item_key", flat=True
        )
    )
    fresh = [item for item in items if item.key not in already]
    if not fresh:
        return 0
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [ReminderSent(recipient=recipient, item_key=item.key, sent_on=on) for item in fresh]
            )
    except IntegrityError:  # another run sent them a moment ago
        return 0
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        text = "\n".join(f"• {line}" for line in _lines(fresh))
        title = str(subject) % {**params, "count": len(fresh)}
    notify(recipients=[recipient], kind="registry.reminder", subject=title, body=text, url=url)
    return len(fresh)


STAFF_SUBJECT = gettext_lazy("Overdue in zone %(zone)s: %(count)s item(s) wait for you")
REPRESENTATIVE_SUBJECT = gettext_lazy("%(org)s: %(count)s report(s) overdue")


def overdue_reminders_send(*, actor, on: dt.date | None = None) -> RemindersResult:
    """Send the day's reminders for every zone. Run by the system (the command) or a platform administrator."""
    from innopark.zones.models import Zone

    if (actor is None and not is_system_context()) or (actor is not None and not is_platform_admin(actor)):
        raise NotAllowed(_("Only the system or a platform administrator may send reminders."), code="not_allowed")
    on = on or today()
    result = RemindersResult()
    for zone in Zone.objects.order_by("code"):
        with transaction.atomic():
            sent_notifications = sent_items = 0
            applications = overdue_applications(zone, on)
            reports = missing_reports(zone, on)
            staff_items = applications + [item for items in reports.values() for item in items]
            if staff_items:
                for user in zone_staff(zone):
                    n = _send(
                        user,
                        staff_items,
                        on=on,
                        subject=STAFF_SUBJECT,
                        params={"zone": zone.code},
                        url=reverse("registry:queues"),
                    )
                    if n:
                        sent_notifications, sent_items = sent_notifications + 1, sent_items + n
                        result.recipients.append(user.email)
            for participant, items in reports.items():
                for user in representatives(participant.organization):
                    n = _send(
                        user,
                        items,
                        on=on,
                        subject=REPRESENTATIVE_SUBJECT,
                        params={"org": participant.organization.name},
                        url=reverse("registry:participant", args=[participant.pk]),
                    )
                    if n:
                        sent_notifications, sent_items = sent_notifications + 1, sent_items + n
                        result.recipients.append(user.email)
            if sent_notifications:
                record(
                    RegistryEvent.REMINDERS_SENT,
                    actor=actor,
                    subject=zone,
                    zone_code=zone.code,
                    after={"on": on, "notifications": sent_notifications, "items": sent_items},
                )
            result.notifications += sent_notifications
            result.items += sent_items
    return result
