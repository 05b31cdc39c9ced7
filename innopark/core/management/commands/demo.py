"""`innopark demo load` fills the database with the demo park (idempotent); `innopark demo logins` prints logins.

Each app may provide `innopark.<app>.demo` with `load(stdout)` (idempotent) and `LOGINS` (a list of
(role label, email) pairs). Apps load in dependency order.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from innopark.core.context import correlation

DEMO_APPS = ["zones", "accounts", "registry", "funding", "projects", "reports"]
DEMO_PASSWORD = "innopark-demo-2026"


def demo_modules():
    for app in DEMO_APPS:
        try:
            yield import_module(f"innopark.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"innopark.{app}.demo":
                raise


class Command(BaseCommand):
    help = "Load the demo park (`load`) or print the demo logins (`logins`)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "logins"])

    def handle(self, *args, action, **options):
        if action == "logins":
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            printed = set()  # several apps may list the same shared demo user
            for module in demo_modules():
                for role, email in getattr(module, "LOGINS", []):
                    if email not in printed:
                        printed.add(email)
                        self.stdout.write(f"  {email:<42} {role}")
            return
        if not settings.DEMO:
            raise CommandError("Set DEMO=1 to load the demo park (it creates demo users with known passwords).")
        # Demo users get no mail: the demo's history would otherwise print hundreds of messages.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            correlation(),
            transaction.atomic(),
        ):
            for module in demo_modules():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo park loaded."))
