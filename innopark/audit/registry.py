"""Event types and subject access rules, contributed by each domain app.

audit imports no domain app: each app registers its enumerated event types (a TextChoices class) and, for each
subject type it owns, a function `can_view(user, subject_id) -> bool` that decides who may read that subject's
history. `record()` refuses an event type nobody registered, so the taxonomy stays closed.
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
