"""The audit log in the admin: read-only (no add, change or delete), as the database triggers require anyway."""

from django.contrib import admin

from innopark.accounts.permissions import is_platform_admin
from innopark.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("seq", "occurred_at", "event_type", "subject_type", "subject_id", "actor_label", "zone_code")
    list_filter = ("event_type", "subject_type")
    search_fields = ("subject_id", "actor_label", "correlation_id", "zone_code")
    date_hierarchy = "occurred_at"
    ordering = ("-seq",)
    show_full_result_count = False  # counting millions of rows on every list page is slow

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
