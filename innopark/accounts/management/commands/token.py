"""`innopark token create EMAIL [--name NAME]` prints a new API token once; `innopark token revoke PREFIX`.

Runs as the system actor (no signed-in user on the command line): see innopark/accounts/system.py.
"""

from django.core.management.base import BaseCommand, CommandError

from innopark.accounts.models import ApiToken
from innopark.accounts.selectors import user_by_email
from innopark.accounts.services import api_token_create, api_token_revoke
from innopark.accounts.system import system_actor
from innopark.core.context import correlation
from innopark.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create (printed once; only its hash is stored) or revoke API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for the user with this email; print it once.")
        create.add_argument("email")
        create.add_argument("--name", default="")
        revoke = sub.add_parser("revoke", help="Revoke the token with this prefix (the 8 characters after ip_).")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        try:
            with correlation(), system_actor():
                if action == "create":
                    self._create(options["email"], options["name"])
                else:
                    self._revoke(options["prefix"])
        except ApplicationError as exc:
            raise CommandError(str(exc))

    def _create(self, email: str, name: str) -> None:
        user = user_by_email(email)
        if user is None:
            raise CommandError(f"No user with the email address {email!r}.")
        if not user.is_active:
            raise CommandError(f"The user {email} is not active.")
        token, raw = api_token_create(actor=None, user=user, name=name)
        self.stderr.write(f"Token {token.prefix} for {user.email}. It is shown only this once; keep it secret:")
        self.stdout.write(raw)

    def _revoke(self, prefix: str) -> None:
        prefix = prefix.removeprefix("ip_").split("_")[0]
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True)[:2])
        if not tokens:
            raise CommandError(f"No active token with the prefix {prefix!r}.")
        if len(tokens) > 1:
            raise CommandError(f"More than one active token has the prefix {prefix!r}; revoke it in the admin.")
        api_token_revoke(actor=None, token=tokens[0])
        self.stdout.write(f"Token {prefix} revoked.")
