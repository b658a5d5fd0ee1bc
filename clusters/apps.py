from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters")

    def ready(self) -> None:
        from clusters import exports  # noqa: F401 - registers the meeting PDF exports
        from discussion.registry import register

        runners = ("forum_chair", "forum_secretary")
        register("clusters.initiative", write="contribute_improvement", notify_kinds=runners)
        register("clusters.agendaitem", write="decide_forum", notify_kinds=runners, own_page=False)
