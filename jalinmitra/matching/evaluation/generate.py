"""Write the labelled evaluation set ``dataset.json`` (deterministic; run to regenerate).

    python -m jalinmitra.matching.evaluation.generate

Offers are drawn from product families with listing-like titles and descriptions as
micro businesses in Kota Metro / Lampung write them (variant spellings included). Each
need states, by hand, how relevant each family is to it (0–3); an offer's grade is its
family's grade, and 0 when the need requires a certificate the offer lacks or holds
expired. So the labels are rule-based from the generator's ground truth, not read off
the engine's output.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

TODAY = "2025-06-01"
OUT = Path(__file__).with_name("dataset.json")
REGIONS = [
    "18.72.01.1001", "18.72.01.1003", "18.72.02.1001", "18.72.02.1003", "18.72.03.1002",
    "18.72.04.1001", "18.72.05.1002", "18.71.01.1001", "18.05.01.2001", "18.06.02.2003",
]  # fmt: skip

# family: (kbli, food (halal applies), titles, descriptions, capacity units)
FAMILIES: dict[str, tuple[str, bool, list[str], list[str], list[str]]] = {
    "keripik_pisang": ("10794", True, [
        "Keripik pisang cokelat", "Kripik pisang manis", "Keripik pisang sale",
        "Kripik pisang rasa balado", "Keripik pisang kepok original", "Kripik Pisang Coklat Lumer",
    ], [
        "Dibuat dari pisang kepok pilihan, kemasan 250gr dan 500gr.",
        "Produksi rumahan di Metro, renyah tanpa pengawet.",
        "Varian rasa coklat, keju, balado. Tahan 3 bulan.",
    ], ["kg", "bungkus"]),
    "kemplang": ("10794", True, [
        "Kemplang ikan tenggiri", "Kemplang panggang khas Lampung", "Kerupuk kemplang",
        "Krupuk kemplang udang", "Kemplang bakar sambal",
    ], [
        "Kemplang asli ikan tenggiri, dipanggang bukan digoreng.",
        "Cocok untuk oleh-oleh, kemasan 1 kg.",
        "Dijemur alami, gurih dan renyah.",
    ], ["kg", "bungkus"]),
    "camilan_lain": ("10794", True, [
        "Keripik singkong pedas", "Basreng pedas daun jeruk", "Makaroni goreng pedas",
        "Rengginang ketan", "Peyek kacang", "Kripik tempe sagu",
    ], [
        "Camilan gurih produksi UMKM, kemasan 100gr.",
        "Pedas mantap, tanpa MSG berlebih.",
        "Dititipkan di warung dan toko sekitar Metro.",
    ], ["kg", "bungkus"]),
    "kopi_bubuk": ("10761", True, [
        "Kopi robusta bubuk", "Biji kopi robusta Lampung", "Kupi bubuk asli Lampung",
        "Kopi bubuk robusta premium", "Roasting biji kopi arabika dan robusta",
    ], [
        "Biji kopi dari petani Lampung Barat, disangrai sendiri.",
        "Tersedia biji utuh (green bean / roasted) dan bubuk, 250gr dan 1 kg.",
        "Kopi petik merah, sangrai medium.",
    ], ["kg"]),
    "kedai_kopi": ("56303", True, [
        "Kedai kopi kekinian", "Es kopi susu gula aren", "Warung kopi dan minuman",
        "Kedai minuman kopi susu",
    ], [
        "Menjual minuman es kopi susu, teh, dan coklat dingin siap minum.",
        "Tempat nongkrong dengan wifi, buka sampai malam.",
        "Minuman kopi kekinian harga pelajar.",
    ], ["cup", "porsi"]),
    "sambal": ("10772", True, [
        "Sambal lingkung khas Lampung", "Sambel bawang pedas", "Sambal terasi botol",
        "Sambal ikan roa", "Sambel cumi botolan",
    ], [
        "Sambal botol 200gr, tahan 6 bulan tanpa pengawet.",
        "Dibuat dari cabai segar dan ikan pilihan.",
        "Pedas nampol, cocok untuk oleh-oleh.",
    ], ["botol", "kg"]),
    "kue": ("10710", True, [
        "Kue kering nastar", "Bolu pandan", "Kue lapis legit", "Brownies coklat panggang",
        "Aneka kue kering lebaran", "Kue basah jajanan pasar",
    ], [
        "Menerima pesanan hampers dan arisan.",
        "Tanpa pengawet, dipanggang setiap hari.",
        "Kue rumahan dengan mentega asli.",
    ], ["toples", "kotak", "pcs"]),
    "gula_aren": ("10722", True, [
        "Gula aren cetak", "Gula semut aren organik", "Gula merah aren asli",
        "Gula aren cair",
    ], [
        "Nira aren dari kebun sendiri, dimasak tradisional.",
        "Cocok untuk bahan minuman dan kue.",
        "Tanpa campuran gula pasir.",
    ], ["kg"]),
    "tapis": ("13912", False, [
        "Kain tapis Lampung", "Tapis sulam benang emas", "Selendang tapis motif kapal",
        "Tenun tapis tradisional",
    ], [
        "Kain tapis tenun tangan oleh perajin Metro.",
        "Motif pucuk rebung dan kapal, benang emas.",
        "Bisa pesan motif untuk seragam adat.",
    ], ["lembar", "pcs"]),
    "kerajinan": ("16291", False, [
        "Kerajinan anyaman bambu", "Kerajinan rotan", "Souvenir kerajinan tangan",
        "Tas anyaman pandan", "Kerajinan ukiran kayu",
    ], [
        "Dibuat oleh para perajin lokal, cocok untuk suvenir.",
        "Pengrajin berpengalaman, bisa pesan desain.",
        "Hasil kerajinan tangan ibu-ibu PKK.",
    ], ["pcs", "kodi"]),
    "jasa_rajin": ("81210", False, [
        "Jasa bersih rumah", "Tenaga kebersihan rajin dan jujur", "Cleaning service harian",
        "Asisten rumah tangga rajin",
    ], [
        "Pekerja rajin, jujur dan tepat waktu.",
        "Membersihkan rumah, kantor dan toko.",
        "Rajin dan bertanggung jawab, bisa harian atau bulanan.",
    ], []),
    "konveksi": ("14111", False, [
        "Konveksi seragam sekolah", "Penjahit kemeja PDH", "Jahit seragam kantor",
        "Konveksi kaos dan sablon", "Jasa jahit baju batik", "Konpeksi seragam olahraga",
    ], [
        "Menerima jahitan seragam dalam jumlah besar, 1 kodi sampai ratusan lusin.",
        "Penjahit berpengalaman, bordir logo instansi.",
        "Bahan drill, katun, lacoste.",
    ], ["pcs", "lusin", "kodi"]),
    "laundry": ("96200", False, [
        "Laundry kiloan", "Londri kiloan dan setrika", "Jasa cuci karpet dan bed cover",
        "Laundry hotel dan rumah sakit",
    ], [
        "Cuci kering setrika, antar jemput.",
        "Kapasitas besar untuk hotel, wisma dan asrama.",
        "Wangi dan rapi, selesai 2 hari.",
    ], ["kg"]),
    "percetakan": ("18111", False, [
        "Percetakan undangan", "Cetak spanduk dan banner", "Digital printing stiker label",
        "Percetakan brosur dan kalender", "Cetak buku dan nota",
    ], [
        "Cetak cepat, bisa desain.",
        "Mesin offset dan digital printing.",
        "Melayani instansi dan UMKM.",
    ], ["lembar", "pcs"]),
    "katering": ("56210", True, [
        "Katering nasi kotak", "Catering prasmanan", "Nasi box ayam bakar",
        "Tumpeng dan nasi kotak", "Ketering harian kantor",
    ], [
        "Melayani rapat, pengajian dan hajatan.",
        "Menu rumahan, minimal 50 kotak.",
        "Snack box dan makan siang kantor.",
    ], ["kotak", "porsi"]),
    "kemasan": ("82920", False, [
        "Jasa pengemasan produk UMKM", "Kemasan standing pouch", "Pengepakan dan pelabelan",
        "Desain dan cetak kemasan produk", "Jasa pengemasan vakum",
    ], [
        "Pengemasan makanan ringan dengan mesin sealer.",
        "Kemasan aluminium foil dan plastik food grade.",
        "Membantu UMKM naik kelas dengan kemasan menarik.",
    ], ["pcs"]),
    "perhiasan": ("32111", False, [
        "Perhiasan emas", "Cincin dan kalung emas", "Toko emas dan perak",
        "Perhiasan emas muda",
    ], [
        "Emas 24 karat dan emas muda, ada surat.",
        "Terima pesanan cincin kawin.",
        "Perhiasan perak dan emas model terbaru.",
    ], ["pcs"]),
    "frozen": ("10750", True, [
        "Pempek ikan frozen", "Bakso sapi beku", "Nugget ayam homemade",
        "Frozen food siomay dan dimsum", "Otak-otak ikan beku",
    ], [
        "Dikemas vakum, tahan 3 bulan di freezer.",
        "Tanpa pengawet, ikan tenggiri asli.",
        "Dititip di minimarket dan warung.",
    ], ["kg", "pak"]),
    "jamu": ("11040", True, [
        "Jamu kunyit asam", "Minuman serbuk jahe merah", "Jamu beras kencur",
        "Wedang uwuh",
    ], [
        "Jamu tradisional botol 250 ml.",
        "Serbuk instan tanpa pemanis buatan.",
        "Diolah dari rempah segar.",
    ], ["botol", "liter"]),
}  # fmt: skip

# (title, description, {family: grade}, requires, quantity)
NEEDS: list[tuple[str, str, dict[str, int], list[str], dict | None]] = [
    ("Pasokan camilan oleh-oleh khas Lampung", "Untuk rak oleh-oleh supermarket.",
     {"keripik_pisang": 3, "kemplang": 3, "camilan_lain": 2, "kopi_bubuk": 1, "sambal": 1}, ["halal"],
     {"quantity": 200, "unit": "kg", "per": "month"}),
    ("Keripik pisang untuk toko oleh-oleh", "", {"keripik_pisang": 3, "camilan_lain": 1, "kemplang": 1}, ["halal"], None),
    ("Kripik pisang coklat", "Dijual di minimarket.", {"keripik_pisang": 3, "camilan_lain": 1}, [], None),
    ("Kemplang ikan", "Untuk oleh-oleh khas Lampung.", {"kemplang": 3, "camilan_lain": 1, "keripik_pisang": 1}, [], None),
    ("Camilan untuk minimarket", "Snack kemasan kecil.", {"camilan_lain": 3, "keripik_pisang": 3, "kemplang": 3, "kue": 1}, [], None),
    ("Kopi robusta bubuk", "Dijual dalam kemasan di supermarket.", {"kopi_bubuk": 3, "kedai_kopi": 0}, ["halal"], None),
    ("Biji kopi untuk kafe", "Sangrai medium, rutin tiap bulan.", {"kopi_bubuk": 3}, [], {"quantity": 50, "unit": "kg", "per": "month"}),
    ("Kupi Lampung", "", {"kopi_bubuk": 3, "kedai_kopi": 1}, [], None),
    ("Sambel bawang botolan", "", {"sambal": 3}, ["halal"], None),
    ("Sambal khas Lampung untuk restoran", "", {"sambal": 3}, [], {"quantity": 100, "unit": "botol", "per": "week"}),
    ("Kue kering untuk hampers lebaran", "", {"kue": 3}, ["halal"], {"quantity": 50, "unit": "toples"}),
    ("Bolu dan kue basah untuk rapat", "", {"kue": 3, "katering": 1}, [], None),
    ("Brownies coklat", "", {"kue": 3}, [], None),
    ("Gula aren untuk bahan minuman", "Untuk produksi kopi susu di outlet kami.", {"gula_aren": 3}, [], {"quantity": 100, "unit": "kg", "per": "month"}),
    ("Gula semut organik", "", {"gula_aren": 3}, [], None),
    ("Kain tapis untuk cendera mata tamu", "", {"tapis": 3, "kerajinan": 2}, [], None),
    ("Selendang tapis Lampung", "", {"tapis": 3}, [], None),
    ("Kerajinan tangan untuk suvenir", "Cendera mata acara kantor.", {"kerajinan": 3, "tapis": 2}, [], {"quantity": 5, "unit": "kodi"}),
    ("Anyaman bambu dan rotan", "", {"kerajinan": 3}, [], None),
    ("Tenaga kebersihan rajin", "Untuk kantor cabang.", {"jasa_rajin": 3}, [], None),
    ("Seragam karyawan", "Kemeja dengan bordir logo.", {"konveksi": 3}, [], {"quantity": 30, "unit": "lusin"}),
    ("Penjahit seragam sekolah", "", {"konveksi": 3}, [], None),
    ("Kaos sablon untuk acara", "", {"konveksi": 3, "percetakan": 1}, [], None),
    ("Laundry seragam dan linen hotel", "", {"laundry": 3}, [], {"quantity": 300, "unit": "kg", "per": "week"}),
    ("Jasa cuci kiloan", "", {"laundry": 3}, [], None),
    ("Cetak spanduk promosi", "", {"percetakan": 3}, [], None),
    ("Percetakan undangan dan brosur", "", {"percetakan": 3}, [], None),
    ("Catering nasi kotak untuk rapat", "", {"katering": 3, "kue": 1}, ["halal"], {"quantity": 200, "unit": "kotak", "per": "week"}),
    ("Katering prasmanan hajatan", "", {"katering": 3}, [], None),
    ("Jasa pengemasan produk makanan", "", {"kemasan": 3, "percetakan": 1}, [], None),
    ("Kemasan standing pouch dan label", "", {"kemasan": 3, "percetakan": 2}, [], None),
    ("Perhiasan emas untuk toko", "", {"perhiasan": 3}, [], None),
    ("Frozen food pempek dan bakso", "Untuk freezer minimarket.", {"frozen": 3}, ["halal"], None),
    ("Jamu tradisional botol", "", {"jamu": 3}, [], None),
    ("Minuman kopi siap minum untuk acara", "", {"kedai_kopi": 3, "kopi_bubuk": 1, "jamu": 1}, [], None),
]  # fmt: skip

PER_FAMILY = 16


def build(seed: int = 20250601) -> dict:
    rng = random.Random(seed)
    offers, families = [], {}
    number = 0
    for family, (kbli, food, titles, descriptions, units) in FAMILIES.items():
        for i in range(PER_FAMILY):
            number += 1
            offer_id = f"o{number:03d}"
            title = titles[i % len(titles)]
            if i >= len(titles) and rng.random() < 0.5:
                title += rng.choice([" Bu Sri", " Mbak Yuni", " Metro", " Pak Joko", " Barokah"])
            offer: dict = {
                "id": offer_id,
                "title": title,
                "description": " ".join(rng.sample(descriptions, 2)),
                "kbli": [kbli] if rng.random() < 0.8 else [],
                "region": rng.choice(REGIONS),
            }
            certs: list = []
            if food and rng.random() < 0.75:
                roll = rng.random()
                if roll < 0.5:
                    certs.append(
                        {
                            "type": "halal",
                            "number": f"ID{rng.randrange(10**9):09d}",
                            "expires": f"{rng.choice([2024, 2026, 2027, 2028])}-12-31",
                        }
                    )
                else:
                    certs.append("halal")
            if food and rng.random() < 0.6:
                certs.append("pirt")
            offer["certifications"] = certs
            if units:
                offer["capacity"] = {
                    "quantity": rng.choice([20, 50, 100, 300, 1000]),
                    "unit": rng.choice(units),
                    "per": "month",
                }
            offers.append(offer)
            families[offer_id] = family
    needs, qrels = [], {}
    for j, (title, description, grades, requires, quantity) in enumerate(NEEDS, start=1):
        need_id = f"n{j:02d}"
        need: dict = {
            "id": need_id,
            "title": title,
            "description": description,
            "requires": requires,
            "region": "18.72",
        }
        if quantity:
            need["quantity"] = quantity
        needs.append(need)
        labels = {}
        for offer in offers:
            grade = grades.get(families[offer["id"]], 0)
            if grade and requires and not _has_valid(offer, requires):
                grade = 0
            if grade:
                labels[offer["id"]] = grade
        qrels[need_id] = labels
    return {"today": TODAY, "offers": offers, "needs": needs, "qrels": qrels, "families": families}


def _has_valid(offer: dict, requires: list[str]) -> bool:
    held = set()
    for cert in offer["certifications"]:
        if isinstance(cert, str):
            held.add(cert)
        elif cert["expires"] >= TODAY:
            held.add(cert["type"])
    return all(r in held for r in requires)


def main() -> None:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"ditulis: {OUT}")


if __name__ == "__main__":
    main()
