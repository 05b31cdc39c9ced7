from django.conf import settings
from django.urls import NoReverseMatch, reverse

from innopark.core.middleware import kazakh_latin_requested
from innopark.core.navigation import nav_items


def site(request):
    user = getattr(request, "user", None)
    menu = []
    for item in nav_items():
        if item.visible is not None and not item.visible(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        menu.append({"label": item.label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return {
        "menu": menu,
        "kazakh_latin": kazakh_latin_requested(request),
        "demo_mode": settings.DEMO,
    }
