from django.http import JsonResponse
from django.utils.translation import gettext as _

from innopark.accounts.tokens import user_for_token


class BearerTokenMiddleware:
    """`Authorization: Bearer <token>` authenticates API requests as the token's user (no session, no CSRF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        request.auth_via_token = False
        if header.lower().startswith("bearer "):
            user = user_for_token(header[7:].strip())
            if user is None:
                return JsonResponse(
                    {"code": "invalid_token", "message": _("The API token is not valid."), "fields": {}},
                    status=401,
                )
            request.user = user
            request.auth_via_token = True
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)
