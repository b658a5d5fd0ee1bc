from celery import shared_task

from notifications import delivery


@shared_task(acks_late=True, ignore_result=True)
def send_messages(message_ids: list[int]) -> int:
    """Send these outbox rows now (queued on commit of the change that caused them)."""
    return delivery.deliver(message_ids)


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Beat, every minute: send what could not be queued and what waits for a retry."""
    return delivery.sweep()


@shared_task(ignore_result=True)
def send_daily_digest() -> int:
    """Beat, 07:00 Copenhagen time: one e-mail per person with the day's digest kinds."""
    return delivery.send_daily_digest()
