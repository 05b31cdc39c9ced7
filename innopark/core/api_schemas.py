"""Schemas shared by every API router."""

from ninja import Schema


class ErrorOut(Schema):
    """Every error: a stable code, a message in the request's language, and messages per field or row."""

    code: str
    message: str
    fields: dict[str, list[str]]


# The error statuses most endpoints can answer with, for `response={200: Out, **ERRORS}`.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
