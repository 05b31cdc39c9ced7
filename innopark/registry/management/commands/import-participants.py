"""`innopark import-participants FILE [--actor EMAIL]`: import organizations and participants from a CSV or XLSX
file of an existing register. All rows or none; importing the same file again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innopark.core.context import correlation
from innopark.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Import organizations and participants from a CSV or XLSX file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--actor",
            help="Email of the acting user (a platform administrator or the zone's operator staff). "
            "Default: the first platform administrator.",
        )

    def handle(self, *args, file: Path, actor=None, **options):
        from innopark.accounts.models import Role, RoleAssignment, User
        from innopark.registry.services.imports import participants_import

        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if actor:
            user = User.objects.filter(email=actor.lower(), is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {actor}")
        else:
            assignment = RoleAssignment.objects.filter(role=Role.PLATFORM_ADMIN, valid_to__isnull=True).first()
            user = assignment.user if assignment else User.objects.filter(is_superuser=True).first()
            if user is None:
                raise CommandError("No platform administrator exists: pass --actor EMAIL")
        try:
            with correlation():
                result = participants_import(actor=user, data=file.read_bytes(), name=file.name)
        except ApplicationError as error:
            self.stderr.write(str(error.message))
            for where, messages in error.fields.items():
                for message in messages:
                    self.stderr.write(f"  {where}: {message}")
            raise CommandError("Nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} rows: {result.organizations_created} organizations created, "
                f"{result.organizations_existing} already known; {result.participants_created} participants created, "
                f"{result.participants_unchanged} unchanged."
            )
        )
