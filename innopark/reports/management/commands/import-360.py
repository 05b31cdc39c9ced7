"""`innopark import-360 FILE --zone CODE [--as EMAIL] [--disbursements FILE.csv]`: import a 360Giving JSON, CSV or
XLSX file into a zone (a CSV of grants may come with the CSV of their disbursements).

All or nothing: a file with any problem is refused with every problem listed by grant and field, and nothing is
written. Idempotent by grant identifier. The acting user (default: the first platform administrator) is recorded
in the audit log.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from innopark.core.context import correlation
from innopark.core.errors import ApplicationError
from innopark.reports.services import giving_import
from innopark.zones.models import Zone


def _actor(email: str | None):
    from innopark.accounts.models import Role, User

    if email:
        user = User.objects.filter(email=email.lower()).first()
        if user is None:
            raise CommandError(f"No user with the email {email}.")
        return user
    user = (
        User.objects.filter(is_active=True, role_assignments__role=Role.PLATFORM_ADMIN).order_by("pk").first()
        or User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first()
    )
    if user is None:
        raise CommandError("No platform administrator exists; pass --as EMAIL.")
    return user


class Command(BaseCommand):
    help = "Import the grants of a 360Giving file (JSON package, CSV or XLSX) into a zone."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--zone", required=True)
        parser.add_argument("--as", dest="actor", help="email of the acting user")
        parser.add_argument(
            "--disbursements", help="with a CSV of grants: the CSV of their disbursements (export's second CSV)"
        )

    def handle(self, *args, file, zone, actor, disbursements=None, **options):
        translation.activate("en")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        extra = None
        if disbursements:
            if path.suffix.lower() != ".csv":
                raise CommandError("--disbursements goes with a CSV of grants (XLSX and JSON carry them inside).")
            if not Path(disbursements).is_file():
                raise CommandError(f"No such file: {disbursements}")
            extra = Path(disbursements).read_bytes()
        zone_obj = Zone.objects.filter(code=zone).first()
        if zone_obj is None:
            raise CommandError(f"There is no zone with the code {zone!r}.")
        try:
            with correlation():
                result = giving_import(
                    actor=_actor(actor), zone=zone_obj, content=path.read_bytes(), name=path.name, disbursements=extra
                )
        except ApplicationError as exc:
            lines = [str(exc.message)]
            for where, messages in exc.fields.items():
                lines.extend(f"  {where}: {message}" for message in messages)
            raise CommandError("\n".join(lines))
        self.stdout.write(
            f"Imported {len(result.created)} grants into {zone}; {len(result.unchanged)} were already there."
        )
