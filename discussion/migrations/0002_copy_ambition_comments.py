"""Today's comments on ambitions (specialties.AmbitionComment) become comments of the
shared discussion, with their history: the same authors, texts (as paragraphs of
sanitised rich text), dates and versions. specialties removes its own table afterwards."""

from django.db import migrations
from django.utils.html import escape, linebreaks


def _html(text: str) -> str:
    return linebreaks(escape((text or "").strip()))


def copy(apps, schema_editor):
    try:
        old = apps.get_model("specialties", "AmbitionComment")
    except LookupError:
        return
    if not old.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Comment = apps.get_model("discussion", "Comment")
    HistoricalComment = apps.get_model("discussion", "HistoricalComment")
    OldHistory = apps.get_model("specialties", "HistoricalAmbitionComment")
    ambition_type, _created = ContentType.objects.get_or_create(
        app_label="specialties", model="ambition"
    )
    new_id = {}
    for row in old.objects.order_by("pk"):
        comment = Comment.objects.create(
            content_type=ambition_type,
            object_id=row.ambition_id,
            author_id=row.author_id,
            author_name=row.author_name,
            body=_html(row.text),
            created=row.created,
            version=row.version,
        )
        new_id[row.pk] = comment.pk
    for record in OldHistory.objects.order_by("history_date", "history_id"):
        if record.id not in new_id:
            continue
        HistoricalComment.objects.create(
            id=new_id[record.id],
            content_type_id=ambition_type.pk,
            object_id=record.ambition_id,
            author_id=record.author_id,
            author_name=record.author_name,
            body=_html(record.text),
            created=record.created,
            version=record.version,
            history_date=record.history_date,
            history_user_id=record.history_user_id,
            history_user_name=record.history_user_name,
            history_type=record.history_type,
            history_change_reason=record.history_change_reason,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0001_initial"),
        ("specialties", "0003_alter_specialty_options"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
