"""Workflows as data: each app keeps tables of allowed (from, to) transitions; this refuses everything else.

One implementation for every app, so that a refused step reads the same everywhere: the state names are the
labels of the app's status choices, in the user's language, and the code is always `transition_not_allowed`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innopark.core.errors import Conflict


def _label(choices, value) -> str:
    if not value:
        return "—"
    return str(dict(choices.choices).get(value, value)) if choices is not None else str(value)


def require_transition(table: dict, current: str | None, target: str, *, choices=None) -> None:
    """Raise Conflict unless (current, target) is in the table. `choices`: the TextChoices that name the states."""
    if (current, target) in table:
        return
    message = _("The step from “%(current)s” to “%(target)s” is not allowed.") % {
        "current": _label(choices, current),
        "target": _label(choices, target),
    }
    raise Conflict(message, code="transition_not_allowed", fields={"status": [message]})
