import datetime

from django.utils import translation

from jalinmitra.core.templatetags.jm import rupiah, tanggal


def test_tanggal_follows_the_chosen_language():
    day = datetime.date(2027, 12, 8)
    with translation.override("id"):
        assert tanggal(day) == "8 Desember 2027"
    with translation.override("en"):
        assert tanggal(day) == "8 December 2027"
    assert tanggal(None) == "–"


def test_rupiah_filter():
    assert rupiah(1250000) == "Rp1.250.000"
    assert rupiah(None) == "–"
