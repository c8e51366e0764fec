"""An agreement's conversation in a real Chromium: the micro owner, on a phone, opens the
thread from the agreement page and writes; the other party, who chose English for her
notifications on her preferences page, reads it as new, with the unread count in the nav,
marks it read and finds the notice in English in her inbox; an outsider gets the 403 page."""

import datetime
import re

import pytest
from pages import DESKTOP, PHONE, login, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Pengiriman Senin depan bisa 200 kg, Bu?"


@pytest.fixture
def drafted(officer, alice, bob, settings, tmp_path):
    from jalinmitra.agreements import services
    from jalinmitra.businesses.services import business_verify
    from jalinmitra.testing import make_owner

    settings.MEDIA_ROOT = tmp_path / "media"
    carol, large = make_owner(
        officer=officer,
        username="carol",
        name="PT Oleh-Oleh Carol Jaya",
        nik="1872015003800003",
        nib="1234567890125",
        whatsapp="081234567891",
        large=True,
    )
    alice_user, small = alice
    business_verify(actor=officer, business=small)
    business_verify(actor=officer, business=large)
    return services.agreement_create(
        actor=alice_user,
        small_party=small,
        large_party=large,
        data={
            "pattern": "perdagangan_umum",
            "subject": "Keripik pisang 200 kg per bulan.",
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "development_support": ["kemasan"],
            "start_date": datetime.date(2026, 1, 1),
            "end_date": datetime.date(2026, 11, 30),
            "payment_term_days": 14,
            "estimated_value": 55_000_000,
            "no_control_declared_small": True,
        },
    )


def test_one_party_writes_the_other_reads(live_server, browser, drafted):
    from playwright.sync_api import expect

    base = live_server.url
    js_errors: list[str] = []

    def session(username: str, viewport):
        ctx = browser.new_context(viewport=viewport, locale="id-ID")
        page = ctx.new_page()
        js_errors.extend(watch(page))
        login(page, base, username, f"rahasia-{username}-1")
        return ctx, page

    # Carol reads her notifications in English: chosen on her preferences page.
    carol_ctx, carol = session("carol", DESKTOP)
    carol.goto(f"{base}/pemberitahuan/pengaturan/")
    carol.select_option("select[name=language]", "en")
    carol.locator("main form button[type=submit]").click()
    expect(carol.locator("main h1")).to_have_text("Notification settings")
    carol_ctx.close()

    alice_ctx, alice = session("alice", PHONE)
    alice.goto(f"{base}/perjanjian/{drafted.pk}/")
    alice.get_by_role("link", name="Buka percakapan para pihak").click()
    expect(alice).to_have_url(re.compile(r"/pemberitahuan/percakapan/agreements\.agreement/\d+/$"))
    alice.fill("textarea[name=body]", TEXT)
    alice.locator("main form[enctype] button[type=submit]").click()
    expect(alice.locator("main article.message.mine")).to_contain_text(TEXT)
    thread_url = alice.url.split("#")[0]
    alice_ctx.close()

    # Signing in again on a fresh browser, Carol gets the site in her chosen English.
    carol_ctx, carol = session("carol", DESKTOP)
    expect(carol.locator("html")).to_have_attribute("lang", "en")
    expect(carol.locator("header [data-unread]")).to_have_text("1")
    carol.goto(thread_url)
    message = carol.locator("main article.message.unread")
    expect(message).to_contain_text(TEXT)
    expect(message).to_contain_text("Alice")
    carol.get_by_role("button", name="Mark as read").click()
    expect(carol.locator("main article.message.unread")).to_have_count(0)
    expect(carol.locator("main article.message")).to_contain_text(TEXT)
    carol.goto(f"{base}/pemberitahuan/")
    expect(carol.locator("main")).to_contain_text("New message from Alice")
    carol_ctx.close()

    bob_ctx, bob = session("bob", PHONE)
    response = bob.goto(thread_url)
    assert response.status == 403
    expect(bob.locator("main")).not_to_contain_text(TEXT)
    bob_ctx.close()
    assert js_errors == []
