from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roles.models import ExternalIdentity, Person, PersonalDataExport, RoleAssignment, SignInRecord


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "title", "employer", "department"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "title"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "content_type", "object_id", "valid_from", "valid_to"]
    list_filter = ["kind", "content_type"]

    def save_model(self, request, obj, form, change):
        if not change and obj.assigned_by_id is None:
            obj.assigned_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SignInRecord)
class SignInRecordAdmin(admin.ModelAdmin):
    """Read-only: records are written by the sign-in mechanism and pruned by the beat job."""

    list_display = ["at", "kind", "username", "ip_address", "user_agent", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"
    readonly_fields = ["at", "kind", "user", "username", "ip_address", "user_agent", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataExport)
class PersonalDataExportAdmin(_ReadOnlyAdmin):
    list_display = ["at", "subject", "requested_by_name", "files", "rows"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(_ReadOnlyAdmin):
    """Deleting an identity lets the next single sign-on of that claim make a new account."""

    list_display = ["user", "issuer", "subject", "created_at", "last_login_at"]
    search_fields = ["subject", "user__username"]
