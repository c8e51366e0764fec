import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.id import npwp as stdnum_npwp

from jalinmitra.core.identifiers import (
    clean_nib,
    clean_nik,
    clean_npwp,
    fake_nib,
    fake_nik,
    fake_npwp_for_nik,
    fake_phone,
    format_npwp,
    mask_nik,
    mask_phone,
    nik_birth_date,
    nik_is_female,
    normalize_whatsapp,
)

# Fictitious numbers: valid in form only.
NIK_MAN = "1872010508900001"  # Kota Metro, born 5 Aug 1990
NIK_WOMAN = "1872014506900001"  # born 5 Jun 1990 (day 45 = 5 + 40)
NPWP_LEGACY = "01.312.166.0-091.000"  # python-stdnum's own example


# --- NIK --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (NIK_MAN, NIK_MAN),
        (NIK_WOMAN, NIK_WOMAN),
        ("1872 0145 0690 0001", NIK_WOMAN),
        ("18.72.01.450690.0001", NIK_WOMAN),
        (" 1872-0145-0690-0001 ", NIK_WOMAN),
        ("1872016902000001", "1872016902000001"),  # 29 Feb 2000, woman
        ("6571010101900001", "6571010101900001"),  # Kalimantan Utara: unknown to stdnum
        ("9601010101900001", "9601010101900001"),  # Papua Barat Daya (2022)
        ("3171011708450001", "3171011708450001"),
    ],
)
def test_clean_nik_accepts(value, expected):
    assert clean_nik(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "NIK belum diisi"),
        (None, "NIK belum diisi"),
        ("18720145069000", "NIK harus 16 angka"),
        ("18720145069000011", "NIK harus 16 angka"),
        ("18720145069O0001", "hanya boleh berisi angka"),  # letter O
        ("９８７２０１４５０６９００００１", "hanya boleh berisi angka"),  # full-width digits
        ("9972014506900001", "kode provinsi 99"),
        ("0072014506900001", "kode provinsi 00"),
        ("1800014506900001", "tidak boleh 00"),
        ("1872004506900001", "tidak boleh 00"),
        ("1872010006900001", "tanggal lahir tidak masuk akal"),  # day 0
        ("1872013206900001", "tanggal lahir tidak masuk akal"),  # day 32
        ("1872014006900001", "tanggal lahir tidak masuk akal"),  # day 40 = woman, day 0
        ("1872017206900001", "tanggal lahir tidak masuk akal"),  # day 72 = woman, day 32
        ("1872018106900001", "tanggal lahir tidak masuk akal"),  # 81: stdnum reads it as the 1st
        ("1872010113900001", "tanggal lahir tidak masuk akal"),  # month 13
        ("1872010000900001", "tanggal lahir tidak masuk akal"),  # month 0
        ("1872013102900001", "tanggal lahir tidak masuk akal"),  # 31 Feb
        ("1872017102900001", "tanggal lahir tidak masuk akal"),  # 31 Feb, woman
        ("1872012902010001", "tanggal lahir tidak masuk akal"),  # 29 Feb 1901/2001
        ("1872010508900000", "nomor urut"),
    ],
)
def test_clean_nik_refuses_with_indonesian_message(value, message):
    with pytest.raises(ValueError, match=message):
        clean_nik(value)


def test_nik_birth_date_and_sex():
    assert nik_birth_date(NIK_WOMAN) == date(1990, 6, 5)
    assert nik_is_female(NIK_WOMAN)
    assert nik_birth_date(NIK_MAN) == date(1990, 8, 5)
    assert not nik_is_female(NIK_MAN)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (NIK_WOMAN, "1872************"),
        ("1872 0145 0690 0001", "1872************"),
        ("12345", "*****"),
        ("", "–"),
        (None, "–"),
    ],
)
def test_mask_nik(value, expected):
    assert mask_nik(value) == expected


# --- NPWP -------------------------------------------------------------------


def test_clean_npwp_legacy_15_digits_gets_leading_zero():
    assert clean_npwp(NPWP_LEGACY) == "0013121660091000"
    assert clean_npwp("013121660091000") == "0013121660091000"


def test_clean_npwp_16_digits():
    assert clean_npwp("0013121660091000") == "0013121660091000"
    assert clean_npwp("0013 1216 6009 1000") == "0013121660091000"


def test_clean_npwp_nik_based():
    assert clean_npwp(NIK_WOMAN) == NIK_WOMAN


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "NPWP belum diisi"),
        ("01.234.567.8-901.000", "angka pemeriksa"),
        ("0012345678901000", "angka pemeriksa"),
        ("01312166009100", "NPWP harus 16 angka"),
        ("00131216600910001", "NPWP harus 16 angka"),
        ("ABCDEFGHIJKLMNO", "hanya boleh berisi angka"),
        ("1872018106900001", "berupa NIK, tetapi NIK tidak valid"),
    ],
)
def test_clean_npwp_refuses(value, message):
    with pytest.raises(ValueError, match=message):
        clean_npwp(value)


