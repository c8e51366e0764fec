from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from jalinmitra.core.dates import (
    BULAN,
    bulan_romawi,
    format_bulan_tahun,
    format_hari_tanggal,
    format_tanggal,
    format_tanggal_waktu,
    nama_bulan,
    nama_hari,
)

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 28), "28 November 2026"),
        (date(2026, 1, 1), "1 Januari 2026"),
        (date(2027, 2, 14), "14 Februari 2027"),
        (date(2026, 3, 9), "9 Maret 2026"),
        (date(2026, 5, 31), "31 Mei 2026"),
        (date(2026, 8, 17), "17 Agustus 2026"),
        (date(2027, 12, 31), "31 Desember 2027"),
        (None, "–"),
    ],
)
def test_format_tanggal(d, expected):
    assert format_tanggal(d) == expected


def test_format_tanggal_aware_datetime_uses_the_city_calendar():
    # 20:00 UTC on 27 November is already 28 November in Jakarta.
    moment = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    assert format_tanggal(moment) == "28 November 2026"
    assert format_bulan_tahun(datetime(2027, 11, 30, 18, 0, tzinfo=UTC)) == "Desember 2027"


def test_all_month_names():
    assert BULAN == (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    )
    assert [nama_bulan(m) for m in range(1, 13)] == list(BULAN)


def test_format_bulan_tahun():
    assert format_bulan_tahun(date(2027, 12, 1)) == "Desember 2027"
    assert format_bulan_tahun(date(2026, 6, 30)) == "Juni 2026"


def test_nama_hari_and_format_hari_tanggal():
    assert nama_hari(date(2026, 11, 28)) == "Sabtu"
    assert [nama_hari(date(2026, 11, 23) + timedelta(days=i)) for i in range(7)] == [
        "Senin",
        "Selasa",
        "Rabu",
        "Kamis",
        "Jumat",
        "Sabtu",
        "Minggu",
    ]
    assert format_hari_tanggal(date(2026, 11, 28)) == "Sabtu, 28 November 2026"


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        (datetime(2026, 11, 28, 9, 30, tzinfo=JAKARTA), "28 November 2026 09.30 WIB"),
        (datetime(2026, 11, 28, 2, 30, tzinfo=UTC), "28 November 2026 09.30 WIB"),
        (datetime(2026, 11, 27, 17, 5, tzinfo=UTC), "28 November 2026 00.05 WIB"),
        (
            datetime(2026, 11, 28, 9, 30, tzinfo=timezone(timedelta(hours=8))),
            "28 November 2026 08.30 WIB",
        ),
        (datetime(2026, 12, 31, 23, 59, 59, tzinfo=JAKARTA), "31 Desember 2026 23.59 WIB"),
    ],
)
def test_format_tanggal_waktu(dt, expected):
    assert format_tanggal_waktu(dt) == expected


def test_format_tanggal_waktu_other_indonesian_zones():
    moment = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)
    assert format_tanggal_waktu(moment, tz="Asia/Makassar") == "28 November 2026 10.30 WITA"
    assert format_tanggal_waktu(moment, tz="Asia/Jayapura") == "28 November 2026 11.30 WIT"
    assert format_tanggal_waktu(moment, tz="Asia/Pontianak") == "28 November 2026 09.30 WIB"


def test_format_tanggal_waktu_refuses_naive_datetime():
    with pytest.raises(ValueError, match="zona waktu"):
        format_tanggal_waktu(datetime(2026, 11, 28, 9, 30))


@pytest.mark.parametrize(
    ("month", "roman"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (6, "VI"),
        (7, "VII"),
        (8, "VIII"),
        (9, "IX"),
        (10, "X"),
        (11, "XI"),
        (12, "XII"),
    ],
)
def test_bulan_romawi(month, roman):
    assert bulan_romawi(month) == roman


def test_bulan_romawi_in_an_agreement_number():
    d = date(2026, 10, 5)
    assert f"012/KMT/DPMPTSP/{bulan_romawi(d.month)}/{d.year}" == "012/KMT/DPMPTSP/X/2026"


@pytest.mark.parametrize("month", [0, 13, -1, True, "10", 10.0])
def test_bulan_romawi_refuses(month):
    with pytest.raises(ValueError, match="Bulan harus 1–12"):
        bulan_romawi(month)
