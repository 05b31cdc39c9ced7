from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import get_language

from innopark.core.context import correlation
from innopark.core.translit import html_to_latin

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class CorrelationIdMiddleware:
    """Gives every request a correlation id (the caller's X-Request-ID if sane) that its audit events carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        with correlation(incoming if _SAFE_REQUEST_ID.match(incoming) else None) as value:
            request.correlation_id = value
            response = self.get_response(request)
        response["X-Request-ID"] = value
        return response


def kazakh_latin_requested(request) -> bool:
    return request.COOKIES.get(settings.KAZAKH_SCRIPT_COOKIE) == "latn"


class KazakhLatinMiddleware:
    """The "Kazakh (Latin)" display option: Kazakh HTML pages are transliterated to the 2021 Latin alphabet.

    Only the page text changes: tags, attributes, scripts, styles and textareas stay as they are (translit.py),
    Russian and English pages and every non-HTML response (JSON, CSV, files) are passed through untouched.
    Doing it here, on the rendered page, covers every template and every translated string at once, so no
    fourth catalogue has to be kept in step (ADR 0006).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "LANGUAGE_CODE", None) or get_language() or ""
        if (
            kazakh_latin_requested(request)
            and language.startswith("kk")
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Encoding")
        ):
            charset = response.charset or "utf-8"
            response.content = html_to_latin(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response["Content-Language"] = "kk-Latn"
        return response