@given(st.from_regex(r"\A[0-9]{15}\Z"))
def test_clean_npwp_agrees_with_stdnum_on_legacy_numbers(number):
    ours = True
    try:
        clean_npwp(number)
    except ValueError:
        ours = False
    assert ours == stdnum_npwp.is_valid(number)


def test_format_npwp():
    assert format_npwp(NPWP_LEGACY) == "0013121660091000"
    assert format_npwp(NPWP_LEGACY, legacy=True) == NPWP_LEGACY
    assert format_npwp(NIK_WOMAN) == NIK_WOMAN
    with pytest.raises(ValueError, match="berupa NIK"):
        format_npwp(NIK_WOMAN, legacy=True)


# --- NIB --------------------------------------------------------------------


def test_clean_nib():
    assert clean_nib("9120001234567") == "9120001234567"
    assert clean_nib(" 9120 0012 34567 ") == "9120001234567"
    assert clean_nib("0220001234567") == "0220001234567"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("912000123456", "NIB harus 13 angka"),
        ("91200012345678", "NIB harus 13 angka"),
        ("91200012345X7", "hanya boleh berisi angka"),
        ("", "NIB belum diisi"),
    ],
)
def test_clean_nib_refuses(value, message):
    with pytest.raises(ValueError, match=message):
        clean_nib(value)


# --- WhatsApp ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("+62 0812 3456 7890", "+6281234567890"),
        ("(0812) 3456 7890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("0812345678", "+62812345678"),  # 10 digits: the shortest
        ("0812345678901", "+62812345678901"),  # 13 digits: the longest
        ("0852 1234 5678", "+6285212345678"),
        ("0895-1234-5678", "+6289512345678"),
        ("0881-1234-5678", "+6288112345678"),
    ],
)
def test_normalize_whatsapp(value, expected):
    assert normalize_whatsapp(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "belum diisi"),
        (None, "belum diisi"),
        ("0725-41234", "bukan nomor HP"),  # a Kota Metro landline
        ("(0725) 7850123", "bukan nomor HP"),
        ("021-5551234", "bukan nomor HP"),
        ("+65 8123 4567", r"harus nomor Indonesia \(\+62\)"),
        ("+1 415 555 0100", r"harus nomor Indonesia \(\+62\)"),
        ("0800-1-234567", "bukan nomor HP yang dikenali"),  # toll-free
        ("0868-1234-5678", "bukan nomor HP yang dikenali"),  # satellite
        ("081234567", "10–13 angka"),
        ("08123456789012", "10–13 angka"),
        ("0812-3456-789a", "hanya boleh berisi angka"),
        ("08", "bukan nomor HP yang dikenali"),
    ],
)
def test_normalize_whatsapp_refuses(value, message):
    with pytest.raises(ValueError, match=message):
        normalize_whatsapp(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+6281234567890", "+62812****7890"),
        ("0812-3456-7890", "+62812****7890"),
        ("+62812345678", "+62812**5678"),
        ("+62812345678901", "+62812*****8901"),
        ("0725-41234", "*****1234"),
        ("", "–"),
        (None, "–"),
    ],
)
def test_mask_phone(value, expected):
    assert mask_phone(value) == expected


# --- fictitious identifiers -------------------------------------------------


@given(st.integers(min_value=0, max_value=2**32), st.booleans())
def test_fake_nik_is_valid_and_deterministic(seed, female):
    nik = fake_nik(random.Random(seed), female=female)
    assert nik == fake_nik(random.Random(seed), female=female)
    assert clean_nik(nik) == nik
    assert nik.startswith("1872")
    assert "01" <= nik[4:6] <= "05"
    assert nik_is_female(nik) is female
    assert nik[12:] >= "9000"


def test_fake_nik_with_birth_date_and_full_region():
    nik = fake_nik(random.Random(1), region_code="18.72.03", female=True, birth=date(1990, 6, 5))
    assert nik[:12] == "187203450690"
    assert nik_birth_date(nik) == date(1990, 6, 5)


def test_fake_nik_refuses_bad_region():
    with pytest.raises(ValueError, match="Kode wilayah"):
        fake_nik(random.Random(1), region_code="18")


@given(st.integers(min_value=0, max_value=2**32))
def test_fake_nib(seed):
    nib = fake_nib(random.Random(seed))
    assert nib == fake_nib(random.Random(seed))
    assert clean_nib(nib) == nib


def test_fake_npwp_for_nik():
    nik = fake_nik(random.Random(7))
    assert fake_npwp_for_nik(nik) == nik
    assert clean_npwp(fake_npwp_for_nik(nik)) == nik


@given(st.integers(min_value=0, max_value=2**32))
def test_fake_phone(seed):
    phone = fake_phone(random.Random(seed))
    assert phone == fake_phone(random.Random(seed))
    assert normalize_whatsapp(phone) == phone
    assert len(phone) == 14
