"""A buyer on a phone sends an enquiry from the public catalogue, then changes their mind: on
their private conversation page they choose "Hapus data saya", are told what goes and that it
cannot be undone, must tick that they understand, and then see a plain confirmation. Their name,
number and message are gone, the enquiry stays for the figures, and the link no longer opens."""

import pytest
from pages import DESKTOP, PHONE, login, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def product(officer, alice, settings, tmp_path):
    from jalinmitra.businesses.services import business_verify, offer_save
    from jalinmitra.matching.selectors import offer_index_reset

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "enquiry_erase": "10/3600"}
    offer_index_reset()
    user, chips = alice
    business_verify(actor=officer, business=chips)
    offer = offer_save(
        actor=user,
        business=chips,
        offer=None,
        data={"title": "Keripik Pisang Coklat", "unit": "kg", "price_min": 25_000},
    )
    yield offer
    offer_index_reset()


def test_the_buyer_erases_their_data_from_the_private_link(live_server, browser, product):
    from playwright.sync_api import expect

    from jalinmitra.catalogue.models import Enquiry

    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = watch(page)

    page.goto(f"{base}/katalog/produk/keripik-pisang-coklat-{product.pk}/")
    page.fill("#id_name", "Wulandari Pramesti")
    page.fill("#id_phone", "0812 4444 3333")
    page.fill("#id_message", "Bisa kirim 30 kg ke Kota Metro minggu depan?")
    page.get_by_role("button", name="Kirim pesan").click()
    page.wait_for_load_state()
    enquiry = Enquiry.objects.get(offer=product)
    private_link = f"{base}/katalog/percakapan/{enquiry.token}/"
    assert page.url == private_link

    page.get_by_role("link", name="Hapus data saya").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("tidak dapat dibatalkan")
    # Without ticking the box: refused, nothing erased.
    page.get_by_role("button", name="Ya, hapus data saya").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("tidak dapat dikembalikan")
    assert Enquiry.objects.get(pk=enquiry.pk).name == "Wulandari Pramesti"

    page.get_by_label("Saya mengerti data ini tidak dapat dikembalikan.").check()
    page.get_by_role("button", name="Ya, hapus data saya").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Data Anda sudah dihapus")
    expect(page.locator("main")).not_to_contain_text("Wulandari")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    enquiry = Enquiry.objects.get(pk=enquiry.pk)
    assert (enquiry.name, enquiry.phone, enquiry.offer_id) == ("Dihapus", "", product.pk)
    assert "30 kg" not in enquiry.message and enquiry.erased_at is not None
    gone = page.goto(private_link)
    assert gone is not None and gone.status == 404
    assert not errors, errors
    context.close()


def test_an_officer_erases_for_an_enquirer_who_lost_the_link(live_server, browser, product):
    """The enquirer phones the office: the officer opens the enquiry, follows "Hapus data
    pengirim", is refused without a note, writes how the request came in, confirms, and is back
    on the enquiry with the name gone."""
    from playwright.sync_api import expect

    from jalinmitra.catalogue import services
    from jalinmitra.catalogue.models import Enquiry

    enquiry = services.enquiry_create(
        offer=product,
        data={"name": "Wulandari Pramesti", "phone": "0812 4444 3333", "message": "Kirim 30 kg?"},
        client_address="10.9.0.9",
    )
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = watch(page)
    login(page, base, "petugas1", "rahasia-petugas-1")
    page.goto(f"{base}/katalog/pesan/{enquiry.pk}/")
    expect(page.locator("main")).to_contain_text("Wulandari Pramesti")
    page.get_by_role("link", name="Hapus data pengirim").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("tidak dapat dibatalkan")

    page.get_by_label("Saya mengerti data ini tidak dapat dikembalikan.").check()
    page.get_by_role("button", name="Ya, hapus data pengirim").click()
    page.wait_for_load_state()
    expect(page.locator(".errorlist")).to_contain_text("Tulis bagaimana permintaan itu diterima")
    assert Enquiry.objects.get(pk=enquiry.pk).erased_at is None

    page.fill("#note", "Telepon 30/11 dari nomor yang sama dengan di pesan.")
    page.get_by_label("Saya mengerti data ini tidak dapat dikembalikan.").check()
    page.get_by_role("button", name="Ya, hapus data pengirim").click()
    page.wait_for_load_state()
    expect(page).to_have_url(f"{base}/katalog/pesan/{enquiry.pk}/")
    expect(page.locator(".messages")).to_contain_text("Data pengirim dihapus")
    expect(page.locator("main")).not_to_contain_text("Wulandari")
    assert Enquiry.objects.get(pk=enquiry.pk).erased_at is not None
    assert not errors, errors
    context.close()
