"""One error type for every refusal a user can see.

Services raise ApplicationError (or a subclass) with a stable machine-readable `code`, a translatable `message`,
and optionally `fields`: {field name or row label: [messages]}. The API renders it as
{"code", "message", "fields"} with the subclass's HTTP status; pages render it next to the form.
Messages are lazy translations so that they are rendered in the language of the request that shows them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    status = 400
    default_code = "invalid"
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, code: str | None = None, fields: Mapping | None = None):
        self.message = message if message is not None else self.default_message
        self.code = code or self.default_code
        self.fields = {k: list(v) if isinstance(v, list | tuple) else [v] for k, v in (fields or {}).items()}
        super().__init__(force_str(self.message))

    def as_dict(self) -> dict:
        """The JSON body, rendered in the active language."""
        return {
            "code": self.code,
            "message": force_str(self.message),
            "fields": {k: [force_str(m) for m in v] for k, v in self.fields.items()},
        }

    @classmethod
    def from_validation_error(cls, error: ValidationError, *, code: str = "invalid") -> ApplicationError:
        """Turn Django's ValidationError (from full_clean or a validator) into an ApplicationError."""
        if hasattr(error, "error_dict"):
            fields = {name: [force_str(m) for e in errs for m in e.messages] for name, errs in error.error_dict.items()}
            non_field = fields.pop("__all__", [])
            message = non_field[0] if non_field else _("Some fields are not valid.")
            if non_field:
                fields["__all__"] = non_field
            return cls(message, code=code, fields=fields)
        messages = error.messages
        return cls(messages[0] if messages else None, code=code)


class NotAllowed(ApplicationError):
    status = 403
    default_code = "forbidden"
    default_message = _("You are not allowed to do this.")


class NotFound(ApplicationError):
    status = 404
    default_code = "not_found"
    default_message = _("Not found.")


class Conflict(ApplicationError):
    status = 409
    default_code = "conflict"
    default_message = _("This conflicts with the current state.")


class NotAuthenticated(ApplicationError):
    status = 401
    default_code = "not_authenticated"
    default_message = _("Sign in to do this.")
