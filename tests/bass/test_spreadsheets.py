"""The one writer of XLSX and CSV files: text never becomes a formula, names are valid."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from bass import spreadsheets

LINK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    "text", [LINK, "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
)
def test_formula_like_text_gets_an_apostrophe(text):
    assert spreadsheets.safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Kardiologi", "", "5 = 5", "e-mail", "'quoted"])
def test_ordinary_text_is_left_alone(text):
    assert spreadsheets.safe_text(text) == text


def test_xlsx_text_is_inert_and_values_keep_their_types():
    sheet = spreadsheets.Sheet(
        "Data",
        ["Text", "Int", "Decimal", "Share", "Date", "When", "Flag", "None"],
        [
            [
                LINK,
                128330,
                Decimal("310000.50"),
                0.5,
                datetime.date(2026, 1, 15),
                datetime.datetime(2026, 1, 15, 14, 30),
                True,
                None,
            ]
        ],
        {3: spreadsheets.PERCENT},
    )
    book = load_workbook(io.BytesIO(spreadsheets.xlsx([sheet])))
    row = list(book.active[2])
    assert row[0].data_type == "s" and row[0].value == "'" + LINK
    assert row[1].value == 128330 and row[1].number_format == spreadsheets.INTEGER
    assert row[2].value == pytest.approx(310000.5)
    assert row[3].value == 0.5 and row[3].number_format == "0%"
    assert row[4].value == datetime.datetime(2026, 1, 15) and row[4].is_date
    assert row[5].value == datetime.datetime(2026, 1, 15, 14, 30) and row[5].is_date
    assert row[6].value is True
    assert row[7].value is None
    assert book.active["A1"].font.bold
    # No cell of the workbook is a formula.
    assert all(c.data_type != "f" for r in book.active.iter_rows() for c in r)


def test_a_header_that_looks_like_a_formula_is_inert_too():
    book = load_workbook(io.BytesIO(spreadsheets.xlsx([spreadsheets.Sheet("x", [LINK], [])])))
    assert book.active["A1"].data_type == "s" and book.active["A1"].value == "'" + LINK


def test_sheet_names_are_valid_and_unique():
    long_name = "Plan/for: kardiologi [2026] * hvad? " + "x" * 20
    assert len(long_name) > 40
    title = spreadsheets.sheet_title(long_name)
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\")
    assert spreadsheets.sheet_title("'citat'") == "citat"
    assert spreadsheets.sheet_title("") and spreadsheets.sheet_title("///")
    assert spreadsheets.sheet_title("Data", ["data"]) == "Data (2)"
    assert spreadsheets.sheet_title("History") == "History (2)"
    taken = [long_name[:31], spreadsheets.sheet_title(long_name)]
    assert len(spreadsheets.sheet_title(long_name, taken)) <= 31
    # A workbook of sheets with such names opens, each sheet under its own name.
    sheets = [spreadsheets.Sheet(name, ["a"], [[1]]) for name in (long_name, long_name, "a/b")]
    book = load_workbook(io.BytesIO(spreadsheets.xlsx(sheets)))
    assert len(set(book.sheetnames)) == 3 and "a b" in book.sheetnames


def test_csv_is_inert_and_written_for_the_active_language():
    rows = [[LINK, 2.5, 10, datetime.date(2026, 1, 15), True, None]]
    with translation.override("da"):
        text = spreadsheets.csv_text(["Tekst", "Tal", "Antal", "Dato", "Ja", "Intet"], rows)
    assert text.startswith("\ufeff")
    cells = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert cells[1] == ["'" + LINK, "2,5", "10", "2026-01-15", "Ja", ""]
    with translation.override("en"):
        text = spreadsheets.csv_text(["Text", "Number"], [[LINK, 2.5]])
    assert list(csv.reader(io.StringIO(text[1:])))[1] == ["'" + LINK, "2.5"]
