"""CSV/XLSX import with a per-row error report (any error imports nothing), and export."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from improvement.models import DataPoint, Measure
from tests.improvement.improvement_world import build


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


@pytest.fixture
def p_measure(imp):
    return Measure.objects.create(
        project=imp.project,
        name="Andel",
        kind="process",
        operational_definition="x",
        direction="higher",
        chart_type="p",
        frequency="week",
    )


def _upload(client, measure, content, name="data.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(
        reverse("improvement_measure_import", args=[measure.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_page_states_the_rule(world, imp, login):
    html = login(world.core_a).get(reverse("improvement_measure_import", args=[imp.measure.pk]))
    assert "En fil med blot én fejl importeres slet ikke." in html.content.decode()


@pytest.mark.parametrize(
    "content",
    [
        "periode;værdi;note\n2025-02-01;3,5;god måned\n2025-03-01;4;\n",
        'periode,værdi\n2025-02-01,"3,5"\n01.03.2025,4\n',
        "\ufeffPeriode;Værdi\n2025-02;3,5\n2025-03-15;4\n",
        "period\tvalue\n2025-02-01\t3.5\n2025-03-01\t4\n",
    ],
    ids=["semicolon", "comma", "bom-and-month", "tab"],
)
def test_csv_variants_import(world, imp, login, content):
    response = _upload(login(world.core_a), imp.measure, content)
    assert response.status_code == 302
    values = dict(imp.measure.data_points.values_list("period", "value"))
    assert values[datetime.date(2025, 2, 1)] == 3.5
    assert values[datetime.date(2025, 3, 1)] == 4.0


def test_unnamed_empty_columns_are_ignored(world, imp, login):
    content = "periode;værdi;;\n2025-02-01;3;;\n"
    assert _upload(login(world.core_a), imp.measure, content).status_code == 302


def test_windows_excel_encoding(world, imp, login):
    content = "periode;værdi;note\n2025-02-01;3,5;bemærkning\n".encode("cp1252")
    assert _upload(login(world.core_a), imp.measure, content).status_code == 302
    assert imp.measure.data_points.get(period=datetime.date(2025, 2, 1)).note == "bemærkning"


def test_a_row_for_an_existing_period_replaces_it(world, imp, login):
    response = _upload(login(world.core_a), imp.measure, "periode;værdi\n2025-01-01;9\n")
    assert response.status_code == 302
    imp.point.refresh_from_db()
    assert imp.point.value == 9.0
    assert imp.measure.data_points.count() == 1


def test_any_error_imports_nothing_and_lists_every_bad_row(world, p_measure, login):
    content = (
        "periode;tæller;nævner\n"
        "2025-01-06;3;10\n"  # good
        "2025-01-13;tre;10\n"  # text in a numeric cell
        "2025-01-20;12;10\n"  # numerator > denominator
        "2025-01-08;1;10\n"  # same week as row 2
        "1999-01-04;1;10\n"  # before 2000
        "2025-01-27;-1;10\n"  # negative count
    )
    response = _upload(login(world.core_a), p_measure, content)
    assert response.status_code == 200
    result = response.context["result"]
    assert [number for number, _ in result.row_errors] == [3, 4, 5, 6, 7]
    assert "Samme periode som række 2" in result.row_errors[2][1][0]
    assert not DataPoint.objects.filter(measure=p_measure).exists()
    html = response.content.decode()
    assert "Intet blev importeret" in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("dato;antal;farve\n2025-01-06;1;rød\n", "Forkerte kolonner"),
        ("periode;værdi\n2025-01-06;1\n", "Forkerte kolonner"),  # a P chart needs tæller/nævner
        ("periode;tæller\n2025-01-06;1\n", "Manglende kolonner: nævner"),
        ("periode;tæller;nævner\n", "ingen datarækker"),
        ("\n \n\n", "Filen er tom"),
        (b"\x00\x01\x02\xff\xfe", "ikke en tekstfil"),
    ],
)
def test_file_errors(world, p_measure, login, content, message):
    response = _upload(login(world.core_a), p_measure, content)
    assert response.status_code == 200
    errors = " ".join(response.context["result"].file_errors)
    assert message in errors
    assert not DataPoint.objects.filter(measure=p_measure).exists()


def test_empty_upload_is_a_form_error(world, p_measure, login):
    response = _upload(login(world.core_a), p_measure, "")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_huge_file_is_refused(world, p_measure, login):
    content = "periode;tæller;nævner\n" + "2025-01-06;1;10\n" * 200_000
    response = _upload(login(world.core_a), p_measure, content)
    assert "større end" in " ".join(response.context["result"].file_errors)


def test_xlsx_import_and_a_file_that_is_not_a_spreadsheet(world, p_measure, login):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["periode", "tæller", "nævner", "note"])
    sheet.append([datetime.date(2025, 1, 6), 3, 10, "første uge"])
    sheet.append(["13.01.2025", 4, 10, None])
    out = io.BytesIO()
    workbook.save(out)
    client = login(world.core_a)
    response = _upload(client, p_measure, out.getvalue(), name="data.xlsx")
    assert response.status_code == 302
    assert p_measure.data_points.count() == 2
    response = _upload(client, p_measure, b"not a zip file", name="data.xlsx")
    assert response.status_code == 200
    assert "ikke et Excel-regneark" in " ".join(response.context["result"].file_errors)


def test_csv_export_round_trips(world, p_measure, login):
    DataPoint.objects.create(
        measure=p_measure, period=datetime.date(2025, 1, 6), numerator=2.5, denominator=10
    )
    client = login(world.steering)  # readers may export
    response = client.get(reverse("improvement_measure_export", args=[p_measure.pk, "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines() == ["periode;tæller;nævner;note", "2025-01-06;2,5;10;"]
    assert "attachment" in response["Content-Disposition"]
    # Re-import the exported file: nothing changes.
    lead = login(world.lead_a)
    assert _upload(lead, p_measure, response.content).status_code == 302
    point = p_measure.data_points.get()
    assert (point.numerator, point.denominator) == (2.5, 10.0)


def test_xlsx_export(world, imp, login):
    response = login(world.core_a).get(
        reverse("improvement_measure_export", args=[imp.measure.pk, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("periode", "værdi", "note")
    assert rows[1][1] == 4


def test_exported_notes_never_become_formulas(world, imp, login):
    imp.point.note = '=HYPERLINK("http://example.org","klik")'
    imp.point.save()
    client = login(world.core_a)
    csv_text = client.get(
        reverse("improvement_measure_export", args=[imp.measure.pk, "csv"])
    ).content.decode("utf-8-sig")
    assert ";\"'=HYPERLINK" in csv_text
    response = client.get(reverse("improvement_measure_export", args=[imp.measure.pk, "xlsx"]))
    cell = load_workbook(io.BytesIO(response.content)).active["C2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_unknown_export_format_is_404(world, imp, login):
    url = reverse("improvement_measure_export", args=[imp.measure.pk, "pdf"])
    assert login(world.core_a).get(url).status_code == 404


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_sheet_xml(xlsx: bytes, write_sheet) -> bytes:
    """The workbook with its first sheet's XML replaced by what ``write_sheet`` writes."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w") as sheet:
                    write_sheet(sheet)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def _bomb_sheet(sheet):
    """About 100 MB of the same data row: periode;tæller;nævner."""
    sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns=')
    sheet.write(b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    row = (
        b'<row><c t="inlineStr"><is><t>2025-01-06</t></is></c><c><v>1</v></c><c><v>10</v></c></row>'
    )
    chunk = row * 10_000
    for _ in range(100_000_000 // len(chunk)):
        sheet.write(chunk)
    sheet.write(b"</sheetData></worksheet>")


def test_a_zip_bomb_is_refused_before_it_is_parsed(world, p_measure, login, monkeypatch):
    bomb = _with_sheet_xml(_xlsx([["periode", "tæller", "nævner"]]), _bomb_sheet)
    assert len(bomb) < 500_000
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > 99_000_000

    def no_parsing(*args, **kwargs):
        raise AssertionError("the spreadsheet parser was called")

    monkeypatch.setattr("openpyxl.load_workbook", no_parsing)
    response = _upload(login(world.core_a), p_measure, bomb, name="data.xlsx")
    assert response.status_code == 200
    errors = " ".join(response.context["result"].file_errors)
    assert "Regnearket fylder" in errors and "udpakket" in errors
    assert not p_measure.data_points.exists()


def test_a_spreadsheet_with_thousands_of_parts_is_refused(world, p_measure, login):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(1500):
            archive.writestr(f"xl/media/{number}.bin", "")
    response = _upload(login(world.core_a), p_measure, out.getvalue(), name="data.xlsx")
    assert "mere end 1000 dele" in " ".join(response.context["result"].file_errors)


def test_a_sheet_with_too_many_columns_is_refused(world, p_measure, login):
    wide = ["periode", "tæller", "nævner"] + [""] * 30 + ["x"]
    content = _xlsx([wide, ["2025-01-06", 1, 10]])
    response = _upload(login(world.core_a), p_measure, content, name="data.xlsx")
    assert "mere end 20 kolonner" in " ".join(response.context["result"].file_errors)
    assert not p_measure.data_points.exists()


def test_a_sheet_with_too_many_rows_is_refused(world, p_measure, login):
    rows = [["periode", "tæller", "nævner"]]
    start = datetime.date(2000, 1, 3)
    rows += [[start + datetime.timedelta(weeks=n), 1, 10] for n in range(5001)]
    response = _upload(login(world.core_a), p_measure, _xlsx(rows), name="data.xlsx")
    assert "mere end 5000 rækker" in " ".join(response.context["result"].file_errors)
    assert not p_measure.data_points.exists()


def test_a_sheet_packed_far_too_tightly_is_refused_even_when_small_unpacked(
    world, p_measure, login
):
    def sheet_of_two_mb(sheet):
        sheet.write(b"<worksheet><sheetData>" + b" " * 2_000_000 + b"</sheetData></worksheet>")

    content = _with_sheet_xml(_xlsx([["periode"]]), sheet_of_two_mb)
    response = _upload(login(world.core_a), p_measure, content, name="data.xlsx")
    assert "pakket langt tættere" in " ".join(response.context["result"].file_errors)
