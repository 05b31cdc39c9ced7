"""Authorities: the ministries, akimats and agencies that oversee zones."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError
from innopark.zones.events import ZoneEvent
from innopark.zones.models import Authority
from innopark.zones.permissions import require_platform_admin
from innopark.zones.services._common import clean, diff_snapshots, record, snapshot

AUTHORITY_FIELDS = ["code", "kind", "name_kk", "name_ru", "name_en", "successor"]


def _check_successor(authority: Authority, successor: Authority | None) -> None:
    # A successor chain must end: a body cannot (through others) succeed itself.
    seen = {authority.pk} if authority.pk else set()
    node = successor
    while node is not None:
        if node.pk in seen or node.pk == authority.pk:
            raise ApplicationError(
                _("An authority cannot be its own successor."),
                code="successor_cycle",
                fields={"successor": [_("An authority cannot be its own successor.")]},
            )
        seen.add(node.pk)
        node = node.successor


@transaction.atomic
def authority_create(
    *, actor, code: str, kind: str, name_kk: str, name_ru: str, name_en: str, successor: Authority | None = None
) -> Authority:
    authority = Authority(code=code, kind=kind, name_kk=name_kk, name_ru=name_ru, name_en=name_en, successor=successor)
    clean(authority)
    require_platform_admin(actor)
    authority.save()
    record(ZoneEvent.AUTHORITY_CREATED, actor=actor, subject=authority, after=snapshot(authority, AUTHORITY_FIELDS))
    return authority


@transaction.atomic
def authority_update(*, actor, authority: Authority, **changes) -> Authority:
    """Change names, kind or successor (the code is stable: other apps and URLs refer to it)."""
    unknown = set(changes) - {"kind", "name_kk", "name_ru", "name_en", "successor"}
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed."), code="not_editable", fields={f: [_("Not editable.")] for f in unknown}
        )
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    before = snapshot(authority, AUTHORITY_FIELDS)
    for name, value in changes.items():
        setattr(authority, name, value)
    if "successor" in changes:
        _check_successor(authority, changes["successor"])
    clean(authority)
    require_platform_admin(actor)
    old, new = diff_snapshots(before, snapshot(authority, AUTHORITY_FIELDS))
    if not new and not old:
        return authority
    authority.save(update_fields=[*changes, "updated_at"])
    record(ZoneEvent.AUTHORITY_UPDATED, actor=actor, subject=authority, before=old, after=new)
    return authority
