from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalinmitra.core.money import (
    format_rupiah,
    parse_rupiah,
    parse_terbilang,
    terbilang,
    terbilang_matches,
    terbilang_rupiah,
)

TERBILANG_MAX = 10**18 - 1


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Rp0"),
        (5, "Rp5"),
        (999, "Rp999"),
        (1000, "Rp1.000"),
        (1_250_000, "Rp1.250.000"),
        (10_000_000_000, "Rp10.000.000.000"),
        (-5000, "-Rp5.000"),
        (Decimal("1250000"), "Rp1.250.000"),
        (Decimal("1250000.00"), "Rp1.250.000"),
        (Decimal("999.5"), "Rp1.000"),
        (Decimal("999.49"), "Rp999"),
        (Decimal("-0.4"), "Rp0"),
        (1500.0, "Rp1.500"),
        (None, "–"),
    ],
)
def test_format_rupiah(amount, expected):
    assert format_rupiah(amount) == expected


@pytest.mark.parametrize("bad", ["1000", True, [1]])
def test_format_rupiah_refuses_non_numbers(bad):
    with pytest.raises(TypeError):
        format_rupiah(bad)


def test_format_rupiah_refuses_nan():
    with pytest.raises(ValueError):
        format_rupiah(Decimal("NaN"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp1.250.000", 1_250_000),
        ("Rp 1.250.000", 1_250_000),
        ("Rp. 1.250.000", 1_250_000),
        ("rp1.250.000", 1_250_000),
        ("IDR 1.250.000", 1_250_000),
        ("1.250.000", 1_250_000),
        ("1250000", 1_250_000),
        ("  1250000  ", 1_250_000),
        ("1.250", 1_250),
        ("Rp1.250.000,-", 1_250_000),
        ("Rp1.250.000,00", 1_250_000),
        ("1.250.000 rupiah", 1_250_000),
        ("-Rp5.000", -5_000),
        ("0", 0),
        ("Rp 1,25 juta", 1_250_000),
        ("1,5 miliar", 1_500_000_000),
        ("1,5 milyar", 1_500_000_000),
        ("500 ribu", 500_000),
        ("500rb", 500_000),
        ("2jt", 2_000_000),
        ("2 JUTA", 2_000_000),
        ("1.500 juta", 1_500_000_000),
        ("3 triliun", 3_000_000_000_000),
        ("7,5 juta.", 7_500_000),
    ],
)
def test_parse_rupiah(text, expected):
    assert parse_rupiah(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "Rp",
        "1.25",  # an English decimal point, or a typo: refused rather than guessed
        "1.2500",
        "1,5",  # half a rupiah
        "1.250.000,50",
        "1,2345 ribu",  # Rp1.234,5
        "1,5 M",  # miliar or million?
        "5 dolar",
        "$100",
        "1 250 000",
        "Rp1.250.000,- juta",
        "--5",
    ],
)
def test_parse_rupiah_refuses_garbage_with_indonesian_message(text):
    with pytest.raises(ValueError) as excinfo:
        parse_rupiah(text)
    message = str(excinfo.value)
    assert any(word in message for word in ("bukan", "belum", "tidak", "pecahan"))


