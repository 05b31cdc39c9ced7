"""Messages for the API's schema validation errors, in the user's language.

django-ninja validates request bodies and parameters with pydantic, whose messages are English only. The API's
422 handler (innopark/api.py) asks `schema_error_message` for each error, so that a Russian or Kazakh client
reads "Обязательное поле." and not "Field required". Unknown error types fall back to a generic message; errors
raised by a schema's own validator (`value_error`) keep that validator's message, which the app translated.
"""

from __future__ import annotations

from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

_MESSAGES = {
    "missing": _("This field is required."),
    "string_type": _("Enter text."),
    "string_too_short": _("Enter at least %(min_length)s characters."),
    "string_too_long": _("Enter at most %(max_length)s characters."),
    "string_pattern_mismatch": _("The value does not have the expected format."),
    "int_type": _("Enter a whole number."),
    "int_parsing": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_type": _("Enter a number."),
    "float_parsing": _("Enter a number."),
    "decimal_type": _("Enter a number."),
    "decimal_parsing": _("Enter a number."),
    "bool_type": _("Enter true or false."),
    "bool_parsing": _("Enter true or false."),
    "greater_than": _("Enter a value greater than %(gt)s."),
    "greater_than_equal": _("Enter a value of at least %(ge)s."),
    "less_than": _("Enter a value less than %(lt)s."),
    "less_than_equal": _("Enter a value of at most %(le)s."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "datetime_type": _("Enter a date and time in ISO 8601 format."),
    "datetime_parsing": _("Enter a date and time in ISO 8601 format."),
    "datetime_from_date_parsing": _("Enter a date and time in ISO 8601 format."),
    "enum": _("Choose one of: %(expected)s."),
    "literal_error": _("Choose one of: %(expected)s."),
    "list_type": _("Enter a list."),
    "dict_type": _("Enter an object."),
    "model_type": _("Enter an object."),
    "model_attributes_type": _("Enter an object."),
    "json_invalid": _("The request body is not valid JSON."),
    "uuid_parsing": _("Enter a valid identifier."),
    "uuid_type": _("Enter a valid identifier."),
    "extra_forbidden": _("This field is not expected."),
    "too_long": _("Too many items."),
    "too_short": _("Too few items."),
}
GENERIC = _("Invalid value.")


def schema_error_message(error: dict) -> str:
    """One pydantic error (from ValidationError.errors) as a message in the active language."""
    kind = error.get("type", "")
    if kind in ("value_error", "assertion_error"):
        message = force_str(error.get("msg") or GENERIC)
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return force_str(GENERIC)
    context = {key: force_str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return force_str(template) % context if "%(" in force_str(template) else force_str(template)
    except (KeyError, ValueError, TypeError):
        return force_str(GENERIC)
