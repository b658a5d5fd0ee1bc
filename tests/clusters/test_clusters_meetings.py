import datetime

from django.urls import reverse
from django.utils import timezone

from clusters.models import AgendaItem, Meeting
from tests.conftest import assign, make_user


def _item_data(**extra):
    data = {
        "number": "3",
        "title": "Beslutning om henvendelse til Sundhedsdatastyrelsen",
        "case_id": "EMN-2024-10711",
        "document_id": "12071258",
        "summary": "<p>Resumé <script>alert(1)</script></p>",
        "recommendation": "<p>Det indstilles at forummet beslutter.</p>",
        "case_presentation": "",
        "finances": "",
        "earlier_decisions": "",
    }
    data.update(extra)
    return data


def test_a_secretary_plans_a_meeting_and_writes_its_agenda(cw, login):
    secretary = make_user("sekretaer")
    assign(secretary, "forum_secretary", cw.a.forum)
    client = login(secretary)
    response = client.post(
        reverse("meeting_create", args=[cw.a.forum.pk]),
        {
            "starts_at": "2026-05-07T16:30",
            "place": "",
            "online_link": "https://teams.example/x",
        },
    )
    meeting = Meeting.objects.get(forum=cw.a.forum, online_link="https://teams.example/x")
    assert response.status_code == 302
    assert meeting.status == "draft"  # a new meeting starts as a draft (kladde)

    response = client.get(reverse("item_create", args=[meeting.pk]))
    assert response.context["form"]["number"].initial == 1
    response = client.post(reverse("item_create", args=[meeting.pk]), _item_data(number="1"))
    assert response.status_code == 302
    item = meeting.items.get()
    assert "<script>" not in item.summary  # sanitised on save
    assert item.history.first().history_user == secretary

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Beslutning om henvendelse til Sundhedsdatastyrelsen" in page
    assert "EMN-2024-10711" in page


