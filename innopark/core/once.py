"""Double-submit protection for pages: every state-changing form carries a one-time token.

    class TransferForm(OnceFormMixin, forms.Form): ...

    with transaction.atomic():
        consume_form_token(form.cleaned_data["once"], user=request.user)
        jurisdiction_transfer(...)

The second post of the same form is refused with a clear message and writes nothing.
"""

import uuid

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import Conflict
from innopark.core.models import FormSubmission


class OnceFormMixin(forms.Form):
    once = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("once", uuid.uuid4().hex)


def consume_form_token(token: str, *, user=None) -> None:
    """Mark the token used; refuse it if it was used before. Call inside the write's transaction."""
    if not token:
        raise Conflict(_("The form is incomplete: reload the page and try again."), code="form_token_missing")
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user_id=getattr(user, "pk", None))
    except IntegrityError:
        raise Conflict(
            _("This form has already been submitted; nothing was changed the second time."), code="double_submit"
        )
