from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from specialties.models import (
    Ambition,
    Dilemma,
    PopulationResponsibility,
    Specialty,
    StrengthPosition,
)


class StrengthPositionInline(admin.TabularInline):
    model = StrengthPosition
    extra = 0


@admin.register(Specialty)
class SpecialtyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StrengthPositionInline]


class PopulationResponsibilityInline(admin.TabularInline):
    model = PopulationResponsibility
    extra = 0


@admin.register(StrengthPosition)
class StrengthPositionAdmin(SimpleHistoryAdmin):
    list_display = ["specialty", "hospital", "organisation_form", "is_example"]
    list_filter = ["specialty", "hospital"]
    inlines = [PopulationResponsibilityInline]


@admin.register(Ambition)
class AmbitionAdmin(SimpleHistoryAdmin):
    list_display = ["specialty", "kind", "status", "approved_at"]
    list_filter = ["kind", "status"]


@admin.register(Dilemma)
class DilemmaAdmin(SimpleHistoryAdmin):
    list_display = ["title", "specialty", "kind"]
    list_filter = ["kind"]