def test_a_meeting_without_a_date_or_place_is_refused_and_nothing_saved(cw, login):
    client = login(cw.world.owner_a)
    before = Meeting.objects.count()
    response = client.post(
        reverse("meeting_create", args=[cw.a.forum.pk]),
        {"starts_at": "", "place": "", "online_link": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "starts_at" in errors
    response = client.post(
        reverse("meeting_create", args=[cw.a.forum.pk]),
        {"starts_at": "2026-05-07T16:30", "place": "", "online_link": ""},
    )
    assert response.context["form"].non_field_errors()
    assert Meeting.objects.count() == before


def test_duplicate_item_numbers_in_one_meeting_are_refused(cw, login):
    client = login(cw.world.owner_a)
    response = client.post(reverse("item_create", args=[cw.a.meeting.pk]), _item_data(number="1"))
    assert response.status_code == 200
    assert "number" in response.context["form"].errors
    assert cw.a.meeting.items.count() == 2
    # The same number in another meeting is fine.
    other = Meeting.objects.create(forum=cw.a.forum, starts_at=timezone.now(), place="Sorø")
    response = client.post(reverse("item_create", args=[other.pk]), _item_data(number="1"))
    assert response.status_code == 302


def test_the_chair_records_the_decision_with_history_and_a_member_may_not(cw, login):
    url = reverse("item_decision", args=[cw.a.item.pk])
    member = login(cw.world.lead_a)  # member of forum A: comments and dissents only
    assert member.get(url).status_code == 403
    assert member.post(url, {"decision": "<p>Mit eget</p>"}).status_code == 403
    client = login(cw.world.owner_a)  # chair of forum A
    response = client.post(
        url,
        {
            "decision": "<p>Der udarbejdes et fælles brev.</p>",
            "absent": "Anne Bang",
            "base_version": cw.a.item.version,
            "change_reason": "Referat",
        },
    )
    assert response.status_code == 302
    cw.a.item.refresh_from_db()
    assert cw.a.item.decision == "<p>Der udarbejdes et fælles brev.</p>"
    latest = cw.a.item.history.first()
    assert latest.history_user == cw.world.owner_a
    assert latest.history_change_reason == "Referat"


def test_a_stale_decision_gives_the_conflict_page_and_keeps_the_text(cw, login):
    client = login(cw.world.owner_a)
    url = reverse("item_decision", args=[cw.a.item.pk])
    stale = cw.a.item.version
    cw.a.item.decision = "<p>Someone else's decision</p>"
    cw.a.item.save()
    response = client.post(
        url, {"decision": "<p>My decision</p>", "absent": "", "base_version": stale}
    )
    assert response.status_code == 409
    assert "My decision" in response.content.decode()
    cw.a.item.refresh_from_db()
    assert cw.a.item.decision == "<p>Someone else's decision</p>"


def test_closed_items_are_shown_to_forum_members_only(cw, login):
    url = cw.a.meeting.get_absolute_url()
    member_page = login(cw.world.lead_a).get(url).content.decode()
    assert "Personsag om formandskabet" in member_page
    assert "Bilag 1" in member_page

    # core_a takes part in cluster A (theme committee) but is not a member of forum A.
    page = login(cw.world.core_a).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Velkommen og godkendelse af dagsordenen" in text
    assert "Personsag om formandskabet" not in text
    assert "Bilag 1" not in text
    assert (
        login(cw.world.core_a).get(reverse("item_update", args=[cw.a.closed.pk])).status_code == 404
    )
    assert (
        login(cw.world.core_a)
        .get(reverse("attachment_download", args=[cw.a.attachment.pk]))
        .status_code
        == 404
    )


def test_moving_an_item_swaps_numbers_and_keeps_them_unique(cw, login):
    client = login(cw.world.owner_a)
    response = client.post(reverse("item_move", args=[cw.a.item.pk]), {"direction": "down"})
    assert response.status_code == 302
    numbers = dict(cw.a.meeting.items.values_list("title", "number"))
    assert numbers == {
        "Velkommen og godkendelse af dagsordenen": 2,
        "Personsag om formandskabet": 1,
    }
    # Moving the last item further down changes nothing.
    client.post(reverse("item_move", args=[cw.a.item.pk]), {"direction": "down"})
    assert cw.a.meeting.items.get(pk=cw.a.item.pk).number == 2
    assert cw.a.item.history.first().history_change_reason == "Flyttet på dagsordenen"


def test_deleting_an_item_asks_first(cw, login):
    client = login(cw.world.owner_a)
    url = reverse("item_delete", args=[cw.a.item.pk])
    assert client.get(url).status_code == 200
    assert AgendaItem.objects.filter(pk=cw.a.item.pk).exists()
    assert client.post(url).status_code == 302
    assert not AgendaItem.objects.filter(pk=cw.a.item.pk).exists()


def test_deleting_an_item_deletes_its_attachments_with_history_and_files(
    cw, login, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from clusters.models import AgendaAttachment

    attachment = cw.a.attachment
    assert default_storage.exists(attachment.file.name)
    client = login(cw.world.owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("item_delete", args=[cw.a.closed.pk])).status_code == 302
    assert not AgendaAttachment.objects.filter(pk=attachment.pk).exists()
    gone = AgendaAttachment.history.get(id=attachment.pk, history_type="-")
    assert gone.history_user == cw.world.owner_a
    assert not default_storage.exists(attachment.file.name)


def test_forum_page_lists_meetings_and_members_by_role(cw, login):
    Meeting.objects.create(
        forum=cw.a.forum,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        place="Slagelse Sygehus",
        status="published",
    )
    page = login(cw.world.core_a).get(cw.a.forum.get_absolute_url()).content.decode()
    assert "Slagelse Sygehus" in page  # upcoming
    assert "Owner_A" in page and "Lead_A" in page
    assert page.index("Owner_A") < page.index("Lead_A")  # chair before members


def _add_meetings(forum, n, items_each=3):
    for i in range(n):
        meeting = Meeting.objects.create(
            forum=forum,
            starts_at=timezone.now() - datetime.timedelta(days=10 + i),
            place="Teams",
            status="held",
        )
        for number in range(1, items_each + 1):
            AgendaItem.objects.create(
                meeting=meeting, number=number, title=f"Punkt {number}", is_closed=number == 3
            )


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_pages_keep_their_query_count_when_data_doubles(cw, login, django_assert_max_num_queries):
    client = login(cw.world.core_a)
    _add_meetings(cw.a.forum, 3)
    urls = [
        reverse("cluster_list"),
        cw.a.cluster.get_absolute_url(),
        cw.a.forum.get_absolute_url(),
        cw.a.meeting.get_absolute_url(),
    ]
    for url in urls:  # warm the content-type cache
        client.get(url)
    # The meeting page asks for the meeting's life too (attendance, dissents, what the
    # user may do next): a few more queries, the same number however much data there is.
    first = [_queries(client, url, django_assert_max_num_queries, 30) for url in urls]
    _add_meetings(cw.a.forum, 6)
    for number in range(3, 9):
        AgendaItem.objects.create(meeting=cw.a.meeting, number=number, title=f"Nyt {number}")
    second = [_queries(client, url, django_assert_max_num_queries, 30) for url in urls]
    assert first == second
