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
