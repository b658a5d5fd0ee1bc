"""The dashboard at a glance (tiles, sorting, status cells, exports a secretariat can use)
and the change feed as a story (readable names, one entry per save, keyset pages)."""

import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from bass.history import acting_as
from programme import dashboard
from specialties.models import Ambition
from tests.improvement.improvement_world import build


def _xlsx(client, **params):
    response = client.get("/oversigt/eksport.xlsx", params)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_an_approved_ambition_with_a_new_draft_says_both(world, login):
    with acting_as(world.owner_a, "Godkendt"):
        ambition = Ambition.objects.create(
            specialty=world.specialty_a,
            kind="strategic",
            draft_text="<p>Ny tekst</p>",
            approved_text="<p>Godkendt tekst</p>",
            status="draft",
        )
    client = login(world.steering)
    body = client.get("/oversigt/").content.decode()
    assert "Strategisk: Godkendt – ny kladde i gang" in body
    assert "Strategisk: Kladde" not in body
    sheet = _xlsx(client).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(
        r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == world.specialty_a.name
    )
    assert row[header.index("Strategisk ambition")] == "Godkendt – ny kladde i gang"
    ambition.status = "submitted"
    ambition.save()
    assert "Godkendt – ny udgave indsendt" in client.get("/oversigt/").content.decode()


def _shown(body: str, world) -> list:
    return [
        s
        for s in (world.specialty_a, world.specialty_b)
        if f'<th scope="row"><a href="{s.get_absolute_url()}">' in body
    ]


def test_tiles_count_and_narrow_the_table(world, login):
    from bass import formatting

    with acting_as(world.owner_a, "Svar"):
        Ambition.objects.create(
            specialty=world.specialty_a, kind="strategic", draft_text="<p>x</p>", status="submitted"
        )
    rows = dashboard.programme_rows(world.steering)
    total = dashboard.summary(rows)
    assert total.waiting_approvals == 1
    client = login(world.steering)
    body = client.get("/oversigt/").content.decode()
    tiles = body[body.index('id="overblik"') : body.index('id="venter"')]
    citizens = formatting.number(sum(r.coverage.uncovered_citizens for r in rows))
    assert f"{citizens} borgere uden dækning" in tiles
    assert "?vis=daekning#oversigt" in tiles
    narrowed = client.get("/oversigt/", {"vis": "godkendelse"}).content.decode()
    assert _shown(narrowed, world) == [world.specialty_a]
    assert "Vis alle specialer" in narrowed
    gaps = client.get("/oversigt/", {"vis": "daekning"}).content.decode()
    assert _shown(gaps, world) == [
        s
        for s in (world.specialty_a, world.specialty_b)
        if s.pk in {r.specialty.pk for r in rows if not r.coverage.is_complete}
    ]
    # an unknown tile narrows nothing
    everything = client.get("/oversigt/", {"vis": "x"}).content.decode()
    assert len(_shown(everything, world)) == 2


def test_columns_sort_on_the_server(world, login):
    client = login(world.steering)
    a = f'<th scope="row"><a href="{world.specialty_a.get_absolute_url()}">'
    b = f'<th scope="row"><a href="{world.specialty_b.get_absolute_url()}">'
    by_name = client.get("/oversigt/", {"sort": "navn"}).content.decode()
    assert by_name.index(b) < by_name.index(a)  # geriatri before kardiologi
    assert 'aria-sort="ascending"' in by_name and "?sort=-navn#oversigt" in by_name
    reverse = client.get("/oversigt/", {"sort": "-navn"}).content.decode()
    assert reverse.index(a) < reverse.index(b) and 'aria-sort="descending"' in reverse
    rows = {r.specialty.pk: r for r in dashboard.programme_rows(world.steering)}
    gap_a = rows[world.specialty_a.pk].coverage.uncovered_citizens
    gap_b = rows[world.specialty_b.pk].coverage.uncovered_citizens
    by_gap = client.get("/oversigt/", {"sort": "-daekning"}).content.decode()
    assert (by_gap.index(a) < by_gap.index(b)) == (gap_a > gap_b)
    assert client.get("/oversigt/", {"sort": "<script>"}).status_code == 200


def test_last_activity_reads_everything_in_the_specialty(world, login):
    client = login(world.steering)
    imp = build(world.specialty_a)
    newest = imp.point.history.order_by("-history_date").first().history_date
    rows = {r.specialty.pk: r for r in dashboard.programme_rows(world.steering)}
    assert rows[world.specialty_a.pk].last_change == newest
    assert client.get("/oversigt/").status_code == 200


