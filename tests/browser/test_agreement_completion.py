"""No party ends an agreement alone, in a real Chromium: the micro owner presses "Selesai" on a
running agreement, confirms on the page that says what will happen, and the agreement is NOT
completed (the public /v/ page still shows it running); the other party confirms on the same
kind of page and only then is it completed, on the detail page and on /v/."""

import re

import pytest
from pages import DESKTOP, PHONE, login, watch

LARGE = "PT Oleh-Oleh Carol Jaya"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def running(officer, alice, settings, tmp_path):
    """An active agreement between Alice's micro business and Carol's medium one, made through
    the services: drafted by Alice, approved, signed by both, witnessed by a named official."""
    import datetime

    from jalinmitra.accounts.services import user_create
    from jalinmitra.agreements import services
    from jalinmitra.businesses.services import business_verify
    from jalinmitra.core.models import City, Official
    from jalinmitra.testing import make_owner

    settings.MEDIA_ROOT = tmp_path / "media"
    carol, large = make_owner(
        officer=officer,
        username="carol",
        name=LARGE,
        nik="1872015003800003",
        nib="1234567890125",
        whatsapp="081234567891",
        large=True,
    )
    alice_user, small = alice
    business_verify(actor=officer, business=small)
    business_verify(actor=officer, business=large)
    deputy = Official.objects.create(
        city=City.objects.get(), name="H. Bambang Suryadi, S.E.", title="Wakil Wali Kota"
    )
    reviewer = user_create(
        actor=None, username="petugas2", password="rahasia-petugas-2", role="petugas"
    )
    a = services.agreement_create(
        actor=alice_user,
        small_party=small,
        large_party=large,
        data={
            "pattern": "perdagangan_umum",
            "subject": "Keripik pisang 200 kg per bulan, Rp25.000/kg, dikirim tiap Senin.",
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "development_support": ["kemasan"],
            "start_date": datetime.date(2026, 1, 1),
            "end_date": datetime.date(2026, 11, 30),
            "payment_term_days": 14,
            "estimated_value": 55_000_000,
            "no_control_declared_small": True,
        },
    )
    services.agreement_update(actor=carol, agreement=a, data={"no_control_declared_large": True})
    services.agreement_submit(actor=alice_user, agreement=a)
    services.agreement_approve(actor=reviewer, agreement=a)
    services.agreement_sign(actor=alice_user, agreement=a, party="small")
    services.agreement_sign(actor=carol, agreement=a, party="large")
    services.agreement_witness(actor=officer, agreement=a, witnesses=[deputy])
    return services.agreement_activate(actor=officer, agreement=a)


def test_one_sided_selesai_does_not_complete_two_sided_does(live_server, browser, running):
    from playwright.sync_api import expect

    a = running
    base = live_server.url
    detail = f"{base}/perjanjian/{a.pk}/"
    js_errors: list[str] = []

    def session(username: str, password: str, viewport):
        ctx = browser.new_context(viewport=viewport, locale="id-ID")
        page = ctx.new_page()
        js_errors.extend(watch(page))
        login(page, base, username, password)
        return ctx, page

    def public_status(expected: str) -> None:
        ctx = browser.new_context(viewport=PHONE, locale="id-ID")
        page = ctx.new_page()
        page.goto(f"{base}/v/{a.code}")
        expect(page.locator(f"dl.facts .badge.{expected}")).to_have_count(1)
        ctx.close()

    # 1. The micro owner, on a phone, presses "Selesai": a confirmation page, not a done deal.
    alice_ctx, alice = session("alice", "rahasia-alice-1", PHONE)
    alice.goto(detail)
    expect(alice.locator("h1 .badge.active")).to_have_count(1)
    alice.locator("main a[data-action=complete]").click()
    expect(alice).to_have_url(re.compile(rf"/perjanjian/{a.pk}/pengakhiran/complete/$"))
    expect(alice.locator("main")).to_contain_text(LARGE)
    expect(alice.locator("main")).to_contain_text("belum")
    # Sending without ticking the box does nothing.
    alice.locator("main form[method=post] button[type=submit]").click()
    expect(alice.locator("main .errorlist")).to_have_count(1)
    a.refresh_from_db()
    assert a.end_proposal == ""
    alice.check("input[name=confirm]")
    alice.locator("main form[method=post] button[type=submit]").click()
    expect(alice).to_have_url(re.compile(rf"/perjanjian/{a.pk}/$"))
    # Told plainly that it has not ended, in a warning (not a success) box.
    expect(alice.locator(".messages li.warning")).to_contain_text("BELUM")
    expect(alice.locator("h1 .badge.active")).to_have_count(1)
    expect(alice.locator("#usulan-pengakhiran")).to_be_visible()
    a.refresh_from_db()
    assert a.status == "active" and a.end_proposal == "complete"
    # Pressing the old one-click action cannot complete it either.
    alice.goto(detail)
    expect(alice.locator("main a[data-action=complete]")).to_have_count(0)
    public_status("active")

    # 2. The other party sees the request and confirms it on the confirmation page.
    carol_ctx, carol = session("carol", "rahasia-carol-1", DESKTOP)
    carol.goto(detail)
    box = carol.locator("#usulan-pengakhiran")
    expect(box).to_contain_text("Pihak Pertama")
    box.locator("a.btn").click()
    expect(carol).to_have_url(re.compile(rf"/perjanjian/{a.pk}/pengakhiran/complete/$"))
    expect(carol.locator("main")).to_contain_text("tidak dapat dibatalkan")
    carol.check("input[name=confirm]")
    carol.locator("main form[method=post] button[type=submit]").click()
    expect(carol).to_have_url(re.compile(rf"/perjanjian/{a.pk}/$"))
    expect(carol.locator(".messages li.error")).to_have_count(0)
    expect(carol.locator("h1 .badge.completed")).to_have_count(1)
    a.refresh_from_db()
    assert a.status == "completed" and a.ended_by.username == "carol"
    public_status("completed")

    assert js_errors == []
    alice_ctx.close()
    carol_ctx.close()
