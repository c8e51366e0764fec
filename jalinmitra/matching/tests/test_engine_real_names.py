"""Issue 15: matching that holds on real product names. Each failure a trial user found is a
test here, with the strings from the issue and the demo."""

import json
import re

import pytest

from jalinmitra.matching.engine import Matcher, Need, Offer, Price, Quantity, analyze
from jalinmitra.matching.engine.generic import learn_generic
from jalinmitra.matching.engine.io import parse_input
from jalinmitra.matching.engine.signals import capacity_score, price_score
from jalinmitra.matching.engine.text import default_lexicon
from jalinmitra.matching.evaluation.evaluate import DATASET

BANANA_CHIPS = Offer(
    id="pisang",
    title="Keripik pisang kepok",
    description=(
        "Keripik pisang kepok diiris tipis, digoreng dengan minyak baru setiap produksi, "
        "tanpa pengawet dan pemanis buatan. Bisa cetak label toko untuk pesanan di atas "
        "500 bungkus."
    ),
    kbli=("10794",),
    region="18.72.01.1001",
)


def background() -> list[Offer]:
    """The labelled set's 304 offers, so that word statistics are those of a real index."""
    data = json.loads(DATASET.read_text(encoding="utf-8"))
    return parse_input(data).offers


@pytest.fixture(params=[True, False], ids=["vectorised", "scalar"])
def matcher(request):
    m = Matcher(background())
    m.vectorized = request.param
    return m


def cocok_words(reasons: list[str]) -> list[str]:
    for reason in reasons:
        if reason.startswith("Cocok dengan: "):
            return reason.removeprefix("Cocok dengan: ").split()
    return []


def test_banana_chip_maker_is_not_offered_uniforms_tapis_or_linen(matcher):
    matcher.add(BANANA_CHIPS)
    needs = [
        Need(
            id="perawat",
            title="Seragam perawat",
            description="Atasan dan celana perawat, produksi rapi tanpa cacat jahitan.",
        ),
        Need(
            id="tapis",
            title="Kain tapis untuk cendera mata",
            description="Produksi perajin Lampung, tanpa luntur, motif di atas kain.",
        ),
        Need(
            id="linen",
            title="Laundry linen hotel",
            description="Cuci dan setrika linen tanpa pemutih, di atas 200 kg per minggu.",
        ),
        Need(id="oleh", title="Keripik pisang untuk toko oleh-oleh"),
    ]
    found = matcher.match_offer(BANANA_CHIPS, needs, top=10)
    assert [m.need_id for m in found] == ["oleh"]
    assert "pisang" in cocok_words(found[0].reasons)
    for need in needs[:3]:
        assert matcher.score_pair(need, BANANA_CHIPS) is None


# The demo's own strings (jalinmitra/demo/data.py): a banana-chip maker's two offers and the
# hotel and gift-shop needs its "Peluang untuk Anda" listed, on "tambahan" (generic) and on
# "tapis → oleh-oleh khas lampung" (a use reached upwards, which must not find).
DEMO_BANANA = [
    Offer(
        id="sale",
        title="Sale pisang goreng",
        description=(
            "Sale dari pisang ambon yang dijemur 4–5 hari, manis alami tanpa gula tambahan. "
            "Kemasan 250 g; cocok untuk oleh-oleh dan teman minum kopi."
        ),
        kbli=("10794",),
    ),
    Offer(
        id="keripik",
        title="Keripik pisang aneka rasa",
        description=(
            "Keripik pisang kepok diiris tipis, digoreng dengan minyak baru setiap produksi, "
            "tanpa pengawet dan pemanis buatan. Rasa original, cokelat, balado, keju, dan susu. "
            "Curah per kg untuk toko oleh-oleh; kemasan 100 g dan 250 g juga tersedia."
        ),
        kbli=("10794",),
    ),
]
DEMO_NEEDS = [
    Need(
        id="linen",
        title="Laundry linen saat okupansi penuh",
        description=(
            "Cuci seprai, sarung bantal, dan handuk tambahan saat okupansi di atas 80%. "
            "Jemput dan antar di hari yang sama."
        ),
        kbli=("96200",),
    ),
    Need(
        id="seragam",
        title="Seragam staf motif tapis",
        description="Seragam staf front office dan restoran dengan aksen tapis Lampung, 60 stel "
        "sekali pesan.",
        kbli=("14111",),
    ),
    Need(
        id="tapis",
        title="Tapis dan kerajinan khas Lampung",
        description=(
            "Kain tapis, selendang tapis, dompet dan tas tapis, serta miniatur siger untuk "
            "etalase cendera mata. Motif dan ukuran dikonsultasikan sebelum produksi."
        ),
        kbli=("13121",),
    ),
]


