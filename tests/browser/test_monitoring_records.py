"""Realisation records in a real Chromium: the micro owner records a delivery on a 360 px phone
in one short form (from the agreement's page), the partner confirms it, and the officer sees
the programme dashboard's realised value change."""

import datetime
import re

import pytest
from pages import DESKTOP, PHONE, login, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def running(officer, alice, carol, settings, tmp_path):
    """An active agreement between Alice (micro) and Carol (medium), made through the services,
    started 100 days ago."""
    from django.utils import timezone

    from jalinmitra.accounts.services import user_create
    from jalinmitra.agreements import services
    from jalinmitra.businesses.services import business_verify
    from jalinmitra.core.models import City, Official

    settings.MEDIA_ROOT = tmp_path / "media"
    (alice_user, small), (carol_user, large) = alice, carol
    business_verify(actor=officer, business=small)
    business_verify(actor=officer, business=large)
    deputy = Official.objects.create(
        city=City.objects.get(), name="H. Bambang Suryadi, S.E.", title="Wakil Wali Kota"
    )
    reviewer = user_create(
        actor=None, username="petugas2", password="rahasia-petugas-2", role="petugas"
    )
    today = timezone.localdate()
    a = services.agreement_create(
        actor=alice_user,
        small_party=small,
        large_party=large,
        data={
            "pattern": "perdagangan_umum",
            "subject": "Keripik pisang 200 kg per bulan, Rp25.000/kg, dikirim tiap Senin.",
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "development_support": ["kemasan"],
            "start_date": today - datetime.timedelta(days=100),
            "end_date": today + datetime.timedelta(days=265),
            "payment_term_days": 14,
            "estimated_value": 60_000_000,
            "no_control_declared_small": True,
        },
    )
    services.agreement_update(
        actor=carol_user, agreement=a, data={"no_control_declared_large": True}
    )
    services.agreement_submit(actor=alice_user, agreement=a)
    services.agreement_approve(actor=reviewer, agreement=a)
    services.agreement_sign(actor=alice_user, agreement=a, party="small")
    services.agreement_sign(actor=carol_user, agreement=a, party="large")
    services.agreement_witness(actor=officer, agreement=a, witnesses=[deputy], render=False)
    return services.agreement_activate(actor=officer, agreement=a)


def test_owner_records_a_delivery_on_a_phone_partner_confirms_dashboard_changes(
    live_server, browser, running
):
    from playwright.sync_api import expect

    from jalinmitra.monitoring.models import Entry

    a = running
    base = live_server.url
    js_errors: list[str] = []

    def session(username: str, password: str, viewport):
        ctx = browser.new_context(viewport=viewport, locale="id-ID")
        page = ctx.new_page()
        js_errors.extend(watch(page))
        login(page, base, username, password)
        return ctx, page

    # The officer's dashboard before: nothing realised yet.
    officer_ctx, officer = session("petugas1", "rahasia-petugas-1", DESKTOP)
    officer.goto(f"{base}/beranda-pimpinan/")
    delivered = officer.locator("#delivered")
    expect(delivered).to_be_visible()
    assert "1.250.000" not in delivered.inner_text()

    # 1. The micro owner, on a 360 px phone: from the agreement's page to the short form.
    alice_ctx, alice = session("alice", "rahasia-alice-1", PHONE)
    alice.goto(f"{base}/perjanjian/{a.pk}/")
    panel = alice.locator("#pemantauan")
    expect(panel).to_contain_text("Tidak aktif")  # 100 days and nothing recorded: said so
    panel.locator("a.btn").click()
    expect(alice).to_have_url(re.compile(rf"/pemantauan/perjanjian/{a.pk}/$"))
    alice.get_by_role("link", name="Catat pengiriman").click()
    expect(alice).to_have_url(re.compile(rf"/pemantauan/perjanjian/{a.pk}/catat/pengiriman/$"))
    form = alice.locator("form.record-form")
    # One short form, fully on the phone's screen width (no sideways scrolling).
    assert alice.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert form.locator("input:visible, select:visible").count() <= 6
    expect(form.locator("select[name=unit]")).to_have_value("kg")
    # A zero amount is refused with the reason, nothing recorded.
    alice.fill("input[name=quantity]", "50")
    alice.fill("input[name=value]", "0")
    form.get_by_role("button", name="Simpan").click()
    expect(alice.locator(".errorlist")).to_contain_text("Nilai harus lebih dari nol.")
    assert not Entry.objects.exists()
    alice.fill("input[name=product]", "Keripik pisang kepok")
    alice.fill("input[name=quantity]", "50")
    alice.fill("input[name=value]", "1250000")
    alice.locator("form.record-form").get_by_role("button", name="Simpan").click()
    expect(alice).to_have_url(re.compile(rf"/pemantauan/perjanjian/{a.pk}/$"))
    expect(alice.locator(".messages li")).to_contain_text("Menunggu konfirmasi")
    expect(alice.locator("tr.entry-pending")).to_have_count(1)
    # Her own entry has nothing for her to confirm.
    alice.locator("tr.entry-pending a").first.click()
    expect(alice.get_by_role("button", name="Benar, konfirmasi")).to_have_count(0)
    entry = Entry.objects.get()
    assert (entry.party, entry.status, entry.value) == ("small", "pending", 1_250_000)

    # 2. The partner sees it waiting and confirms it.
    carol_ctx, carol = session("carol", "rahasia-carol-1", DESKTOP)
    carol.goto(f"{base}/perjanjian/{a.pk}/")
    expect(carol.locator("#pemantauan")).to_contain_text("menunggu konfirmasi Anda")
    carol.goto(f"{base}/pemantauan/perjanjian/{a.pk}/")
    carol.get_by_role("link", name="Tinjau").click()
    expect(carol.locator("main")).to_contain_text("Rp1.250.000")
    carol.get_by_role("button", name="Benar, konfirmasi").click()
    expect(carol).to_have_url(re.compile(rf"/pemantauan/perjanjian/{a.pk}/$"))
    expect(carol.locator("tr.entry-confirmed")).to_have_count(1)
    entry.refresh_from_db()
    assert entry.status == "confirmed" and entry.decided_by.username == "carol"

    # 3. The officer's dashboard now counts it.
    officer.goto(f"{base}/beranda-pimpinan/")
    expect(officer.locator("#delivered")).to_contain_text("1.250.000")

    assert not js_errors, js_errors
    for ctx in (officer_ctx, alice_ctx, carol_ctx):
        ctx.close()
