"""Registry trust (issue 8) in a real Chromium: a business an officer registered without the
owner's privacy consent gets it later from the owner on the edit form (on a 360 px phone, with
the privacy notice one tap away), and only then can the officer verify it; two officers edit
the same business and the second save is refused with who changed it and when, and a reload."""

import re

import pytest
from pages import DESKTOP, PHONE, login, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "Tempe Mendoan Bu Sri"


@pytest.fixture
def sri(officer):
    """Registered at the counter without consent; the owner then got a login."""
    from jalinmitra.businesses.services import business_create
    from jalinmitra.core.models import Region
    from jalinmitra.testing import make_owner

    business = business_create(
        actor=officer,
        data={
            "name": NAME,
            "owner_name": "Sri Wahyuni",
            "owner_nik": "1872016504800004",
            "whatsapp": "081277788899",
            "region": Region.objects.get(code="18.72.01.1005"),
            "modal_usaha": 10_000_000,
            "hasil_penjualan": 120_000_000,
        },
        kbli_primary="10794",
        privacy_consent=False,
        assisted=True,
    )
    return make_owner(officer=officer, username="sri", business=business)


def _fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"halaman melebar ke samping: {width}px"


def test_owner_gives_consent_later_then_officer_verifies(live_server, browser, officer, sri):
    from playwright.sync_api import expect

    from jalinmitra.core.models import AuditLog

    user, business = sri
    base = live_server.url

    # The officer cannot verify yet: consent is missing.
    desk = browser.new_context(viewport=DESKTOP, locale="id-ID")
    office = desk.new_page()
    office_errors = watch(office)
    login(office, base, "petugas1", "rahasia-petugas-1")
    office.goto(f"{base}/usaha/{business.pk}/")
    expect(office.locator(".warnbox")).to_contain_text("persetujuan pemberitahuan privasi")
    office.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(office.locator(".messages")).to_contain_text("persetujuan pemberitahuan privasi")
    expect(office.locator("h1 .badge")).to_have_text("Draf")

    # The owner, on a phone, reads the notice and consents on the edit form.
    phone = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True)
    page = phone.new_page()
    owner_errors = watch(page)
    login(page, base, "sri", "rahasia-sri-1")
    page.goto(f"{base}/usaha/{business.pk}/ubah/")
    consent = page.get_by_label("Saya sudah membaca dan menyetujui pemberitahuan privasi")
    expect(consent).not_to_be_checked()
    link = page.get_by_role("link", name="baca pemberitahuan privasi")
    assert link.get_attribute("href") == "/privasi/"
    _fits_phone(page)

    notice = phone.new_page()
    notice.goto(f"{base}/privasi/")
    expect(notice.locator("h1")).to_have_text("Pemberitahuan privasi")
    expect(notice.locator("#hak")).to_be_visible()
    expect(notice.locator("article")).to_contain_text("3 × 24 jam")
    expect(notice.get_by_role("link", name="Data saya").first).to_have_attribute(
        "href", "/akun/data-saya/"
    )
    _fits_phone(notice)
    notice.close()

    consent.check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_contain_text(NAME)
    expect(page.locator("dl")).to_contain_text("versi 2026-1")
    business.refresh_from_db()
    assert business.privacy_consent_at is not None
    assert AuditLog.objects.filter(
        action="business.update", actor=user, object_id=str(business.pk)
    ).exists()

    # Now the officer can verify.
    office.reload()
    office.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(office.locator("h1 .badge")).to_have_text("Terverifikasi")
    assert office_errors == [] and owner_errors == []
    phone.close()
    desk.close()


def test_second_officer_is_told_who_changed_the_business_and_can_reload(
    live_server, browser, officer, sri
):
    from playwright.sync_api import expect

    from jalinmitra.accounts.services import user_create

    user_create(
        actor=None,
        username="petugas2",
        password="rahasia-petugas-2",
        role="petugas",
        full_name="Budi Petugas",
    )
    _, business = sri
    base = live_server.url
    edit = f"{base}/usaha/{business.pk}/ubah/"

    first_ctx = browser.new_context(viewport=DESKTOP, locale="id-ID")
    first = first_ctx.new_page()
    login(first, base, "petugas1", "rahasia-petugas-1")
    second_ctx = browser.new_context(viewport=DESKTOP, locale="id-ID")
    second = second_ctx.new_page()
    errors = watch(second)
    login(second, base, "petugas2", "rahasia-petugas-2")

    first.goto(edit)
    second.goto(edit)  # both opened the same version
    first.fill("#id_address", "Jl. Pertama No. 1")
    first.get_by_role("button", name="Simpan").click()
    expect(first.locator(".messages")).to_contain_text("Data usaha disimpan")

    second.fill("#id_address", "Jl. Kedua No. 2")
    second.get_by_role("button", name="Simpan").click()
    expect(second.locator(".errorlist")).to_contain_text(
        re.compile(r"diubah oleh Siti Petugas pada \d\d:\d\d sejak Anda membukanya")
    )
    business.refresh_from_db()
    assert business.address == "Jl. Pertama No. 1"

    second.get_by_role("link", name="Muat ulang data terbaru").click()
    expect(second.locator("#id_address")).to_have_value("Jl. Pertama No. 1")
    second.fill("#id_address", "Jl. Kedua No. 2")
    second.get_by_role("button", name="Simpan").click()
    expect(second.locator(".messages")).to_contain_text("Data usaha disimpan")
    business.refresh_from_db()
    assert business.address == "Jl. Kedua No. 2"
    assert errors == []
    first_ctx.close()
    second_ctx.close()
