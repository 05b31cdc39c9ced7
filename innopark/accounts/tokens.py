"""API tokens: `ip_<prefix>_<secret>`; only SHA-256 of the whole token is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

TOKEN_PREFIX = "ip_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_token_value() -> tuple[str, str]:
    """(raw token shown once, its short public prefix)."""
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return raw, prefix


def user_for_token(raw: str):
    """The active user owning an unrevoked token, or None."""
    from innopark.accounts.models import ApiToken

    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Touch at most once a minute so that a busy machine client does not write on every request.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
