"""Helpers for pages that call services: show an ApplicationError on the form, in the user's language."""

from innopark.core.errors import ApplicationError


def apply_error_to_form(form, error: ApplicationError) -> None:
    """Attach a service's refusal to the form: field messages on their fields, the rest on the form."""
    placed = False
    for field, messages in error.fields.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
                placed = True
            else:
                form.add_error(None, f"{field}: {message}" if field != "__all__" else message)
                placed = True
    if not placed or not error.fields:
        form.add_error(None, error.message)
