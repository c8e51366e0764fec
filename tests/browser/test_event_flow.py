"""A temu usaha run end to end in a real Chromium: a seller asks a buyer for a meeting, the
buyer accepts, an officer schedules and publishes, the seller reads the agenda on a 360 px
phone and takes the .ics, the officer checks the seller in, both sides record the outcome
and the officer's report counts it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from pages import DESKTOP, PHONE, login, watch

SELLER = "Keripik Pisang Bu Alice"
BUYER = "PT Oleh-Oleh Sari Rasa"
OTHER_BUYER = "PT Dina Retail"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def temu(officer, alice):
    """A small open event: three verified micro sellers (Alice among them), two buyers; the
    buyer Carol has an owner login. Built with the services, not the 100-seller demo."""
    from django.utils import timezone

    from jalinmitra.businesses.services import business_verify
    from jalinmitra.events import services
    from jalinmitra.events.choices import EventStatus, RegisteredHow
    from jalinmitra.testing import make_business, make_owner

    now = timezone.now()
    event = services.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Uji Peramban",
            "date": timezone.localdate() + dt.timedelta(days=10),
            "venue": "Aula Kota",
            "sessions": [{"start": "09:00", "end": "10:00"}],
            "meeting_minutes": 20,
            "break_minutes": 0,
            "max_meetings_per_participant": 3,
            "registration_opens": now - dt.timedelta(days=1),
            "registration_closes": now + dt.timedelta(days=5),
            "request_expiry_hours": 24,
            "max_open_requests": 3,
        },
    )
    event = services.event_set_status(actor=officer, event=event, status=EventStatus.OPEN)

    _, alice_business = alice
    business_verify(actor=officer, business=alice_business)
    sellers = [alice_business] + [
        make_business(officer=officer, name=f"UMKM Uji {i}", nib=f"777777777777{i}", verified=True)
        for i in range(2)
    ]
    _, buyer = make_owner(
        officer=officer,
        username="carol",
        name=BUYER,
        owner_name=f"Pemilik {BUYER}",
        large=True,
        nib="5555555555555",
        verified=True,
    )
    other_buyer = make_business(
        officer=officer, name=OTHER_BUYER, large=True, nib="5555555555556", verified=True
    )

    participants = {}
    for business in sellers:
        participants[business.name] = services.participant_add(
            actor=officer, event=event, business=business, how=RegisteredHow.INVITED
        )
    for business in (buyer, other_buyer):
        participants[business.name] = services.participant_add(
            actor=officer, event=event, business=business, how=RegisteredHow.INVITED, tables=1
        )
    return event, participants


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} melebar ke samping: {width}px"


def _record_outcome(page, counterpart: str) -> None:
    """On one's agenda: open the meeting with `counterpart`, record "Sepakat bermitra", 5★."""
    from playwright.sync_api import expect

    card = page.locator("main .card").filter(has_text=counterpart).first
    card.get_by_role("link", name=re.compile("hasil pertemuan", re.I)).click()
    expect(page).to_have_url(re.compile(r"/pertemuan/\d+/hasil/"))
    page.locator("input[name=result][value=sepakat_bermitra]").check()
    page.locator("input[name=rating][value='5']").check()
    page.fill("textarea[name=note]", "Lanjut ke perjanjian kemitraan.")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/agenda/\d+/$"))
    expect(page.locator(".messages")).to_be_visible()


