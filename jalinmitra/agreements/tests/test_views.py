import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement


def _login(client, user):
    client.force_login(user)
    return client


# Public verification ----------------------------------------------------


def test_verify_page_shows_status_without_personal_data(client, witnessed):
    r = client.get(f"/v/{witnessed.code}")
    assert r.status_code == 200
    body = r.content.decode()
    assert witnessed.small_party.name in body and witnessed.large_party.name in body
    assert witnessed.signed_sha256 in body
    assert "Disaksikan" in body
    for secret in [
        witnessed.small_party.owner_nik,
        witnessed.large_party.owner_nik,
        "081234567890",
        "081234567891",
    ]:
        assert secret not in body


def test_verify_code_is_case_insensitive(client, witnessed):
    assert client.get(f"/v/{witnessed.code.lower()}").status_code == 200


def test_verify_matches_the_signed_pdf(client, witnessed):
    data = witnessed.signed_pdf.read()
    r = client.post(f"/v/{witnessed.code}", {"file": SimpleUploadedFile("p.pdf", data)})
    assert r.status_code == 200 and "Cocok" in r.content.decode()


def test_verify_rejects_one_changed_byte(client, witnessed):
    data = bytearray(witnessed.signed_pdf.read())
    data[len(data) // 2] ^= 0x01
    r = client.post(f"/v/{witnessed.code}", {"file": SimpleUploadedFile("p.pdf", bytes(data))})
    assert r.status_code == 200 and "Tidak cocok" in r.content.decode()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "kosong"),
        (b"PK\x03\x04 not a pdf", "bukan PDF"),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "terlalu besar"),
    ],
)
def test_verify_bad_uploads(client, witnessed, content, message):
    before = Agreement.objects.values().get(pk=witnessed.pk)
    r = client.post(f"/v/{witnessed.code}", {"file": SimpleUploadedFile("p.pdf", content)})
    assert r.status_code == 400
    assert message in r.content.decode()
    assert Agreement.objects.values().get(pk=witnessed.pk) == before


def test_verify_no_file(client, witnessed):
    r = client.post(f"/v/{witnessed.code}", {})
    assert r.status_code == 400 and "Pilih berkas" in r.content.decode()


def test_verify_before_signing_never_matches(client, agreement):
    r = client.post(f"/v/{agreement.code}", {"file": SimpleUploadedFile("p.pdf", b"%PDF-1.7")})
    assert "Tidak cocok" in r.content.decode()


def test_verify_unknown_code_is_a_friendly_404(client, db):
    r = client.get("/v/ZZZZZZZZ")
    assert r.status_code == 404
    assert "Perjanjian tidak ditemukan" in r.content.decode()


# Register, detail, form -----------------------------------------------


def test_list_for_officer_with_filters_and_bounded_queries(
    client, officer, agreement, django_assert_max_num_queries
):
    _login(client, officer)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("agreements:list"))
    assert agreement.small_party.name in r.content.decode()
    r = client.get(reverse("agreements:list"), {"status": "active"})
    assert agreement.small_party.name not in r.content.decode()
    r = client.get(reverse("agreements:list"), {"pattern": "perdagangan_umum"})
    assert agreement.small_party.name in r.content.decode()


