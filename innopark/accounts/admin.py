"""Admin for users and role assignments. Saving goes through the services (validation, permission, audit).

The admin has no hook between "the form is valid" and "save" where a service's refusal could still be shown on
the form, so the forms call the service in `clean()` (inside the admin's transaction) and `save_model` only
adopts the object the service returned. Nothing is ever deleted here: history must stay readable.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innopark.accounts.models import ApiToken, RoleAssignment, User
from innopark.accounts.permissions import is_platform_admin
from innopark.accounts.services import role_grant, role_revoke, user_create, user_update
from innopark.core.errors import ApplicationError


class ServiceForm(forms.ModelForm):
    """A ModelForm whose clean() runs a service; `actor` is set by the admin (ServiceAdmin.get_form)."""

    actor = None
    result = None

    def call_service(self, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            with transaction.atomic():
                self.result = self.call_service(data)
        except ApplicationError as error:
            raise ValidationError(
                {k if k in self.fields else None: v for k, v in error.fields.items()} or str(error.message)
            )
        return data

    def _post_clean(self):
        # The service has validated (full_clean and constraints) and saved; nothing more to do on the instance.
        pass


class ServiceAdmin(admin.ModelAdmin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        result = form.result
        if result is not None:
            obj.__dict__.update(result.__dict__)

    def save_related(self, request, form, formsets, change):
        pass  # no many-to-many or inlines are edited here

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request):
        return is_platform_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class UserAddForm(ServiceForm):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("Leave empty: the person then sets a password through “Forgot your password?”."),
    )

    class Meta:
        model = User
        fields = ["email", "full_name", "language"]

    def validate_unique(self):
        pass  # the service reports a taken email on the email field

    def call_service(self, data):
        return user_create(
            actor=self.actor,
            email=data.get("email", ""),
            password=data.get("password") or None,
            full_name=data.get("full_name", ""),
            language=data.get("language", ""),
        )


class UserChangeForm(ServiceForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "is_active"]

    def call_service(self, data):
        return user_update(
            actor=self.actor,
            user=self.instance,
            full_name=data.get("full_name", ""),
            language=data.get("language", ""),
            is_active=data.get("is_active"),
        )


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fields = ("role", "authority", "zone", "organization", "valid_from", "valid_to")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ServiceAdmin):
    list_display = ("email", "full_name", "language", "is_active", "date_joined")
    search_fields = ("email", "full_name")
    list_filter = ("is_active",)
    ordering = ("email",)
    inlines = [RoleInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = UserChangeForm if obj is not None else UserAddForm
        kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "full_name", "language", "password"]
        return ["email", "full_name", "language", "is_active", "last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        return ["email", "last_login", "date_joined"] if obj is not None else []

    def get_inlines(self, request, obj):
        return [RoleInline] if obj is not None else []

    def save_formset(self, request, form, formset, change):
        pass  # the inline is read-only: roles are granted and ended in the role assignment admin


class RoleGrantForm(ServiceForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "authority", "zone", "organization", "valid_from"]

    def call_service(self, data):
        return role_grant(
            actor=self.actor,
            user=data["user"],
            role=data["role"],
            authority=data.get("authority"),
            zone=data.get("zone"),
            organization=data.get("organization"),
            valid_from=data.get("valid_from"),
        )


class RoleEndForm(ServiceForm):
    class Meta:
        model = RoleAssignment
        fields = ["valid_to"]

    def call_service(self, data):
        if data.get("valid_to") is None:
            raise ApplicationError(
                _("Give the date the role ends."), code="invalid_date", fields={"valid_to": [_("Required.")]}
            )
        return role_revoke(actor=self.actor, assignment=self.instance, valid_to=data["valid_to"])


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ServiceAdmin):
    list_display = ("user", "role", "authority", "zone", "organization", "valid_from", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name")
    list_select_related = ("user", "authority", "zone", "organization")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RoleEndForm if obj is not None else RoleGrantForm
        kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "role", "authority", "zone", "organization", "valid_from"]
        return ["user", "role", "authority", "zone", "organization", "valid_from", "valid_to"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "role", "authority", "zone", "organization", "valid_from"] if obj is not None else []


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are created and revoked with `innopark token` or on the user's account page."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    search_fields = ("prefix", "user__email", "name")
    exclude = ("key_hash",)

    def get_readonly_fields(self, request, obj=None):
        return ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
