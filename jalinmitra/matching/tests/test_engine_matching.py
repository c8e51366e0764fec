from datetime import date

import pytest

from jalinmitra.matching.engine import Certification, Matcher, Need, Offer, Price, Quantity
from jalinmitra.matching.engine.signals import capacity_score, kbli_score, price_score, region_score

TODAY = date(2025, 6, 1)
HALAL_2027 = Certification("halal", "ID123", date(2027, 12, 31))


def offers():
    return [
        Offer("o1", "Keripik pisang cokelat", "Produksi rumahan Metro", ("10794",), (HALAL_2027,),
              Quantity(500, "kg", "month"), "18.72.01.1001"),
        Offer("o2", "Kemplang ikan tenggiri", "Dipanggang", ("10794",), (Certification("halal"),),
              Quantity(100, "kg", "month"), "18.72.02.1001"),
        Offer("o3", "Kedai kopi kekinian", "Es kopi susu gula aren", ("56303",), (), None, "18.72.01.1001"),
        Offer("o4", "Kopi robusta bubuk", "Biji kopi Lampung Barat", ("10761",),
              (Certification("halal", expires=date(2024, 12, 31)),), None, "18.04.01"),
        Offer("o5", "Jasa pengemasan produk UMKM", "Sealer dan label", ("82920",)),
        Offer("o6", "Perhiasan emas", "Cincin dan kalung emas", ("32111",)),
        Offer("o7", "Kerajinan anyaman bambu", "Dibuat para perajin", ("16291",)),
        Offer("o8", "Tenaga kebersihan rajin", "Jujur dan rajin", ("81210",)),
        Offer("o9", "Konveksi seragam sekolah", "Penjahit berpengalaman", ("14111",)),
    ]  # fmt: skip


@pytest.fixture
def matcher():
    return Matcher(offers())


def ids(matches):
    return [m.offer_id for m in matches]


def test_vocabulary_finds_products_the_request_does_not_name(matcher):
    need = Need("n1", "Camilan oleh-oleh khas Lampung", "untuk supermarket")
    found = ids(matcher.match_need(need, today=TODAY))
    # keripik pisang, kemplang and (related too) robusta coffee from Lampung lead
    assert {"o1", "o2"} <= set(found[:3])
    assert not {"o5", "o6", "o7", "o8", "o9"} & set(found)
    reasons = matcher.match_need(need, today=TODAY)[0].reasons
    assert any(r.startswith("Terkait: ") and "→" in r for r in reasons)


def test_expansion_weighs_less_than_a_direct_hit(matcher):
    matcher.add(Offer("c1", "Camilan khas Lampung"))
    found = matcher.match_need(Need("n", "Keripik"), today=TODAY)
    assert found[0].offer_id == "o1"
    assert "c1" in ids(found)
    assert found[0].score > dict((m.offer_id, m.score) for m in found)["c1"]


def test_required_certificate_is_a_hard_filter(matcher):
    need = Need("n", "kopi robusta", requires=("halal",))
    assert "o4" not in ids(matcher.match_need(need, today=TODAY))  # halal expired 2024
    assert "o4" in ids(matcher.match_need(Need("n", "kopi robusta"), today=TODAY))
    assert "o4" in ids(matcher.match_need(need, today=date(2024, 6, 1)))


def test_certificate_reason_names_expiry_month(matcher):
    [first, *_] = matcher.match_need(Need("n", "keripik pisang", requires=("halal",)), today=TODAY)
    assert first.offer_id == "o1"
    assert "Bersertifikat halal (berlaku s.d. Desember 2027)" in first.reasons
    assert "Cocok dengan: keripik pisang" in first.reasons


@pytest.mark.parametrize(
    ("query", "wanted", "trap"),
    [("jasa pengemasan", "o5", "o6"), ("perhiasan emas", "o6", "o5"),
     ("kerajinan tangan", "o7", "o8"), ("kopi bubuk", "o4", "o3")],
)  # fmt: skip
def test_look_alikes_do_not_win(matcher, query, wanted, trap):
    found = ids(matcher.search(query))
    assert found[0] == wanted
    if query != "kopi bubuk":
        assert trap not in found


