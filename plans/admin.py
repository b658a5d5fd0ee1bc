from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    CentreSupport,
    Grant,
    Milestone,
    MilestoneDependency,
    Phase,
    PhaseChange,
    Plan,
    Spending,
)


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["order", "name", "name_en"]
    list_display_links = ["name"]


@admin.register(PhaseChange)
class PhaseChangeAdmin(SimpleHistoryAdmin):
    list_display = ["specialty", "phase", "started_on", "moved_by"]
    list_filter = ["phase", "specialty"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "specialty", "strength_position"]
    list_filter = ["specialty"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "status", "start_date", "due_date", "done_at"]
    list_filter = ["status"]
    raw_id_fields = ["plan", "responsible"]


@admin.register(MilestoneDependency)
class MilestoneDependencyAdmin(SimpleHistoryAdmin):
    list_display = ["milestone", "depends_on"]
    raw_id_fields = ["milestone", "depends_on"]


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = ["specialty", "year", "amount", "pool"]
    list_filter = ["year", "specialty"]


@admin.register(Spending)
class SpendingAdmin(SimpleHistoryAdmin):
    list_display = ["grant", "date", "amount"]
    raw_id_fields = ["grant"]


@admin.register(CentreSupport)
class CentreSupportAdmin(SimpleHistoryAdmin):
    list_display = ["specialty", "centre", "concept_owner", "hours", "delivery", "date"]
    list_filter = ["centre"]
