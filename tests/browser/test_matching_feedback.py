"""Feedback on matches (issue 15 item 5). In a real Chromium, a buyer marks a suggested
supplier "tidak relevan" with a reason and it leaves the need's list. Without a browser: a
meeting recorded as held and an agreement signed record "met" and "agreed" for the "ajak
bertemu" pair they came from, once each (events and agreements call matching's service)."""

import datetime as dt
import re

import pytest
from pages import DESKTOP, login, watch

from jalinmitra.matching import selectors
from jalinmitra.matching.models import PairFeedback
from jalinmitra.testing import make_chip_market


@pytest.fixture(autouse=True)
def fresh_index():
    selectors.offer_index_reset()
    yield
    selectors.offer_index_reset()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_buyer_marks_a_match_not_relevant_and_it_disappears(live_server, browser, officer, carol):
    from playwright.sync_api import expect

    need, offers = make_chip_market(officer=officer, buyer=carol[1])
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = watch(page)
    login(page, live_server.url, "carol", "rahasia-carol-1")
    page.goto(f"{live_server.url}/cocok/kebutuhan/{need.pk}/")
    cards = page.locator(".card", has_text="Keripik Uji")
    expect(cards).to_have_count(3)
    target = page.locator(".card", has_text="Keripik pisang cokelat")
    expect(target).to_have_count(1)
    target.locator("summary", has_text="Tidak relevan").click()
    form = target.locator(f"form[data-testid='not-relevant-{offers[0].pk}']")
    form.get_by_label("Produk lain, bukan yang dicari").check()
    form.locator("input[name=text]").fill("Kami mencari rasa original")
    form.get_by_role("button", name="Tandai tidak relevan").click()
    expect(page).to_have_url(re.compile(rf"/cocok/kebutuhan/{need.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("tidak relevan")
    expect(page.locator(".card", has_text="Keripik pisang cokelat")).to_have_count(0)
    expect(page.locator(".card", has_text="Keripik Uji")).to_have_count(2)
    feedback = PairFeedback.objects.get()
    assert (feedback.kind, feedback.offer_id) == ("not_relevant", offers[0].pk)
    assert feedback.reason == "Produk lain, bukan yang dicari: Kami mencari rasa original"
    # Still gone on the next visit.
    page.goto(f"{live_server.url}/cocok/kebutuhan/{need.pk}/")
    expect(page.locator(".card", has_text="Keripik Uji")).to_have_count(2)
    assert errors == []
    context.close()


@pytest.mark.django_db
def test_a_meeting_held_and_an_agreement_signed_are_feedback_once(officer, alice, carol):
    from django.utils import timezone

    from jalinmitra.agreements.services import agreement_create, agreement_sign
    from jalinmitra.businesses.services import business_verify, need_create, offer_create
    from jalinmitra.events import services as events
    from jalinmitra.events.choices import EventStatus, RegisteredHow
    from jalinmitra.events.models import Meeting, MeetingRequest
    from jalinmitra.matching.services import meeting_invitation_create

    business_verify(actor=officer, business=alice[1])
    business_verify(actor=officer, business=carol[1])
    need = need_create(actor=officer, business=carol[1], data={"title": "Keripik pisang"})
    offer = offer_create(actor=officer, business=alice[1], data={"title": "Keripik pisang"})
    invitation = meeting_invitation_create(actor=carol[0], need=need, offer=offer)

    now = timezone.now()
    event = events.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Uji",
            "date": timezone.localdate() + dt.timedelta(days=20),
            "venue": "Aula",
            "sessions": [{"start": "09:00", "end": "10:00"}],
            "registration_opens": now - dt.timedelta(days=1),
            "registration_closes": now + dt.timedelta(days=5),
        },
    )
    event = events.event_set_status(actor=officer, event=event, status=EventStatus.OPEN)
    seller = events.participant_add(
        actor=officer, event=event, business=alice[1], how=RegisteredHow.INVITED
    )
    buyer = events.participant_add(
        actor=officer, event=event, business=carol[1], how=RegisteredHow.INVITED
    )
    MeetingRequest.objects.create(
        event=event, from_participant=buyer, to_participant=seller, invitation=invitation,
        status="accepted", expires_at=now + dt.timedelta(days=3),
    )  # fmt: skip
    meeting = Meeting.objects.create(
        event=event, seller=seller, buyer=buyer, slot="09:00", table=1, published=True
    )
    for side in ("buyer", "seller"):  # the second outcome finds the meeting held already
        events.outcome_record(
            actor=officer, meeting=meeting, side=side, result="negosiasi", rating=4,
            today=event.date,
        )  # fmt: skip
    met = PairFeedback.objects.get(kind="met")
    assert (met.need_id, met.offer_id, met.created_by) == (need.pk, offer.pk, officer)
    assert met.values["text"] > 0

    agreement = agreement_create(
        actor=officer,
        small_party=alice[1],
        large_party=carol[1],
        data={
            "pattern": "perdagangan_umum",
            "subject": "Keripik pisang 200 kg per bulan, Rp25.000/kg, dikirim tiap Senin.",
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "start_date": timezone.localdate() + dt.timedelta(days=30),
            "end_date": timezone.localdate() + dt.timedelta(days=395),
            "payment_term_days": 14,
            "estimated_value": 1_250_000,
        },
        origin_invitation=invitation,
    )
    type(agreement).objects.filter(pk=agreement.pk).update(status="ready")  # reviewed already
    agreement.refresh_from_db()
    agreement = agreement_sign(actor=alice[0], agreement=agreement, party="small")
    assert not PairFeedback.objects.filter(kind="agreed").exists()  # one signature only
    agreement = agreement_sign(actor=carol[0], agreement=agreement, party="large")
    assert agreement.status == "signed"
    agreed = PairFeedback.objects.get(kind="agreed")
    assert (agreed.need_id, agreed.offer_id, agreed.created_by) == (need.pk, offer.pk, carol[0])
    assert PairFeedback.objects.count() == 2
