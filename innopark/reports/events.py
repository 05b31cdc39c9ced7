"""Audit event types of the reports app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportsEvent(models.TextChoices):
    GIVING_IMPORTED = "open_data.360giving_imported", _("360Giving file imported")
