from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from bass.history import acting_as, system_user

# Errors of a database or broker that is down or restarting: worth another try soon.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=6,
    # The render has its own limit (bass.pdf.RENDER_SECONDS, 120 s); these bound the rest
    # (queries, template). Not imported from bass.pdf: the web process, which only sends
    # this task, need not load WeasyPrint. A test keeps the numbers in order.
    soft_time_limit=150,
    time_limit=180,
)
def render_export(export_id: int) -> None:
    """Render one export. Keyed on the Export row: acknowledged when done, handed back to
    the queue when the worker dies; each start counts an attempt, and after three the export
    fails visibly (bass.exports.run_export). Lost messages are found by sweep_exports."""
    from django.contrib.auth import get_user_model

    from bass.exports import run_export
    from bass.models import Export

    requested_by = Export.objects.filter(pk=export_id).values_list("requested_by", flat=True)
    user = get_user_model().objects.filter(pk__in=requested_by).first()
    with acting_as(user or system_user(), "Eksport"):
        run_export(export_id)


@shared_task(ignore_result=True)
def sweep_exports() -> None:
    """Beat job: queue again or fail the exports whose task was lost."""
    from bass.exports import sweep_exports as sweep

    with acting_as(system_user(), "Eksport: oprydning"):
        sweep()


@shared_task(ignore_result=True)
def prerender_exports() -> None:
    """Beat job: render the programme guide (and any kind that asks) in every language
    once its data have changed and settled, so that it is there when someone asks."""
    from bass.exports import prerender_exports as prerender

    with acting_as(system_user(), "Eksport: forhåndsgengivelse"):
        prerender()


@shared_task(ignore_result=True)
def prune_exports() -> None:
    """Beat job: delete the exports superseded for longer than EXPORT_KEEP_DAYS, with
    their files (bass.exports.prune_exports); history records each deletion."""
    from bass.exports import prune_exports as prune

    with acting_as(system_user(), "Eksport: gamle eksporter slettet"):
        prune()
