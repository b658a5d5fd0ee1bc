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
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

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


def _xlsx_cell(sheet, value, number_format: str | None):
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        raise ValueError("give spreadsheets local, naive datetimes")
    if isinstance(value, str):
        # A plain string is cheaper than a cell object (a third of an export's time).
        # openpyxl reads a string as a formula only when it starts with "=", which
        # safe_text() never lets through; the test suite checks no cell is a formula.
        return safe_text(value)
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value)
    number_format = number_format or default_format(value)
    if number_format and value is not None and not isinstance(value, bool):
        cell.number_format = number_format
    return cell


def xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The workbook of ``sheets``, ready to use: header rows in bold, frozen and with an
    auto-filter, columns as wide as what they hold, sheet names made valid.

    Written in openpyxl's write-only mode (a stream, about half the time of a full
    workbook); column widths must then be known before the first row, so each sheet's rows
    are read once to measure them."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    titles: list[str] = []
    for spec in sheets:
        title = sheet_title(spec.title, titles)
        titles.append(title)
        sheet = workbook.create_sheet(title=title)
        rows = [list(row) for row in spec.rows]
        widths = [len(str(text)) for text in spec.header]
        for row in rows:
            for i, value in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], _shown_width(value, spec.formats.get(i)))
        for i, width in enumerate(widths):
            letter = column_letter(i)
            sheet.column_dimensions[letter].width = min(WIDTH_MAX, max(WIDTH_MIN, width + 2))
        sheet.freeze_panes = "A2"
        header = []
        for text in spec.header:
            cell = WriteOnlyCell(sheet, safe_text(str(text)))
            cell.data_type = "s"
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v, spec.formats.get(i)) for i, v in enumerate(row)])
        if spec.header:
            sheet.auto_filter.ref = f"A1:{column_letter(len(spec.header) - 1)}{len(rows) + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


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
