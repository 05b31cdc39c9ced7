"""The log of reminders sent about overdue items: at most one reminder per item, recipient and day (ADR 0024)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReminderSent(models.Model):
    """One overdue item (an application's step, a missing report) mentioned to one recipient on one day."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item_key = models.CharField(pgettext_lazy("reminder", "item"), max_length=120)
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "id"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "item_key", "sent_on"], name="one_reminder_per_item_a_day")
        ]

    def __str__(self):
        return f"{self.item_key} → {self.recipient_id} ({self.sent_on})"
