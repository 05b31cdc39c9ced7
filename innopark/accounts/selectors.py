"""Reads with rules for accounts: a user's roles and tokens, and who may read a user's history."""

from __future__ import annotations

from django.db.models import QuerySet

from innopark.accounts.models import ApiToken, RoleAssignment, User
from innopark.accounts.permissions import is_platform_admin
from innopark.core.errors import NotFound


def can_view_user_history(user, subject_id) -> bool:
    """A person may read their own account's history; platform admins read everyone's (audit.selectors)."""
    return getattr(user, "is_authenticated", False) and str(user.pk) == str(subject_id)


def roles_of_user(user) -> QuerySet[RoleAssignment]:
    """All role assignments of the user, current and past, with their scopes, newest first."""
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("authority", "zone", "organization")
        .order_by("-valid_from", "-pk")
    )


def tokens_of_user(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def access_token(user, token_id) -> ApiToken:
    """The user's own token (or any token for a platform admin); NotFound otherwise, revealing nothing."""
    tokens = ApiToken.objects.select_related("user")
    if not is_platform_admin(user):
        tokens = tokens.filter(user=user)
    token = tokens.filter(pk=token_id).first() if str(token_id).isdigit() else None
    if token is None:
        raise NotFound()
    return token


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=(email or "").strip()).first()
