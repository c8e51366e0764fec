"""A partnership agreement from draft to active in a real Chromium: the large business drafts
it in the form, each side makes its own Pasal 35 declaration, an officer approves, each party
signs under its own login, the officer witnesses and activates; the PDF is A4 and names both
parties; an anonymous visitor checks it at /v/<code> with the right file and a tampered one."""

import hashlib
import io
import re

import pytest
from pages import DESKTOP, login, watch

SMALL = "Keripik Pisang Bu Alice"
LARGE = "PT Oleh-Oleh Carol Jaya"
A4 = (595.28, 841.89)  # points

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def parties(officer, alice, settings, tmp_path):
    """Alice's micro business and Carol's medium one, both verified, each with an owner login.
    The witnessed PDF is stored under a temporary MEDIA_ROOT."""
    from jalinmitra.businesses.services import business_verify
    from jalinmitra.testing import make_owner

    settings.MEDIA_ROOT = tmp_path / "media"
    _, large = make_owner(
        officer=officer,
        username="carol",
        name=LARGE,
        nik="1872015003800003",
        nib="1234567890125",
        whatsapp="081234567891",
        large=True,
    )
    small = alice[1]
    business_verify(actor=officer, business=small)
    business_verify(actor=officer, business=large)
    from jalinmitra.core.models import City, Official

    Official.objects.create(
        city=City.objects.get(), name="H. Bambang Suryadi, S.E.", title="Wakil Wali Kota Metro"
    )
    return small, large


def _act(page, pk: int, action: str) -> None:
    """Press the detail page's button for one workflow step (found by its form's URL, so a
    reworded label does not break the test) and wait for the redirect back."""
    from playwright.sync_api import expect

    button = page.locator(f"form[action$='/perjanjian/{pk}/{action}/'] button[type=submit]")
    expect(button).to_have_count(1)
    button.click()
    expect(page).to_have_url(re.compile(rf"/perjanjian/{pk}/$"))
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(".messages .error")).to_have_count(0)


def _status(page, agreement, expected: str) -> None:
    from playwright.sync_api import expect

    agreement.refresh_from_db()
    assert agreement.status == expected
    expect(page.locator(f"h1 .badge.{expected}")).to_have_text(str(agreement.get_status_display()))


