from django.db.models import QuerySet

from innopark.notifications.models import Notification


def inbox_of(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first (by id, so that keyset pagination is stable)."""
    return Notification.objects.filter(recipient=user).order_by("-id")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