def test_the_demo_banana_chip_maker_is_not_offered_linen_uniforms_or_tapis(matcher):
    for offer in DEMO_BANANA:
        matcher.add(offer)
    wanted = Need(id="oleh", title="Keripik pisang untuk toko oleh-oleh")
    for offer in DEMO_BANANA:
        found = matcher.match_offer(offer, [*DEMO_NEEDS, wanted], top=10)
        assert [m.need_id for m in found] == ["oleh"], offer.id
        for need in DEMO_NEEDS:
            assert matcher.score_pair(need, offer) is None
    # A use reached from a product still ranks: a tapis offer said to be "oleh-oleh khas
    # Lampung" is found by "tapis" and named by it.
    tapis = Offer(id="t", title="Kain tapis sulam", description="Oleh-oleh khas Lampung.")
    matcher.add(tapis)
    found = {m.offer_id: m for m in matcher.match_need(DEMO_NEEDS[2], top=50)}
    assert "tapis" in cocok_words(found["t"].reasons)


def test_what_an_offer_is_without_does_not_find_it(matcher):
    """ "Manis alami tanpa gula tambahan": a need for palm sugar does not find the sale."""
    for offer in DEMO_BANANA:
        matcher.add(offer)
    need = Need(id="gula", title="Gula aren untuk minuman dan masakan")
    assert matcher.score_pair(need, DEMO_BANANA[0]) is None
    with_sugar = Offer(id="s", title="Sale pisang", description="Dimasak dengan gula aren.")
    matcher.add(with_sugar)
    assert matcher.score_pair(need, with_sugar) is not None


def test_words_that_say_nothing_find_nothing(matcher):
    matcher.add(BANANA_CHIPS)
    assert matcher.search("produksi tanpa atas") == []
    assert matcher.search("kualitas siap produksi") == []


def test_every_reason_names_a_content_word(matcher):
    lex = default_lexicon()
    data = json.loads(DATASET.read_text(encoding="utf-8"))
    named = 0
    for need in parse_input(data).needs:
        for match in matcher.match_need(need, 10):
            words = cocok_words(match.reasons)
            related = [r for r in match.reasons if r.startswith("Terkait: ")]
            assert words or related, (need.title, match.reasons)
            for word in words:
                assert lex.stem(word) not in lex.generic and word not in lex.stopwords
                named += 1
    assert named > 100


def test_package_units_are_not_compared_with_other_units():
    demand = Quantity(200, "stel", "month")
    assert capacity_score(demand, Quantity(1400, "pak", "month")) == (None, None)
    assert price_score(Price(185_000, 185_000, "stel"), Price(15_000, 23_000, "pak")) == (
        None,
        None,
    )
    # The same package, and pieces with lusin and kodi, still compare after conversion.
    assert capacity_score(Quantity(100, "pack"), Quantity(150, "pak"))[0] == 1.0
    score, reason = capacity_score(Quantity(240, "pcs", "month"), Quantity(10, "lusin", "month"))
    assert score == pytest.approx(0.5) and "10 lusin" in reason
    assert capacity_score(Quantity(2, "kodi"), Quantity(40, "buah"))[0] == 1.0


def test_pak_against_stel_makes_no_claim_in_the_reasons(matcher):
    offer = Offer(
        id="konveksi",
        title="Seragam perawat",
        description="Jahit seragam perawat.",
        capacity=Quantity(1400, "pak", "month"),
        price=Price(150_000, 170_000, "pak"),
    )
    matcher.add(offer)
    need = Need(
        id="n",
        title="Seragam perawat",
        quantity=Quantity(200, "stel", "month"),
        target_price=Price(185_000, 185_000, "stel"),
    )
    found = {m.offer_id: m for m in matcher.match_need(need, 10)}
    reasons = found["konveksi"].reasons
    assert not [r for r in reasons if r.startswith(("Kapasitas", "Harga"))], reasons
    assert matcher.score_pair(need, offer) == (found["konveksi"].score, reasons)


