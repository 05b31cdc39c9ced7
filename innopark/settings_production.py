"""Production settings: everything from settings.py, with the checks of `innopark check --deploy` satisfied.

Start with: DJANGO_SETTINGS_MODULE=innopark.settings_production SECRET_KEY=... ALLOWED_HOSTS=park.example
DATABASE_URL=postgres://... gunicorn innopark.wsgi (see docs/production.md).

It refuses to start rather than run insecurely: without a real SECRET_KEY (or with the development one) and
without ALLOWED_HOSTS.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from innopark.settings import *  # noqa: F403
from innopark.settings import ALLOWED_HOSTS, PROJECT_DIR, env_flag

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("innopark-development-key"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
    )
if not [host for host in ALLOWED_HOSTS if host]:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) the site is served under, e.g. park.example.")

# Mail goes out over SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS from the
# environment, see settings.py); the console backend of development would silently drop it.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# collectstatic writes here; whitenoise serves from here (hashed, compressed, cached for a year).
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(PROJECT_DIR / "staticfiles"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
