import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bass.history import acting_as
from specialties.models import Ambition, Specialty, StrengthPosition
from tests.conftest import assign, make_user


def test_dashboard_is_for_roles_that_see_the_programme(world, login):
    assert login(world.steering).get("/oversigt/").status_code == 200
    assert login(world.admin).get("/oversigt/").status_code == 200
    assert login(world.owner_a).get("/oversigt/").status_code == 403
    assert login(world.nobody).get("/oversigt/eksport.xlsx").status_code == 403


def test_dashboard_shows_each_specialty_with_owner_and_gaps(world, login):
    body = login(world.steering).get("/oversigt/").content.decode()
    assert world.specialty_a.name in body and world.specialty_b.name in body
    assert "Owner_A" in body and "Lead_A" in body
    # specialty B has no implementation lead: it waits for the steering group
    assert f"/roller/specialties/specialty/{world.specialty_b.pk}/" in body


def test_dashboard_filters_by_hospital(world, login):
    client = login(world.steering)
    body = client.get("/oversigt/", {"sygehus": world.hospital_2.pk}).content.decode()
    assert world.specialty_b.name in body
    assert f'href="/specialer/{world.specialty_a.slug}/"' not in body


def _row(body: str, specialty) -> str:
    start = body.index(f'<th scope="row"><a href="{specialty.get_absolute_url()}">')
    return body[start : body.index("</tr>", start)]


def test_dashboard_row_links_every_cell_to_the_page_behind_it(world, login):
    body = login(world.steering).get("/oversigt/").content.decode()
    row = _row(body, world.specialty_a)
    # one strength position (Holbæk) of the two hospitals, named in one narrow column
    assert f'<abbr title="{world.hospital_1.name}">{world.hospital_1.short_name}</abbr>' in row
    assert f'title="{world.hospital_2.name}"' not in row
    assert f'href="{world.specialty_a.get_absolute_url()}#styrkepositioner"' in row
    for url in [
        reverse("object_roles", args=["specialties", "specialty", world.specialty_a.pk]),
        reverse("specialty_sustainability", args=["a"]),
        reverse("improvement_specialty_projects", args=["a"]),
        reverse("plans_specialty", args=["a"]),
        reverse("change_feed") + "?speciale=a",
    ]:
        assert f'href="{url}"' in row
    assert "Owner_A" in row and "Lead_A" in row


def test_dashboard_escapes_what_people_typed(world, login):
    world.specialty_b.name = 'Kirurgi <script>alert("x")</script> & co'
    world.specialty_b.save()
    world.owner_a.first_name = "<b>Ejer</b>"
    world.owner_a.save()
    body = login(world.steering).get("/oversigt/").content.decode()
    assert "<script>alert" not in body and "<b>Ejer</b>" not in body
    assert "Kirurgi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in body
    assert "&lt;b&gt;Ejer&lt;/b&gt;" in _row(body, world.specialty_a)


def test_dashboard_filter_by_specialty_keeps_every_specialty_to_choose(world, login):
    client = login(world.steering)
    body = client.get("/oversigt/", {"speciale": world.specialty_a.pk}).content.decode()
    assert f'<option value="{world.specialty_a.pk}" selected>' in body
    assert f'<option value="{world.specialty_b.pk}">' in body
    assert f'<th scope="row"><a href="{world.specialty_b.get_absolute_url()}">' not in body


def test_submitted_ambitions_wait_for_the_steering_group(world, login):
    for specialty in (world.specialty_a, world.specialty_b):
        for kind in ("strategic", "professional"):
            Ambition.objects.create(
                specialty=specialty, kind=kind, draft_text="<p>x</p>", status="submitted"
            )
    client = login(world.steering)
    body = client.get("/oversigt/").content.decode()
    waiting = body[body.index('id="venter"') : body.index('id="oversigt"')]
    # by specialty name (geriatri before kardiologi), then kind
    expected = [
        Ambition(specialty=specialty, kind=kind).get_absolute_url()
        for specialty in (world.specialty_b, world.specialty_a)
        for kind in ("professional", "strategic")
    ]
    positions = [waiting.index(f'href="{url}"') for url in expected]
    assert positions == sorted(positions)
    # only specialties that match the filters
    body = client.get("/oversigt/", {"speciale": world.specialty_a.pk}).content.decode()
    waiting = body[body.index('id="venter"') : body.index('id="oversigt"')]
    assert world.specialty_b.name not in waiting and world.specialty_a.name in waiting
    sheet = load_workbook(io.BytesIO(client.get("/oversigt/eksport.xlsx").content)).worksheets[1]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[:4] == [world.specialty_b.name] * 2 + [world.specialty_a.name] * 2


