"""A person finds their notifications from the header, reads them and chooses e-mails."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import DeliveryPreference, Notification
from notifications.notify import notify
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.e2e


def test_the_notification_centre_in_a_browser(transactional_db, page, log_in, axe_check):
    w = World()
    Notification.objects.all().delete()
    notify([w.owner_a], "mention", w.specialty_a, actor=w.core_a, text="@owner_a se afsnit 3")
    notify([w.owner_a], "comment", w.position_a, actor=w.lead_a)
    log_in("owner_a", PASSWORD)
    bell = page.get_by_role("link", name="Notifikationer: 2 ulæste")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", name="Notifikationer")).to_be_visible()
    expect(page.get_by_text("@owner_a se afsnit 3")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name=re.compile(r"^Markér som læst.*kardiologi$")).click()
    expect(page.get_by_role("link", name="Notifikationer: 1 ulæst")).to_be_visible()
    page.get_by_role("link", name="E-mailindstillinger").first.click()
    axe_check(page)
    page.get_by_role("group", name="Nogen nævner dig").get_by_label("Daglig oversigt").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Dine indstillinger for notifikationer er gemt.")).to_be_visible()
    assert DeliveryPreference.objects.get(user=w.owner_a).delivery == "digest"
