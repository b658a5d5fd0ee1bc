from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roles.models import Person, RoleAssignment


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