def _dashboard_queries(client) -> tuple[int, int]:
    """The queries of the dashboard on the first view after a change (the last activity
    of the specialties read anew) and on the next (kept)."""
    counts = []
    for _view in ("cold", "warm"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/oversigt/").status_code == 200
        counts.append(len(captured.captured_queries))
    return counts[0], counts[1]


def test_dashboard_queries_do_not_grow_with_data(world, login):
    client = login(world.steering)
    client.get("/oversigt/")
    world.position_a.responsibility = "Ny ordlyd"  # a change in a specialty
    world.position_a.save()
    small = _dashboard_queries(client)
    for n in range(12):
        specialty = Specialty.objects.create(name=f"Speciale {n}", slug=f"d{n}")
        StrengthPosition.objects.create(
            specialty=specialty, hospital=world.hospital_1, organisation_form="two_hospitals"
        )
        assign(make_user(f"owner{n}"), "specialty_owner", specialty)
    # the new rows' history changes what the last activity is kept under: a cold view
    assert _dashboard_queries(client) == small
    # the last activity is read in seven queries and kept until the data change
    assert small[0] - small[1] == 7


def test_xlsx_export_has_real_numbers_and_dates(world, login):
    response = login(world.steering).get("/oversigt/eksport.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    row_a = rows[world.specialty_a.name]
    assert row_a["Borgere uden dækning"] == 48602 + 79728  # an int, not "128.330"
    assert row_a[header[-1]].year >= 2025  # a datetime, not text


def test_csv_export(world, login):
    response = login(world.steering).get("/oversigt/eksport.csv")
    text = response.content.decode("utf-8-sig")
    assert world.specialty_a.name in text
    assert ";" in text.splitlines()[0]


def test_change_feed_shows_who_changed_what_and_hides_other_specialties(world, login):
    with acting_as(world.owner_b, "Ny organisering"):
        world.position_b.responsibility = "Fælles ansvar"
        world.position_b.save()
    body = login(world.owner_a).get("/aendringer/").content.decode()
    assert "Ny organisering" not in body  # owner A may not see specialty B
    body = login(world.steering).get("/aendringer/").content.decode()
    assert "Ny organisering" in body and "Owner_B" in body
    filtered = login(world.steering).get("/aendringer/", {"person": world.owner_a.pk})
    assert "Ny organisering" not in filtered.content.decode()


def test_change_feed_bad_filters_change_nothing(world, login):
    client = login(world.steering)
    response = client.get("/aendringer/", {"fra": "not-a-date", "side": "x", "person": "abc"})
    assert response.status_code == 200


def test_change_feed_shows_a_cluster_projects_changes_to_its_forum_only(world, login):
    from tests.improvement.improvement_world import cluster_improvement_for

    imp = cluster_improvement_for(world, "A")  # forum A: owner_a chairs, lead_a is a member
    with acting_as(world.owner_a, "Nyt mål for klyngen"):
        imp.project.aim_how_much = "25 % færre"
        imp.project.save()
    for user, sees in [
        (world.lead_a, True),
        (world.steering, True),
        (world.core_a, False),  # another forum of the same cluster
        (world.owner_b, False),
    ]:
        body = login(user).get("/aendringer/").content.decode()
        assert ("Nyt mål for klyngen" in body) is sees, user.username


def _grow(world, prefix="g"):
    """More of everything the programme pages read: specialties with owners and strength
    positions, improvement work with cycles and data, history rows."""
    from tests.improvement.improvement_world import build

    for n in range(6):
        specialty = Specialty.objects.create(name=f"Speciale {prefix}{n}", slug=f"{prefix}{n}")
        StrengthPosition.objects.create(
            specialty=specialty, hospital=world.hospital_1, organisation_form="two_hospitals"
        )
        assign(make_user(f"{prefix}-owner{n}"), "specialty_owner", specialty)
        build(specialty, title=f"Indsats {prefix}{n}")
    build(world.specialty_a, title=f"Endnu en indsats {prefix}")
    for n in range(5):
        world.position_a.responsibility = f"Ansvar {n}"
        world.position_a.save()


def test_programme_pages_cost_the_same_queries_with_more_data(
    world, login, django_assert_num_queries, django_assert_max_num_queries
):
    """The change feed, the XLSX export, a specialty workspace and the home page: the
    number of queries does not grow with specialties, projects, cycles or history. (The
    feed loads the rows of each kind of object on its page with one query: fewer kinds on
    a page, fewer queries.)"""
    client = login(world.steering)
    urls = [
        "/aendringer/",
        "/oversigt/eksport.xlsx",
        reverse("specialty_detail", args=[world.specialty_a.slug]),
        "/",
    ]
    counts = {}
    for url in urls:
        client.get(url)  # warm caches (permissions, content types)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured.captured_queries)
    _grow(world)
    bounded = ("/aendringer/", "/oversigt/eksport.xlsx")
    for url in urls:
        client.get(url)
        if url in bounded:
            # The first growth may bring new kinds of objects into the 500 changes of the
            # export; from there on, more of them cost nothing more.
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[url] = len(captured.captured_queries)
            continue
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200
    _grow(world, "h")
    for url in bounded:
        client.get(url)
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_exports_keep_typed_formulas_as_text(world, login):
    link = '=HYPERLINK("http://x","y")'
    with acting_as(world.owner_b, link):
        world.position_b.responsibility = "Fælles ansvar"
        world.position_b.save()
    world.specialty_b.name = "@SUM(A1)"
    world.specialty_b.save()
    client = login(world.steering)
    workbook = load_workbook(io.BytesIO(client.get("/oversigt/eksport.xlsx").content))
    changes = workbook.worksheets[2]
    assert [c.value for c in changes[1]][-1] in ("Why", "Hvorfor")
    reasons = [row[4] for row in changes.iter_rows(min_row=2)]
    assert any(cell.value == "'" + link and cell.data_type == "s" for cell in reasons)
    names = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2)]
    assert any(cell.value == "'@SUM(A1)" and cell.data_type == "s" for cell in names)
    assert all(
        cell.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for cell in row
    )
    text = client.get("/oversigt/eksport.csv").content.decode("utf-8-sig")
    assert "'@SUM(A1)" in text and "\n@SUM" not in text


