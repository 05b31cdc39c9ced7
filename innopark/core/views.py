from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from innopark.core.navigation import home_panels


def home(request):
    """The landing page: public entry points, and for a signed-in user what waits for them in each role."""
    panels = [mark_safe(html) for panel in home_panels() if (html := panel.render(request))]
    return render(request, "core/home.html", {"panels": panels})


def _safe_next(request) -> str:
    """Where to go back to: the posted `next` or the referring page, but only on this site (no open redirect)."""
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@require_POST
def set_script(request):
    """Switch Kazakh pages between Cyrillic and the 2021 Latin alphabet (a cookie; no account needed)."""
    response = HttpResponseRedirect(_safe_next(request))
    if request.POST.get("script") == "latn":
        response.set_cookie(
            settings.KAZAKH_SCRIPT_COOKIE,
            "latn",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    else:
        response.delete_cookie(settings.KAZAKH_SCRIPT_COOKIE, samesite="Lax")
    return response
