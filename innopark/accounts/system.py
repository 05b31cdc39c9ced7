"""The system actor: `actor=None` in an accounts service means "the system", which only command-line code may be.

A management command (or the demo loader) enters `system_actor()`; inside it, services accept `actor=None` and
record events with no actor ("system" in the history). Anywhere else `actor=None` is refused, so a view that
forgot to pass `request.user` fails loudly instead of acting with no one's authority.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

_system: contextvars.ContextVar[bool] = contextvars.ContextVar("innopark_system_actor", default=False)


@contextmanager
def system_actor():
    token = _system.set(True)
    try:
        yield None
    finally:
        _system.reset(token)


def is_system_context() -> bool:
    return _system.get()