def test_local_only_keeps_offers_inside_the_need_region(matcher):
    need = Need("n", "keripik kemplang kopi", region="18.72.01")
    assert set(ids(matcher.match_need(need, local_only=True, today=TODAY))) == {"o1", "o3"}
    need.local_only = True
    assert set(ids(matcher.match_need(need, today=TODAY))) == {"o1", "o3"}
    assert len(matcher.match_need(need, local_only=False, today=TODAY)) > 2


def test_incremental_add_update_remove(matcher):
    need = Need("n", "gula aren cetak")
    assert matcher.match_need(need, today=TODAY) == [] or "g1" not in ids(matcher.match_need(need))
    matcher.add(Offer("g1", "Gula aren cetak asli"))
    assert ids(matcher.match_need(need, today=TODAY))[0] == "g1"
    matcher.update(Offer("g1", "Keripik singkong"))
    assert "g1" not in ids(matcher.match_need(need, today=TODAY))
    matcher.remove("g1")
    assert "g1" not in matcher and len(matcher) == 9
    with pytest.raises(KeyError):
        matcher.add(offers()[0])


def test_incremental_index_scores_like_a_fresh_build(matcher):
    matcher.add(Offer("x", "Sambal bawang"))
    matcher.remove("x")
    matcher.update(offers()[1])
    fresh = Matcher(offers())
    need = Need("n", "camilan keripik kemplang", kbli=("10794",), region="18.72")
    assert matcher.match_need(need, today=TODAY) == fresh.match_need(need, today=TODAY)


def test_scores_are_in_unit_range_and_ties_break_by_id():
    twins = [Offer(i, "Sambal bawang") for i in ("s3", "s1", "s2")]
    found = Matcher(twins).search("sambal bawang")
    assert ids(found) == ["s1", "s2", "s3"]
    assert all(0 < m.score <= 1 for m in found)


def test_top_limits_results(matcher):
    assert len(matcher.search("kopi keripik kemplang konveksi kerajinan", top=2)) == 2


def test_reverse_match_gives_the_same_score(matcher):
    needs = [
        Need("n1", "Camilan oleh-oleh khas Lampung", kbli=("10794",), region="18.72",
             quantity=Quantity(200, "kg", "month")),
        Need("n2", "Seragam karyawan"),
        Need("n3", "Keripik pisang", requires=("pirt",)),
    ]  # fmt: skip
    offer = matcher.get("o1")
    found = matcher.match_offer(offer, needs, today=TODAY)
    assert [m.need_id for m in found] == ["n1"]
    [forward] = [m for m in matcher.match_need(needs[0], today=TODAY) if m.offer_id == "o1"]
    assert found[0].score == forward.score
    assert found[0].reasons == forward.reasons
    # An offer not in the index (a draft) can be matched too.
    draft = Offer("draft", "Seragam batik kantor")
    assert [m.need_id for m in matcher.match_offer(draft, needs, today=TODAY)] == ["n2"]


def test_kbli_levels():
    assert kbli_score(["10794"], ["10794"]) == (1.0, "KBLI sama: 10794")
    levels = [
        kbli_score(["10794"], [c])[0]
        for c in ("10794", "10792", "10750", "10110", "14111", "56101")
    ]
    assert levels == sorted(levels, reverse=True) and levels[-1] == 0
    assert len(set(levels)) == 6
    assert kbli_score(["1079"], ["10794"])[0] == 1.0


