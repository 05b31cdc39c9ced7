"""Per-request (or per-command) context that services read without it being threaded through every call.

Only the correlation id lives here: it ties together the audit events of one request or command run.
The acting user is never taken from here: services receive it explicitly.
"""

import contextvars
import uuid
from contextlib import contextmanager

_correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


def correlation_id() -> str:
    value = _correlation_id.get()
    if value is None:
        value = uuid.uuid4().hex
        _correlation_id.set(value)
    return value


@contextmanager
def correlation(value: str | None = None):
    token = _correlation_id.set(value or uuid.uuid4().hex)
    try:
        yield _correlation_id.get()
    finally:
        _correlation_id.reset(token)
