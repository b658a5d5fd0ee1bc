"""Data points in and out of files: CSV (and XLSX) import with a per-row error report, export.

The rule users are told on the page: a file with any error imports nothing. Rows for a
period that already has a data point replace that point.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from bass import spreadsheets
from bass.archives import check_zip
from improvement.forms import DataPointForm
from improvement.models import DataPoint, Measure

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 20
# What an XLSX upload may unpack to: 5,000 rows of five columns take about 2 MB of XML.
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024

# Accepted column names (lower case) -> field.
COLUMNS = {
    "periode": "period",
    "period": "period",
    "dato": "period",
    "date": "period",
    "værdi": "value",
    "vaerdi": "value",
    "value": "value",
    "tæller": "numerator",
    "taeller": "numerator",
    "numerator": "numerator",
    "nævner": "denominator",
    "naevner": "denominator",
    "denominator": "denominator",
    "note": "note",
    "bemærkning": "note",
    "kommentar": "note",
}
HEADERS = {"period": "periode", "value": "værdi", "numerator": "tæller", "denominator": "nævner"}
HEADERS["note"] = "note"


def fields_for(measure: Measure) -> list[str]:
    numbers = ["numerator", "denominator"] if measure.uses_ratio else ["value"]
    return ["period", *numbers, "note"]


def expected_header(measure: Measure) -> str:
    return ";".join(HEADERS[f] for f in fields_for(measure))


_DANISH_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_period(text: str) -> str:
    """An ISO date string from "2026-01-05", "05.01.2026", "5/1/2026" or "2026-01".

    Returns the text unchanged when it is not recognised, so the form reports it.
    """
    text = text.strip()
    for pattern, order in ((_ISO_DATE, "ymd"), (_DANISH_DATE, "dmy"), (_ISO_MONTH, "ym")):
        match = pattern.match(text)
        if not match:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        try:
            return datetime.date(parts["y"], parts["m"], parts.get("d", 1)).isoformat()
        except ValueError:
            return text
    return text


@dataclass
class ImportResult:
    file_errors: list[str] = field(default_factory=list)
    #: (row number in the file, [messages]) for each row with errors.
    row_errors: list[tuple[int, list[str]]] = field(default_factory=list)
    forms: list[tuple[int, DataPointForm]] = field(default_factory=list)
    created: int = 0
    replaced: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.row_errors


def _decode(raw: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_rows(uploaded, result: ImportResult) -> list[list[str]] | None:
    """The cells of a CSV or XLSX upload, header first; file errors go into ``result``."""
    rows = _read_any(uploaded, result)
    if rows is not None and any(any(c.strip() for c in row[MAX_COLUMNS:]) for row in rows):
        result.file_errors.append(_("The file has more than %(n)d columns.") % {"n": MAX_COLUMNS})
        return None
    return rows


def _read_any(uploaded, result: ImportResult) -> list[list[str]] | None:
    raw = uploaded.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        result.file_errors.append(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
        return None
    name = (getattr(uploaded, "name", "") or "").lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(raw, result)
    text = _decode(raw)
    if text is None or "\x00" in text:
        result.file_errors.append(_("The file is not a text (CSV) file."))
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        result.file_errors.append(_("The file could not be read as CSV."))
        return None


def _read_xlsx(raw: bytes, result: ImportResult) -> list[list[str]] | None:
    try:
        check_zip(raw, max_bytes=MAX_XLSX_UNPACKED_BYTES)
    except ValidationError as refused:
        result.file_errors.extend(refused.messages)
        return None
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        # One row more than allowed is read, so that the row check below can say so.
        for cells in sheet.iter_rows(max_row=MAX_ROWS + 2, values_only=True):
            rows.append([_cell_text(c) for c in cells])
        workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        result.file_errors.append(_("The file is not an Excel (XLSX) spreadsheet."))
        return None
    return rows


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float):
        return f"{cell:.15g}"
    return str(cell)


def check_file(measure: Measure, uploaded) -> ImportResult:
    """Validate every row of the upload; nothing is saved."""
    result = ImportResult()
    rows = read_rows(uploaded, result)
    if rows is None:
        return result
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        result.file_errors.append(_("The file is empty."))
        return result
    header = [cell.strip().lower() for cell in rows[0]]
    wanted = fields_for(measure)
    mapped = [COLUMNS.get(name) for name in header]
    # Spreadsheets often add unnamed empty columns; an unnamed column is ignored.
    wrong = [
        name
        for name, column in zip(header, mapped, strict=True)
        if name and (column is None or column not in wanted)
    ]
    missing = [f for f in wanted if f != "note" and f not in mapped]
    twice = {c for c in mapped if c and mapped.count(c) > 1}
    if wrong or missing or twice:
        result.file_errors.append(
            _(
                "Wrong columns. The first row must name the columns %(expected)s "
                "(the note column may be left out)."
            )
            % {"expected": expected_header(measure)}
        )
        if wrong:
            result.file_errors.append(
                _("Columns not used for this measure: %(names)s.") % {"names": ", ".join(wrong)}
            )
        if missing:
            result.file_errors.append(
                _("Missing columns: %(names)s.") % {"names": ", ".join(HEADERS[m] for m in missing)}
            )
        return result
    data_rows = rows[1:]
    if not data_rows:
        result.file_errors.append(_("The file has a header but no data rows."))
        return result
    if len(data_rows) > MAX_ROWS:
        result.file_errors.append(
            _("The file has more than %(n)d rows; split it into smaller files.") % {"n": MAX_ROWS}
        )
        return result

    seen: dict[datetime.date, int] = {}
    for number, cells in enumerate(data_rows, start=2):
        data = {}
        for column, cell in zip(mapped, cells, strict=False):
            if column:
                data[column] = cell.strip()
        if "period" in data:
            data["period"] = parse_period(data["period"])
        form = DataPointForm(data=data, measure=measure)
        messages = []
        if form.is_valid():
            period = form.cleaned_data["period"]
            if period in seen:
                messages.append(_("Same period as row %(row)d.") % {"row": seen[period]})
            else:
                seen[period] = number
        else:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                messages += [f"{label}: {e}" if label else str(e) for e in errors]
        if messages:
            result.row_errors.append((number, messages))
        else:
            result.forms.append((number, form))
    return result


def import_file(measure: Measure, uploaded) -> ImportResult:
    """Check the file and, only if every row is valid, save all of it in one transaction."""
    result = check_file(measure, uploaded)
    if not result.ok:
        return result
    existing = {p.period: p for p in measure.data_points.all()}
    with transaction.atomic():
        for _number, form in result.forms:
            data = form.cleaned_data
            point = existing.get(data["period"]) or DataPoint(
                measure=measure, period=data["period"]
            )
            replacing = point.pk is not None
            point.value = data.get("value")
            point.numerator = data.get("numerator")
            point.denominator = data.get("denominator")
            point.note = data.get("note", "")
            point._change_reason = _("Imported from file")
            point.save()
            if replacing:
                result.replaced += 1
            else:
                result.created += 1
    return result


def _export_rows(measure: Measure) -> tuple[list[str], list[list]]:
    columns = fields_for(measure)
    rows = [
        [getattr(point, column) for column in columns]
        for point in measure.data_points.order_by("period")
    ]
    return [HEADERS[c] for c in columns], rows


def export_csv(measure: Measure) -> str:
    """The data points as CSV, in the form the import reads back."""
    return spreadsheets.csv_text(*_export_rows(measure))


def export_xlsx(measure: Measure) -> bytes:
    header, rows = _export_rows(measure)
    return spreadsheets.xlsx([spreadsheets.Sheet(measure.name or "data", header, rows)])
