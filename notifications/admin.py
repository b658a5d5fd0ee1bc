from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import DeliveryPreference, Notification, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Where administrators see e-mails that could not be sent, and why."""

    list_display = [
        "created_at",
        "recipient",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["recipient__username", "recipient__email", "last_error", "subject"]
    list_select_related = ["recipient"]
    readonly_fields = [
        "recipient",
        "kind",
        "digest_date",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "subject",
    ]
    actions = ["retry_now"]

    @admin.display(description=_("last error"))
    def short_error(self, message: OutboxMessage) -> str:
        return message.last_error[:120]

    @admin.action(description=_("Send again now"))
    def retry_now(self, request, queryset):
        count = queryset.filter(
            status__in=[OutboxMessage.Status.FAILED, OutboxMessage.Status.PENDING]
        ).update(status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
        self.message_user(request, _("%(count)d e-mails will be sent again.") % {"count": count})

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "target_label", "actor_name", "read_at"]
    list_filter = ["event", "delivery", "created_at"]
    search_fields = ["recipient__username", "target_label"]
    list_select_related = ["recipient"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DeliveryPreference)
class DeliveryPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "delivery"]
    list_filter = ["event", "delivery"]
    search_fields = ["user__username"]
