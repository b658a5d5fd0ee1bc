"""Every spreadsheet the platform hands out, XLSX or CSV, is written here.

What people typed goes into cells that a spreadsheet program will open, so text that
starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading
apostrophe, as the OWASP guidance on CSV injection advises, and XLSX text cells are
always stored as strings: a change reason typed as ``=HYPERLINK(...)`` stays text.
Numbers and dates stay numbers and dates, with a number format Excel shows in the
reader's own locale; CSV files write them the way the active language reads them.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

#: Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Number formats. Built-in formats 14 and 22 are shown in the reader's own short date
# format; "#,##0" and friends use the reader's own separators.
INTEGER = "#,##0"
DECIMAL = "#,##0.0#"
MONEY = "#,##0.00"
PERCENT = "0%"
SCORE = "0.0"  # a score of 1-5 with one decimal
WIDTH_MIN, WIDTH_MAX = 8, 60
DATE = "mm-dd-yy"
DATETIME = "m/d/yy h:mm"
# Excel's built-in formats 14 and 22 (the reader's own short date, and with the time):
# written by index so that Excel shows them in the reader's locale.
BUILT_IN = {DATE: 14, DATETIME: 22}

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


def safe_text(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """A valid worksheet name for ``title``: at most 31 characters, none of ``[]:*?/\\``,
    no apostrophe at either end, not Excel's reserved "History", and unlike every name in
    ``taken`` (Excel compares names without regard to case)."""
    base = _SHEET_FORBIDDEN.sub(" ", str(title)).strip().strip("'").strip()
    base = base[:SHEET_TITLE_MAX].rstrip().rstrip("'") or _("Sheet")
    used = {"history", *(name.casefold() for name in taken)}
    candidate, number = base, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    return candidate


def yes_no(value: bool | None) -> str:
    """Ja or Nej (in the active language) for a cell where TRUE/FALSE would confuse."""
    if value is None:
        return ""
    return str(_("Yes") if value else _("No"))


def _shown_width(value, number_format: str | None) -> int:
    """About how many characters a cell shows."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return len(f"{value:,.2f}") if number_format == MONEY else len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_letter(index: int) -> str:
    """The column letters of a 0-based index: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def default_format(value) -> str | None:
    """The number format a value gets unless its column says otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime.datetime):
        return DATETIME
    if isinstance(value, datetime.date):
        return DATE
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, Decimal):
        return MONEY
    if isinstance(value, float):
        return DECIMAL
    return None


@dataclass
class Sheet:
    """One worksheet: a header row and the rows below it.

    Cells may be text, numbers (int, float, Decimal), booleans, dates and naive datetimes
    (local time) or ``None``. ``formats`` maps a column index to a number format that
    overrides the default for the value's type (e.g. ``PERCENT`` for a share).
    """

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    formats: Mapping[int, str] = field(default_factory=dict)


def xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The workbook of ``sheets``, ready to use: header rows in bold, frozen and with an
    auto-filter, columns as wide as what they hold, sheet names made valid.

    Written with XlsxWriter, in memory: about a fifth of the time openpyxl's write-only
    mode took for the dashboard export (openpyxl stays the reader of imported files).
    Every cell is written by its type, so text is always a string and never a formula."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": False})
    bold = workbook.add_format({"bold": True})
    styles: dict[str, object] = {}

    def style(number_format: str | None):
        if number_format is None:
            return None
        if number_format not in styles:
            code = BUILT_IN.get(number_format, number_format)
            styles[number_format] = workbook.add_format({"num_format": code})
        return styles[number_format]

    titles: list[str] = []
    for spec in sheets:
        title = sheet_title(spec.title, titles)
        titles.append(title)
        sheet = workbook.add_worksheet(title)
        rows = [list(row) for row in spec.rows]
        widths = [len(str(text)) for text in spec.header]
        for row in rows:
            for i, value in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], _shown_width(value, spec.formats.get(i)))
        for i, width in enumerate(widths):
            sheet.set_column(i, i, min(WIDTH_MAX, max(WIDTH_MIN, width + 2)))
        sheet.freeze_panes(1, 0)
        for i, text in enumerate(spec.header):
            sheet.write_string(0, i, safe_text(str(text)), bold)
        for r, row in enumerate(rows, start=1):
            for i, value in enumerate(row):
                _write_cell(sheet, r, i, value, spec.formats.get(i), style)
        if spec.header:
            sheet.autofilter(0, 0, len(rows), len(spec.header) - 1)
    workbook.close()
    return out.getvalue()


def _write_cell(sheet, row: int, column: int, value, number_format: str | None, style) -> None:
    if value is None:
        return
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        sheet.write_string(row, column, safe_text(value))
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            raise ValueError("give spreadsheets local, naive datetimes")
        sheet.write_datetime(row, column, value, style(number_format or default_format(value)))
    elif isinstance(value, int | float | Decimal):
        if not math.isfinite(value):
            return  # Excel has no NaN or infinity: the cell stays empty
        sheet.write_number(row, column, value, style(number_format or default_format(value)))
    else:
        sheet.write_string(row, column, safe_text(str(value)))


def csv_value(value) -> str:
    """One CSV cell as text: numbers with the active language's decimal separator and no
    grouping, dates in ISO 8601 (which Excel reads as dates in every locale), booleans as
    yes/no, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        text = f"{value:.10g}" if isinstance(value, float) else format(value, "f")
        return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
    return safe_text(str(value))


def csv_delimiter() -> str:
    """A semicolon where the decimal separator is a comma (as Danish Excel expects)."""
    return ";" if formats.get_format("DECIMAL_SEPARATOR") == "," else ","


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The CSV of a header and rows, with a byte-order mark so Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=csv_delimiter(), lineterminator="\r\n")
    writer.writerow([csv_value(str(h)) for h in header])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return "\ufeff" + out.getvalue()
