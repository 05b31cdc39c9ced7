"""Base model and the field types every app shares."""

from django.db import models
from django.utils.translation import get_language


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class TrilingualNameMixin:
    """Models with name_kk / name_ru / name_en get `.name` in the active language, falling back kk → ru → en."""

    trilingual_prefix = "name"

    def localized(self, prefix: str | None = None) -> str:
        prefix = prefix or self.trilingual_prefix
        lang = (get_language() or "kk")[:2]
        order = [lang] + [code for code in ("kk", "ru", "en") if code != lang]
        for code in order:
            value = getattr(self, f"{prefix}_{code}", "")
            if value:
                return value
        return ""

    @property
    def name(self) -> str:
        return self.localized("name")


class FormSubmission(models.Model):
    """A used one-time form token: a form posted twice (double click, back and resubmit) is refused the second time.

    The token is consumed in the same transaction as the service's write, so a refused or failed write leaves the
    token unused and the user can correct the form and post it again.
    """

    token = models.CharField(max_length=64, unique=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.token