def test_xlsx_is_ready_to_use(world, login):
    build(world.specialty_a)
    workbook = _xlsx(login(world.steering))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
    assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1])
    assert sheet.column_dimensions["A"].width >= len("Specialty")
    assert all(cell.font.bold for cell in sheet[1])
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    row = rows[world.specialty_a.name]
    assert row["Holbæk"].value == "Ja" and row["Slagelse"].value == "Nej"
    score = row["Faglig bæredygtighed"]
    if score.value is not None:
        assert score.number_format == "0.0" and round(score.value, 1) == score.value
    share = row["Færdige milepæle (andel)"]
    if share.value is not None:
        assert share.number_format == "0%"
    assert isinstance(row["Seneste aktivitet"].value, datetime.datetime)
    assert row["Seneste aktivitet"].is_date
    changes = workbook.worksheets[2]
    objects = [r[3] for r in changes.iter_rows(min_row=2, values_only=True)]
    assert "datapunkt jan. 2025 i Genindlæggelser" in objects
    assert changes.freeze_panes == "A2" and changes.auto_filter.ref.startswith("A1:E")
    text = login(world.steering).get("/oversigt/eksport.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0].split(";") == header
    assert ";Ja;Nej;" in text


def test_the_feed_names_objects_and_groups_one_save(world, login):
    with acting_as(world.lead_a, "Import af data"):
        imp = build(world.specialty_a)
    body = login(world.steering).get("/aendringer/").content.decode()
    assert "datapunkt jan. 2025 i Genindlæggelser" in body
    assert "#" + str(imp.point.pk) + "<" not in body
    # the seven rows of one build are one entry that opens to show the others
    assert body.count("Import af data") == 1
    assert '<details class="feed-group">' in body and "ændringer mere i samme gemning" in body


def test_the_person_field_searches_and_suggests_only_people_in_the_feed(world, login):
    from django.contrib.auth import get_user_model

    get_user_model().objects.get_or_create(username="AnonymousUser")
    with acting_as(world.owner_b, "Ny organisering"):
        world.position_b.responsibility = "Fælles ansvar"
        world.position_b.save()
    client = login(world.steering)
    body = client.get("/aendringer/").content.decode()
    assert '<input type="search" name="person"' in body
    suggestions = body[body.index('<datalist id="f-person-names">') :]
    suggestions = suggestions[: suggestions.index("</datalist>")]
    assert "Owner_B" in suggestions
    assert "AnonymousUser" not in suggestions and world.nobody.first_name not in suggestions
    found = client.get("/aendringer/", {"person": "owner_b"}).content.decode()
    assert "Ny organisering" in found
    other = client.get("/aendringer/", {"person": "Owner_A"}).content.decode()
    assert "Ny organisering" not in other


def test_the_feed_costs_the_same_queries_with_more_people(world, login):
    from tests.conftest import make_user

    client = login(world.steering)
    client.get("/aendringer/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/aendringer/").status_code == 200
    for n in range(40):
        make_user(f"ekstra{n}")
    with CaptureQueriesContext(connection) as many:
        body = client.get("/aendringer/").content.decode()
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert "Ekstra7" not in body  # people are searched for, not listed


def test_feed_pages_continue_after_a_cursor_at_the_same_cost(world, login):
    for n in range(40):
        with acting_as(world.owner_a, f"Ændring {n}"):
            world.position_a.responsibility = f"Ansvar {n}"
            world.position_a.save()
    client = login(world.steering)
    client.get("/aendringer/")
    body = client.get("/aendringer/").content.decode()
    assert "Ændring 39" in body and "Ændring 5<" not in body
    start = body.index('href="?efter=') + len('href="?')
    older = body[start : body.index('"', start)].replace("&amp;", "&")
    with CaptureQueriesContext(connection) as second:
        page2 = client.get("/aendringer/?" + older).content.decode()
    assert "Side 2" in page2 and "Ændring 5<" in page2 and "Ændring 39" not in page2
    # page 2 asks for the same 31 newest keys after the cursor, not 61 from the top
    unions = [q["sql"] for q in second.captured_queries if "UNION ALL" in q["sql"]]
    assert len(unions) == 1 and unions[0].endswith("LIMIT 31") and "LIMIT 61" not in unions[0]
    # every change once over the two pages
    shown = [f"Ændring {n}<" for n in range(40)]
    assert all((s in body) != (s in page2) for s in shown)
    bad = client.get("/aendringer/", {"efter": "nonsense_x_y", "side": "z"})
    assert bad.status_code == 200 and "Ændring 39" in bad.content.decode()


def test_blind_spots_in_the_prism_show_on_the_dashboard(world, login):
    from sustainability.models import PrismRating
    from tests.improvement.improvement_world import improvement_for
    from tests.sustainability.sustainability_factories import make_assessment

    work = improvement_for(world, "A")
    # A change idea expected to weaken the staff axis: a blind spot of specialty A.
    PrismRating.objects.create(
        specialty=world.specialty_a,
        initiative=work.idea,
        professional_effect=1,
        staff_effect=-1,
        organisational_effect=0,
    )
    rows = {r.specialty.pk: r for r in dashboard.programme_rows(world.steering)}
    assert [r.initiative for r in rows[world.specialty_a.pk].blind_spots] == [work.idea]
    assert rows[world.specialty_b.pk].blind_spots == []
    client = login(world.steering)
    narrowed = client.get("/oversigt/", {"vis": "blinde"}).content.decode()
    assert _shown(narrowed, world) == [world.specialty_a]
    assert "1 blind vinkel" in narrowed
    # With an assessment, the cell shows the axes' scores and the blind spot.
    make_assessment(world.specialty_a, {"professional": 4, "staff": 2, "organisational": 3})
    cell = client.get("/oversigt/", {"vis": "blinde"}).content.decode()
    assert "Pers.</abbr> 2,0" in cell and "1 blind vinkel" in cell