def test_parse_rupiah_none():
    with pytest.raises(ValueError, match="belum diisi"):
        parse_rupiah(None)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_rupiah_reads_format_rupiah(n):
    assert parse_rupiah(format_rupiah(n)) == n


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (2, "dua"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (115, "seratus lima belas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (1999, "seribu sembilan ratus sembilan puluh sembilan"),
        (2000, "dua ribu"),
        (2026, "dua ribu dua puluh enam"),
        (10_000, "sepuluh ribu"),
        (11_000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (111_111, "seratus sebelas ribu seratus sebelas"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (1_250_000, "satu juta dua ratus lima puluh ribu"),
        (10_000_000, "sepuluh juta"),
        (100_000_000, "seratus juta"),
        (500_000_000, "lima ratus juta"),
        (1_000_000_000, "satu miliar"),
        (1_000_000_001, "satu miliar satu"),
        (15_000_000_000, "lima belas miliar"),
        (10**12, "satu triliun"),
        (2 * 10**12 + 3 * 10**9, "dua triliun tiga miliar"),
        (10**15, "satu kuadriliun"),
        (
            10**18 - 1,
            "sembilan ratus sembilan puluh sembilan kuadriliun "
            "sembilan ratus sembilan puluh sembilan triliun "
            "sembilan ratus sembilan puluh sembilan miliar "
            "sembilan ratus sembilan puluh sembilan juta "
            "sembilan ratus sembilan puluh sembilan ribu "
            "sembilan ratus sembilan puluh sembilan",
        ),
        (-1, "minus satu"),
        (-1_250_000, "minus satu juta dua ratus lima puluh ribu"),
    ],
)
def test_terbilang(n, words):
    assert terbilang(n) == words
    assert parse_terbilang(words) == n


def test_terbilang_accepts_whole_decimal():
    assert terbilang(Decimal("1250000")) == "satu juta dua ratus lima puluh ribu"


@pytest.mark.parametrize("n", [10**18, -(10**18), 10**30])
def test_terbilang_refuses_too_large(n):
    with pytest.raises(ValueError, match="terlalu besar"):
        terbilang(n)


def test_terbilang_refuses_fractions_and_non_numbers():
    with pytest.raises(ValueError):
        terbilang(Decimal("1.5"))
    with pytest.raises(TypeError):
        terbilang(1.0)
    with pytest.raises(TypeError):
        terbilang("5")


def test_terbilang_rupiah():
    assert terbilang_rupiah(1_250_000) == "satu juta dua ratus lima puluh ribu rupiah"
    assert terbilang_rupiah(0) == "nol rupiah"


@given(st.integers(min_value=-TERBILANG_MAX, max_value=TERBILANG_MAX))
def test_parse_terbilang_round_trip(n):
    assert parse_terbilang(terbilang(n)) == n


@given(st.integers(min_value=0, max_value=10**7))
def test_parse_terbilang_round_trip_small(n):
    # The range where "se-" forms and belas/puluh/ratus interact most.
    assert parse_terbilang(terbilang_rupiah(n)) == n


@pytest.mark.parametrize(
    ("words", "n"),
    [
        ("Satu Juta Dua Ratus Lima Puluh Ribu Rupiah", 1_250_000),
        ("(satu juta rupiah)", 1_000_000),
        ("satu milyar", 1_000_000_000),
        ("satu ribu", 1000),
        ("sejuta", 1_000_000),
        ("seratus ribu", 100_000),
    ],
)
def test_parse_terbilang_tolerates(words, n):
    assert parse_terbilang(words) == n


@pytest.mark.parametrize(
    "words",
    [
        "",
        "rupiah",
        "minus",
        "ribu",
        "satu juta juta",
        "dua ribu tiga juta",  # scales must decrease
        "dua ribu tiga ribu",
        "satu dua",
        "sepuluh satu",
        "dua puluh puluh",
        "satu puluh",
        "satu ratus",
        "seratus seratus",
        "dua seribu",
        "nol nol",
        "satu nol",
        "lima dolar",
        "banyak",
    ],
)
def test_parse_terbilang_refuses(words):
    with pytest.raises(ValueError):
        parse_terbilang(words)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_250_000, "satu juta dua ratus lima puluh ribu rupiah"),
        (1_250_000, "satu juta dua ratus lima puluh ribu"),
        (1_250_000, "  Satu  JUTA dua ratus\nlima puluh ribu   Rupiah "),
        (1_250_000, "(satu juta dua ratus lima puluh ribu rupiah)"),
        (1_250_000, "satu juta dua ratus lima puluh ribu rupiah."),
        (2_000_000_000, "dua milyar rupiah"),
        (0, "nol rupiah"),
    ],
)
def test_terbilang_matches(amount, words):
    assert terbilang_matches(amount, words)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_250_000, "satu juta dua ratus ribu rupiah"),
        (1_250_000, "satu juta dua ratus lima puluh ribu dolar"),
        (1_250_000, "rupiah satu juta dua ratus lima puluh ribu"),
        (1000, "satu ribu rupiah"),  # readable, but not the correct words
        (1_000_000, "sejuta rupiah"),
        (1_000_000, ""),
        (10**18, "satu triliun triliun"),
    ],
)
def test_terbilang_matches_rejects(amount, words):
    assert not terbilang_matches(amount, words)


@given(st.integers(min_value=0, max_value=TERBILANG_MAX))
def test_terbilang_matches_its_own_output(n):
    assert terbilang_matches(n, terbilang_rupiah(n).upper())
    assert not terbilang_matches(n + 1, terbilang_rupiah(n))
