"""Personal data access (GDPR art. 15): everything the platform holds about one person, as
a ZIP of CSV files with a Danish README.txt.

The data is found from the model registry, not from a list that could fall behind: every
model with a link to the person's user account or their person row (role assignments,
comments, notifications, sign-in records, access tokens, exports, ...), every model that
keeps a user name as text (the log-in lock-out counts), every history row the person made,
and every history row about them (a version of a row that links to them). So no app above
this floor is imported, and a new app's data is included without a change here. Secrets are
never written: password hashes, token hashes and session data.
"""

import io
import zipfile

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation

from bass.spreadsheets import csv_text
from roles.models import Person, PersonalDataExport

SECRET_FIELDS = {"password", "key_hash", "session_data", "session_key"}

README = """Dine personoplysninger i BASS
==============================

Denne fil er udtrukket {when} af {by} efter databeskyttelsesforordningens artikel 15
(indsigtsret). Den rummer alt, hvad BASS-platformen gemmer om {who} (brugernavn {username}).

Filerne er CSV med semikolon som skilletegn (åbn dem i Excel eller et regneark):

{files}

Om historikken: BASS gemmer hver ændring af programmets data med hvem, hvornår og hvorfor.
"historik_foretaget.csv" er de ændringer, du selv har foretaget (hvad der blev ændret, ikke
selve indholdet); "historik_om_dig.csv" er de gemte versioner af rækker, der handler om dig
(din person, dine roller, og rækker der nævner dig), med deres indhold.

Log-ind-registreringer (tid, IP-adresse, browser) opbevares i {retention} dage og slettes
derefter automatisk. Adgangskoder og adgangsnøgler gemmes kun som hash-værdier og er ikke med.

Udtrækket er selv registreret, og det ses i dit næste udtræk.
Spørgsmål: kontakt BASS-sekretariatet.
"""


def _is_historical(model) -> bool:
    return getattr(model, "instance_type", None) is not None


def _links(model, targets) -> list[str]:
    """Names of ``model``'s foreign keys to any of ``targets``."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model in targets and f.name != "history_user"
    ]


def _columns(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in SECRET_FIELDS]


def _value(obj, field):
    value = getattr(obj, field.attname)
    if isinstance(value, dict | list):
        return str(value)
    if field.choices and value not in (None, ""):
        return f"{value} ({getattr(obj, f'get_{field.name}_display')()})"
    return value


def _table(model, queryset) -> tuple[list[str], list[list]]:
    columns = _columns(model)
    header = [f"{f.verbose_name} ({f.attname})" for f in columns]
    return header, [[_value(obj, f) for f in columns] for obj in queryset]


def _filename(model) -> str:
    return f"{model._meta.app_label}-{model._meta.model_name}.csv"


def collect(user) -> dict[str, tuple[str, list[str], list[list]]]:
    """{file name: (what it is, header, rows)} of everything about ``user``."""
    User = get_user_model()
    person = Person.objects.filter(user=user).first()
    person_id = person.pk if person else None
    files = {}

    account_fields = [f for f in User._meta.concrete_fields if f.name not in SECRET_FIELDS | {"id"}]
    header = [f"{f.verbose_name} ({f.attname})" for f in account_fields]
    row = [_value(user, f) for f in account_fields]
    if person is not None:
        person_fields = [f for f in _columns(Person) if f.name not in {"user", "id"}]
        header += [f"{f.verbose_name} ({f.attname})" for f in person_fields]
        row += [_value(person, f) for f in person_fields]
    files["konto.csv"] = ("Din konto og din person", header, [row])

    made, about = [], []
    for model in apps.get_models():
        if model is User or model is Person:
            continue
        if _is_historical(model):
            label = str(model.instance_type._meta.verbose_name)
            if "history_user" in {f.name for f in model._meta.concrete_fields}:
                for h in model.objects.filter(history_user=user).order_by("history_date"):
                    made.append(
                        [
                            label,
                            getattr(h, "id", ""),
                            h.history_date,
                            h.get_history_type_display(),
                            h.history_change_reason,
                        ]
                    )
            condition = Q()
            for name in _links(model, {User}):
                condition |= Q(**{f"{name}_id": user.pk})
            if person_id:
                for name in _links(model, {Person}):
                    condition |= Q(**{f"{name}_id": person_id})
                if model.instance_type is Person:
                    condition |= Q(id=person_id)
            if condition:
                columns = [
                    f
                    for f in _columns(model)
                    if not f.name.startswith("history_") and f.name not in SECRET_FIELDS
                ]
                for h in model.objects.filter(condition).order_by("history_date"):
                    fields = "; ".join(f"{f.attname}={getattr(h, f.attname)}" for f in columns)
                    about.append(
                        [
                            label,
                            h.history_date,
                            h.get_history_type_display(),
                            getattr(h, "history_user_name", "") or str(h.history_user or ""),
                            h.history_change_reason,
                            fields,
                        ]
                    )
            continue
        condition = Q()
        for name in _links(model, {User}):
            condition |= Q(**{f"{name}_id": user.pk})
        if person_id:
            for name in _links(model, {Person}):
                condition |= Q(**{f"{name}_id": person_id})
        names = {f.name: f for f in model._meta.concrete_fields}
        if isinstance(names.get("username"), models.CharField):
            condition |= Q(username=user.get_username())
        if not condition:
            continue
        rows = model.objects.filter(condition).order_by("pk")
        header, table = _table(model, rows)
        if table:
            files[_filename(model)] = (str(model._meta.verbose_name_plural), header, table)

    files["historik_foretaget.csv"] = (
        "Ændringer, du har foretaget",
        ["hvad", "række (id)", "tidspunkt", "ændring", "begrundelse"],
        made,
    )
    files["historik_om_dig.csv"] = (
        "Gemte versioner af rækker om dig",
        ["hvad", "tidspunkt", "ændring", "ændret af", "begrundelse", "indhold"],
        about,
    )
    return files


def export(user, requested_by) -> tuple[bytes, PersonalDataExport]:
    """The ZIP of everything about ``user``, recorded as taken out by ``requested_by``."""
    from django.conf import settings

    record = PersonalDataExport.objects.create(
        subject=user,
        requested_by=requested_by,
        requested_by_name=requested_by.get_full_name() or requested_by.get_username(),
    )
    with translation.override("da"):
        files = collect(user)
        listing = "\n".join(
            f"- {name}: {what} ({len(rows)} rækker)" for name, (what, _h, rows) in files.items()
        )
        readme = README.format(
            when=timezone.localtime(record.at).strftime("%d.%m.%Y kl. %H:%M"),
            by=record.requested_by_name,
            who=user.get_full_name() or user.get_username(),
            username=user.get_username(),
            files=listing,
            retention=settings.LOGIN_RECORD_RETENTION_DAYS,
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", readme)
            for name, (_what, header, rows) in files.items():
                archive.writestr(name, csv_text(header, rows))
    record.files = len(files) + 1
    record.rows = sum(len(rows) for _w, _h, rows in files.values())
    record.save(update_fields=["files", "rows"])
    return buffer.getvalue(), record
