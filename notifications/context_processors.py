from notifications.models import Notification


def unread(request) -> dict:
    """The unread count in the header: one COUNT on an indexed column, no cache."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
    }
