"""Users (email login), role assignments scoped to an authority, a zone or an organization, and API tokens."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    AUTHORITY_OFFICER = "authority_officer", _("Authority officer")
    OPERATOR_STAFF = "operator_staff", _("Operator staff")
    EXPERT = "expert", _("Expert")
    PARTICIPANT_REP = "participant_rep", _("Participant representative")
    FUNDER_REP = "funder_rep", _("Funder representative")


# Which scope each role needs: authority officers act for an authority, operator staff for a zone,
# representatives for an organization; platform admins and experts are not scoped.
ROLE_SCOPE = {
    Role.PLATFORM_ADMIN: None,
    Role.AUTHORITY_OFFICER: "authority",
    Role.OPERATOR_STAFF: "zone",
    Role.EXPERT: None,
    Role.PARTICIPANT_REP: "organization",
    Role.FUNDER_REP: "organization",
}


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    authority = models.ForeignKey(
        "zones.Authority", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    zone = models.ForeignKey(
        "zones.Zone", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches",
                condition=(
                    Q(
                        role__in=["platform_admin", "expert"],
                        authority__isnull=True,
                        zone__isnull=True,
                        organization__isnull=True,
                    )
                    | Q(
                        role="authority_officer",
                        authority__isnull=False,
                        zone__isnull=True,
                        organization__isnull=True,
                    )
                    | Q(
                        role="operator_staff",
                        zone__isnull=False,
                        authority__isnull=True,
                        organization__isnull=True,
                    )
                    | Q(
                        role__in=["participant_rep", "funder_rep"],
                        organization__isnull=False,
                        authority__isnull=True,
                        zone__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self):
        scope = self.authority or self.zone or self.organization or ""
        return f"{self.user} — {self.get_role_display()} {scope}".strip()


class ApiToken(models.Model):
    """A bearer token for machines. Only the SHA-256 of the secret is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(pgettext_lazy("token", "name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"
