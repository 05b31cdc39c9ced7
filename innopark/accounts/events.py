from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.TextChoices):
    USER_CREATED = "user.created", _("User created")
    USER_UPDATED = "user.updated", _("User updated")
    ROLE_GRANTED = "user.role_granted", _("Role granted")
    ROLE_REVOKED = "user.role_revoked", _("Role revoked")
    TOKEN_CREATED = "user.token_created", _("API token created")
    TOKEN_REVOKED = "user.token_revoked", _("API token revoked")
