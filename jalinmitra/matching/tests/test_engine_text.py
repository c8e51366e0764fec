from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalinmitra.matching.engine import analyze, parse_quantity, stem
from jalinmitra.matching.engine.text import Lexicon, _sastrawi_stem
from jalinmitra.matching.engine.units import Quantity, UnitError, find_quantities


@pytest.mark.parametrize(
    ("word", "trap"),
    [("kerajinan", "rajin"), ("pengemasan", "emas"), ("keripik", "ripik"), ("perajin", "rajin")],
)
def test_stemming_traps_are_avoided(word, trap):
    assert stem(word) != trap
    assert trap not in analyze(f"Jasa {word} produk")


def test_sastrawi_alone_falls_into_the_traps_the_list_protects():
    # If Sastrawi ever stops doing this, the protected entries can go.
    assert _sastrawi_stem("kerajinan") == "rajin"
    assert _sastrawi_stem("pengemasan") == "emas"


def test_packaging_and_jewellery_stay_apart():
    assert set(analyze("jasa pengemasan")) & set(analyze("perhiasan emas")) == set()
    assert stem("pengemasan") == stem("kemasan")


def test_craft_and_diligent_stay_apart_but_craftsman_joins_craft():
    assert stem("kerajinan") != stem("rajin")
    assert stem("perajin") == stem("kerajinan")


@pytest.mark.parametrize(
    ("variant", "standard"),
    [("kripik", "keripik"), ("sambel", "sambal"), ("coklat", "cokelat"), ("kupi", "kopi"),
     ("catering", "katering")],
)  # fmt: skip
def test_spelling_variants_map_to_the_standard_word(variant, standard):
    assert analyze(variant) == analyze(standard)


def test_multi_word_variant():
    assert analyze("nasi box") == analyze("nasi kotak")


def test_normalisation_drops_case_punctuation_stop_words_and_quantities():
    assert analyze("KRIPIK Pisang, Coklat!! 500gr (untuk oleh-oleh) 0,5 kg per bulan") == [
        "keripik",
        "pisang",
        "cokelat",
        "oleh-oleh",
    ]


def test_oleh_oleh_is_not_the_stop_word_oleh():
    assert "oleh-oleh" in analyze("oleh-oleh")
    assert analyze("dibuat oleh ibu") == analyze("dibuat ibu")


def test_other_and_the_like_name_no_product():
    # "lainnya" and "sejenisnya" point at other things, they name none (issue 15, KBLI set).
    assert analyze("Kerajinan anyaman lainnya") == analyze("Kerajinan anyaman")
    assert analyze("Keripik pisang dan sejenisnya") == ["keripik", "pisang"]


def test_reduplication_is_one_word():
    assert analyze("kue-kue") == ["kue"]


@pytest.mark.parametrize(
    ("text", "amount", "unit", "per"),
    [("500gr", 500, "gr", None), ("0,5 kg", 0.5, "kg", None), ("1 lusin", 1, "lusin", None),
     ("1.000 pcs/hari", 1000, "pcs", "hari"), ("2,5 liter per minggu", 2.5, "liter", "minggu")],
)  # fmt: skip
def test_quantities_in_text(text, amount, unit, per):
    [(_, _, qty)] = find_quantities(f"keripik {text} enak")
    assert qty == Quantity(amount, unit, per)


def test_quantity_conversion():
    assert parse_quantity("0,5 kg").base_amount() == 500
    assert parse_quantity("2 ons").base_amount() == 200
    assert parse_quantity("1 lusin").base_amount() == 12
    assert parse_quantity("1 kodi").base_amount() == 20
    assert parse_quantity("30 kg/bulan").per_day() == pytest.approx(1000)
    assert parse_quantity("7 kg/minggu").per_day() == pytest.approx(1000)


def test_unknown_unit_is_an_error():
    with pytest.raises(UnitError, match='satuan "karung" tidak dikenal'):
        parse_quantity("3 karung")


def test_officer_can_extend_the_word_lists(tmp_path: Path):
    from jalinmitra.matching.engine.text import DATA_DIR

    for name in ("varian.txt", "stopword.txt", "lindung.txt", "kerabat.txt"):
        (tmp_path / name).write_text(
            (DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    with (tmp_path / "varian.txt").open("a", encoding="utf-8") as handle:
        handle.write("\n# tambahan petugas\nlempok: lempuk\n")
    lex = Lexicon.load(tmp_path)
    assert lex.tokens("lempuk durian") == lex.tokens("lempok durian")
    assert analyze("lempuk") != analyze("lempok")  # the default lists are unchanged


@given(st.text(max_size=80))
def test_analyze_never_fails_and_yields_clean_tokens(text):
    for token in analyze(text):
        assert token and token == token.lower() and " " not in token
