"""Standard items as the forum's agenda template (issue 19, point 6): kept by the forum's
secretary and chair, given to every new meeting (first ones at the top, last ones at the
bottom, where they stay when items are added)."""

from django.urls import reverse

from clusters.models import AgendaItem, Meeting, StandardItem


def _standard(cw):
    StandardItem.objects.create(forum=cw.a.forum, title="Eventuelt", position="last")
    StandardItem.objects.create(
        forum=cw.a.forum,
        title="Godkendelse af dagsorden",
        position="first",
        recommendation="<p>Det indstilles, at dagsordenen godkendes.</p>",
    )
    StandardItem.objects.create(forum=cw.a.forum, title="Meddelelser", position="first", order=2)


def test_the_chair_keeps_the_standard_items_and_a_member_may_not(cw, login):
    url = reverse("standard_items", args=[cw.a.forum.pk])
    data = {"title": "Eventuelt", "position": "last", "order": "1"}
    assert login(cw.world.lead_a).post(url, data).status_code == 403
    assert not StandardItem.objects.exists()
    client = login(cw.world.owner_a)
    assert client.post(url, data).status_code == 302
    item = StandardItem.objects.get()
    assert item.history.first().history_user == cw.world.owner_a
    edit = reverse("standard_item_update", args=[item.pk])
    response = client.post(
        edit, {**data, "title": "Eventuelt og næste møde", "base_version": item.version}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Eventuelt og næste møde"
    assert "Eventuelt og næste møde" in client.get(url).content.decode()
    assert client.post(edit, {"delete": "1"}).status_code == 302
    assert not StandardItem.objects.exists()


def test_a_new_meeting_gets_the_standard_items_and_they_stay_last(cw, login):
    _standard(cw)
    client = login(cw.world.owner_a)
    response = client.post(
        reverse("meeting_create", args=[cw.a.forum.pk]),
        {"starts_at": "2026-06-04T16:30", "place": "Slagelse", "default_case_id": "EMN-1"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(place="Slagelse")
    items = list(meeting.items.order_by("number"))
    assert [(i.number, i.title) for i in items] == [
        (1, "Godkendelse af dagsorden"),
        (2, "Meddelelser"),
        (3, "Eventuelt"),
    ]
    assert items[0].recommendation == "<p>Det indstilles, at dagsordenen godkendes.</p>"
    assert {i.case_id for i in items} == {"EMN-1"}

    form = client.get(reverse("item_create", args=[meeting.pk])).context["form"]
    assert form.fields["number"].initial == 3  # before "Eventuelt"
    response = client.post(
        reverse("item_create", args=[meeting.pk]), {"number": 3, "title": "Nyt punkt"}
    )
    assert response.status_code == 302
    assert list(meeting.items.order_by("number").values_list("number", "title")) == [
        (1, "Godkendelse af dagsorden"),
        (2, "Meddelelser"),
        (3, "Nyt punkt"),
        (4, "Eventuelt"),
    ]
    # A number held by an ordinary item is still refused.
    response = client.post(
        reverse("item_create", args=[meeting.pk]), {"number": 2, "title": "Dublet"}
    )
    assert response.status_code == 200
    assert not AgendaItem.objects.filter(title="Dublet").exists()


def test_a_forum_without_standard_items_starts_empty(cw, login):
    login(cw.world.owner_a).post(
        reverse("meeting_create", args=[cw.a.forum.pk]),
        {"starts_at": "2026-06-04T16:30", "place": "Tom"},
    )
    assert not Meeting.objects.get(place="Tom").items.exists()
