from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sustainability.models import Assessment, Criterion, PrismRating, Score


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "axis", "order", "indicator_name", "is_active"]
    list_filter = ["axis", "is_active"]
    search_fields = ["name", "description"]


def _finalised(assessment) -> bool:
    return assessment is not None and assessment.is_finalised


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0

    # A finalised assessment is read-only here too (the model would refuse the save).
    def has_add_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_delete_permission(request, obj)


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["specialty", "strength_position", "date", "status", "finalised_at"]
    list_filter = ["status", "specialty"]
    readonly_fields = ["status", "made_by", "finalised_at"]
    inlines = [ScoreInline]

    def has_change_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_delete_permission(request, obj)


@admin.register(Score)
class ScoreAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "criterion", "score", "indicator_value"]
    list_filter = ["criterion__axis"]

    def has_change_permission(self, request, obj=None):
        finalised = obj is not None and _finalised(obj.assessment)
        return not finalised and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        finalised = obj is not None and _finalised(obj.assessment)
        return not finalised and super().has_delete_permission(request, obj)


@admin.register(PrismRating)
class PrismRatingAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "specialty",
        "professional_effect",
        "staff_effect",
        "organisational_effect",
    ]
    list_filter = ["specialty"]
