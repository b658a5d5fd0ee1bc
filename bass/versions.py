"""Differences between historical versions, field by field."""

from django.db import models
from django.utils.translation import gettext

from bass.diff import word_diff
from bass.text import RichTextField

_SKIP = {"id", "version"}


def _display(record, field: models.Field) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        try:
            return str(getattr(record, field.name))
        except field.related_model.DoesNotExist:
            return f"#{value}"
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    return str(value)


def _fields(record):
    model = record.instance_type
    return [f for f in model._meta.concrete_fields if f.name not in _SKIP]


def field_changes(old, new) -> list[dict]:
    """Fields that differ between two historical records (or a record and None)."""
    if new is None:
        return []
    rows = []
    for field in _fields(new):
        old_value = getattr(old, field.attname) if old is not None else None
        new_value = getattr(new, field.attname)
        if old_value == new_value:
            continue
        is_text = isinstance(field, models.TextField)
        old_text = _display(old, field) if old is not None else ""
        new_text = _display(new, field)
        rows.append(
            {
                "label": field.verbose_name,
                "old": old_text,
                "new": new_text,
                "diff": word_diff(old_text, new_text, rich=isinstance(field, RichTextField))
                if is_text
                else None,
            }
        )
    return rows


def record_changes(record, previous) -> list[str]:
    """Names of the fields a version changed (cheap: no related lookups)."""
    if record.history_type == "+":
        return []
    if previous is None:
        return []
    return [
        str(f.verbose_name)
        for f in _fields(record)
        if getattr(record, f.attname) != getattr(previous, f.attname)
    ]