def test_cassava_balado_need_ranks_exact_offers_above_banana_chocolate(matcher):
    banana = Offer(
        id="a-pisang-cokelat",
        title="Keripik pisang cokelat",
        kbli=("10794",),
        region="18.72.01.1001",
        capacity=Quantity(1000, "kg", "month"),
        price=Price(40_000, 45_000, "kg"),
    )
    exact = [
        Offer(
            id=f"z-singkong-{i}",
            title="Keripik singkong balado",
            region="18.71.01.1001",
            capacity=Quantity(50, "kg", "month"),
            price=Price(60_000, 65_000, "kg"),
        )
        for i in range(2)
    ]
    for offer in [banana, *exact]:
        matcher.add(offer)
    need = Need(
        id="n",
        title="Keripik singkong balado",
        kbli=("10794",),
        region="18.72.01",
        quantity=Quantity(200, "kg", "month"),
        target_price=Price(45_000, 45_000, "kg"),
    )
    ranked = [m.offer_id for m in matcher.match_need(need, 400)]
    # Nearer, cheaper, bigger and of the same KBLI, the banana-chocolate offer still comes
    # after both exact offers (in the trial it came first, 86 % against 82 %).
    assert (
        ranked.index("a-pisang-cokelat")
        > ranked.index("z-singkong-1")
        > ranked.index("z-singkong-0")
    )
    scores = {m.offer_id: m.score for m in matcher.match_need(need, 400)}
    assert scores["z-singkong-0"] > scores["a-pisang-cokelat"] + 0.1


def test_same_product_other_flavour_above_other_product_same_flavour(matcher):
    matcher.add(Offer(id="singkong-keju", title="Keripik singkong keju"))
    matcher.add(Offer(id="pisang-balado", title="Keripik pisang balado"))
    matcher.add(Offer(id="kacang-balado", title="Kacang balado"))
    need = Need(id="n", title="Keripik singkong balado")
    ranked = [m.offer_id for m in matcher.match_need(need, 400)]
    assert ranked.index("singkong-keju") < ranked.index("pisang-balado")
    assert ranked.index("singkong-keju") < ranked.index("kacang-balado")


def test_searching_kopi_never_returns_sale_pisang(matcher):
    sale = Offer(
        id="sale",
        title="Sale pisang basah",
        description=(
            "Sale dari pisang ambon yang dijemur 4–5 hari, manis alami tanpa gula tambahan. "
            "Kemasan 250 g; cocok untuk oleh-oleh dan teman minum kopi."
        ),
    )
    matcher.add(sale)
    assert "sale" not in [m.offer_id for m in matcher.search("kopi", top=500)]
    assert [m.offer_id for m in matcher.search("sale pisang")][:1] == ["sale"]
    # What it goes with still ranks it once its own words found it.
    assert matcher.score_pair(Need(id="n", title="Sale pisang teman kopi"), sale) is not None


def test_phrases_are_units():
    assert analyze("sepatu olah raga") == analyze("sepatu olahraga") == analyze("Sepatu olah-raga")
    m = Matcher(
        [
            Offer(id="aren", title="Gula aren cair"),
            Offer(id="campur", title="Gula pasir dan sirup aren cair"),
        ]
    )
    found = m.match_need(Need(id="n", title="Gula aren cair"))
    assert [x.offer_id for x in found] == ["aren", "campur"]
    assert found[0].reasons[0] == "Cocok dengan: gula aren cair"
    assert found[1].reasons[0] == "Cocok dengan: gula aren cair"
    assert found[0].score > found[1].score


def test_generic_words_are_learnt_across_families():
    docs = [
        ("1079", ["keripik", "pisang", "produksi"]),
        ("1079", ["keripik", "singkong", "produksi"]),
        ("1410", ["seragam", "perawat", "produksi"]),
        ("9601", ["laundry", "linen", "produksi", "pisang"]),
        ("1392", ["kain", "tapis", "produksi"]),
    ]
    assert learn_generic(docs, share=0.5, min_families=3) == ["produksi"]
    assert learn_generic(docs, share=0.3, min_families=2) == ["produksi", "pisang"]
    assert learn_generic([], share=0.5) == []


def test_head_and_material_weigh_more_than_variant_and_purpose():
    weights = {t: w for t, _, w in default_lexicon().analyze_title("Keripik singkong balado")}
    assert weights["keripik"] == weights["singkong"] > weights["balado"]
    weights = {t: w for t, _, w in default_lexicon().analyze_title("Kopi bubuk untuk kafe")}
    assert weights["kopi"] > weights["kafe"]
    assert re.fullmatch(r"kopi bubuk", next(t for t in weights if " " in t))
