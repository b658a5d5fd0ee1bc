from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusters.models import Cluster, Forum, Initiative, Meeting


class ForumInline(admin.TabularInline):
    model = Forum
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "period_from", "period_to", "successor"]
    list_filter = ["kind"]
    filter_horizontal = ["hospitals", "municipalities"]
    inlines = [ForumInline]


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "cluster"]
    list_filter = ["kind", "cluster"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["forum", "starts_at", "status"]
    list_filter = ["status", "forum__cluster"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cluster", "proposed_by", "status", "priority_rank"]
    list_filter = ["status", "cluster"]