def test_agreement_from_draft_to_active_and_verified(live_server, browser, officer, parties):
    from playwright.sync_api import expect
    from pypdf import PdfReader

    from jalinmitra.agreements.models import Agreement

    small, large = parties
    base = live_server.url
    js_errors: list[str] = []

    def session(username: str, password: str):
        ctx = browser.new_context(viewport=DESKTOP, locale="id-ID", accept_downloads=True)
        page = ctx.new_page()
        js_errors.extend(watch(page))
        login(page, base, username, password)
        return ctx, page

    # 1. The large business's owner drafts it from the form, declaring only for its own side.
    carol_ctx, carol = session("carol", "rahasia-carol-1")
    carol.goto(f"{base}/perjanjian/")
    carol.locator("main a[href$='/perjanjian/baru/']").first.click()
    expect(carol).to_have_url(re.compile(r"/perjanjian/baru/$"))
    carol.select_option("select[name=small_party]", str(small.pk))
    carol.select_option("select[name=large_party]", str(large.pk))
    carol.select_option("select[name=pattern]", "perdagangan_umum")
    carol.fill(
        "textarea[name=subject]",
        "Keripik pisang 200 kg per bulan, Rp25.000/kg, dikirim tiap Senin, mutu halal.",
    )
    carol.fill(
        "textarea[name=rights_obligations]",
        "Pihak Pertama memasok tepat waktu; Pihak Kedua membayar sesuai tempo.",
    )
    carol.check("input[name=development_support][value=kemasan]")
    carol.check("input[name=development_support][value=pemasaran]")
    carol.fill("input[name=start_date]", "2026-12-01")
    carol.fill("input[name=end_date]", "2027-11-30")
    carol.fill("input[name=payment_term_days]", "14")
    carol.fill("input[name=estimated_value]", "60000000")
    carol.check("input[name=no_control_declared_large]")
    assert not carol.is_checked("input[name=no_control_declared_small]")
    carol.locator("main form[method=post] button[type=submit]").click()
    expect(carol).to_have_url(re.compile(r"/perjanjian/\d+/$"))
    agreement = Agreement.objects.get(small_party=small, large_party=large)
    pk = agreement.pk
    _status(carol, agreement, "draft")
    assert agreement.created_by.username == "carol"
    assert agreement.estimated_value == 60_000_000
    assert agreement.estimated_value_words.lower().startswith("enam puluh juta")
    assert (agreement.no_control_declared_small, agreement.no_control_declared_large) == (
        False,
        True,
    )
    expect(carol.locator("dl.facts")).to_contain_text("Rp60.000.000")
    # Pasal 35 of the small side is still missing: the checks show it and nobody can submit.
    expect(carol.locator("main li.check-error")).to_have_count(1)

    # 2. The micro business's owner makes its own declaration and submits.
    alice_ctx, alice = session("alice", "rahasia-alice-1")
    alice.goto(f"{base}/perjanjian/{pk}/")
    alice.locator(f"main a[href$='/perjanjian/{pk}/ubah/']").click()
    expect(alice.locator("input[name=no_control_declared_large]")).to_be_checked()
    alice.check("input[name=no_control_declared_small]")
    alice.locator("main form[method=post] button[type=submit]").click()
    expect(alice).to_have_url(re.compile(rf"/perjanjian/{pk}/$"))
    agreement.refresh_from_db()
    assert agreement.no_control_declared_small and agreement.no_control_declared_large
    assert agreement.versions.count() == 2
    expect(alice.locator("main li.check-error")).to_have_count(0)
    _act(alice, pk, "submit")
    _status(alice, agreement, "submitted")

    # 3. The officer approves: the agreement gets its number.
    officer_ctx, desk = session("petugas1", "rahasia-petugas-1")
    desk.goto(f"{base}/perjanjian/{pk}/")
    desk.fill(f"form[action$='/perjanjian/{pk}/approve/'] textarea[name=notes]", "Lengkap.")
    _act(desk, pk, "approve")
    _status(desk, agreement, "ready")
    assert agreement.number
    expect(desk.locator("h1")).to_contain_text(agreement.number)

    # 4. Each party signs under its own login, and only for itself.
    alice.reload()
    expect(alice.locator(f"form[action$='/perjanjian/{pk}/sign_large/']")).to_have_count(0)
    _act(alice, pk, "sign_small")
    carol.goto(f"{base}/perjanjian/{pk}/")
    expect(carol.locator(f"form[action$='/perjanjian/{pk}/sign_small/']")).to_have_count(0)
    _act(carol, pk, "sign_large")
    _status(carol, agreement, "signed")
    assert agreement.signed_small_by.username == "alice"
    assert agreement.signed_large_by.username == "carol"

    # 5. The officer ticks the official who witnessed (the final PDF is fixed) and activates.
    desk.reload()
    desk.locator(f"form[action$='/perjanjian/{pk}/witness/'] input[name=witnesses]").first.check()
    _act(desk, pk, "witness")
    _status(desk, agreement, "witnessed")
    assert agreement.signed_sha256
    _act(desk, pk, "activate")
    _status(desk, agreement, "active")

    # 6. The PDF: A4, both parties named, byte-identical to the witnessed document.
    href = desk.locator(f"main a[href$='/perjanjian/{pk}/pdf/']").get_attribute("href")
    response = desk.request.get(f"{base}{href}")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == agreement.signed_sha256
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(A4[0], abs=1)
        assert float(box.height) == pytest.approx(A4[1], abs=1)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))
    assert SMALL in text
    assert LARGE in text
    assert agreement.number in text
    assert "H. Bambang Suryadi" in text  # the official who witnessed, by name

    # 7. Anyone with the QR code checks it: status, then the true file and a tampered one.
    visitor_ctx = browser.new_context(viewport=DESKTOP, locale="id-ID")
    visitor = visitor_ctx.new_page()
    js_errors.extend(watch(visitor))
    visitor.goto(f"{base}/v/{agreement.code}")
    facts = visitor.locator("dl.facts")
    expect(facts.locator(".badge.active")).to_have_text(str(agreement.get_status_display()))
    expect(facts).to_contain_text(agreement.number)
    expect(facts).to_contain_text(agreement.signed_sha256)
    assert "1872014506900001" not in visitor.content()  # no NIK on the public page

    def check(data: bytes):
        visitor.locator("input[type=file][name=file]").set_input_files(
            {"name": "perjanjian.pdf", "mimeType": "application/pdf", "buffer": data}
        )
        visitor.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
        expect(visitor).to_have_url(re.compile(rf"/v/{agreement.code}$"))
        verdict = visitor.locator("main ul.messages li")
        expect(verdict).to_have_count(1)
        return verdict

    verdict = check(pdf)
    expect(verdict).to_contain_text(re.compile(r"\bcocok", re.I))
    expect(verdict).not_to_contain_text(re.compile(r"tidak cocok", re.I))
    expect(verdict).not_to_have_class(re.compile(r"\berror\b"))

    tampered = bytearray(pdf)
    middle = len(tampered) // 2
    tampered[middle] = (tampered[middle] + 1) % 256
    verdict = check(bytes(tampered))
    expect(verdict).to_contain_text(re.compile(r"tidak cocok", re.I))
    expect(verdict).to_have_class(re.compile(r"\berror\b"))

    assert js_errors == []
    for ctx in (carol_ctx, alice_ctx, officer_ctx, visitor_ctx):
        ctx.close()
