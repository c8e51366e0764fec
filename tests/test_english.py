"""English mode is complete where Indonesian text used to leak: size-class explanations, import
labels and row errors, and background job messages (written by a worker with no request)."""

import pytest
from django.urls import reverse
from django.utils import translation

from jalinmitra.businesses.imports import import_rows, read_table
from jalinmitra.businesses.tasks import import_job_run
from jalinmitra.core.jobs import language_mark
from jalinmitra.core.models import Job

HEADER = (
    "nama_usaha,bentuk_usaha,nib,npwp,nama_pemilik,nik_pemilik,alamat,kelurahan,no_whatsapp,"
    "email,kbli_utama,kbli_lain,modal_usaha,hasil_penjualan,deskripsi,sertifikat,"
    "persetujuan_privasi\n"
)
BAD_ROW = (
    "Usaha Uji,perorangan,,,Pemilik Uji,1872014506900,Jl. Uji,18.72.01.1005,0812-3456-7890,"
    "uji@example.com,10794,,Rp50.000.000,300000000,,,\n"
)


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


@pytest.mark.django_db
def test_size_class_explanation_in_english(client, officer, alice):
    _, business = alice
    client.force_login(officer)
    _english(client)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "By business capital and annual sales: micro (PP 7/2021 Article 35)." in html
    assert "Menurut modal usaha" not in html


@pytest.mark.django_db
def test_import_page_labels_in_english(client, officer):
    client.force_login(officer)
    _english(client)
    html = client.get(reverse("businesses:import")).content.decode()
    assert "Type of data" in html
    assert "Offers (products of micro/small businesses)" in html
    assert "Jenis data" not in html
    assert "Berkas XLSX atau CSV" not in html


@pytest.mark.django_db
def test_background_import_speaks_the_language_of_who_started_it(officer):
    rows = read_table(filename="usaha.csv", data=(HEADER + BAD_ROW).encode(), kind="usaha")
    with translation.override("en"):  # the officer's request, in English
        job = Job.objects.create(
            kind="import",
            owner=officer,
            title="Import",
            total=2,
            result=language_mark({"pending": {"kind": "usaha", "rows": rows}}),
        )
    with translation.override("id"):  # the worker: no request, default language
        job = import_job_run(job.pk)
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("No data was saved: 1 row has problems.")
    assert [e["column"] for e in job.result["errors"]] == ["nik_pemilik"]
    assert "NIK" in job.result["errors"][0]["message"]


@pytest.mark.django_db
def test_background_import_stays_indonesian_for_an_indonesian_officer(officer):
    rows = read_table(filename="usaha.csv", data=(HEADER + BAD_ROW).encode(), kind="usaha")
    with translation.override("id"):
        job = Job.objects.create(
            kind="import",
            owner=officer,
            title="Impor",
            total=2,
            result=language_mark({"pending": {"kind": "usaha", "rows": rows}}),
        )
    with translation.override("en"):
        job = import_job_run(job.pk)
    assert job.message.startswith("Tidak ada data yang disimpan")


@pytest.mark.django_db
def test_import_row_errors_in_english():
    bad = BAD_ROW.replace("Rp50.000.000", "lima juta")
    with translation.override("en"):
        rows = read_table(filename="usaha.csv", data=(HEADER + bad).encode(), kind="usaha")
        result = import_rows(kind="usaha", rows=rows, actor=None)
    messages = {e.column: e.message for e in result.errors}
    assert messages["nik_pemilik"] == "NIK must have 16 digits (13 given)"
    assert messages["modal_usaha"].startswith('"lima juta" is not a recognised amount of money')


def test_validator_messages_follow_the_language():
    from jalinmitra.core.identifiers import clean_nik, normalize_whatsapp
    from jalinmitra.core.validator_text import value_error_text

    errors = []
    for check, value in [(clean_nik, "123"), (normalize_whatsapp, "12"), (clean_nik, "")]:
        try:
            check(value)
        except ValueError as e:
            errors.append(e)
    with translation.override("id"):
        assert [value_error_text(e) for e in errors] == [str(e) for e in errors]
    with translation.override("en"):
        english = [value_error_text(e) for e in errors]
    assert english[0] == "NIK must have 16 digits (3 given)"
    assert english[2] == "NIK is not filled in"
    assert all(a != str(b) for a, b in zip(english, errors, strict=True))


def test_server_error_page_speaks_both_languages():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Terjadi gangguan" in html
    assert "Something went wrong" in html


def _guide_text(content: bytes) -> str:
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.worksheets[0].cell(row=1, column=1).value == "nama_usaha"  # read as before
    guide = workbook.worksheets[1]
    return "\n".join(
        " | ".join(str(v) for v in row if v) for row in guide.iter_rows(values_only=True)
    )


def test_import_template_guide_follows_the_language():
    from jalinmitra.businesses.imports import template_xlsx

    with translation.override("id"):
        indonesian = _guide_text(template_xlsx("usaha"))
    with translation.override("en"):
        english = _guide_text(template_xlsx("usaha"))
    assert "Salah satu: perorangan" in indonesian
    assert "NIK 16 angka sesuai KTP" in indonesian
    assert "One of: perorangan" in english
    assert "16-digit NIK as on the KTP" in english
    assert "angka" not in english
