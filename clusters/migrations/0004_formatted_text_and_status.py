"""Existing agenda text becomes formatted text, and existing meetings get a place in the
meeting's life.

Plain text typed into the agenda fields (line breaks, "- " and "1." lines) becomes
paragraphs and lists (clusters.plaintext). Meetings that were "planned" were visible to the
forum already, so their agenda counts as sent. Every changed row gets a line in its history
with the reason, so the conversion can be seen and compared like any other change.
"""

from django.db import migrations
from django.utils import timezone

from clusters.plaintext import plain_to_html

ITEM_FIELDS = [
    "summary",
    "recommendation",
    "case_presentation",
    "finances",
    "earlier_decisions",
    "decision",
]
REASON = "Tekst omdannet til formateret tekst"


def _history_row(historical, obj, reason):
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    historical.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="~",
        history_change_reason=reason,
        history_user_name="",
    )


def forwards(apps, schema_editor):
    item_model = apps.get_model("clusters", "AgendaItem")
    item_history = apps.get_model("clusters", "HistoricalAgendaItem")
    for item in item_model.objects.all().iterator():
        changed = False
        for name in ITEM_FIELDS:
            old = getattr(item, name)
            new = plain_to_html(old)
            if new != old:
                setattr(item, name, new)
                changed = True
        if changed:
            item.version += 1
            item.save()
            _history_row(item_history, item, REASON)
    meeting_model = apps.get_model("clusters", "Meeting")
    meeting_history = apps.get_model("clusters", "HistoricalMeeting")
    for meeting in meeting_model.objects.filter(status="planned").iterator():
        meeting.status = "published"
        meeting.version += 1
        meeting.save()
        _history_row(meeting_history, meeting, "Dagsordenen regnes som udsendt")


def backwards(apps, schema_editor):
    meeting_model = apps.get_model("clusters", "Meeting")
    for meeting in meeting_model.objects.filter(status__in=["draft", "published"]).iterator():
        meeting.status = "planned"
        meeting.save()
    for meeting in meeting_model.objects.exclude(status="planned").iterator():
        meeting.status = "held"
        meeting.save()


class Migration(migrations.Migration):
    dependencies = [("clusters", "0003_meeting_life")]

    operations = [migrations.RunPython(forwards, backwards)]
