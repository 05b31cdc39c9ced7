"""Event types and subject access rules, contributed by each domain app.

audit imports no domain app: each app registers its enumerated event types (a TextChoices class) and, for each
subject type it owns, a function `can_view(user, subject_id)` that decides who may read that subject's history.
`record()` refuses an event type nobody registered, so the taxonomy stays closed.

What `can_view(user, subject_id)` returns:

- `False` (or None): the user may see nothing of this subject's history (and is told "not found");
- `True`: the user may see the whole history;
- a sequence of half-open date periods `[(date_from, date_to_or_None), ...]`: the user may see only the events
  whose `occurred_at` date, in Asia/Almaty, falls in one of the periods (`date_from <= day < date_to`; None means
  "open ended"). This is how an authority that oversaw a zone in the past keeps read access to the period it
  oversaw, and only to it.
- an object with `whole_history` (bool) and `periods` attributes (such as the zones app's ZoneAccess) is read
  the same way: `whole_history=True` means everything, otherwise its `periods` apply.

Platform administrators see every history whatever `can_view` says; the check happens in
`innopark.audit.selectors`, which every reader (the history panel, its partial view, the API) goes through.
"""

from collections.abc import Callable

_event_types: dict[str, str] = {}
_subject_access: dict[str, Callable] = {}


def register_event_types(choices) -> None:
    for value, label in choices.choices:
        _event_types[value] = label


def register_subject(subject_type: str, can_view: Callable) -> None:
    _subject_access[subject_type] = can_view


def is_known_event_type(value: str) -> bool:
    return value in _event_types


def event_type_label(value: str) -> str:
    return str(_event_types.get(value, value))


def subject_access(subject_type: str) -> Callable | None:
    return _subject_access.get(subject_type)


def known_subject_types() -> list[str]:
    return sorted(_subject_access)
