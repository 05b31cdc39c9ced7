"""What the reports app stores itself: where imported grants came from (everything else is computed live)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedGrant(models.Model):
    """A grant created by `import-360`: its 360Giving identifier and funder as the source file gave them.

    The identifier makes the import idempotent (a second import of the same grant id changes nothing) and lets
    the export publish the grant under the same id again, so a zone's history round-trips between systems.
    """

    giving_id = models.CharField(_("360Giving identifier"), max_length=255, unique=True)
    # The projects.Grant primary key. A plain column rather than a foreign key keeps the reports app's migrations
    # independent of the projects app's; grants are never deleted, so the link cannot dangle.
    grant_id = models.BigIntegerField(_("grant"), unique=True)
    funding_org_id = models.CharField(_("funding organisation identifier"), max_length=255)
    funding_org_name = models.CharField(_("funding organisation name"), max_length=500)
    funding_org_department = models.CharField(_("funding organisation department"), max_length=500, blank=True)
    programme_code = models.CharField(_("grant programme code"), max_length=255, blank=True)
    programme_title = models.CharField(_("grant programme title"), max_length=500, blank=True)
    source_name = models.CharField(_("file"), max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("imported grant")
        verbose_name_plural = _("imported grants")

    def __str__(self):
        return self.giving_id
