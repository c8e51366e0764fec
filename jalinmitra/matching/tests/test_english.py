"""Match reasons follow the language switch: the engine writes Indonesian, the page shows the
reader's language (matching.reasons)."""

import pytest
from django.urls import reverse
from django.utils import translation

from jalinmitra.matching.reasons import reason_text
from jalinmitra.matching.tests.test_app_pages import fresh_index, market  # noqa: F401

ENGINE_REASONS = {
    "Cocok dengan: keripik pisang": "Matches: keripik pisang",
    "Terkait: kripik → keripik": "Related: kripik → keripik",
    "KBLI sama: 10794": "Same KBLI: 10794",
    "KBLI 10794 termasuk 1079": "KBLI 10794 falls under 1079",
    "KBLI satu golongan pokok (10): 10794": "KBLI in the same major group (10): 10794",
    "KBLI satu subgolongan (1079): 10799": "KBLI in the same sub-group (1079): 10799",
    "KBLI satu kategori (C): 13111": "KBLI in the same category (C): 13111",
    "Bersertifikat halal (berlaku s.d. Desember 2027)": "Certified halal (valid until December 2027)",
    "Bersertifikat BPOM": "Certified BPOM",
    "Sama-sama di Kota Metro": "Both in Kota Metro",
    "Kapasitas 500 kg/bulan cukup untuk 200 kg/bulan": "Capacity 500 kg/month is enough for 200 kg/month",
    "Kapasitas 100 kg/minggu baru memenuhi 50% dari 200 kg/minggu": (
        "Capacity 100 kg/week covers only 50% of 200 kg/week"
    ),
    "Harga Rp40.000–Rp60.000/kg sesuai target Rp55.000/kg": (
        "Price Rp40.000–Rp60.000/kg fits the target Rp55.000/kg"
    ),
    "Harga Rp60.000/kg sedikit di atas target Rp55.000/kg": (
        "Price Rp60.000/kg is slightly above the target Rp55.000/kg"
    ),
}


def test_every_engine_reason_shape_has_an_english_form():
    with translation.override("en"):
        for indonesian, english in ENGINE_REASONS.items():
            assert reason_text(indonesian) == english
    with translation.override("id"):
        for indonesian in ENGINE_REASONS:
            assert reason_text(indonesian) == indonesian


def test_unknown_reason_is_shown_as_written():
    with translation.override("en"):
        assert reason_text("Sesuatu yang baru") == "Sesuatu yang baru"


@pytest.mark.django_db
def test_need_match_list_in_english(client, officer, market):  # noqa: F811
    _, need, _ = market
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("matching:need", args=[need.pk])).content.decode()
    assert "Certified halal (valid until" in html
    assert "Capacity 500 kg/month is enough for 200 kg/month" in html
    assert "Bersertifikat" not in html
    assert "Kapasitas" not in html
    assert "Cocok dengan" not in html
