from django.contrib import admin
from django.urls import include, path

from innopark.api import api

urlpatterns = [
    path("", include("innopark.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("innopark.accounts.urls")),
    path("zones/", include("innopark.zones.urls")),
    path("register/", include("innopark.registry.urls")),
    path("funding/", include("innopark.funding.urls")),
    path("projects/", include("innopark.projects.urls")),
    path("figures/", include("innopark.reports.urls")),
    path("inbox/", include("innopark.notifications.urls")),
    path("audit/", include("innopark.audit.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
