import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalinmitra.core.sizeclass import (
    Classification,
    KurTier,
    SizeClass,
    classify,
    kur_tier,
    size_by_capital,
    size_by_turnover,
)

JUTA = 1_000_000
MILIAR = 1_000_000_000

MIKRO, KECIL, MENENGAH, BESAR = (
    SizeClass.MIKRO,
    SizeClass.KECIL,
    SizeClass.MENENGAH,
    SizeClass.BESAR,
)


@pytest.mark.parametrize(
    ("modal_usaha", "expected"),
    [
        (0, MIKRO),
        (1, MIKRO),
        (50 * JUTA, MIKRO),
        (1 * MILIAR - 1, MIKRO),
        (1 * MILIAR, MIKRO),
        (1 * MILIAR + 1, KECIL),
        (5 * MILIAR, KECIL),
        (5 * MILIAR + 1, MENENGAH),
        (10 * MILIAR, MENENGAH),
        (10 * MILIAR + 1, BESAR),
        (1_000 * MILIAR, BESAR),
        (None, None),
    ],
)
def test_size_by_capital(modal_usaha, expected):
    assert size_by_capital(modal_usaha) is expected


@pytest.mark.parametrize(
    ("hasil_penjualan", "expected"),
    [
        (0, MIKRO),
        (300 * JUTA, MIKRO),
        (2 * MILIAR, MIKRO),
        (2 * MILIAR + 1, KECIL),
        (15 * MILIAR, KECIL),
        (15 * MILIAR + 1, MENENGAH),
        (50 * MILIAR, MENENGAH),
        (50 * MILIAR + 1, BESAR),
        (None, None),
    ],
)
def test_size_by_turnover(hasil_penjualan, expected):
    assert size_by_turnover(hasil_penjualan) is expected


@pytest.mark.parametrize("function", [size_by_capital, size_by_turnover])
def test_sizes_refuse_negative_and_non_integers(function):
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        function(-1)
    with pytest.raises(TypeError):
        function(1.5)
    with pytest.raises(TypeError):
        function("1000")


@given(st.integers(min_value=0, max_value=10**14), st.integers(min_value=0, max_value=10**14))
def test_sizes_are_monotonic(a, b):
    order = list(SizeClass)
    low, high = sorted((a, b))
    assert order.index(size_by_capital(low)) <= order.index(size_by_capital(high))
    assert order.index(size_by_turnover(low)) <= order.index(size_by_turnover(high))


def test_size_class_labels_and_values():
    assert [s.value for s in SizeClass] == ["mikro", "kecil", "menengah", "besar"]
    assert SizeClass.MIKRO.label == "Usaha Mikro"
    assert SizeClass.MENENGAH.label == "Usaha Menengah"
    assert str(SizeClass.KECIL) == "kecil"
    assert f"{SizeClass.KECIL}" == "kecil"
    assert SizeClass("besar") is BESAR
    assert SizeClass.MIKRO == "mikro"
    assert SizeClass.choices() == [
        ("mikro", "Usaha Mikro"),
        ("kecil", "Usaha Kecil"),
        ("menengah", "Usaha Menengah"),
        ("besar", "Usaha Besar"),
    ]
    assert MIKRO.is_umk and KECIL.is_umk
    assert not MENENGAH.is_umk and not BESAR.is_umk


def test_classify_disagreement_turnover_decides():
    result = classify(modal_usaha=500 * JUTA, hasil_penjualan=3 * MILIAR)
    assert result == Classification(
        size=KECIL,
        by_capital=MIKRO,
        by_turnover=KECIL,
        deciding="hasil_penjualan",
        explanation=result.explanation,
    )
    assert result.explanation.startswith(
        "Menurut modal usaha: mikro; menurut hasil penjualan tahunan: kecil. "
        "Yang menentukan: hasil penjualan tahunan"
    )
    assert "PP 7/2021 Pasal 35 ayat (4) dan (5)" in result.explanation


def test_classify_disagreement_the_other_way():
    # Large capital but small sales: a running business is judged by its sales.
    result = classify(modal_usaha=8 * MILIAR, hasil_penjualan=1 * MILIAR)
    assert (result.size, result.by_capital, result.by_turnover) == (MIKRO, MENENGAH, MIKRO)
    assert result.deciding == "hasil_penjualan"
    assert "Menurut modal usaha: menengah; menurut hasil penjualan tahunan: mikro." in (
        result.explanation
    )


def test_classify_agreement():
    result = classify(modal_usaha=1 * MILIAR, hasil_penjualan=2 * MILIAR)
    assert (result.size, result.deciding) == (MIKRO, "keduanya")
    assert result.explanation == (
        "Menurut modal usaha dan hasil penjualan tahunan: mikro (PP 7/2021 Pasal 35)."
    )


def test_classify_capital_only():
    result = classify(modal_usaha=1 * MILIAR + 1, hasil_penjualan=None)
    assert (result.size, result.by_capital, result.by_turnover) == (KECIL, KECIL, None)
    assert result.deciding == "modal_usaha"
    assert "hasil penjualan tahunan belum diisi" in result.explanation
    assert "Yang menentukan: modal usaha (PP 7/2021 Pasal 35 ayat (2) dan (3))" in (
        result.explanation
    )


def test_classify_turnover_only():
    result = classify(modal_usaha=None, hasil_penjualan=50 * MILIAR + 1)
    assert (result.size, result.by_capital, result.by_turnover) == (BESAR, None, BESAR)
    assert result.deciding == "hasil_penjualan"
    assert "modal usaha belum diisi" in result.explanation


def test_classify_nothing_known():
    result = classify(None, None)
    assert (result.size, result.by_capital, result.by_turnover, result.deciding) == (
        None,
        None,
        None,
        None,
    )
    assert "belum dapat ditentukan" in result.explanation


def test_classify_zero_is_known_not_missing():
    result = classify(0, 0)
    assert (result.size, result.deciding) == (MIKRO, "keduanya")


@given(
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**12)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**12)),
)
def test_classify_turnover_decides_when_known(modal_usaha, hasil_penjualan):
    result = classify(modal_usaha, hasil_penjualan)
    if hasil_penjualan is not None:
        assert result.size is size_by_turnover(hasil_penjualan)
    else:
        assert result.size is size_by_capital(modal_usaha)
    assert result.explanation


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1, KurTier.SUPER_MIKRO),
        (5 * JUTA, KurTier.SUPER_MIKRO),
        (10 * JUTA, KurTier.SUPER_MIKRO),
        (10 * JUTA + 1, KurTier.MIKRO),
        (50 * JUTA, KurTier.MIKRO),
        (100 * JUTA, KurTier.MIKRO),
        (100 * JUTA + 1, KurTier.KECIL),
        (500 * JUTA, KurTier.KECIL),
        (500 * JUTA + 1, None),
        (10 * MILIAR, None),
    ],
)
def test_kur_tier(amount, expected):
    assert kur_tier(amount) is expected


def test_kur_tier_refuses_nonpositive_and_non_integers():
    with pytest.raises(ValueError, match="lebih dari nol"):
        kur_tier(0)
    with pytest.raises(ValueError, match="lebih dari nol"):
        kur_tier(-5)
    with pytest.raises(TypeError):
        kur_tier(1.5)


def test_kur_tier_labels():
    assert KurTier.SUPER_MIKRO.label == "KUR Super Mikro"
    assert KurTier.KECIL.label == "KUR Kecil"
    assert str(KurTier.MIKRO) == "mikro"