def test_officer_runs_event_end_to_end(live_server, browser, officer, alice, temu, tmp_path):
    from playwright.sync_api import expect

    from jalinmitra.events.choices import OutcomeResult, RequestStatus
    from jalinmitra.events.models import Meeting, MeetingRequest, Outcome

    event, participants = temu
    base = live_server.url
    seller_p, buyer_p = participants[SELLER], participants[BUYER]
    js_errors: list[str] = []

    # 1. The seller, on a phone, asks the buyer for a meeting.
    seller_ctx = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True)
    seller = seller_ctx.new_page()
    js_errors += watch(seller)
    login(seller, base, "alice", "rahasia-alice-1")
    seller.goto(f"{base}/temu-usaha/{event.pk}/permintaan/")
    expect(seller.locator("main")).to_contain_text(SELLER)
    _assert_fits_phone(seller)
    seller.select_option("select[name=to]", label=BUYER)
    seller.fill("input[name=reason]", "menawarkan keripik pisang untuk oleh-oleh")
    seller.locator("main form", has=seller.locator("select[name=to]")).locator(
        "button[type=submit]"
    ).click()
    expect(seller).to_have_url(re.compile(rf"/permintaan/\?p={seller_p.pk}$"))
    expect(seller.locator(".messages")).to_be_visible()
    sent = seller.locator("main .card").filter(has_text=BUYER).last
    expect(sent).to_contain_text("Menunggu jawaban")
    _assert_fits_phone(seller)
    request = MeetingRequest.objects.get(from_participant=seller_p, to_participant=buyer_p)
    assert request.status == RequestStatus.PENDING

    # 2. The buyer accepts it.
    buyer_ctx = browser.new_context(viewport=DESKTOP, locale="id-ID")
    buyer = buyer_ctx.new_page()
    js_errors += watch(buyer)
    login(buyer, base, "carol", "rahasia-carol-1")
    buyer.goto(f"{base}/temu-usaha/{event.pk}/permintaan/")
    accept = buyer.locator(f"form[action$='/permintaan/{request.pk}/terima/'] button")
    expect(accept).to_have_count(1)
    accept.click()
    expect(buyer.locator(".messages")).to_be_visible()
    expect(accept).to_have_count(0)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED

    # 3. The officer schedules (the preview figures appear) and publishes.
    officer_ctx = browser.new_context(viewport=DESKTOP, locale="id-ID")
    desk = officer_ctx.new_page()
    js_errors += watch(desk)
    login(desk, base, "petugas1", "rahasia-petugas-1")
    desk.goto(f"{base}/temu-usaha/{event.pk}/")
    desk.locator(f"a[href$='/temu-usaha/{event.pk}/jadwal/']").first.click()
    expect(desk).to_have_url(re.compile(rf"/temu-usaha/{event.pk}/jadwal/$"))
    desk.locator(f"form[action$='/{event.pk}/jadwal/susun/'] button[type=submit]").click()
    expect(desk).to_have_url(re.compile(rf"/temu-usaha/{event.pk}/jadwal/$"))
    figures = desk.locator("#figures")
    expect(figures).to_be_visible()
    expect(figures.locator("li").first).to_contain_text(re.compile(r"\d+"))
    expect(figures).to_contain_text("%")  # table use
    assert Meeting.objects.filter(event=event, seller=seller_p, buyer=buyer_p).count() == 1
    expect(desk.locator("table")).to_contain_text(SELLER)
    publish = desk.locator(f"form[action$='/{event.pk}/jadwal/terbitkan/'] button")
    expect(publish).to_be_enabled()
    publish.click()
    expect(desk.locator(".messages")).to_be_visible()
    expect(publish).to_be_disabled()
    meeting = Meeting.objects.get(event=event, seller=seller_p, buyer=buyer_p)
    assert meeting.published

    # 4. The seller opens "Jadwal saya" on the phone and takes the .ics.
    seller.goto(f"{base}/temu-usaha/{event.pk}/saya/")
    expect(seller).to_have_url(re.compile(rf"/agenda/{seller_p.pk}/$"))
    expect(seller.locator("h1")).to_have_text(re.compile("Jadwal saya|My schedule"))
    card = seller.locator("main .card").filter(has_text=BUYER).first
    expect(card).to_contain_text(meeting.slot)
    _assert_fits_phone(seller)
    seller.screenshot(path=str(tmp_path / "agenda-360.png"), full_page=True)
    with seller.expect_download() as download_info:
        seller.locator(f"a[href$='/agenda/{seller_p.pk}.ics']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    ics = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in ics
    assert "BEGIN:VEVENT" in ics
    assert "END:VCALENDAR" in ics

    # 5. On the day (the calendar moves on: check-in is refused before it), the officer checks
    # the seller in by name.
    from django.utils import timezone

    from jalinmitra.events.models import Event

    Event.objects.filter(pk=event.pk).update(date=timezone.localdate())
    desk.goto(f"{base}/temu-usaha/{event.pk}/hadir/")
    search = desk.locator("main form[method=get]")
    search.locator("input[name=q]").fill("pisang bu alice")
    search.get_by_role("button").click()
    expect(desk).to_have_url(re.compile(r"[?&]q=pisang"))
    found = desk.locator("main .card").filter(has_text=SELLER)
    expect(found).to_have_count(1)
    found.locator(f"form[action$='/hadir/peserta/{seller_p.pk}/'] button").click()
    expect(desk.locator(".messages")).to_contain_text(SELLER)
    expect(desk.locator("main .card").filter(has_text=SELLER).locator(".badge")).to_contain_text(
        re.compile(r"\d\d\.\d\d")
    )
    seller_p.refresh_from_db()
    assert seller_p.checked_in_at is not None

    # 6. After the meeting both sides record "Sepakat bermitra".
    seller.reload()
    _assert_fits_phone(seller)
    _record_outcome(seller, BUYER)
    _assert_fits_phone(seller)

    buyer.goto(f"{base}/temu-usaha/{event.pk}/saya/")
    expect(buyer).to_have_url(re.compile(rf"/agenda/{buyer_p.pk}/$"))
    _record_outcome(buyer, SELLER)

    outcomes = Outcome.objects.filter(meeting=meeting)
    assert sorted(outcomes.values_list("side", flat=True)) == ["buyer", "seller"]
    assert set(outcomes.values_list("result", flat=True)) == {OutcomeResult.SEPAKAT_BERMITRA}

    # 7. The officer's report counts it.
    desk.goto(f"{base}/temu-usaha/{event.pk}/")
    desk.locator(f"a[href$='/temu-usaha/{event.pk}/laporan/']").first.click()
    expect(desk).to_have_url(re.compile(rf"/temu-usaha/{event.pk}/laporan/$"))
    agreed = desk.locator("main table tr").filter(
        has_text=str(OutcomeResult.SEPAKAT_BERMITRA.label)
    )
    expect(agreed.locator("td").last).to_have_text("2")
    expect(desk.locator("main")).to_contain_text(re.compile(r"Hadir\s+1\b"))
    expect(desk.locator("main")).to_contain_text(re.compile(r"terlaksana\s+1\b"))

    assert js_errors == []
    for ctx in (seller_ctx, buyer_ctx, officer_ctx):
        ctx.close()
