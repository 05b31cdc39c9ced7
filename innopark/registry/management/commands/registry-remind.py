"""`innopark registry-remind [--date YYYY-MM-DD]`: remind operator staff of overdue steps and reports, and
representatives of their late reports (one notification each, emailed). Run it once a day from cron; a second run
the same day sends nothing new (ADR 0024)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from innopark.core.context import correlation


class Command(BaseCommand):
    help = "Send the day's reminders of overdue workflow steps and late participant reports (idempotent per day)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to remind for (default: today in Asia/Almaty), YYYY-MM-DD.")

    def handle(self, *args, date=None, **options):
        from innopark.accounts.system import system_actor
        from innopark.registry.services import overdue_reminders_send

        on = None
        if date:
            try:
                on = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Not a date: {date} (use YYYY-MM-DD)")
        with system_actor(), correlation():
            result = overdue_reminders_send(actor=None, on=on)
        self.stdout.write(
            self.style.SUCCESS(f"{result.notifications} notifications sent about {result.items} overdue items.")
        )
