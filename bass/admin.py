from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bass.models import Hospital, Municipality, Programme, ProgrammeChapter, Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]


@admin.register(Hospital)
class HospitalAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "is_acute", "region"]
    list_filter = ["is_acute", "region"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "population", "catchment_hospital"]
    list_filter = ["catchment_hospital"]


class ProgrammeChapterInline(admin.StackedInline):
    model = ProgrammeChapter
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region"]
    inlines = [ProgrammeChapterInline]