def test_region_levels_and_names():
    need = ("18", "72", "01", "1001")
    scores = [region_score(need, tuple(c.split(".")), None)[0]
              for c in ("18.72.01.1001", "18.72.01.1002", "18.72.02.1001", "18.71.01.1001", "31.71.01.1001")]  # fmt: skip
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 5
    assert region_score(("18", "72", "01"), ("18", "72", "01", "1003"), None)[1] == (
        "Sama-sama di kecamatan 18.72.01"
    )
    names = {"18.72.01": "Metro Pusat"}
    assert region_score(("18", "72", "01"), ("18", "72", "01", "1003"), names)[1] == (
        "Sama-sama di Kecamatan Metro Pusat"
    )


def test_capacity_with_unit_conversion():
    score, reason = capacity_score(Quantity(200, "kg", "month"), Quantity(500, "kg", "month"))
    assert (score, reason) == (1.0, "Kapasitas 500 kg/bulan cukup untuk 200 kg/bulan")
    assert capacity_score(Quantity(1, "ton", "month"), Quantity(5, "kuintal", "month"))[0] == 0.5
    assert capacity_score(Quantity(70, "kg", "week"), Quantity(5, "kg", "day"))[0] == pytest.approx(
        0.5
    )
    assert capacity_score(Quantity(10, "lusin"), Quantity(6, "kodi"))[0] == 1.0
    assert capacity_score(Quantity(10, "kg"), Quantity(10, "liter")) == (None, None)


def test_incompatible_units_drop_the_capacity_signal_instead_of_failing():
    m = Matcher([Offer("a", "Sambal bawang", capacity=Quantity(10, "liter", "month")),
                 Offer("b", "Sambal bawang", capacity=Quantity(1, "kg", "month"))])  # fmt: skip
    found = m.match_need(
        Need("n", "sambal bawang", quantity=Quantity(100, "kg", "month")), today=TODAY
    )
    assert ids(found) == ["a", "b"]  # "a" is not penalised by a signal it cannot have


def test_price_against_target():
    target = Price(45000, 45000, "kg")
    assert price_score(target, Price(40000, 50000, "kg"))[0] == 1.0
    assert price_score(target, Price(45, 50, "g"))[0] == 1.0 - 2 * (45000 - 45000) / 45000
    assert 0 < price_score(target, Price(50000, 60000, "kg"))[0] < 1
    assert price_score(target, Price(90000, 95000, "kg"))[0] == 0
    assert price_score(target, Price(1, 2, "pcs")) == (None, None)
    assert price_score(target, Price(40000, 50000, "kg"))[1] == (
        "Harga Rp40.000–Rp50.000/kg sesuai target Rp45.000/kg"
    )


def test_each_signal_moves_the_score():
    base = dict(title="Keripik pisang")
    m = Matcher([
        Offer("far", **base, kbli=("56101",), region="31.71", capacity=Quantity(1, "kg", "month"),
              price=Price(90000, 90000, "kg")),
        Offer("near", **base, kbli=("10794",), region="18.72.01", capacity=Quantity(900, "kg", "month"),
              price=Price(20000, 30000, "kg")),
    ])  # fmt: skip
    need = Need("n", "keripik pisang", kbli=("10794",), region="18.72",
                quantity=Quantity(100, "kg", "month"), target_price=Price(40000, 40000, "kg"))  # fmt: skip
    found = m.match_need(need, today=TODAY)
    assert ids(found) == ["near", "far"]
    reasons = found[0].reasons
    assert "KBLI sama: 10794" in reasons
    assert "Sama-sama di kab/kota 18.72" in reasons
    assert "Kapasitas 900 kg/bulan cukup untuk 100 kg/bulan" in reasons
    for field in ("kbli", "region", "quantity", "target_price"):
        single = Need("n", "keripik pisang", **{field: getattr(need, field)})
        scores = {x.offer_id: x.score for x in m.match_need(single, today=TODAY)}
        assert scores["near"] > scores["far"], field


def test_title_outweighs_description():
    m = Matcher([Offer("t", "Sambal bawang", "pedas"), Offer("d", "Pedas mantap", "sambal bawang")])
    assert ids(m.search("sambal bawang")) == ["t", "d"]