def test_list_ending_within_60_days(client, officer, witnessed):
    Agreement.objects.filter(pk=witnessed.pk).update(
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    _login(client, officer)
    assert (
        witnessed.number
        in client.get(reverse("agreements:list"), {"ending": "on"}).content.decode()
    )
    Agreement.objects.filter(pk=witnessed.pk).update(
        end_date=datetime.date.today() + datetime.timedelta(days=90)
    )
    assert (
        witnessed.number
        not in client.get(reverse("agreements:list"), {"ending": "on"}).content.decode()
    )


def test_list_business_sees_only_its_own(client, bob, agreement):
    _login(client, bob[0])
    assert agreement.small_party.name not in client.get(reverse("agreements:list")).content.decode()


def test_xlsx_export(client, officer, agreement):
    _login(client, officer)
    r = client.get(reverse("agreements:list"), {"format": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.values)
    assert rows[0][0] == "Nomor" and rows[1][3] == agreement.small_party.name


def test_detail_shows_checks_and_diff(client, alice, agreement):
    from jalinmitra.agreements import services

    services.agreement_update(
        actor=alice[0], agreement=agreement, data={"subject": "Kemplang baru."}
    )
    _login(client, alice[0])
    body = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Pasal 34" in body and "Kemplang baru." in body and "diff-add" in body


def test_detail_forbidden_to_outsider(client, bob, agreement):
    _login(client, bob[0])
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 403
    assert (
        client.post(reverse("agreements:transition", args=[agreement.pk, "submit"])).status_code
        == 403
    )
    assert client.get(reverse("agreements:pdf", args=[agreement.pk])).status_code == 403


def test_pdf_download(client, alice, agreement):
    _login(client, alice[0])
    r = client.get(reverse("agreements:pdf", args=[agreement.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")


def test_create_form(client, alice, verified):
    (alice_user, small), (_, large) = verified
    _login(client, alice_user)
    assert client.get(reverse("agreements:create")).status_code == 200
    r = client.post(
        reverse("agreements:create"),
        {
            "small_party": small.pk,
            "large_party": large.pk,
            "pattern": "rantai_pasok",
            "subject": "",
            "rights_obligations": "",
            "development_support": ["pelatihan"],
            "start_date": "2026-12-01",
            "end_date": "2027-12-01",
            "payment_term_days": "14",
            "estimated_value": "Rp1.250.000",
            "estimated_value_words": "",
            "no_control_declared_small": "on",
        },
    )
    a = Agreement.objects.get()
    assert r.status_code == 302 and a.pattern == "rantai_pasok" and "rantai pasok" in a.subject
    assert a.estimated_value_words == "satu juta dua ratus lima puluh ribu rupiah"
    assert a.no_control_declared_small and not a.no_control_declared_large


def test_create_form_end_before_start(client, alice, verified):
    (alice_user, small), (_, large) = verified
    _login(client, alice_user)
    r = client.post(
        reverse("agreements:create"),
        {
            "small_party": small.pk,
            "large_party": large.pk,
            "pattern": "rantai_pasok",
            "start_date": "2026-12-01",
            "end_date": "2026-11-01",
            "payment_term_days": "14",
            "estimated_value": "1",
        },
    )
    assert r.status_code == 200 and "sesudah tanggal mulai" in r.content.decode()
    assert not Agreement.objects.exists()


def test_edit_form(client, carol, agreement):
    _login(client, carol[0])
    url = reverse("agreements:edit", args=[agreement.pk])
    assert client.get(url).status_code == 200
    data = {k: v for k, v in agreement.clauses().items() if v not in (False, None)}
    data.update(subject="Diubah lewat form", development_support=agreement.development_support)
    for k in ("start_date", "end_date"):
        data[k] = data[k].isoformat()
    r = client.post(url, data)
    assert r.status_code == 302
    agreement.refresh_from_db()
    assert agreement.subject == "Diubah lewat form" and agreement.versions.count() == 3


def test_transition_via_views_with_role_messages(client, alice, carol, officer, agreement):
    url = lambda act: reverse("agreements:transition", args=[agreement.pk, act])  # noqa: E731
    _login(client, alice[0])
    client.post(url("submit"))
    client.post(url("approve"))  # refused: not an officer
    agreement.refresh_from_db()
    assert agreement.status == Status.SUBMITTED
    _login(client, officer)
    client.post(url("approve"), {"notes": "ok"})
    agreement.refresh_from_db()
    assert agreement.status == Status.READY and agreement.number
    _login(client, carol[0])
    r = client.post(url("sign_small"), follow=True)
    assert "usaha Anda sendiri" in r.content.decode()
    client.post(url("sign_large"))
    agreement.refresh_from_db()
    assert agreement.signed_large_at and not agreement.signed_small_at
    assert client.post(url("nonsense")).status_code == 404


def test_create_from_meeting_invitation(client, carol, verified):
    from jalinmitra.businesses.models import Need, Offer
    from jalinmitra.matching.models import MeetingInvitation

    (alice_user, small), (carol_user, large) = verified
    offer = Offer.objects.create(business=small, title="Keripik pisang cokelat")
    need = Need.objects.create(business=large, title="Camilan oleh-oleh")
    inv = MeetingInvitation.objects.create(need=need, offer=offer, created_by=carol_user)
    _login(client, carol_user)
    body = client.get(reverse("agreements:create"), {"ajakan": inv.pk}).content.decode()
    assert "Keripik pisang cokelat" in body and f'value="{inv.pk}"' in body
    r = client.post(
        reverse("agreements:create"),
        {
            "small_party": small.pk,
            "large_party": large.pk,
            "pattern": "perdagangan_umum",
            "origin_invitation": inv.pk,
            "start_date": "2026-12-01",
            "end_date": "2027-12-01",
            "payment_term_days": "14",
            "estimated_value": "1000",
            "no_control_declared_large": "on",
        },
    )
    assert r.status_code == 302
    a = Agreement.objects.get()
    assert a.origin_invitation == inv and "Ajakan bertemu" in a.origin_text


def test_amend_button_via_view(client, officer, carol, witnessed):
    from jalinmitra.agreements import services

    services.agreement_activate(actor=officer, agreement=witnessed)
    _login(client, carol[0])
    body = client.get(reverse("agreements:detail", args=[witnessed.pk])).content.decode()
    assert "Buat adendum" in body
    r = client.post(reverse("agreements:transition", args=[witnessed.pk, "amend"]))
    draft = Agreement.objects.get(amends=witnessed)
    assert r.status_code == 302 and r["Location"] == reverse("agreements:detail", args=[draft.pk])


def test_detail_query_count_is_bounded(client, officer, witnessed, django_assert_max_num_queries):
    _login(client, officer)
    with django_assert_max_num_queries(25):
        r = client.get(reverse("agreements:detail", args=[witnessed.pk]))
    assert r.status_code == 200


def test_create_form_lists_only_verified_partners_to_a_business_user(client, alice, verified, bob):
    """A business owner drafting an agreement sees verified partners and their own business,
    never another owner's unverified registration."""
    from jalinmitra.businesses.models import Business

    (alice_user, small), (_, large) = verified
    _, bobs = bob  # a micro business still in draft
    draft_large = Business.objects.create(
        name="PT Belum Diverifikasi", owner_name="X", size_class="besar"
    )
    _login(client, alice_user)
    form = client.get(reverse("agreements:create")).context["form"]
    assert list(form.fields["small_party"].queryset) == [small]
    assert list(form.fields["large_party"].queryset) == [large]
    assert bobs not in form.fields["small_party"].queryset
    assert draft_large not in form.fields["large_party"].queryset
