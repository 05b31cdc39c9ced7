from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryEvent(models.TextChoices):
    ORGANIZATION_CREATED = "organization.created", _("Organization created")
    ORGANIZATION_UPDATED = "organization.updated", _("Organization updated")
