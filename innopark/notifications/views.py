from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from innopark.notifications.models import Notification
from innopark.notifications.services import notification_mark_read


@login_required
def inbox(request):
    items = Notification.objects.filter(recipient=request.user)[:200]
    return render(request, "notifications/inbox.html", {"items": items})


@login_required
@require_POST
def mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    if request.POST.get("all"):
        ids = list(
            Notification.objects.filter(recipient=request.user, read_at__isnull=True).values_list("pk", flat=True)
        )
    notification_mark_read(user=request.user, notification_ids=ids)
    return redirect("notifications:inbox")
