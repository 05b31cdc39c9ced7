"""Every write to users, role assignments and API tokens. Called by the admin, the pages, the API and commands.

Who may call them: a platform administrator, or the system (`actor=None`, only inside
`innopark.accounts.system.system_actor()`, which management commands enter). A user may also create and
revoke their own API tokens. Each service validates, checks permission, writes and records an audit event on
the user (`accounts.user:<id>`) in one transaction, and tells the user what changed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.accounts.events import AccountEvent
from innopark.accounts.models import ROLE_SCOPE, ApiToken, Role, RoleAssignment, User
from innopark.accounts.permissions import is_platform_admin
from innopark.accounts.system import is_system_context
from innopark.accounts.tokens import hash_token, new_token_value
from innopark.audit.services import audit_record, diff, snapshot
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.notifications.services import notify

SUBJECT = "accounts.user"
SCOPE_FIELDS = ("authority", "zone", "organization")
SCOPE_LABELS = {"authority": _("authority"), "zone": _("zone"), "organization": _("organization")}
USER_FIELDS = ("email", "full_name", "language", "is_active")


def _require_admin(actor) -> None:
    """Platform administrators, or the system inside a management command."""
    if actor is None:
        if is_system_context():
            return
        raise NotAllowed(_("An acting user is required."), code="actor_required")
    if not is_platform_admin(actor):
        raise NotAllowed()


def _require_admin_or_self(actor, user) -> None:
    if actor is not None and getattr(actor, "pk", None) == user.pk and user.is_active:
        return
    _require_admin(actor)


def _language_codes() -> set[str]:
    return {code for code, _label in settings.LANGUAGES}


@transaction.atomic
def user_create(*, actor, email: str, password: str | None = None, full_name: str = "", language: str = "") -> User:
    email = (email or "").strip().lower()
    errors: dict[str, list] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid email address.")]
    if not errors and User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("A user with this email address already exists.")]
    if language and language not in _language_codes():
        errors["language"] = [_("Choose kk, ru or en.")]
    if len(full_name or "") > 200:
        errors["full_name"] = [_("At most 200 characters.")]
    user = User(email=email, full_name=(full_name or "").strip(), language=language)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ApplicationError(_("Some fields are not valid."), code="invalid_user", fields=errors)
    _require_admin(actor)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()  # the person sets one through "forgot password"
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same email created a moment ago by a concurrent request
        raise ApplicationError(
            _("Some fields are not valid."),
            code="invalid_user",
            fields={"email": [_("A user with this email address already exists.")]},
        )
    audit_record(
        event_type=AccountEvent.USER_CREATED,
        actor=actor,
        subject_type=SUBJECT,
        subject_id=user.pk,
        after=snapshot(user, USER_FIELDS),
    )
    return user


@transaction.atomic
def user_update(*, actor, user: User, full_name: str | None = None, language: str | None = None, is_active=None):
    """Change a user's name, language or whether they may sign in (email stays: it is the login)."""
    errors: dict[str, list] = {}
    if language is not None and language and language not in _language_codes():
        errors["language"] = [_("Choose kk, ru or en.")]
    if full_name is not None and len(full_name) > 200:
        errors["full_name"] = [_("At most 200 characters.")]
    if errors:
        raise ApplicationError(_("Some fields are not valid."), code="invalid_user", fields=errors)
    _require_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, USER_FIELDS)
    if full_name is not None:
        user.full_name = full_name.strip()
    if language is not None:
        user.language = language
    if is_active is not None:
        user.is_active = bool(is_active)
    changed_before, changed_after = diff(before, snapshot(user, USER_FIELDS))
    if not changed_after:
        return user
    user.full_clean()
    user.save(update_fields=list(changed_after))
    audit_record(
        event_type=AccountEvent.USER_UPDATED,
        actor=actor,
        subject_type=SUBJECT,
        subject_id=user.pk,
        before=changed_before,
        after=changed_after,
    )
    return user


def _scope_errors(role: str, scopes: dict) -> dict[str, list]:
    needed = ROLE_SCOPE.get(role)
    errors: dict[str, list] = {}
    for name in SCOPE_FIELDS:
        given = scopes[name] is not None
        if name == needed and not given:
            errors[name] = [_("This role needs a %(scope)s.") % {"scope": SCOPE_LABELS[name]}]
        elif name != needed and given:
            errors[name] = [
                _("This role is not given for a %(scope)s: leave it empty.") % {"scope": SCOPE_LABELS[name]}
            ]
    return errors


def _assignment_after(assignment: RoleAssignment) -> dict:
    return {
        "assignment": assignment.pk,
        "role": assignment.role,
        "authority": assignment.authority.code if assignment.authority_id else None,
        "zone": assignment.zone.code if assignment.zone_id else None,
        "organization": assignment.organization_id,
        "valid_from": assignment.valid_from,
        "valid_to": assignment.valid_to,
    }


