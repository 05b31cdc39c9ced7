"""The home page's "unread notifications" panel (instead of a counter in the header)."""

from django.template.loader import render_to_string

from innopark.notifications.selectors import inbox_of, unread_count


def unread_home_panel(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    count = unread_count(user)
    if not count:
        return ""
    latest = list(inbox_of(user).filter(read_at__isnull=True)[:5])
    return render_to_string(
        "notifications/partials/home_unread.html", {"count": count, "latest": latest}, request=request
    )
