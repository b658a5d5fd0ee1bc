from celery import shared_task

from bass.history import acting_as, system_user
from roles.permissions import rebuild_all
from roles.signin import prune


@shared_task
def sync_permissions_for_dates() -> int:
    """Apply assignments that start or end today (beat runs this every 15 minutes)."""
    with acting_as(system_user(), "Rolleperioder anvendt"):
        changes = rebuild_all()
    return len(changes.added) + len(changes.removed)


@shared_task
def prune_sign_in_records() -> int:
    """Delete sign-in records older than LOGIN_RECORD_RETENTION_DAYS (beat: daily)."""
    return prune()
