"""Dates that make sense, in a real Chromium (issue 8, item 3): before the event's day a
check-in is refused with a message in words, shown as an error; on the day "Tidak hadir" asks
for confirmation first, cancels the meetings, and "Batalkan tidak hadir" brings them back."""

import datetime as dt
import re

import pytest
from pages import DESKTOP, PHONE, login, watch

SELLER = "Keripik Pisang Bu Alice"
BUYER = "PT Oleh-Oleh Sari Rasa"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def temu(officer, alice):
    """A small event in three days with a published schedule: Alice meets the buyer."""
    from django.utils import timezone

    from jalinmitra.events import services
    from jalinmitra.events.choices import EventStatus, RegisteredHow
    from jalinmitra.testing import make_business

    now = timezone.now()
    event = services.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Uji Tanggal",
            "date": timezone.localdate() + dt.timedelta(days=3),
            "venue": "Aula Kota",
            "sessions": [{"start": "09:00", "end": "10:00"}],
            "meeting_minutes": 20,
            "registration_opens": now - dt.timedelta(days=1),
            "registration_closes": now + dt.timedelta(days=1),
        },
    )
    event = services.event_set_status(actor=officer, event=event, status=EventStatus.OPEN)
    seller = services.participant_add(
        actor=officer, event=event, business=alice[1], how=RegisteredHow.INVITED
    )
    buyer_business = make_business(officer=officer, name=BUYER, large=True, nib="5555555555555")
    buyer = services.participant_add(
        actor=officer, event=event, business=buyer_business, how=RegisteredHow.INVITED
    )
    services.must_meet_add(actor=officer, seller=seller, buyer=buyer)
    services.schedule_run_create(actor=officer, event=event, background=False)
    services.schedule_publish(actor=officer, event=event, notify=False)
    return event, seller


def test_early_check_in_refused_then_no_show_confirmed_and_undone(
    live_server, browser, officer, temu
):
    from django.utils import timezone
    from playwright.sync_api import expect

    from jalinmitra.events.models import Event, Meeting

    event, seller = temu
    base = live_server.url
    ctx = browser.new_context(viewport=DESKTOP, locale="id-ID")
    desk = ctx.new_page()
    js_errors = watch(desk)
    login(desk, base, "petugas1", "rahasia-petugas-1")

    # 1. Three days early: the page says when check-in opens; trying anyway is refused in words,
    # in an error box, and nothing is recorded. No "Tidak hadir" is offered yet.
    desk.goto(f"{base}/temu-usaha/{event.pk}/hadir/?q=alice")
    expect(desk.locator("main")).to_contain_text("kehadiran baru bisa dicatat pada hari itu")
    card = desk.locator("main .card").filter(has_text=SELLER)
    expect(card.get_by_role("link", name="Tidak hadir")).to_have_count(0)
    card.get_by_role("button", name="Catat hadir").click()
    error = desk.locator(".messages li.error")
    expect(error).to_contain_text("Kehadiran baru bisa dicatat pada hari acara")
    expect(desk.locator(".messages li.success")).to_have_count(0)
    seller.refresh_from_db()
    assert seller.checked_in_at is None

    # 2. The day comes. "Tidak hadir" first shows what it will cancel; "Batal" changes nothing.
    Event.objects.filter(pk=event.pk).update(date=timezone.localdate())
    desk.goto(f"{base}/temu-usaha/{event.pk}/hadir/?q=alice")
    card = desk.locator("main .card").filter(has_text=SELLER)
    card.get_by_role("link", name="Tidak hadir").click()
    expect(desk).to_have_url(re.compile(rf"/peserta/{seller.pk}/tidak-hadir/\?from=hadir"))
    confirm = desk.locator("#no-show-confirm")
    expect(confirm).to_contain_text("1 pertemuan peserta ini akan dibatalkan")
    expect(confirm).to_contain_text(BUYER)
    confirm.get_by_role("link", name="Batal").click()
    expect(desk).to_have_url(re.compile(rf"/temu-usaha/{event.pk}/hadir/\?q=alice$"))
    seller.refresh_from_db()
    assert not seller.no_show

    # 3. Confirmed: marked absent, the meeting cancelled, the success message says so.
    card = desk.locator("main .card").filter(has_text=SELLER)
    card.get_by_role("link", name="Tidak hadir").click()
    desk.locator("#no-show-confirm").get_by_role("button", name="Ya, tandai tidak hadir").click()
    expect(desk).to_have_url(re.compile(rf"/temu-usaha/{event.pk}/hadir/\?q=alice$"))
    expect(desk.locator(".messages li.success")).to_contain_text("1 pertemuan dibatalkan")
    card = desk.locator("main .card").filter(has_text=SELLER)
    expect(card.locator(".badge")).to_contain_text("tidak hadir")
    seller.refresh_from_db()
    assert seller.no_show
    assert Meeting.objects.get(seller=seller).status == "cancelled"

    # 4. Undo on a phone: the meeting is back in its slot.
    desk.set_viewport_size(PHONE)
    card.get_by_role("button", name="Batalkan tidak hadir").click()
    expect(desk.locator(".messages li.success")).to_contain_text("1 pertemuan dikembalikan")
    card = desk.locator("main .card").filter(has_text=SELLER)
    expect(card.get_by_role("link", name="Tidak hadir")).to_be_visible()
    width = desk.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    seller.refresh_from_db()
    assert not seller.no_show
    assert Meeting.objects.get(seller=seller).status == "scheduled"

    assert js_errors == []
    ctx.close()