def test_the_page_and_the_exports_share_their_columns(world, login):
    client = login(world.steering)
    sheet = load_workbook(io.BytesIO(client.get("/oversigt/eksport.xlsx").content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    csv_header = client.get("/oversigt/eksport.csv").content.decode("utf-8-sig").splitlines()[0]
    assert csv_header.split(";") == header
    # A column per acute hospital, in the page's order, on the page and in the file.
    body = client.get("/oversigt/").content.decode()
    assert "Styrkepositioner</a></th>" not in body and ">Styrkepositioner</th>" in body
    for hospital in (world.hospital_1, world.hospital_2):
        assert hospital.short_name in header
    assert header.index(world.hospital_1.short_name) < header.index(world.hospital_2.short_name)
    assert client.get("/oversigt/eksport.pdf").status_code == 404


def test_english_pages_write_english_numbers(world, login):
    client = login(world.steering)
    assert "128.330" in _row(client.get("/oversigt/").content.decode(), world.specialty_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    row = _row(client.get("/oversigt/").content.decode(), world.specialty_a)
    assert "128,330 citizens" in row and "128.330" not in row


def test_bad_filters_filter_nothing(world, login):
    client = login(world.steering)
    body = client.get("/oversigt/", {"sygehus": "x", "speciale": ["abc"], "status": "y"})
    assert body.status_code == 200
    text = body.content.decode()
    assert world.specialty_a.name in text and world.specialty_b.name in text
