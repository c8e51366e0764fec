"""Pages: a bank sees only what was sent to it, under a consent in force (every bank page and
the export); each role gets only its pages; bad input shows on the form; the dossier."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jalinmitra.core.models import AuditLog
from jalinmitra.financing import services
from jalinmitra.financing.models import Referral

from .conftest import ALL_ITEMS, pdf_bytes


def _bank_urls(case, document=None):
    urls = [
        reverse("financing:bank_case", args=[case.pk]),
        reverse("financing:dossier", args=[case.pk]),
    ]
    if document is not None:
        urls.append(reverse("financing:document", args=[document.pk]))
    return urls


def _export_ids(client) -> list:
    response = client.get(reverse("financing:bank_export"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    return [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]


def _queue_cases(client) -> set[int]:
    response = client.get(reverse("financing:bank_queue"))
    assert response.status_code == 200
    return {row.case.pk for row in response.context["rows"]}


@pytest.fixture
def with_document(forwarded, banker, alice):
    services.case_claim(actor=banker, case=forwarded)
    services.case_ask_documents(actor=banker, case=forwarded, request="Foto KTP")
    return services.document_upload(
        actor=alice[0],
        case=forwarded,
        kind="KTP",
        upload=SimpleUploadedFile("ktp.pdf", pdf_bytes()),
    )


def test_the_bank_sees_its_referral_and_each_view_is_audited(
    client_of, forwarded, banker, with_document
):
    client = client_of(banker)
    assert _queue_cases(client) == {forwarded.pk}
    before = AuditLog.objects.filter(action="referral_case.view").count()
    for url in _bank_urls(forwarded, with_document):
        assert client.get(url).status_code == 200, url
    assert AuditLog.objects.filter(action="referral_case.view").count() == before + 2
    assert AuditLog.objects.filter(
        action="referral_case.dossier", object_id=str(forwarded.pk), actor=banker
    ).exists()
    assert _export_ids(client) == [forwarded.referral_id]
    assert AuditLog.objects.filter(action="referral_case.export", actor=banker).exists()


def test_another_bank_never_sees_it(client_of, forwarded, banker2, with_document):
    client = client_of(banker2)
    assert _queue_cases(client) == set()
    for url in _bank_urls(forwarded, with_document):
        assert client.get(url).status_code == 404, url
    assert _export_ids(client) == []
    for action in ("claim", "reject"):
        response = client.post(reverse("financing:case_act", args=[forwarded.pk, action]))
        assert response.status_code == 404


def test_withdrawn_consent_hides_it_from_its_own_bank(
    client_of, forwarded, banker, alice, with_document
):
    services.consent_withdraw(actor=alice[0], referral=forwarded.referral)
    client = client_of(banker)
    assert _queue_cases(client) == set()
    for url in _bank_urls(forwarded, with_document):
        assert client.get(url).status_code == 404, url
    assert _export_ids(client) == []


def test_a_consent_naming_another_bank_hides_it(client_of, forwarded, banker, alice, banks):
    services.consent_give(
        actor=alice[0], referral=forwarded.referral, banks=[banks[1]], items=ALL_ITEMS
    )
    client = client_of(banker)
    assert _queue_cases(client) == set()
    assert client.get(_bank_urls(forwarded)[0]).status_code == 404


def test_a_case_without_any_consent_is_not_shown(client_of, referral, banker, banks, alice):
    """Even a case row that exists (forwarded, then the consent ended) shows nowhere."""
    from django.utils import timezone

    from jalinmitra.financing.models import BankReferral

    services.consent_withdraw(actor=alice[0], referral=referral)
    case = BankReferral.objects.create(
        referral=referral, bank=banks[0], forwarded_at=timezone.now()
    )
    client = client_of(banker)
    assert _queue_cases(client) == set()
    for url in _bank_urls(case):
        assert client.get(url).status_code == 404
    assert _export_ids(client) == []


def test_bank_user_pages(client_of, banker, client):
    client = client_of(banker)
    assert client.get(reverse("core:home")).url == reverse("financing:bank_queue")
    assert client.get(reverse("financing:list")).url == reverse("financing:bank_queue")
    assert client.get(reverse("financing:create")).status_code == 403
    assert client.get(reverse("agreements:create")).status_code == 403
    page = client.get(reverse("financing:bank_queue")).content.decode()
    assert reverse("agreements:list") not in page and reverse("events:list") not in page


def test_bank_user_without_bank_sees_a_clear_message(client_of, bank_user):
    response = client_of(bank_user).get(reverse("financing:bank_queue"))
    assert response.status_code == 200
    assert "belum terhubung ke bank mitra" in response.content.decode()
    assert client_of(bank_user).get(reverse("financing:bank_export")).status_code == 403


def test_business_and_officers_do_not_get_the_bank_pages(client_of, forwarded, alice, officer):
    for user in (alice[0], officer):
        client = client_of(user)
        assert client.get(reverse("financing:bank_queue")).status_code == 403
        assert client.get(reverse("financing:bank_case", args=[forwarded.pk])).status_code == 403
        assert client.get(reverse("financing:bank_export")).status_code == 403


def test_other_businesses_do_not_see_the_referral(client_of, forwarded, bob):
    client = client_of(bob[0])
    assert client.get(reverse("financing:detail", args=[forwarded.referral_id])).status_code == 404


def test_request_form_refuses_bad_amounts_on_the_field(client_of, partnership, alice):
    client = client_of(alice[0])
    for amount, words in [
        ("0", "lebih dari Rp0"),
        ("-100000", "lebih dari Rp0"),
        ("600 juta", "bukan KUR"),
        ("banyak", "angka rupiah"),
    ]:
        response = client.post(
            reverse("financing:create"),
            {"business": alice[1].pk, "amount": amount, "purpose": "modal_kerja"},
        )
        assert response.status_code == 200
        assert words in " ".join(response.context["form"].errors["amount"])
    assert not Referral.objects.exists()


def test_request_in_one_step_with_consent(client_of, partnership, alice, banks):
    client = client_of(alice[0])
    response = client.post(
        reverse("financing:create"),
        {
            "business": alice[1].pk,
            "amount": "25 juta",
            "purpose": "modal_kerja",
            "banks": [banks[0].pk],
            "items": ALL_ITEMS,
            "consent": "on",
        },
    )
    referral = Referral.objects.get()
    assert response.url == reverse("financing:detail", args=[referral.pk])
    assert referral.tier == "mikro"
    assert list(referral.consents.get().banks.all()) == [banks[0]]
    page = client.get(response.url).content.decode()
    assert "KUR Mikro" in page and "Tidak wajib agunan tambahan" in page


def test_request_without_consent_tick_is_refused_when_banks_are_chosen(
    client_of, partnership, alice, banks
):
    response = client_of(alice[0]).post(
        reverse("financing:create"),
        {
            "business": alice[1].pk,
            "amount": "5 juta",
            "purpose": "investasi",
            "banks": [banks[0].pk],
        },
    )
    assert response.status_code == 200 and "consent" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_officer_buttons_and_a_business_owner_gets_403(client_of, referral, officer2, alice):
    officer_page = client_of(officer2).get(reverse("financing:detail", args=[referral.pk]))
    names = [a.name for a, _form in officer_page.context["actions"]]
    assert names == ["check", "return", "choose_banks", "withdraw"]
    owner_page = client_of(alice[0]).get(reverse("financing:detail", args=[referral.pk]))
    assert [a.name for a, _form in owner_page.context["actions"]] == ["withdraw"]
    response = client_of(alice[0]).post(
        reverse("financing:act", args=[referral.pk, "check"]),
        {"check-recommendation": "Saya layak"},
    )
    assert response.status_code == 403


def test_document_upload_of_the_wrong_type_shows_on_the_form(client_of, forwarded, banker, alice):
    services.case_claim(actor=banker, case=forwarded)
    services.case_ask_documents(actor=banker, case=forwarded, request="Nota")
    response = client_of(alice[0]).post(
        reverse("financing:document_upload", args=[forwarded.pk]),
        {
            "document-kind": "Nota",
            "document-file": SimpleUploadedFile("nota.pdf", b"<html>not a pdf</html>"),
        },
    )
    assert response.status_code == 400
    assert "PDF, JPEG atau PNG" in response.content.decode()
    assert not forwarded.documents.exists()


def test_dossier_names_the_agreements_and_has_no_nik(client_of, forwarded, banker, partnership):
    from pypdf import PdfReader

    response = client_of(banker).get(reverse("financing:dossier", args=[forwarded.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    business = forwarded.referral.business
    assert partnership.number in flat
    assert partnership.large_party.name in flat
    assert "Rp120.000.000" in flat  # the agreement's value
    assert "Layak, pemasok tetap." in flat  # the officer's recommendation
    assert "/v/" in flat and partnership.code in flat
    assert business.owner_nik not in flat.replace(" ", "")
    assert business.whatsapp not in flat.replace(" ", "")


def test_dossier_leaves_out_what_the_consent_does_not_name(
    client_of, forwarded, banker, alice, banks, partnership
):
    from pypdf import PdfReader

    services.consent_give(
        actor=alice[0], referral=forwarded.referral, banks=[banks[0]], items=["profile"]
    )
    response = client_of(banker).get(reverse("financing:dossier", args=[forwarded.pk]))
    flat = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert partnership.large_party.name not in flat
    assert "tidak menyetujui berbagi data perjanjian" in flat


def test_bank_decides_from_its_case_page(client_of, forwarded, banker):
    client = client_of(banker)
    url = lambda a: reverse("financing:case_act", args=[forwarded.pk, a])  # noqa: E731
    assert client.post(url("claim")).status_code == 302
    response = client.post(
        url("approve"),
        {"approve-amount": "0", "approve-tenor_months": "12", "approve-scheme": "kur_mikro"},
    )
    assert response.status_code == 400
    assert "lebih dari Rp0" in response.content.decode()
    response = client.post(
        url("approve"),
        {"approve-amount": "25 juta", "approve-tenor_months": "24", "approve-scheme": "kur_mikro"},
    )
    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == "disetujui"


def test_queue_marks_overdue_against_the_sla(client_of, forwarded, banker, settings):
    import datetime as dt

    from jalinmitra.financing.models import BankReferral

    BankReferral.objects.filter(pk=forwarded.pk).update(
        forwarded_at=forwarded.forwarded_at - dt.timedelta(days=15)
    )
    client = client_of(banker)
    (row,) = client.get(reverse("financing:bank_queue")).context["rows"]
    assert row.age_days == 15 and row.overdue
    settings.FINANCING_SLA_DAYS = 20
    (row,) = client.get(reverse("financing:bank_queue")).context["rows"]
    assert not row.overdue
    assert client.get(reverse("financing:bank_queue") + "?overdue=on").context["rows"] == []


def test_the_officer_picks_the_banks_and_the_owner_consents(
    client_of, partnership, alice, officer2, banks
):
    referral = services.referral_create(
        actor=alice[0], business=alice[1], amount="8 juta", purpose="investasi"
    )
    officer = client_of(officer2)
    response = officer.post(
        reverse("financing:act", args=[referral.pk, "choose_banks"]),
        {"choose_banks-banks": [banks[1].pk]},
    )
    assert response.status_code == 302
    services.referral_check(actor=officer2, referral=referral, recommendation="Baik")
    response = officer.post(
        reverse("financing:act", args=[referral.pk, "forward"]), {"forward-banks": [banks[1].pk]}
    )
    assert response.status_code == 400
    assert "belum menyetujui berbagi data" in response.content.decode()
    owner = client_of(alice[0])
    page = owner.get(reverse("financing:detail", args=[referral.pk])).content.decode()
    assert 'id="perlu-persetujuan"' in page and banks[1].name in page
    response = owner.post(
        reverse("financing:consent", args=[referral.pk]),
        {"consent-banks": [banks[1].pk], "consent-items": ALL_ITEMS},
    )
    assert response.status_code == 302
    page = owner.get(reverse("financing:detail", args=[referral.pk])).content.decode()
    assert 'id="perlu-persetujuan"' not in page
    response = client_of(officer2).post(
        reverse("financing:act", args=[referral.pk, "forward"]), {"forward-banks": [banks[1].pk]}
    )
    assert response.status_code == 302
    assert [c.bank for c in referral.bank_cases.all()] == [banks[1]]


def test_the_programme_dashboard_shows_the_kur_figures(client_of, forwarded, officer):
    """financing feeds monitoring's Beranda Pimpinan through monitoring.hooks: counts and sums,
    no business named."""
    html = client_of(officer).get(reverse("dashboard:home")).content.decode()
    section = html.split('id="programme-figures"', 1)[1].split("</section>", 1)[0]
    assert "Rujukan KUR diajukan" in section
    assert "Rujukan KUR diteruskan ke bank" in section
    rows = dict(re.findall(r"<th scope=\"row\">([^<]+)</th>\s*<td[^>]*>([^<]+)</td>", section))
    assert rows["Rujukan KUR diajukan"].strip() == "1"
    assert rows["Rujukan KUR diteruskan ke bank"].strip() == "1"
    assert forwarded.referral.business.name not in section
