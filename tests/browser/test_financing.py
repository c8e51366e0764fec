"""KUR from request to approval, in a real Chromium: the micro owner, on a 360 px phone, asks
for Rp25 juta working capital with her partnership as evidence and consents for one bank; an
officer checks and forwards it; the bank's user finds it in the bank's queue (home page),
opens it and approves it. No sideways scroll on the owner's pages."""

import datetime as dt
import re

import pytest
from pages import DESKTOP, PHONE, login, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def setup(officer, officer2, alice, carol, city_admin, settings, tmp_path):
    from django.utils import timezone

    from jalinmitra.accounts.services import user_create
    from jalinmitra.businesses.services import business_verify
    from jalinmitra.financing import services
    from jalinmitra.financing.models import Bank
    from jalinmitra.monitoring.tests.conftest import make_active

    settings.MEDIA_ROOT = tmp_path / "media"
    business_verify(actor=officer, business=alice[1])
    business_verify(actor=officer, business=carol[1])
    today = timezone.localdate()
    make_active(
        officer=officer,
        small=alice,
        large=carol,
        start=today - dt.timedelta(days=90),
        end=today + dt.timedelta(days=270),
    )
    one = Bank.objects.create(name="Bank Mitra Daerah", code="BMD", branch="Cabang Metro")
    Bank.objects.create(name="Bank Rakyat Contoh", code="BRC", branch="Unit Metro")
    banker = user_create(actor=None, username="analis1", password="rahasia-analis1-1", role="bank")
    services.bank_member_set(actor=city_admin, user=banker, bank=one)
    return one


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_owner_asks_officer_forwards_bank_approves(live_server, browser, setup):
    from playwright.sync_api import expect

    from jalinmitra.financing.models import BankReferral, Referral

    base = live_server.url
    errors: list[str] = []

    def session(username, password, viewport):
        ctx = browser.new_context(viewport=viewport, locale="id-ID")
        page = ctx.new_page()
        errors.extend(watch(page))
        login(page, base, username, password)
        return ctx, page

    # 1. The owner, on a phone: Pembiayaan KUR → Ajukan KUR → amount, purpose, bank, consent.
    owner_ctx, owner = session("alice", "rahasia-alice-1", PHONE)
    owner.goto(f"{base}/pembiayaan/")
    _no_sideways_scroll(owner)
    owner.locator("main a", has_text="Ajukan KUR").click()
    expect(owner).to_have_url(re.compile(r"/pembiayaan/baru/$"))
    _no_sideways_scroll(owner)
    owner.fill("input[name=amount]", "0")
    owner.check("input[name=purpose][value=modal_kerja]")
    owner.locator("main form button[type=submit]").click()
    expect(owner.locator("main .errorlist")).to_contain_text("lebih dari Rp0")
    owner.fill("input[name=amount]", "25 juta")
    owner.check("input[name=purpose][value=modal_kerja]")
    owner.locator("label", has_text="Bank Mitra Daerah").click()
    owner.check("input[name=consent]")
    owner.locator("main form button[type=submit]").click()
    expect(owner).to_have_url(re.compile(r"/pembiayaan/\d+/$"))
    expect(owner.locator("main")).to_contain_text("KUR Mikro")
    expect(owner.locator("main")).to_contain_text("Tidak wajib agunan tambahan")
    expect(owner.locator("#persetujuan")).to_contain_text("Bank Mitra Daerah")
    _no_sideways_scroll(owner)
    referral = Referral.objects.get()
    assert referral.amount == 25_000_000 and referral.status == "diajukan"

    # 2. The officer checks it, writes the recommendation, and forwards it.
    officer_ctx, officer = session("petugas2", "rahasia-petugas-2", DESKTOP)
    officer.goto(f"{base}/pembiayaan/{referral.pk}/")
    officer.fill("textarea[name=check-recommendation]", "Pemasok tetap PT Oleh-Oleh Sari Rasa.")
    officer.locator("button[data-action=check]").click()
    expect(officer.locator("main .badge").first).to_have_text("Diperiksa petugas")
    officer.locator("button[data-action=forward]").click()
    expect(officer.locator("main .badge").first).to_have_text("Diteruskan ke bank")

    # 3. The bank's user lands on the queue, opens the referral, claims and approves it.
    bank_ctx, bank = session("analis1", "rahasia-analis1-1", DESKTOP)
    bank.goto(f"{base}/")
    expect(bank).to_have_url(re.compile(r"/pembiayaan/bank/$"))
    expect(bank.locator("table.queue tbody tr")).to_have_count(1)
    bank.locator("table.queue a").first.click()
    expect(bank.locator("main")).to_contain_text("PT Oleh-Oleh Sari Rasa")
    bank.locator("button[data-action=claim]").click()
    bank.fill("input[name=approve-amount]", "25.000.000")
    bank.fill("input[name=approve-tenor_months]", "24")
    bank.select_option("select[name=approve-scheme]", "kur_klaster")
    bank.locator("button[data-action=approve]").click()
    expect(bank.locator("main .badge").first).to_have_text("Disetujui")
    case = BankReferral.objects.get()
    assert case.status == "disetujui" and case.approved_amount == 25_000_000

    # The owner sees the decision on her phone.
    owner.goto(f"{base}/pembiayaan/{referral.pk}/")
    expect(owner.locator(f"#bank-{case.pk}")).to_contain_text("Disetujui")
    _no_sideways_scroll(owner)

    assert errors == []
    for ctx in (owner_ctx, officer_ctx, bank_ctx):
        ctx.close()
