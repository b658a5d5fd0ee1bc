from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.models import (
    CycleMeasure,
    DataPoint,
    DriverNode,
    ImprovementProject,
    Measure,
    MeasurePhase,
    PDSACycle,
)


@admin.register(ImprovementProject)
class ImprovementProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "specialty", "initiative", "status", "aim_by_when"]
    list_filter = ["specialty", "status"]
    search_fields = ["title", "initiative__title"]
    raw_id_fields = ["initiative"]


@admin.register(DriverNode)
class DriverNodeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "project", "parent", "order"]
    list_filter = ["kind"]
    raw_id_fields = ["project", "parent"]


@admin.register(PDSACycle)
class PDSACycleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "change_idea", "planned_start", "planned_end"]
    raw_id_fields = ["change_idea", "previous"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "project", "kind", "chart_type", "frequency"]
    list_filter = ["kind", "chart_type"]


@admin.register(DataPoint)
class DataPointAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "period", "value", "numerator", "denominator"]
    raw_id_fields = ["measure"]


@admin.register(MeasurePhase)
class MeasurePhaseAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "starts_on", "title"]
    raw_id_fields = ["measure"]


@admin.register(CycleMeasure)
class CycleMeasureAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "measure", "predicted_value"]
    raw_id_fields = ["cycle", "measure"]