@transaction.atomic
def role_grant(
    *,
    actor,
    user: User,
    role: str,
    authority=None,
    zone=None,
    organization=None,
    valid_from: dt.date | None = None,
) -> RoleAssignment:
    """Give a user a role, scoped as the role requires (an authority, a zone, an organization, or nothing)."""
    if role not in Role.values:
        raise ApplicationError(_("Choose a role."), code="invalid_role", fields={"role": [_("Unknown role.")]})
    errors = _scope_errors(role, {"authority": authority, "zone": zone, "organization": organization})
    if errors:
        raise ApplicationError(_("The role's scope is not valid."), code="invalid_role_scope", fields=errors)
    valid_from = valid_from or timezone.localdate()
    if not isinstance(valid_from, dt.date) or not (dt.date(1990, 1, 1) <= valid_from <= dt.date(2100, 1, 1)):
        raise ApplicationError(
            _("The date is out of range."), code="invalid_date", fields={"valid_from": [_("The date is out of range.")]}
        )
    _require_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)  # serialises grants to one user
    duplicate = RoleAssignment.objects.filter(
        user=user, role=role, authority=authority, zone=zone, organization=organization, valid_to__isnull=True
    ).exists()
    if duplicate:
        raise Conflict(_("The user already holds this role in this scope."), code="role_exists")
    assignment = RoleAssignment(
        user=user, role=role, authority=authority, zone=zone, organization=organization, valid_from=valid_from
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        event_type=AccountEvent.ROLE_GRANTED,
        actor=actor,
        subject_type=SUBJECT,
        subject_id=user.pk,
        after=_assignment_after(assignment),
        zone_code=zone.code if zone is not None else "",
    )
    notify(
        recipients=[user],
        kind="accounts.role_granted",
        subject=_("You were given the role: %(role)s"),
        params={"role": assignment.get_role_display()},
        url="/accounts/me/",
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment, valid_to: dt.date | None = None) -> RoleAssignment:
    """End a role assignment on `valid_to` (today by default); the record stays, so history stays readable."""
    valid_to = valid_to or timezone.localdate()
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",)).select_related("zone", "user").get(pk=assignment.pk)
    )
    if valid_to < assignment.valid_from or valid_to > dt.date(2100, 1, 1):
        raise ApplicationError(
            _("The end date must not be before the start date."),
            code="invalid_date",
            fields={"valid_to": [_("The end date must not be before the start date.")]},
        )
    _require_admin(actor)
    if assignment.valid_to is not None and assignment.valid_to <= timezone.localdate():
        raise Conflict(_("This role has already ended."), code="role_ended")
    before = {"valid_to": assignment.valid_to}
    assignment.valid_to = valid_to
    assignment.save(update_fields=["valid_to"])
    audit_record(
        event_type=AccountEvent.ROLE_REVOKED,
        actor=actor,
        subject_type=SUBJECT,
        subject_id=assignment.user_id,
        before={"assignment": assignment.pk, **before},
        after={"assignment": assignment.pk, "role": assignment.role, "valid_to": valid_to},
        zone_code=assignment.zone.code if assignment.zone_id else "",
    )
    notify(
        recipients=[assignment.user],
        kind="accounts.role_revoked",
        subject=_("Your role ends: %(role)s"),
        params={"role": assignment.get_role_display()},
        url="/accounts/me/",
    )
    return assignment


@transaction.atomic
def api_token_create(*, actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new bearer token for the user. Returns (token, raw secret): show the secret once; only its hash is kept."""
    name = (name or "").strip()
    if len(name) > 100:
        raise ApplicationError(
            _("At most 100 characters."), code="invalid_token_name", fields={"name": [_("At most 100 characters.")]}
        )
    _require_admin_or_self(actor, user)
    raw, prefix = new_token_value()
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=hash_token(raw))
    audit_record(
        event_type=AccountEvent.TOKEN_CREATED,
        actor=actor,
        subject_type=SUBJECT,
        subject_id=user.pk,
        after={"token": prefix, "name": name},
    )
    if actor is None or actor.pk != user.pk:
        notify(
            recipients=[user],
            kind="accounts.token_created",
            subject=_("An API token was created for you: %(prefix)s"),
            params={"prefix": prefix},
            url="/accounts/me/",
            # No mail from the command line: the console mail backend would print it next to the token.
            email=actor is not None,
        )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update(of=("self",)).select_related("user").get(pk=token.pk)
    _require_admin_or_self(actor, token.user)
    if token.revoked_at is not None:
        raise Conflict(_("This token has already been revoked."), code="token_revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        event_type=AccountEvent.TOKEN_REVOKED,
        actor=actor,
        subject_type=SUBJECT,
        subject_id=token.user_id,
        before={"token": token.prefix, "revoked_at": None},
        after={"token": token.prefix, "revoked_at": token.revoked_at},
    )
    return token
