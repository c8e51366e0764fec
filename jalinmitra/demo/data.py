"""The demo programme of Kota Metro, as data: logins, officials, product lines, partners.

Every person, business, certificate and number here is fictitious. Street names
and kelurahan are Kota Metro's, so the demo looks like home to its officers.
Pure data: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# The year the demo passwords carry; bump it with them.
DEMO_YEAR = 2026
DEMO_SEED = 2026
CITY_REGION = "18.72"


# --- logins -----------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str  # accounts.choices.Role value
    full_name: str
    organisation: str = ""

    note: str = ""


LOGINS = (
    Login(
        "admin",
        f"admin-demo-{DEMO_YEAR}",
        "admin",
        "Admin Demo JalinMitra",
        "Pemerintah Kota Metro",
        note="pengaturan kota, pengguna, data rujukan",
    ),
    Login(
        "petugas",
        f"petugas-demo-{DEMO_YEAR}",
        "petugas",
        "Rina Marlina",
        "DPMPTSP Kota Metro",
        note="verifikasi usaha, pendaftaran dibantu",
    ),
    Login(
        "petugas2",
        f"petugas2-demo-{DEMO_YEAR}",
        "petugas",
        "Yusuf Hidayat",
        "DPMPTSP Kota Metro",
        note="menyusun perjanjian untuk usaha tanpa akun; disetujui petugas lain",
    ),
    Login(
        "bank",
        f"bank-demo-{DEMO_YEAR}",
        "bank",
        "Deni Firmansyah",
        "Bank Mitra Daerah (demo)",
        note="rujukan pembiayaan KUR",
    ),
    Login(
        "bank2",
        f"bank2-demo-{DEMO_YEAR}",
        "bank",
        "Maya Lestari",
        "Bank Rakyat Sejahtera (demo)",
        note="rujukan KUR di bank mitra kedua",
    ),
    Login(
        "umkm",
        f"umkm-demo-{DEMO_YEAR}",
        "usaha",
        "Sri Wahyuni",
        note="pemilik Keripik Pisang Bu Sri (usaha mikro)",
    ),
    Login(
        "mitra",
        f"mitra-demo-{DEMO_YEAR}",
        "usaha",
        "Andreas Setiawan",
        note="direktur PT Swalayan Sinar Metro Raya (usaha besar)",
    ),
)
OFFICER_LOGIN = "petugas"
ADMIN_LOGIN = "admin"


# --- officials who witness agreements ----------------------------------------


@dataclass(frozen=True)
class OfficialData:
    name: str
    title: str
    office_code: str | None  # core.Office.code; None for elected officials
    nip: str  # 18 digits: birth YYYYMMDD, appointment YYYYMM, sex 1/2, serial NNN
    order: int


OFFICIALS = (
    # An elected deputy mayor is not a civil servant, so has no NIP.
    OfficialData("H. Bambang Suryadi, S.E., M.M.", "Wakil Wali Kota Metro", None, "", 1),
    OfficialData(
        "Dr. Hendra Saputra, S.STP., M.Si.",
        "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Metro",
        "DPMPTSP",
        "197603141998031001",
        2,
    ),
    OfficialData(
        "Dra. Yuliana Kusumawati, M.M.",
        "Kepala Dinas Koperasi, UMKM dan Perindustrian Kota Metro",
        "DKUMP",
        "197208211997122002",
        3,
    ),
)


# --- people and places --------------------------------------------------------

# (full name, female). Javanese names dominate Metro (a 1930s kolonisasi
# settlement), with Lampung and Sundanese families alongside.
OWNER_NAMES: tuple[tuple[str, bool], ...] = (
    # Jawa, perempuan
    ("Siti Aminah", True),
    ("Sumarni", True),
    ("Tri Handayani", True),
    ("Endang Susilowati", True),
    ("Dwi Rahayu", True),
    ("Suwarni", True),
    ("Sulastri", True),
    ("Wahyuningsih", True),
    ("Partini", True),
    ("Ngatini", True),
    ("Rini Astuti", True),
    ("Yuni Kartika", True),
    ("Sri Lestari", True),
    ("Siti Khotimah", True),
    ("Tumini", True),
    ("Kasiyem", True),
    ("Eni Purwaningsih", True),
    ("Sugiarti", True),
    ("Warsini", True),
    ("Lilis Suryani", True),
    ("Puji Rahayu", True),
    ("Nur Hidayati", True),
    ("Suyatmi", True),
    ("Wartini", True),
    ("Dwi Wulandari", True),
    ("Susanti", True),
    ("Mujiati", True),
    ("Rusmini", True),
    ("Ismiyati", True),
    ("Retno Wulan", True),
    ("Anik Setyowati", True),
    ("Indah Permatasari", True),
    ("Tutik Haryati", True),
    ("Winarsih", True),
    ("Suparmi", True),
    ("Sri Mulyani", True),
    ("Sri Hartati", True),
    ("Siti Maryam", True),
    ("Tri Wahyuni", True),
    ("Sumiyati", True),
    ("Rahayu Ningsih", True),
    ("Lasmini", True),
    ("Ponirah", True),
    # Lampung, perempuan
    ("Rosmala Dewi", True),
    ("Nurhasanah", True),
    ("Fitriani", True),
    ("Hj. Rosnah", True),
    ("Yulia Rahmawati", True),
    ("Meli Susanti", True),
    ("Herlina", True),
    ("Zuraida", True),
    ("Mardiana", True),
    ("Nurbaiti", True),
    ("Siti Zubaidah", True),
    ("Desi Ratnasari", True),
    ("Maryani", True),
    ("Elly Yusnita", True),
    # Sunda, perempuan
    ("Euis Nurhayati", True),
    ("Cucu Suryani", True),
    ("Iis Sumiati", True),
    ("Neneng Hasanah", True),
    ("Yati Rohayati", True),
    ("Enok Kurniasih", True),
    ("Imas Masitoh", True),
    ("Dedeh Kurniati", True),
    # Jawa, laki-laki
    ("Suparman", False),
    ("Sutrisno", False),
    ("Joko Susilo", False),
    ("Wahyu Hidayat", False),
    ("Suyatno", False),
    ("Bambang Riyanto", False),
    ("Slamet Riyadi", False),
    ("Agus Prasetyo", False),
    ("Hadi Purnomo", False),
    ("Eko Wahyudi", False),
    ("Sugeng Raharjo", False),
    ("Tukiman", False),
    ("Paiman", False),
    ("Mulyono", False),
    ("Rahmat Santoso", False),
    ("Teguh Widodo", False),
    ("Sarjono", False),
    ("Didik Kurniawan", False),
    ("Heru Setiawan", False),
    ("Budi Santoso", False),
    ("Dwi Cahyono", False),
    ("Ngadimin", False),
    ("Kusnadi", False),
    # Lampung, laki-laki
    ("Yusrizal", False),
    ("Hermansyah", False),
    ("Zulkarnain", False),
    ("Rusdi Effendi", False),
    ("Arpan Saputra", False),
    ("Mahyudin", False),
    ("Azwar Hamid", False),
    ("Syahrial", False),
    ("Irwan Syahputra", False),
    ("Fikri Ansyori", False),
    ("Hi. Zainal Abidin", False),
    ("Rizal Pratama", False),
    # Sunda, laki-laki
    ("Asep Saepudin", False),
    ("Dede Kurniawan", False),
    ("Ujang Supriatna", False),
    ("Yayan Sopyan", False),
    ("Cecep Hidayat", False),
    ("Ade Rohmat", False),
    ("Aep Saefullah", False),
    ("Dadang Suherman", False),
    ("Encep Mulyana", False),
    ("Ujang Komarudin", False),
    ("Iwan Ridwan", False),
    ("Enjang Sutisna", False),
)

WOMEN_SHARE_FOOD = 0.7
WOMEN_SHARE_OTHER = 0.35

# Sundanese first names: their owners are "Kang Asep" and "Ceu Euis", not "Pak" and "Bu".
SUNDANESE = frozenset(
    "Euis Cucu Iis Neneng Yati Enok Imas Dedeh Asep Dede Ujang Yayan Cecep Ade Aep Dadang "
    "Encep Iwan Enjang".split()
)
# Honorifics and common first names that are not what neighbours call someone.
NOT_A_CALLING_NAME = frozenset({"Siti", "Dwi", "Tri", "Nur", "Hj.", "Hi.", "Sri"})

# Brand words micro businesses give themselves; some in Lampung ("sai wawai":
# the city's motto, "ragom": together, "nemui nyimah": hospitality).
BRANDS = (
    "Sumber Rejeki",
    "Barokah",
    "Berkah Jaya",
    "Sido Makmur",
    "Sai Bumi",
    "Ragom",
    "Mulya Abadi",
    "Sekar Arum",
    "Cahaya Metro",
    "Tunas Harapan",
    "Mekar Sari",
    "Putri Tunggal",
    "Ruwa Jurai",
    "Sang Bumi",
    "Sinar Wawai",
    "Metro Jaya",
    "Bumi Wawai",
    "Lestari",
    "Tri Manunggal",
    "Rukun Makmur",
    "Jaya Abadi",
    "Dua Putri",
    "Pelangi",
    "Arum Sari",
    "Sari Rasa",
    "Kembang Joyo",
    "Gemilang",
    "Anugerah",
    "Citra Rasa",
    "Al-Barokah",
    "Nikmat",
    "Sejahtera",
    "Sumber Makmur",
    "Karya Bersama",
    "Tiga Saudara",
    "Sekampung",
    "Sumber Urip",
    "Sri Rejeki",
    "Gunung Sari",
    "Bintang Timur",
    "Lancar Jaya",
    "Mawar Merah",
    "Siger Emas",
    "Muli Mekhanai",
    "Gamolan",
    "Cangget",
    "Sakai Sambayan",
    "Nemui Nyimah",
    "Way Batin",
    "Sinar Pagi",
    "Mentari",
    "Maju Bersama",
    "Rejo Mulyo",
    "Tapis Emas",
    "Manunggal Jaya",
    "Dewi Sri",
    "Kenanga",
    "Melati Putih",
    "Ayu Lestari",
    "Rumah Kita",
    "Karya Mandiri",
    "Wong Metro",
    "Rasa Kangen",
    "Saudara",
    "Mitra Karya",
    "Harapan Ibu",
    "Cahaya Abadi",
    "Tunggal Rasa",
    "Mekar Jaya",
    "Sumber Alam",
)

STREETS = (
    "Jl. Jenderal Sudirman",
    "Jl. Ahmad Yani",
    "Jl. Ki Hajar Dewantara",
    "Jl. Imam Bonjol",
    "Jl. Hasanudin",
    "Jl. Soekarno-Hatta",
    "Jl. Brigjen Sutiyoso",
    "Jl. A.H. Nasution",
    "Jl. Pattimura",
    "Jl. Khairbras",
    "Jl. Kapten Tendean",
    "Jl. Wolter Monginsidi",
    "Jl. Diponegoro",
    "Jl. Budi Utomo",
    "Jl. Raden Intan",
    "Jl. Veteran",
    "Jl. Kenanga",
    "Jl. Mawar",
    "Jl. Flamboyan",
    "Jl. Merpati",
    "Jl. Cendrawasih",
    "Jl. Kutilang",
    "Jl. Jambu",
    "Jl. Durian",
    "Jl. Mangga",
    "Jl. Rambutan",
    "Jl. Tongkol",
    "Jl. Bandeng",
    "Jl. Kemiri",
    "Jl. Sumur Bandung",
    "Jl. Ruwa Jurai",
    "Jl. Stadion",
)


# --- micro and small businesses: product lines --------------------------------


@dataclass(frozen=True)
class OfferTemplate:
    titles: tuple[str, ...]  # one is drawn
    description: str
    unit: str  # businesses.choices.Unit value
    price: tuple[int, int]  # Rupiah per unit, the band prices are drawn from
    capacity: tuple[int, int]  # units per month
    certs: tuple[str, ...] = ("halal", "pirt")  # which of the business's certificates apply
    kbli: str | None = None  # when not the business's primary KBLI


@dataclass(frozen=True)
class ProductLine:
    key: str
    count: int  # how many of the 100 micro businesses
    kbli: str  # KBLI 2020 kelompok (5 digits), checked against kbli2020.csv in the tests
    names: tuple[str, ...]  # patterns: {sapaan} (Bu Sri), {merek} (a brand word)
    description: str
    offers: tuple[OfferTemplate, ...]
    kbli_others: tuple[str, ...] = ()
    halal: float = 0.0  # share holding a halal certificate
    # First 3 digits of a P-IRT number (packaging type, then food type) and
    # the share holding one. None where BPOM rules out SPP-IRT: food that
    # keeps under 7 days or needs the cold chain (kue basah, bakso beku, catering).
    pirt_type: str | None = None
    pirt: float = 0.0
    slhs: float = 0.0  # share with a Sertifikat Laik Higiene Sanitasi (Dinkes), caterers
    # (legal form, weight); names for badan usaha come from badan_names.
    legal_forms: tuple[tuple[str, int], ...] = (("perorangan", 1),)
    badan_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    can_be_small: bool = False  # a few of these grew into usaha kecil


FOOD = ("halal", "pirt")

PRODUCT_LINES: tuple[ProductLine, ...] = (
    ProductLine(
        key="keripik_pisang",
        count=12,
        kbli="10794",
        kbli_others=("47911",),
        names=("Keripik Pisang {sapaan}", "Keripik Pisang {merek}", "{merek} Snack"),
        description=(
            "Produksi rumahan keripik pisang kepok dan pisang tanduk dari petani Metro "
            "dan Lampung Timur; dijual ke toko oleh-oleh, warung, dan secara daring."
        ),
        halal=0.9,
        pirt_type="214",
        pirt=0.85,
        can_be_small=True,
        offers=(
            OfferTemplate(
                (
                    "Keripik pisang aneka rasa",
                    "Keripik pisang cokelat lumer",
                    "Keripik pisang kepok",
                ),
                "Keripik pisang kepok diiris tipis, digoreng dengan minyak baru setiap produksi, "
                "tanpa pengawet dan pemanis buatan. Rasa original, cokelat, balado, keju, dan susu. "
                "Curah per kg untuk toko oleh-oleh; kemasan 100 g dan 250 g juga tersedia.",
                "kg",
                (48_000, 75_000),
                (80, 400),
            ),
            OfferTemplate(
                ("Keripik pisang kemasan 250 g",),
                "Standing pouch 250 g berlabel lengkap (komposisi, tanggal kedaluwarsa, PIRT), "
                "siap pajang di toko dan swalayan. Tahan 3 bulan dalam kemasan tertutup. "
                "Bisa cetak label toko (maklon) untuk pesanan di atas 500 bungkus.",
                "pak",
                (15_000, 23_000),
                (300, 2_000),
            ),
            OfferTemplate(
                ("Sale pisang goreng", "Sale pisang basah"),
                "Sale dari pisang ambon yang dijemur 4–5 hari, manis alami tanpa gula tambahan. "
                "Kemasan 250 g; cocok untuk oleh-oleh dan teman minum kopi.",
                "pak",
                (12_000, 18_000),
                (100, 600),
            ),
        ),
    ),
    ProductLine(
        key="kemplang",
        count=6,
        kbli="10794",
        names=("Kemplang {sapaan}", "Kemplang Ikan {merek}", "Kerupuk Kemplang {merek}"),
        description=(
            "Kemplang dan kerupuk ikan tenggiri khas Lampung, dipanggang di atas bara arang "
            "dan digoreng; bahan ikan dari pelelangan Labuhan Maringgai."
        ),
        halal=0.85,
        pirt_type="202",
        pirt=0.8,
        offers=(
            OfferTemplate(
                ("Kemplang panggang ikan tenggiri",),
                "Kemplang dari ikan tenggiri segar dan tepung tapioka, dipanggang di atas bara "
                "arang. Gurih, renyah, tanpa pengawet. Curah per kg atau kemasan 250 g; "
                "disarankan disajikan dengan sambal kemplang.",
                "kg",
                (70_000, 110_000),
                (50, 300),
            ),
            OfferTemplate(
                ("Kerupuk kemplang goreng kemasan 250 g",),
                "Kemplang goreng siap makan dalam kemasan plastik tebal 250 g dengan label "
                "berbahasa Indonesia. Tahan 2 bulan.",
                "pak",
                (20_000, 30_000),
                (200, 1_000),
            ),
            OfferTemplate(
                ("Kemplang mentah siap goreng",),
                "Kemplang mentah kering untuk rumah makan dan warung: goreng sendiri sesuai "
                "kebutuhan, tahan 6 bulan di tempat kering.",
                "kg",
                (55_000, 80_000),
                (100, 500),
            ),
        ),
    ),
    ProductLine(
        key="kopi_robusta",
        count=9,
        kbli="10761",
        kbli_others=("47243",),
        names=("Kopi Robusta {merek}", "Kopi {sapaan}", "Kopi Bubuk {merek}", "Rumah Kopi {merek}"),
        description=(
            "Sangrai, giling, dan kemas sendiri kopi robusta Lampung dari petani Tanggamus "
            "dan Lampung Barat."
        ),
        halal=0.8,
        pirt_type="210",
        pirt=0.8,
        can_be_small=True,
        offers=(
            OfferTemplate(
                ("Kopi robusta bubuk kemasan 250 g", "Kopi bubuk robusta Lampung 250 g"),
                "Kopi robusta Lampung petik merah, disangrai medium-dark dan digiling halus. "
                "Aroma cokelat dan karamel, pahitnya pas. Murni tanpa campuran jagung atau beras. "
                "Kemasan aluminium foil berkatup, 250 g.",
                "pak",
                (22_000, 36_000),
                (300, 1_500),
            ),
            OfferTemplate(
                ("Biji kopi robusta sangrai", "Roasted bean robusta Lampung"),
                "Biji kopi sangrai per kg untuk kafe, hotel, dan restoran. Tingkat sangrai "
                "medium atau dark sesuai pesanan; dikirim paling lambat 7 hari setelah disangrai "
                "agar tetap segar.",
                "kg",
                (110_000, 165_000),
                (30, 200),
            ),
            OfferTemplate(
                ("Kopi robusta green bean grade 1",),
                "Biji kopi mentah (green bean) robusta Lampung grade 1, kadar air 12%, "
                "disortir tangan. Minimal pembelian 25 kg.",
                "kg",
                (55_000, 75_000),
                (100, 800),
                certs=(),
                kbli="46314",
            ),
        ),
    ),
    ProductLine(
        key="sambal",
        count=6,
        kbli="10779",
        names=("Sambal {sapaan}", "Sambal Seruit {merek}", "Dapur Sambal {merek}"),
        description=(
            "Sambal botol rumahan dari cabai rawit dan cabai merah petani Metro; "
            "resep sambal seruit dan sambal tempoyak khas Lampung."
        ),
        halal=0.85,
        pirt_type="111",
        pirt=0.7,
        offers=(
            OfferTemplate(
                ("Sambal seruit botol 150 ml", "Sambal tempoyak khas Lampung"),
                "Sambal khas Lampung untuk seruit: cabai, terasi, tempoyak, dan tomat, dimasak "
                "sampai matang sehingga tahan 1 bulan di suhu ruang. Botol kaca 150 ml bersegel.",
                "botol",
                (18_000, 28_000),
                (200, 1_500),
            ),
            OfferTemplate(
                ("Sambal bawang dan sambal cumi", "Sambal bawang botol 200 ml"),
                "Sambal bawang goreng renyah dan sambal cumi asin, minyak dipisah agar tidak "
                "tengik. Botol 200 ml, tahan 2 bulan.",
                "botol",
                (20_000, 35_000),
                (200, 1_200),
            ),
            OfferTemplate(
                ("Sambal curah untuk rumah makan",),
                "Sambal merah dan sambal hijau curah per kg untuk rumah makan dan katering, "
                "dikirim dalam wadah food grade. Pesan 2 hari sebelumnya.",
                "kg",
                (40_000, 60_000),
                (50, 300),
                certs=("halal",),
            ),
        ),
    ),
    ProductLine(
        key="kue_basah",
        count=8,
        kbli="10792",
        kbli_others=("47242",),
        names=(
            "Kue Basah {sapaan}",
            "Aneka Kue {merek}",
            "Jajanan Pasar {sapaan}",
            "Dapur Kue {merek}",
        ),
        description=(
            "Kue basah dan jajanan pasar dibuat setiap pagi; melayani pesanan arisan, rapat "
            "kantor, pengajian, dan hajatan."
        ),
        halal=0.6,
        offers=(
            OfferTemplate(
                ("Kue basah aneka jajanan pasar", "Jajanan pasar untuk rapat dan acara"),
                "Lemper, risoles, dadar gulung, kue lapis, bolu kukus, kue lumpur, nagasari, "
                "dan klepon. Dibuat pagi hari dan dikirim hari itu juga. Minimal pesan 50 buah; "
                "bisa dikemas dalam kotak snack.",
                "pcs",
                (1_500, 3_000),
                (2_000, 8_000),
            ),
            OfferTemplate(
                ("Snack box rapat isi 3 kue",),
                "Kotak snack berisi 2 kue basah dan 1 gorengan atau kue kering, dengan air "
                "mineral gelas. Cocok untuk rapat kantor dan pengajian; pesan paling lambat "
                "H-1 pukul 15.00.",
                "kotak",
                (7_500, 15_000),
                (500, 3_000),
            ),
            OfferTemplate(
                ("Engkak ketan dan lapis legit khas Lampung",),
                "Engkak ketan dan lapis legit khas Lampung ukuran loyang 20×20 cm, dipanggang "
                "lapis demi lapis. Tahan 5 hari di suhu ruang; cocok untuk oleh-oleh dan hantaran.",
                "pcs",
                (150_000, 300_000),
                (10, 80),
            ),
        ),
    ),
    ProductLine(
        key="roti_kue_kering",
        count=6,
        kbli="10710",
        names=("Roti {merek}", "Bakery {merek}", "Kue Kering {sapaan}", "Dapur Roti {sapaan}"),
        description="Roti manis, roti tawar, dan kue kering; dipanggang setiap hari di Metro.",
        halal=0.85,
        pirt_type="206",
        pirt=0.8,
        can_be_small=True,
        offers=(
            OfferTemplate(
                ("Roti manis aneka isi",),
                "Roti manis isi cokelat, keju, kacang hijau, dan srikaya, dipanggang setiap "
                "hari. Kemasan plastik satuan berlabel tanggal produksi; tahan 3 hari.",
                "pcs",
                (2_500, 5_000),
                (1_500, 6_000),
            ),
            OfferTemplate(
                ("Kue kering toples 500 g", "Nastar dan kastengel toples"),
                "Nastar, kastengel, putri salju, dan lidah kucing dalam toples 500 g. Menerima "
                "pesanan Lebaran dan Natal, hampers, dan parsel kantor.",
                "pcs",
                (45_000, 90_000),
                (100, 600),
            ),
            OfferTemplate(
                ("Roti tawar dan bolu gulung",),
                "Roti tawar kupas dan bolu gulung pandan atau cokelat untuk sarapan, kantin, "
                "dan toko. Kirim pagi, pesan sehari sebelumnya.",
                "pcs",
                (15_000, 35_000),
                (200, 1_200),
            ),
        ),
    ),
    ProductLine(
        key="gula_aren",
        count=5,
        kbli="10722",
        names=("Gula Aren {merek}", "Gula Semut {merek}"),
        description=(
            "Gula aren cetak dan gula semut dari nira aren petani Lampung Tengah dan "
            "Lampung Timur, dimasak dengan tungku kayu."
        ),
        halal=0.7,
        pirt_type="209",
        pirt=0.6,
        legal_forms=(("perorangan", 3), ("koperasi", 2)),
        badan_names={"koperasi": ("Koperasi Produsen Gula Aren {merek}", "KSU Aren {merek}")},
        can_be_small=True,
        offers=(
            OfferTemplate(
                ("Gula aren cetak murni",),
                "Gula aren murni dari nira aren tanpa campuran gula pasir, dicetak dalam "
                "batok kelapa (±0,5 kg per butir). Cokelat gelap dan harum, untuk kolak, cendol, "
                "dan bumbu masak.",
                "kg",
                (28_000, 38_000),
                (200, 1_500),
            ),
            OfferTemplate(
                ("Gula semut kemasan 500 g", "Gula aren kristal (gula semut)"),
                "Gula semut dikeringkan dan diayak halus, cepat larut untuk kopi, teh, dan "
                "minuman. Kadar air di bawah 3%, tahan 1 tahun dalam kemasan tertutup.",
                "pak",
                (25_000, 35_000),
                (200, 1_500),
            ),
        ),
    ),
    ProductLine(
        key="keripik_singkong",
        count=6,
        kbli="10794",
        names=("Keripik Singkong {merek}", "Keripik {sapaan}", "Kripik Balado {merek}"),
        description="Keripik singkong dan opak dari singkong petani Metro dan Lampung Tengah.",
        halal=0.85,
        pirt_type="215",
        pirt=0.8,
        offers=(
            OfferTemplate(
                ("Keripik singkong balado",),
                "Singkong pilihan diiris tipis, digoreng renyah, dibalut bumbu balado cabai "
                "merah asli. Pedas sedang atau pedas. Curah per kg atau kemasan 200 g.",
                "kg",
                (40_000, 60_000),
                (100, 600),
            ),
            OfferTemplate(
                ("Keripik singkong original kemasan 200 g",),
                "Keripik singkong gurih asin dalam kemasan 200 g berlabel, cocok untuk warung, "
                "kantin sekolah, dan minimarket.",
                "pak",
                (8_000, 14_000),
                (500, 3_000),
            ),
            OfferTemplate(
                ("Opak singkong mentah",),
                "Kerupuk singkong (opak) mentah yang sudah dijemur kering, siap digoreng. "
                "Untuk warung dan rumah makan.",
                "kg",
                (25_000, 35_000),
                (100, 500),
            ),
        ),
    ),
    ProductLine(
        key="bakso",
        count=5,
        kbli="10130",
        names=("Bakso {sapaan}", "Bakso Sapi {merek}"),
        description=(
            "Produksi bakso sapi dan bakso ayam beku untuk warung bakso, kantin, dan "
            "rumah makan di Metro."
        ),
        halal=0.8,
        offers=(
            OfferTemplate(
                ("Bakso sapi beku isi 50 butir",),
                "Bakso daging sapi segar (daging minimal 70%), tanpa boraks dan formalin. "
                "Dibekukan dan dikirim dengan boks pendingin untuk wilayah Metro.",
                "pak",
                (45_000, 70_000),
                (200, 1_200),
                certs=("halal",),
            ),
            OfferTemplate(
                ("Bakso ayam dan pentol untuk kantin",),
                "Bakso ayam dan pentol kecil per kg untuk kantin sekolah dan kampus, harga "
                "bersahabat; bisa kirim tiap hari.",
                "kg",
                (50_000, 70_000),
                (100, 600),
                certs=("halal",),
            ),
            OfferTemplate(
                ("Bakso urat dan bakso telur",),
                "Bakso urat sapi dan bakso isi telur puyuh per kg, untuk warung bakso dan "
                "restoran.",
                "kg",
                (90_000, 125_000),
                (50, 300),
                certs=("halal",),
            ),
        ),
    ),
    ProductLine(
        key="abon",
        count=4,
        kbli="10130",
        names=("Abon {merek}", "Abon Sapi {sapaan}"),
        description="Abon sapi dan abon ikan olahan rumahan, dimasak dengan santan dan rempah.",
        halal=0.9,
        pirt_type="201",
        pirt=0.85,
        offers=(
            OfferTemplate(
                ("Abon sapi kemasan 100 g",),
                "Abon dari daging sapi has dalam, dimasak dengan santan dan rempah lalu "
                "disuwir halus. Manis gurih, tanpa MSG dan pengawet. Kemasan 100 g dan 250 g.",
                "pak",
                (30_000, 45_000),
                (150, 800),
            ),
            OfferTemplate(
                ("Abon ikan tongkol pedas",),
                "Abon ikan tongkol dengan cabai dan bawang goreng, kemasan 100 g. Cocok untuk "
                "lauk praktis dan oleh-oleh.",
                "pak",
                (25_000, 38_000),
                (100, 600),
                kbli="10219",
            ),
        ),
    ),
    ProductLine(
        key="keripik_tempe",
        count=5,
        kbli="10794",
        kbli_others=("10391",),
        names=("Keripik Tempe {sapaan}", "Tempe Chips {merek}", "Tempe {merek}"),
        description="Keripik tempe dan tempe segar dari kedelai pilihan, produksi harian.",
        halal=0.85,
        pirt_type="215",
        pirt=0.8,
        offers=(
            OfferTemplate(
                ("Keripik tempe sagu renyah", "Tempe chips aneka rasa"),
                "Tempe tipis dibalut adonan tepung beras dan bumbu bawang daun, digoreng "
                "kering. Renyah, tahan 2 bulan dalam kemasan tertutup.",
                "kg",
                (45_000, 65_000),
                (80, 400),
            ),
            OfferTemplate(
                ("Tempe segar bungkus daun",),
                "Tempe kedelai dibungkus daun pisang atau plastik berlubang, fermentasi 36 jam. "
                "Dikirim setiap pagi ke pasar, warung, dan rumah makan di Metro.",
                "kg",
                (12_000, 16_000),
                (300, 1_500),
                certs=("halal",),
                kbli="10391",
            ),
        ),
    ),
    ProductLine(
        key="katering",
        count=5,
        kbli="56210",
        kbli_others=("56102",),
        names=("Katering {sapaan}", "Dapur {sapaan}", "Nasi Kotak {merek}"),
        description=(
            "Katering rumahan: nasi kotak, prasmanan, dan sarapan untuk kantor, sekolah, "
            "dan hajatan di Kota Metro."
        ),
        halal=0.7,
        slhs=0.6,
        legal_forms=(("perorangan", 4), ("cv", 1)),
        badan_names={"cv": ("CV Boga {merek}",)},
        can_be_small=True,
        offers=(
            OfferTemplate(
                ("Nasi kotak menu harian",),
                "Nasi kotak lengkap: nasi putih, ayam goreng/bakar atau rendang, sayur, sambal, "
                "kerupuk, buah, dan air mineral. Minimal 20 kotak, pesan H-1. Menu bisa "
                "disesuaikan anggaran.",
                "porsi",
                (18_000, 30_000),
                (1_000, 5_000),
                certs=("halal", "lainnya"),
            ),
            OfferTemplate(
                ("Prasmanan untuk acara kantor dan hajatan",),
                "Prasmanan lengkap dengan alat saji dan petugas, menu nusantara dan khas "
                "Lampung (seruit, gulai taboh). Minimal 100 porsi.",
                "porsi",
                (30_000, 55_000),
                (500, 3_000),
                certs=("halal", "lainnya"),
            ),
            OfferTemplate(
                ("Nasi uduk dan lontong sayur untuk sarapan",),
                "Sarapan dalam kemasan kotak: nasi uduk atau lontong sayur dengan telur dan "
                "kerupuk, dikirim sebelum pukul 07.00.",
                "porsi",
                (10_000, 15_000),
                (300, 1_500),
                certs=("halal", "lainnya"),
            ),
        ),
    ),
    ProductLine(
        key="tapis",
        count=7,
        kbli="13121",
        kbli_others=("13912",),
        names=("Tapis {merek}", "Galeri Tapis {merek}", "Sanggar Tapis {sapaan}"),
        description=(
            "Pengrajin kain tapis Lampung: menenun kain dasar dan menyulam motif dengan "
            "benang emas, dikerjakan ibu-ibu di sekitar rumah produksi."
        ),
        legal_forms=(("perorangan", 5), ("koperasi", 2)),
        badan_names={"koperasi": ("Koperasi Pengrajin Tapis {merek}",)},
        offers=(
            OfferTemplate(
                ("Kain tapis motif pucuk rebung", "Kain tapis sulam benang emas"),
                "Kain tapis tenun tangan dengan sulam benang emas motif pucuk rebung dan kapal, "
                "ukuran 60×120 cm. Pengerjaan 2–4 minggu per lembar; menerima pesanan motif "
                "khusus.",
                "lembar",
                (750_000, 3_500_000),
                (5, 30),
                certs=(),
            ),
            OfferTemplate(
                ("Selendang dan syal tapis",),
                "Selendang tapis bordir mesin dan sulam tangan, untuk cendera mata tamu dan "
                "seragam acara. Bisa pesan warna dasar sesuai seragam.",
                "lembar",
                (150_000, 450_000),
                (20, 100),
                certs=(),
            ),
            OfferTemplate(
                ("Souvenir tapis: dompet, tas, dan tempat tisu",),
                "Dompet, tas jinjing, gantungan kunci, dan tempat tisu dari potongan kain tapis. "
                "Pesanan jumlah banyak untuk seminar dan kunjungan tamu; label nama instansi "
                "bisa ditambahkan.",
                "pcs",
                (35_000, 150_000),
                (100, 600),
                certs=(),
                kbli="13912",
            ),
        ),
    ),
    ProductLine(
        key="konveksi",
        count=6,
        kbli="14111",
        kbli_others=("14120",),
        names=("Konveksi {merek}", "Penjahit {sapaan}", "Busana {merek}"),
        description="Konveksi dan penjahit: seragam kantor dan sekolah, kaos, dan busana motif Lampung.",
        legal_forms=(("perorangan", 4), ("cv", 2)),
        badan_names={"cv": ("CV Konveksi {merek}",)},
        can_be_small=True,
        offers=(
            OfferTemplate(
                ("Seragam kerja dan seragam kantor",),
                "Jahit seragam kerja (kemeja dan celana/rok) bahan drill atau katun, ukuran S "
                "sampai XXXL, bordir logo instansi. Pengerjaan 2–3 minggu untuk 100 stel.",
                "stel",
                (150_000, 300_000),
                (100, 600),
                certs=(),
            ),
            OfferTemplate(
                ("Kaos polo dan kaos sablon acara",),
                "Kaos polo dan kaos oblong cotton combed 24s/30s, sablon atau bordir logo. "
                "Minimal 24 potong.",
                "pcs",
                (45_000, 90_000),
                (300, 2_000),
                certs=(),
            ),
            OfferTemplate(
                ("Baju motif tapis Lampung",),
                "Kemeja dan blus dengan aksen motif tapis Lampung, untuk seragam Jumat dan "
                "acara resmi.",
                "pcs",
                (150_000, 350_000),
                (50, 300),
                certs=(),
            ),
        ),
    ),
    ProductLine(
        key="laundry",
        count=4,
        kbli="96200",
        names=("Laundry {merek}", "{merek} Laundry", "Laundry Kiloan {sapaan}"),
        description="Jasa cuci kiloan dan cuci linen dengan antar-jemput di Kota Metro.",
        offers=(
            OfferTemplate(
                ("Laundry kiloan cuci setrika",),
                "Cuci, kering, setrika, dan lipat. Selesai 2 hari (reguler) atau 1 hari (kilat). "
                "Antar-jemput gratis di Kota Metro untuk minimal 5 kg.",
                "kg",
                (6_000, 9_000),
                (1_500, 5_000),
                certs=(),
            ),
            OfferTemplate(
                ("Laundry linen hotel dan restoran",),
                "Cuci seprai, sarung bantal, handuk, taplak, dan serbet dengan mesin kapasitas "
                "besar; dilipat dan dikemas per jenis. Jemput setiap hari.",
                "kg",
                (8_000, 12_000),
                (1_000, 4_000),
                certs=(),
            ),
        ),
    ),
    ProductLine(
        key="percetakan",
        count=4,
        kbli="18111",
        kbli_others=("18112",),
        names=("Percetakan {merek}", "{merek} Printing", "Sablon {merek}"),
        description="Percetakan dan sablon: label kemasan UMKM, undangan, dus makanan, dan kaos.",
        legal_forms=(("perorangan", 3), ("cv", 1)),
        badan_names={"cv": ("CV {merek} Grafika",)},
        offers=(
            OfferTemplate(
                ("Cetak stiker label kemasan",),
                "Stiker label produk bahan vinyl atau chromo, tahan minyak, dipotong sesuai "
                "bentuk. Gratis desain sederhana untuk pesanan pertama; memuat nomor PIRT, "
                "logo halal, dan barcode.",
                "lembar",
                (500, 2_500),
                (5_000, 30_000),
                certs=(),
            ),
            OfferTemplate(
                ("Cetak dus makanan dan kotak kemasan",),
                "Dus nasi kotak, kotak snack, dan kotak oleh-oleh dari kertas food grade, "
                "cetak logo 1–4 warna. Minimal 500 lembar.",
                "pcs",
                (1_500, 4_000),
                (2_000, 10_000),
                certs=(),
            ),
            OfferTemplate(
                ("Sablon kaos dan tas spunbond",),
                "Sablon manual dan DTF untuk kaos acara dan tas spunbond seminar.",
                "pcs",
                (8_000, 25_000),
                (500, 3_000),
                certs=(),
                kbli="18112",
            ),
        ),
    ),
    ProductLine(
        key="kerajinan",
        count=2,
        kbli="32903",
        names=("Kerajinan {merek}", "Galeri {merek}"),
        description="Kerajinan tangan khas Lampung untuk cendera mata.",
        offers=(
            OfferTemplate(
                ("Miniatur siger dan kerajinan khas Lampung",),
                "Miniatur siger (mahkota adat Lampung) dari kuningan dan resin, pajangan rumah "
                "adat, dan gantungan kunci; untuk cendera mata tamu dinas.",
                "pcs",
                (25_000, 150_000),
                (100, 500),
                certs=(),
            ),
            OfferTemplate(
                ("Tas anyaman pandan dan purun",),
                "Tas jinjing dan tikar anyaman pandan dan purun, pewarna alami.",
                "pcs",
                (35_000, 120_000),
                (100, 400),
                certs=(),
            ),
        ),
    ),
)

# Demo business the `umkm` login owns: a fixed, fully certified keripik pisang maker.
FEATURED_MICRO = {
    "line": "keripik_pisang",
    "name": "Keripik Pisang Bu Sri",
    "owner_name": "Sri Wahyuni",
    "female": True,
    "region": "18.72.01.1005",  # Kel. Yosomulyo, Metro Pusat
    "login": "umkm",
}

# Shares of the 100 micro businesses by verification state.
STATUS_COUNTS = {"verified": 78, "submitted": 14, "draft": 5, "returned": 3}
ASSISTED_COUNT = 20  # registered by the officer on the owner's behalf
SMALL_COUNT = 6  # of the 100, usaha kecil by annual sales

RETURN_REASONS = (
    "Alamat usaha belum lengkap: mohon tambahkan nomor rumah serta RT/RW agar petugas "
    "dapat melakukan kunjungan lapangan.",
    "NIB yang diisi terdaftar di OSS atas nama pelaku usaha lain. Mohon periksa kembali NIB "
    "pada dokumen OSS milik Bapak/Ibu.",
    "Modal usaha dan hasil penjualan tahunan tampak tertukar. Mohon periksa kembali; modal "
    "usaha tidak termasuk tanah dan bangunan tempat usaha.",
)

# Halal certificates issued before the Perppu 2/2022 (30 Dec 2022, later UU 6/2023)
# were valid 4 years; those issued after stay valid until the composition changes.
HALAL_INDEFINITE_FROM = date(2022, 12, 30)
PIRT_YEARS = 5  # SPP-IRT validity
SLHS_YEARS = 3


# --- medium and large partners ----------------------------------------------


@dataclass(frozen=True)
class NeedData:
    title: str
    description: str
    kbli: str
    quantity: int
    unit: str
    period: str  # businesses.choices.Period value
    requires: tuple[str, ...]
    target_price: int
    deadline: date
    delivery: str  # "kota" or "kecamatan" (the partner's own)


@dataclass(frozen=True)
class PartnerData:
    name: str
    legal_form: str
    owner_name: str
    female: bool
    region: str  # kelurahan code
    address: str
    kbli: str
    modal_usaha: int
    hasil_penjualan: int
    description: str
    needs: tuple[NeedData, ...]
    kbli_others: tuple[str, ...] = ()
    email: str = ""
    login: str | None = None


M = 1_000_000_000  # miliar

PARTNERS: tuple[PartnerData, ...] = (
    PartnerData(
        name="PT Swalayan Sinar Metro Raya",
        legal_form="pt",
        owner_name="Andreas Setiawan",
        female=False,
        region="18.72.01.1001",
        address="Jl. Jenderal Sudirman No. 118, RT 002/RW 001",
        kbli="47111",
        kbli_others=("46339",),
        modal_usaha=18 * M,
        hasil_penjualan=96 * M,
        email="pengadaan@sinarmetroraya.example",
        login="mitra",
        description=(
            "Jaringan swalayan dengan 7 gerai di Kota Metro, Lampung Timur, dan Lampung "
            "Tengah; membuka pojok 'Produk Asli Metro' di setiap gerai."
        ),
        needs=(
            NeedData(
                "Pasokan camilan oleh-oleh khas Lampung",
                "Keripik pisang, keripik singkong, kemplang, dan keripik tempe untuk pojok "
                "produk lokal di 7 gerai. Kemasan berlabel lengkap (komposisi, tanggal "
                "kedaluwarsa, PIRT, halal); pembayaran tempo 30 hari; konsinyasi tidak dipakai.",
                "10794",
                200,
                "kg",
                "month",
                ("halal", "pirt"),
                60_000,
                date(2027, 3, 31),
                "kota",
            ),
            NeedData(
                "Kopi bubuk robusta Lampung kemasan 250 g",
                "Kopi robusta murni tanpa campuran, kemasan foil 250 g berlabel. Dikirim ke "
                "gudang pusat di Metro Pusat setiap dua minggu.",
                "10761",
                1_200,
                "pak",
                "month",
                ("halal", "pirt"),
                26_000,
                date(2027, 2, 28),
                "kota",
            ),
            NeedData(
                "Gula aren cetak dan gula semut",
                "Gula aren murni untuk rak bahan pokok, kemasan 500 g dan 1 kg. Mohon sertakan "
                "hasil uji kadar air bila ada.",
                "10722",
                150,
                "kg",
                "month",
                ("halal",),
                32_000,
                date(2027, 4, 30),
                "kota",
            ),
            NeedData(
                "Sambal botol khas Lampung",
                "Sambal seruit, sambal tempoyak, atau sambal bawang dalam botol 150–200 ml "
                "bersegel, tahan minimal 1 bulan.",
                "10779",
                600,
                "botol",
                "month",
                ("halal", "pirt"),
                19_000,
                date(2027, 3, 31),
                "kota",
            ),
        ),
    ),
    PartnerData(
        name="Hotel Griya Wawai",
        legal_form="pt",
        owner_name="Ir. Rahmat Hidayat",
        female=False,
        region="18.72.01.1002",
        address="Jl. Ahmad Yani No. 27, RT 004/RW 002",
        kbli="55110",
        kbli_others=("56101",),
        modal_usaha=12 * M,
        hasil_penjualan=32 * M,
        email="purchasing@griyawawai.example",
        description=(
            "Hotel bintang tiga dengan 86 kamar, restoran, dan 4 ruang rapat di pusat "
            "Kota Metro; tamu utama rombongan dinas dan MICE."
        ),
        needs=(
            NeedData(
                "Kopi robusta Lampung untuk sarapan",
                "Biji kopi sangrai atau bubuk robusta Lampung untuk buffet sarapan dan ruang "
                "rapat. Pengiriman mingguan, sangrai paling lama 7 hari sebelum dikirim.",
                "10761",
                50,
                "kg",
                "month",
                ("halal",),
                140_000,
                date(2027, 1, 31),
                "kecamatan",
            ),
            NeedData(
                "Kue basah untuk coffee break rapat",
                "Kue basah tradisional untuk coffee break paket rapat (2 kali sehari), "
                "dikirim pukul 08.00 dan 13.00 pada hari acara.",
                "10792",
                1_500,
                "pcs",
                "month",
                ("halal",),
                2_500,
                date(2027, 6, 30),
                "kecamatan",
            ),
            NeedData(
                "Laundry linen saat okupansi penuh",
                "Cuci seprai, sarung bantal, dan handuk tambahan saat okupansi di atas 80%. "
                "Jemput dan antar di hari yang sama.",
                "96200",
                400,
                "kg",
                "month",
                (),
                9_000,
                date(2027, 5, 31),
                "kecamatan",
            ),
            NeedData(
                "Seragam staf motif tapis",
                "Seragam staf front office dan restoran dengan aksen tapis Lampung, 60 stel "
                "sekali pesan.",
                "14111",
                60,
                "stel",
                "once",
                (),
                350_000,
                date(2027, 2, 15),
                "kota",
            ),
        ),
    ),
    PartnerData(
        name="Rumah Sakit Medika Sai Wawai",
        legal_form="pt",
        owner_name="dr. Fitri Handayani, M.Kes.",
        female=True,
        region="18.72.03.1001",
        address="Jl. Jenderal Sudirman No. 301, RT 011/RW 003",
        kbli="86103",
        modal_usaha=40 * M,
        hasil_penjualan=85 * M,
        email="logistik@rsmedikasaiwawai.example",
        description=(
            "Rumah sakit swasta tipe C, 150 tempat tidur; instalasi gizi melayani pasien "
            "rawat inap dan rapat internal."
        ),
        needs=(
            NeedData(
                "Kue basah untuk rapat dan pasien",
                "Kue basah rendah gula dan tanpa santan kental untuk snack pasien, serta kue "
                "basah biasa untuk rapat. Dapur produksi harus bersih; petugas gizi akan "
                "berkunjung sebelum kontrak.",
                "10792",
                3_000,
                "pcs",
                "month",
                ("halal",),
                2_000,
                date(2027, 6, 30),
                "kota",
            ),
            NeedData(
                "Roti dan kue kering kemasan untuk snack pasien",
                "Roti manis dan kue kering dalam kemasan satuan berlabel, dengan nomor PIRT "
                "yang berlaku.",
                "10710",
                800,
                "pcs",
                "month",
                ("halal", "pirt"),
                5_000,
                date(2027, 6, 30),
                "kota",
            ),
            NeedData(
                "Jahit seragam perawat",
                "Seragam perawat dan bidan (atasan dan celana/rok), bahan katun stretch, "
                "200 stel sekali pesan.",
                "14111",
                200,
                "stel",
                "once",
                (),
                185_000,
                date(2027, 3, 15),
                "kota",
            ),
        ),
    ),
    PartnerData(
        name="CV Dapur Kampus Nusantara",
        legal_form="cv",
        owner_name="Yusuf Effendi",
        female=False,
        region="18.72.04.1003",
        address="Jl. Ki Hajar Dewantara No. 116, RT 024/RW 006",
        kbli="56290",
        modal_usaha=6 * M,
        hasil_penjualan=18 * M,
        email="kantin@dapurkampus.example",
        description=(
            "Pengelola kantin dan jasa boga untuk tiga kampus di Metro Timur dan Metro Pusat, "
            "melayani sekitar 4.000 mahasiswa per hari."
        ),
        needs=(
            NeedData(
                "Nasi kotak dan lauk untuk acara kampus",
                "Nasi kotak untuk seminar, wisuda, dan rapat senat; menu bergilir dan harga "
                "tetap per porsi. Pemasok harus sanggup 300 kotak dalam satu hari.",
                "56210",
                2_000,
                "porsi",
                "month",
                ("halal",),
                20_000,
                date(2027, 7, 31),
                "kecamatan",
            ),
            NeedData(
                "Bakso dan olahan daging untuk menu kantin",
                "Bakso sapi dan bakso ayam beku dengan pengiriman dua kali seminggu dalam "
                "boks pendingin.",
                "10130",
                300,
                "kg",
                "month",
                ("halal",),
                80_000,
                date(2027, 4, 30),
                "kecamatan",
            ),
            NeedData(
                "Camilan kemasan kecil untuk kantin",
                "Keripik singkong, keripik pisang, dan keripik tempe kemasan 50–100 g, harga "
                "jual ke mahasiswa paling tinggi Rp5.000.",
                "10794",
                3_000,
                "pak",
                "month",
                ("halal", "pirt"),
                3_000,
                date(2027, 2, 28),
                "kota",
            ),
        ),
    ),
    PartnerData(
        name="CV Sentra Oleh-Oleh Ruwa Jurai",
        legal_form="cv",
        owner_name="Hj. Rosmalia",
        female=True,
        region="18.72.01.1004",
        address="Jl. Jenderal Sudirman No. 45, RT 008/RW 002",
        kbli="46339",
        kbli_others=("47789",),
        modal_usaha=7 * M,
        hasil_penjualan=22 * M,
        email="order@olehruwajurai.example",
        description=(
            "Distributor dan toko oleh-oleh khas Lampung, memasok 40 toko oleh-oleh di "
            "Metro, Bandar Lampung, dan jalur lintas Sumatra."
        ),
        needs=(
            NeedData(
                "Tapis dan kerajinan khas Lampung",
                "Kain tapis, selendang tapis, dompet dan tas tapis, serta miniatur siger untuk "
                "etalase cendera mata. Motif dan ukuran dikonsultasikan sebelum produksi.",
                "13121",
                100,
                "lembar",
                "month",
                (),
                350_000,
                date(2027, 5, 31),
                "kota",
            ),
            NeedData(
                "Keripik pisang aneka rasa kemasan oleh-oleh",
                "Keripik pisang cokelat, keju, dan balado kemasan 250 g dengan desain "
                "oleh-oleh; label dapat memakai merek sentra (maklon).",
                "10794",
                500,
                "kg",
                "month",
                ("halal", "pirt"),
                55_000,
                date(2027, 3, 31),
                "kota",
            ),
            NeedData(
                "Kemplang dan kerupuk ikan",
                "Kemplang panggang tenggiri dan kerupuk ikan, kemasan 250 g.",
                "10794",
                150,
                "kg",
                "month",
                ("halal", "pirt"),
                70_000,
                date(2027, 3, 31),
                "kota",
            ),
            NeedData(
                "Cetak label dan kotak kemasan oleh-oleh",
                "Stiker label dan kotak karton untuk produk maklon, cetak 4 warna.",
                "18111",
                5_000,
                "lembar",
                "month",
                (),
                600,
                date(2027, 1, 31),
                "kota",
            ),
        ),
    ),
    PartnerData(
        name="PT Rasa Ragom Kuliner",
        legal_form="pt",
        owner_name="Reza Pahlevi Marzuki",
        female=False,
        region="18.72.05.1001",
        address="Jl. A.H. Nasution No. 88, RT 015/RW 004",
        kbli="56101",
        modal_usaha=9 * M,
        hasil_penjualan=28 * M,
        email="dapur@rasaragom.example",
        description=(
            "Grup rumah makan khas Lampung dengan 5 cabang di Metro dan Bandar Lampung; "
            "menu andalan seruit, pindang, dan gulai taboh."
        ),
        needs=(
            NeedData(
                "Sambal seruit dan sambal tempoyak curah",
                "Sambal untuk menu seruit di semua cabang, dikirim dalam wadah food grade "
                "2 kali seminggu. Rasa harus konsisten antar-kiriman.",
                "10779",
                100,
                "kg",
                "month",
                ("halal",),
                45_000,
                date(2027, 4, 30),
                "kota",
            ),
            NeedData(
                "Gula aren untuk minuman dan masakan",
                "Gula aren murni cetak untuk es dawet, kolak, dan bumbu pindang.",
                "10722",
                80,
                "kg",
                "month",
                ("halal",),
                30_000,
                date(2027, 4, 30),
                "kota",
            ),
            NeedData(
                "Tempe segar untuk menu harian",
                "Tempe kedelai segar dikirim setiap pagi sebelum pukul 07.00 ke dapur pusat.",
                "10391",
                150,
                "kg",
                "week",
                ("halal",),
                14_000,
                date(2027, 6, 30),
                "kecamatan",
            ),
        ),
    ),
)
