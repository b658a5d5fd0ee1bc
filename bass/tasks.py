from celery import shared_task

from bass.history import acting_as, system_user


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def render_export(export_id: int) -> None:
    """Render one export. Keyed on the Export row; a redelivery after a worker died counts
    an attempt, and after three the export fails visibly (bass.exports.run_export)."""
    from bass.exports import run_export
    from bass.models import Export

    requested_by = Export.objects.filter(pk=export_id).values_list("requested_by", flat=True)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk__in=requested_by).first()
    with acting_as(user or system_user(), "Eksport"):
        run_export(export_id)
