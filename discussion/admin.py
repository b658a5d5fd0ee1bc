from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from discussion.models import Attachment, Comment


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["author_name", "content_type", "object_id", "created", "deleted_at"]
    list_filter = ["content_type"]
    readonly_fields = ["content_type", "object_id", "parent", "author", "created"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "content_type", "object_id", "size", "uploaded_by_name", "created"]
    list_filter = ["content_type"]
    readonly_fields = ["content_type", "object_id", "file", "uploaded_by", "created"]
