"""Demo partnership agreements for `python manage.py demo`, one in every state.

Every agreement goes through the agreements services, with the actor who would
act: the owners' logins (``umkm`` for Keripik Pisang Bu Sri, ``mitra`` for
PT Swalayan Sinar Metro Raya) draft, declare, submit and sign for their own
business; a second officer (``petugas2``) drafts and submits for the businesses
without a login and records their declarations and wet-ink signatures (with a
scan: the agreement's own PDF, printed, signed and scanned), because the officer
who drafts or submits may not approve; the officer (``petugas``) reviews,
witnesses (naming the officials present) and activates. Two agreements come from
meetings of the demo temu usaha and wait on its joint-signing page; one running
agreement has a completion asked by one party and not yet confirmed by the other.
So the audit trail, the numbers and the stored PDFs are what the programme would
have.

Idempotent: an agreement is created only when its two parties have no agreement
yet (an addendum is made together with the agreement it amends). Deterministic:
the small parties are picked by name from the verified demo businesses with a
matching offer; only the verification codes and timestamps differ between runs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from jalinmitra.agreements import services
from jalinmitra.agreements.choices import Party, Pattern, Support
from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.pdf import agreement_pdf
from jalinmitra.businesses.choices import SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business, Membership, Need, Offer
from jalinmitra.events.models import ACTIVE_MEETING, Event, Meeting
from jalinmitra.events.services import DEMO_KEY
from jalinmitra.matching.models import MeetingInvitation
from jalinmitra.matching.services import meeting_invitation_create

CLERK_LOGIN = "petugas2"  # the second officer: drafts for businesses without a login

# The stages an agreement passes through, in order; a spec names where it stops.
DRAFT, SUBMITTED, RETURNED, READY, PARTLY_SIGNED, SIGNED, WITNESSED, ACTIVE = (
    "draft",
    "submitted",
    "returned",
    "ready",
    "partly_signed",
    "signed",
    "witnessed",
    "active",
)
COMPLETED, TERMINATED, AMENDED = "completed", "terminated", "amended"
_ORDER = [DRAFT, SUBMITTED, READY, PARTLY_SIGNED, SIGNED, WITNESSED, ACTIVE]


@dataclass(frozen=True)
class Seller:
    """The small party: the business of a demo login, or the first verified micro/small
    business (by name) with an offer whose title contains one of ``offers``."""

    login: str | None = None
    offers: tuple[str, ...] = ()
    met_buyer_at_event: bool = False  # only sellers with a meeting with the buyer at the event


@dataclass(frozen=True)
class Invitation:
    """The "ajak bertemu" the agreement came from: the buyer's need and the seller's offer."""

    need: str  # a word of the need's title
    offer: str  # a word of the offer's title
    message: str


@dataclass(frozen=True)
class AgreementSpec:
    seller: Seller
    buyer: str  # the partner's name (demo.data.PARTNERS)
    stage: str
    pattern: str
    subject: str
    rights_obligations: str
    support: tuple[str, ...]
    development_text: str
    start: dt.date
    end: dt.date
    value: int  # Rupiah; the service writes the terbilang
    payment_term_days: int = 30
    declared_large: bool = True
    invitation: Invitation | None = None
    return_notes: str = ""
    end_reason: str = ""
    amendment: dict[str, Any] = field(default_factory=dict)
    # The addendum's completion asked by the buyer, waiting for the seller's confirmation.
    completion_asked: str = ""


SWALAYAN = "PT Swalayan Sinar Metro Raya"
HOTEL = "Hotel Griya Wawai"
RS = "Rumah Sakit Medika Sai Wawai"
KAMPUS = "CV Dapur Kampus Nusantara"
SENTRA = "CV Sentra Oleh-Oleh Ruwa Jurai"
RAGOM = "PT Rasa Ragom Kuliner"

_SUPPLIER_DUTIES = (
    "PIHAK PERTAMA wajib memasok sesuai jumlah, mutu dan jadwal dalam perjanjian ini, menjaga "
    "sertifikat halal dan PIRT tetap berlaku, serta memberi tahu PIHAK KEDUA paling lambat "
    "3 (tiga) hari sebelumnya bila tidak sanggup memenuhi suatu pesanan. "
)
_BUYER_DUTIES = (
    "PIHAK KEDUA wajib menerima barang yang sesuai mutu, membayar dalam tempo yang disepakati "
    "ke rekening PIHAK PERTAMA, dan menyampaikan keluhan mutu secara tertulis paling lambat "
    "2 (dua) hari setelah barang diterima."
)

SPECS: tuple[AgreementSpec, ...] = (
    AgreementSpec(
        seller=Seller(login="umkm"),
        buyer=SWALAYAN,
        stage=AMENDED,
        pattern=Pattern.PERDAGANGAN_UMUM,
        subject=(
            "PIHAK PERTAMA memasok keripik pisang kepok (rasa original, balado dan cokelat) "
            "sebanyak 200 kg per bulan kepada PIHAK KEDUA untuk pojok Produk Asli Metro di "
            "7 gerai, dengan harga Rp58.000 per kg termasuk ongkos kirim ke gudang pusat "
            "Jl. Jenderal Sudirman No. 118. Pengiriman setiap Senin dan Kamis pukul 08.00–11.00, "
            "kemasan 250 g berlabel lengkap (komposisi, tanggal kedaluwarsa, PIRT, halal), "
            "umur produk saat diterima paling lama 14 hari."
        ),
        rights_obligations=_SUPPLIER_DUTIES
        + _BUYER_DUTIES
        + " PIHAK KEDUA menyediakan satu rak di setiap gerai tanpa biaya sewa rak.",
        support=(Support.KEMASAN, Support.PEMASARAN),
        development_text=(
            "PIHAK KEDUA membantu desain ulang kemasan standing pouch agar lolos standar "
            "pajang swalayan, dan memasukkan produk PIHAK PERTAMA dalam promosi bulanan "
            "'Bangga Produk Metro'."
        ),
        start=dt.date(2026, 7, 1),
        end=dt.date(2027, 6, 30),
        value=139_200_000,  # 200 kg × Rp58.000 × 12 bulan
        payment_term_days=30,
        invitation=Invitation(
            need="camilan",
            offer="kepok",
            message=(
                "Keripik pisang kepok Ibu cocok untuk pojok Produk Asli Metro. Mohon datang "
                "ke kantor pengadaan kami untuk membicarakan harga dan jadwal kirim."
            ),
        ),
        amendment={
            "subject": (
                "PIHAK PERTAMA memasok keripik pisang kepok (rasa original, balado dan cokelat) "
                "sebanyak 200 kg per bulan sampai Desember 2026 dan 300 kg per bulan sejak "
                "Januari 2027 kepada PIHAK KEDUA untuk pojok Produk Asli Metro di 7 gerai, "
                "dengan harga Rp58.000 per kg termasuk ongkos kirim ke gudang pusat "
                "Jl. Jenderal Sudirman No. 118. Pengiriman setiap Senin dan Kamis pukul "
                "08.00–11.00, kemasan 250 g berlabel lengkap (komposisi, tanggal kedaluwarsa, "
                "PIRT, halal), umur produk saat diterima paling lama 14 hari."
            ),
            # 200 kg × 6 bulan + 300 kg × 6 bulan, Rp58.000 per kg
            "estimated_value": 174_000_000,
        },
        completion_asked=(
            "Pojok Produk Asli Metro pindah ke konsep baru mulai Januari 2027. Semua pesanan "
            "sampai Desember 2026 sudah dikirim dan dibayar lunas; kami usulkan perjanjian ini "
            "dinyatakan selesai dan kita susun perjanjian baru dengan harga 2027."
        ),
    ),
    AgreementSpec(
        seller=Seller(offers=("Roasted bean", "Biji kopi sangrai")),
        buyer=HOTEL,
        stage=ACTIVE,
        pattern=Pattern.RANTAI_PASOK,
        subject=(
            "PIHAK PERTAMA memasok biji kopi robusta Lampung sangrai medium-dark sebanyak 50 kg "
            "per bulan untuk buffet sarapan dan ruang rapat PIHAK KEDUA, dengan harga "
            "Rp140.000 per kg. Pengiriman setiap Selasa ke dapur hotel; kopi disangrai paling "
            "lama 7 hari sebelum dikirim, dalam kemasan 1 kg berkatup dengan tanggal sangrai."
        ),
        rights_obligations=_SUPPLIER_DUTIES + _BUYER_DUTIES,
        support=(Support.PELATIHAN, Support.PEMASARAN),
        development_text=(
            "Barista PIHAK KEDUA melatih PIHAK PERTAMA uji seduh (cupping) dua kali setahun; "
            "produk PIHAK PERTAMA dijual di toko suvenir hotel dengan keterangan asal kebun."
        ),
        start=dt.date(2026, 8, 1),
        end=dt.date(2027, 7, 31),
        value=84_000_000,  # 50 kg × Rp140.000 × 12 bulan
        payment_term_days=14,
        invitation=Invitation(
            need="sarapan",
            offer="Roasted bean",
            message="Kami mencari kopi robusta Lampung untuk sarapan tamu; mohon bawa sampel.",
        ),
    ),
    AgreementSpec(
        seller=Seller(offers=("Jajanan pasar", "Kue basah")),
        buyer=RS,
        stage=ACTIVE,
        pattern=Pattern.RANTAI_PASOK,
        subject=(
            "PIHAK PERTAMA memasok kue basah untuk snack pasien rawat inap (rendah gula, tanpa "
            "santan kental) dan untuk rapat internal sebanyak 3.000 buah per bulan dengan "
            "harga Rp2.000 per buah, dikirim setiap hari pukul 06.30 ke instalasi gizi dalam "
            "wadah tertutup food grade."
        ),
        rights_obligations=_SUPPLIER_DUTIES
        + _BUYER_DUTIES
        + " Petugas gizi PIHAK KEDUA berhak memeriksa dapur produksi PIHAK PERTAMA setiap bulan.",
        support=(Support.PELATIHAN, Support.SERTIFIKASI),
        development_text=(
            "Ahli gizi PIHAK KEDUA menyusun resep kue rendah gula bersama PIHAK PERTAMA dan "
            "mendampingi pengurusan Sertifikat Laik Higiene Sanitasi."
        ),
        start=dt.date(2026, 9, 1),
        end=dt.date(2027, 8, 31),
        value=72_000_000,  # 3.000 buah × Rp2.000 × 12 bulan
    ),
    AgreementSpec(
        seller=Seller(offers=("Kain tapis",)),
        buyer=SENTRA,
        stage=ACTIVE,
        pattern=Pattern.PERDAGANGAN_UMUM,
        subject=(
            "PIHAK PERTAMA memasok kain tapis motif pucuk rebung ukuran 2 × 0,6 m sebanyak "
            "40 lembar per bulan dengan harga Rp350.000 per lembar untuk etalase cendera mata "
            "PIHAK KEDUA. Motif dan warna disepakati tiap triwulan; setiap lembar diberi label "
            "nama pengrajin."
        ),
        rights_obligations=(
            "PIHAK PERTAMA wajib menyerahkan kain tapis sesuai contoh motif yang disepakati. "
            "PIHAK KEDUA wajib membeli putus (bukan konsinyasi) dan mencantumkan nama koperasi "
            "pengrajin pada label."
        ),
        support=(Support.PEMASARAN, Support.KEMASAN),
        development_text="PIHAK KEDUA memasarkan tapis PIHAK PERTAMA ke 40 toko jaringannya.",
        start=dt.date(2026, 6, 1),
        end=dt.date(2027, 5, 31),
        value=168_000_000,  # 40 lembar × Rp350.000 × 12 bulan
        payment_term_days=21,
    ),
    AgreementSpec(
        seller=Seller(offers=("Laundry linen",)),
        buyer=HOTEL,
        stage=ACTIVE,
        pattern=Pattern.PENYUMBERLUARAN,
        subject=(
            "PIHAK PERTAMA mencuci dan menyetrika linen tambahan PIHAK KEDUA (seprai, sarung "
            "bantal, handuk) saat okupansi di atas 80%, perkiraan 400 kg per bulan dengan "
            "harga Rp9.000 per kg; dijemput pukul 09.00 dan diantar kembali pukul 17.00 hari "
            "yang sama."
        ),
        rights_obligations=(
            "PIHAK PERTAMA wajib mengganti linen yang rusak atau hilang karena kelalaiannya. "
            "PIHAK KEDUA wajib menyerahkan linen dengan daftar hitung dan membayar sesuai "
            "berat yang tercatat."
        ),
        support=(Support.PELATIHAN,),
        development_text=("Bagian housekeeping PIHAK KEDUA melatih standar pencucian linen hotel."),
        start=dt.date(2026, 10, 1),
        end=dt.date(2027, 9, 30),
        value=43_200_000,  # 400 kg × Rp9.000 × 12 bulan
        payment_term_days=14,
    ),
    AgreementSpec(
        seller=Seller(offers=("Sambal curah",)),
        buyer=RAGOM,
        stage=COMPLETED,
        pattern=Pattern.RANTAI_PASOK,
        subject=(
            "PIHAK PERTAMA memasok sambal seruit dan sambal tempoyak curah sebanyak 100 kg per "
            "bulan ke dapur pusat PIHAK KEDUA dengan harga Rp45.000 per kg, dikirim Senin dan "
            "Kamis dalam wadah food grade 5 kg; rasa dan kepedasan sesuai contoh baku."
        ),
        rights_obligations=_SUPPLIER_DUTIES + _BUYER_DUTIES,
        support=(Support.SERTIFIKASI,),
        development_text="PIHAK KEDUA membantu biaya perpanjangan sertifikat halal PIHAK PERTAMA.",
        start=dt.date(2026, 1, 5),
        end=dt.date(2026, 10, 31),
        value=45_000_000,  # 100 kg × Rp45.000 × 10 bulan
        payment_term_days=14,
        end_reason=(
            "Jangka waktu berakhir 31 Oktober 2026; seluruh pasokan sudah diterima dan dibayar "
            "lunas (berita acara serah terima akhir 3 November 2026, ditandatangani kedua pihak)."
        ),
    ),
    AgreementSpec(
        seller=Seller(offers=("Seragam kerja",)),
        buyer=RS,
        stage=TERMINATED,
        pattern=Pattern.SUBKONTRAK,
        subject=(
            "PIHAK PERTAMA menjahit 200 stel seragam perawat dan bidan (atasan dan celana/rok) "
            "bahan katun stretch dari PIHAK KEDUA, dengan upah dan bahan pelengkap "
            "Rp185.000 per stel; diserahkan dalam dua tahap, 100 stel per tahap."
        ),
        rights_obligations=(
            "PIHAK PERTAMA wajib menjahit sesuai pola dan ukuran yang diberikan. PIHAK KEDUA "
            "wajib menyediakan kain dan membayar setiap tahap setelah diperiksa."
        ),
        support=(Support.PERMODALAN,),
        development_text="PIHAK KEDUA membayar uang muka 30% untuk bahan pelengkap.",
        start=dt.date(2026, 8, 1),
        end=dt.date(2026, 12, 31),
        value=37_000_000,  # 200 stel × Rp185.000
        end_reason=(
            "Kain katun stretch warna standar rumah sakit tidak lagi tersedia di pemasok "
            "PIHAK KEDUA. Tahap pertama (100 stel) sudah diserahkan dan dibayar; tahap kedua "
            "dibatalkan atas kesepakatan para pihak (berita acara 14 November 2026)."
        ),
    ),
    AgreementSpec(
        seller=Seller(offers=("motif tapis",)),
        buyer=HOTEL,
        stage=WITNESSED,
        pattern=Pattern.SUBKONTRAK,
        subject=(
            "PIHAK PERTAMA membuat 60 stel seragam staf front office dan restoran dengan aksen "
            "tapis Lampung, harga Rp350.000 per stel termasuk bahan, diserahkan paling lambat "
            "15 Februari 2027 setelah persetujuan contoh."
        ),
        rights_obligations=(
            "PIHAK PERTAMA wajib membuat satu stel contoh untuk disetujui sebelum produksi. "
            "PIHAK KEDUA wajib memberikan daftar ukuran staf dan membayar uang muka 30%."
        ),
        support=(Support.PERMODALAN, Support.PEMASARAN),
        development_text=(
            "Uang muka 30% dari PIHAK KEDUA; seragam memuat label kecil nama penjahit."
        ),
        start=dt.date(2026, 12, 1),
        end=dt.date(2027, 2, 15),
        value=21_000_000,  # 60 stel × Rp350.000
    ),
    AgreementSpec(
        seller=Seller(offers=("Bakso sapi beku", "Bakso ayam"), met_buyer_at_event=True),
        buyer=KAMPUS,
        stage=SIGNED,
        pattern=Pattern.RANTAI_PASOK,
        subject=(
            "PIHAK PERTAMA memasok bakso sapi dan bakso ayam beku sebanyak 150 kg per bulan "
            "dengan harga Rp80.000 per kg, dikirim Selasa dan Jumat dalam boks pendingin "
            "bersuhu di bawah −10 °C ke dapur kantin kampus."
        ),
        rights_obligations=_SUPPLIER_DUTIES + _BUYER_DUTIES,
        support=(Support.PERMODALAN,),
        development_text="PIHAK KEDUA meminjamkan satu freezer 300 liter selama perjanjian.",
        start=dt.date(2027, 1, 4),
        end=dt.date(2027, 12, 31),
        value=144_000_000,  # 150 kg × Rp80.000 × 12 bulan
    ),
    AgreementSpec(
        seller=Seller(login="umkm"),
        buyer=SENTRA,
        stage=READY,
        pattern=Pattern.SUBKONTRAK,
        subject=(
            "PIHAK PERTAMA memproduksi keripik pisang aneka rasa (cokelat, keju, balado) "
            "sebanyak 150 kg per bulan dalam kemasan 250 g bermerek PIHAK KEDUA (maklon), "
            "harga Rp55.000 per kg termasuk kemasan yang disediakan PIHAK KEDUA."
        ),
        rights_obligations=_SUPPLIER_DUTIES + _BUYER_DUTIES,
        support=(Support.KEMASAN,),
        development_text="PIHAK KEDUA menyediakan kemasan bermerek dan mesin sealer.",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        value=99_000_000,  # 150 kg × Rp55.000 × 12 bulan
    ),
    AgreementSpec(
        seller=Seller(
            offers=("Sambal tempoyak", "Sambal bawang", "Sambal seruit"), met_buyer_at_event=True
        ),
        buyer=SWALAYAN,
        stage=PARTLY_SIGNED,
        pattern=Pattern.PERDAGANGAN_UMUM,
        subject=(
            "PIHAK PERTAMA memasok sambal tempoyak dan sambal bawang dalam botol kaca 150 ml "
            "bersegel sebanyak 300 botol per bulan dengan harga Rp19.000 per botol, dikirim "
            "dua minggu sekali ke gudang pusat PIHAK KEDUA; umur simpan minimal 1 bulan."
        ),
        rights_obligations=_SUPPLIER_DUTIES + _BUYER_DUTIES,
        support=(Support.KEMASAN, Support.PEMASARAN),
        development_text="PIHAK KEDUA memberi rak promosi 'Sambal Asli Metro' selama 3 bulan.",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        value=68_400_000,  # 300 botol × Rp19.000 × 12 bulan
    ),
    AgreementSpec(
        seller=Seller(offers=("Keripik singkong",)),
        buyer=KAMPUS,
        stage=DRAFT,
        pattern=Pattern.PERDAGANGAN_UMUM,
        subject=(
            "PIHAK PERTAMA memasok keripik singkong balado dan original kemasan 50 g sebanyak "
            "2.000 bungkus per bulan dengan harga Rp3.000 per bungkus untuk tiga kantin kampus."
        ),
        rights_obligations=_SUPPLIER_DUTIES + _BUYER_DUTIES,
        support=(Support.PEMASARAN,),
        development_text="",
        start=dt.date(2027, 2, 1),
        end=dt.date(2028, 1, 31),
        value=72_000_000,  # 2.000 bungkus × Rp3.000 × 12 bulan
        declared_large=False,  # waiting for PIHAK KEDUA's Pasal 35 declaration
    ),
    AgreementSpec(
        seller=Seller(offers=("Roti manis",)),
        buyer=RS,
        stage=SUBMITTED,
        pattern=Pattern.RANTAI_PASOK,
        subject=(
            "PIHAK PERTAMA memasok roti manis isi dalam kemasan satuan berlabel sebanyak 800 "
            "buah per bulan dengan harga Rp5.000 per buah untuk snack pasien, dikirim setiap "
            "pagi ke instalasi gizi."
        ),
        rights_obligations=_SUPPLIER_DUTIES + _BUYER_DUTIES,
        support=(Support.SERTIFIKASI,),
        development_text="PIHAK KEDUA mendampingi perpanjangan PIRT PIHAK PERTAMA.",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        value=48_000_000,  # 800 buah × Rp5.000 × 12 bulan
        payment_term_days=60,  # above the city's 30-day policy: a warning, not a block
    ),
    AgreementSpec(
        seller=Seller(offers=("Kopi bubuk", "Kopi robusta bubuk")),
        buyer=SWALAYAN,
        stage=RETURNED,
        pattern=Pattern.PERDAGANGAN_UMUM,
        subject=(
            "PIHAK PERTAMA memasok kopi bubuk robusta Lampung kemasan foil 250 g sebanyak "
            "400 bungkus per bulan dengan harga Rp26.000 per bungkus."
        ),
        rights_obligations=_SUPPLIER_DUTIES + _BUYER_DUTIES,
        support=(Support.PEMASARAN,),
        development_text="Produk PIHAK PERTAMA masuk katalog daring PIHAK KEDUA.",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        value=124_800_000,  # 400 bungkus × Rp26.000 × 12 bulan
        return_notes=(
            "Mohon lengkapi kegiatan usaha: tingkat sangrai, umur sangrai paling lama saat "
            "diterima gudang, jadwal pengiriman (hari dan jam penerimaan gudang), dan nomor "
            "PIRT yang berlaku."
        ),
    ),
    AgreementSpec(
        seller=Seller(offers=("Miniatur siger",)),
        buyer=SENTRA,
        stage=SUBMITTED,
        pattern=Pattern.DISTRIBUSI_KEAGENAN,
        subject=(
            "PIHAK KEDUA menunjuk PIHAK PERTAMA sebagai agen penjualan paket oleh-oleh khas "
            "Lampung merek Ruwa Jurai di galerinya untuk wilayah Metro Utara, dengan harga "
            "agen Rp85.000 per paket dan target 150 paket per bulan."
        ),
        rights_obligations=(
            "PIHAK PERTAMA berhak atas harga agen dan wilayah penjualan yang disepakati, "
            "serta wajib menjual dengan harga eceran yang dianjurkan. PIHAK KEDUA wajib "
            "menyediakan barang tepat waktu dan menerima retur barang rusak."
        ),
        support=(Support.PEMASARAN, Support.PELATIHAN),
        development_text="PIHAK KEDUA menyediakan etalase, materi promosi dan pelatihan penjualan.",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        value=153_000_000,  # 150 paket × Rp85.000 × 12 bulan
    ),
)


@dataclass
class AgreementsDemoSummary:
    created: int = 0  # agreements created in this run (an addendum counts)
    existing: int = 0  # agreements of the demo that were already there
    by_status: Counter = field(default_factory=Counter)  # all agreements in the database
    with_pdf: int = 0


# --- helpers ----------------------------------------------------------------------


class _Context:
    def __init__(self, officer, clerk) -> None:
        self.officer = officer  # approves, witnesses, activates
        self.clerk = clerk  # drafts and records for businesses without a login
        self.members: dict[int, Any] = {}
        self.used: set[int] = set()
        self.event = Event.objects.filter(demo_key=DEMO_KEY).first()
        self.witnesses = services.witness_officials_available()[:2]

    def meeting(self, small: Business, large: Business) -> Meeting | None:
        """A published meeting of the two at the demo temu usaha."""
        if self.event is None:
            return None
        return (
            Meeting.objects.filter(
                ACTIVE_MEETING,
                event=self.event,
                published=True,
                seller__business=small,
                buyer__business=large,
            )
            .order_by("pk")
            .first()
        )

    def member(self, business: Business):
        """A login of the business (the demo has one for 2 businesses), or None."""
        if business.pk not in self.members:
            m = (
                Membership.objects.filter(business=business)
                .select_related("user")
                .order_by("id")
                .first()
            )
            self.members[business.pk] = m.user if m else None
        return self.members[business.pk]

    def seller(self, seller: Seller, buyer: Business) -> Business | None:
        if seller.login:
            business = (
                Business.objects.filter(memberships__user__username=seller.login)
                .order_by("id")
                .first()
            )
        else:
            candidates = Business.objects.filter(
                size_class__in=SMALL_SIZES, status=VerificationStatus.VERIFIED
            ).exclude(pk__in=self.used)
            if seller.met_buyer_at_event and self.event is not None:
                met = Meeting.objects.filter(
                    ACTIVE_MEETING, event=self.event, published=True, buyer__business=buyer
                ).values("seller__business")
                candidates = candidates.filter(pk__in=met)
            matching = {
                b.pk: b
                for word in seller.offers
                for b in candidates.filter(offers__title__icontains=word)
            }
            # Sorted in Python: database collations order names differently.
            business = min(matching.values(), key=lambda b: (b.name, b.pk), default=None)
        if business is not None:
            self.used.add(business.pk)
        return business


def _sign(ctx: _Context, agreement: Agreement, party: str, scans: dict) -> None:
    business = agreement.small_party if party == Party.SMALL else agreement.large_party
    member = ctx.member(business)
    if member is not None:
        services.agreement_sign(actor=member, agreement=agreement, party=party)
        return
    if "pdf" not in scans:
        # Printed, signed in ink and scanned: here, the agreement's own PDF.
        scans["pdf"] = agreement_pdf(agreement)
    scan = SimpleUploadedFile(
        f"pindaian-{agreement.code}.pdf", scans["pdf"], content_type="application/pdf"
    )
    services.agreement_sign(actor=ctx.clerk, agreement=agreement, party=party, scan=scan)


def _first_actor(ctx: _Context, *businesses: Business):
    for b in businesses:
        member = ctx.member(b)
        if member is not None:
            return member
    return ctx.clerk


def _advance(ctx: _Context, agreement: Agreement, *, to: str, return_notes: str = "") -> None:
    """Take an agreement from draft to stage ``to`` (one of _ORDER, or RETURNED)."""
    officer = ctx.officer
    small, large = agreement.small_party, agreement.large_party
    target = SUBMITTED if to == RETURNED else to
    steps = _ORDER[1 : _ORDER.index(target) + 1]
    scans: dict = {}
    for step in steps:
        if step == SUBMITTED:
            services.agreement_submit(actor=_first_actor(ctx, small, large), agreement=agreement)
        elif step == READY:
            services.agreement_approve(
                actor=officer, agreement=agreement, notes="Lengkap; sesuai Pasal 34 dan 35."
            )
        elif step in {PARTLY_SIGNED, SIGNED}:
            party = Party.SMALL if step == PARTLY_SIGNED else Party.LARGE
            if agreement.origin_meeting_id:
                # Signed in person at the temu usaha's joint signing, before the clerk.
                services.agreement_sign_in_ceremony(
                    actor=ctx.clerk,
                    agreement=agreement,
                    party=party,
                    event=agreement.origin_meeting.event,
                )
            else:
                _sign(ctx, agreement, party, scans)
        elif step == WITNESSED:
            services.agreement_witness(actor=officer, agreement=agreement, witnesses=ctx.witnesses)
        elif step == ACTIVE:
            services.agreement_activate(actor=officer, agreement=agreement)
    if to == RETURNED:
        services.agreement_return(actor=officer, agreement=agreement, notes=return_notes)


def _invitation(ctx: _Context, spec: AgreementSpec, small: Business, large: Business):
    inv = spec.invitation
    need = Need.objects.filter(business=large, title__icontains=inv.need).order_by("id").first()
    offer = Offer.objects.filter(business=small, title__icontains=inv.offer).order_by("id").first()
    if need is None or offer is None:
        return None
    existing = MeetingInvitation.objects.filter(need=need, offer=offer).first()
    if existing is not None:
        return existing
    # The buyer asks; an officer does it for a buyer without a login.
    return meeting_invitation_create(
        actor=_first_actor(ctx, large), need=need, offer=offer, message=inv.message
    )


def _create(ctx: _Context, spec: AgreementSpec, small: Business, large: Business) -> int:
    """One spec's agreement (and addendum), through the services. Returns how many made."""
    # Whoever has a login drafts (the buyer first) and declares for their own party;
    # the officer records the declaration of a party without one (assisted).
    creator = _first_actor(ctx, large, small)
    own_small = creator.is_officer or ctx.member(small) == creator
    own_large = creator.is_officer or ctx.member(large) == creator
    data = {
        "pattern": spec.pattern,
        "subject": spec.subject,
        "rights_obligations": spec.rights_obligations,
        "development_support": list(spec.support),
        "development_text": spec.development_text,
        "start_date": spec.start,
        "end_date": spec.end,
        "payment_term_days": spec.payment_term_days,
        "estimated_value": spec.value,
        "no_control_declared_small": own_small,
        "no_control_declared_large": own_large and spec.declared_large,
    }
    invitation = _invitation(ctx, spec, small, large) if spec.invitation else None
    meeting = ctx.meeting(small, large) if spec.seller.met_buyer_at_event else None
    agreement = services.agreement_create(
        actor=creator,
        small_party=small,
        large_party=large,
        data=data,
        origin_invitation=invitation,
        origin_meeting=meeting,
    )
    for field_name, business, declared in (
        ("no_control_declared_small", small, True),
        ("no_control_declared_large", large, spec.declared_large),
    ):
        if declared and not getattr(agreement, field_name):
            services.agreement_update(
                actor=_first_actor(ctx, business),
                agreement=agreement,
                data={field_name: True},
            )
    made = 1
    if spec.stage in _ORDER or spec.stage == RETURNED:
        _advance(ctx, agreement, to=spec.stage, return_notes=spec.return_notes)
        return made
    _advance(ctx, agreement, to=ACTIVE)
    if spec.stage in {COMPLETED, TERMINATED}:
        # No party ends an agreement alone: each party's login asks and the other confirms;
        # for parties without a login the officer decides, with the reason on record.
        end = (
            services.agreement_complete if spec.stage == COMPLETED else services.agreement_terminate
        )
        first, second = ctx.member(large), ctx.member(small)
        if first is not None and second is not None:
            end(actor=first, agreement=agreement, reason=spec.end_reason)
            end(actor=second, agreement=agreement, reason="")
        else:
            end(actor=ctx.officer, agreement=agreement, reason=spec.end_reason)
    elif spec.stage == AMENDED:
        actor = _first_actor(ctx, large, small)
        addendum = services.agreement_amend(actor=actor, agreement=agreement)
        services.agreement_update(actor=actor, agreement=addendum, data=spec.amendment)
        made += 1
        # Activating the addendum moves the agreement it amends to "amended".
        _advance(ctx, addendum, to=ACTIVE)
        buyer = ctx.member(large)
        if spec.completion_asked and buyer is not None:
            # Asked by the buyer, not confirmed yet: the addendum keeps running.
            services.agreement_complete(
                actor=buyer, agreement=addendum, reason=spec.completion_asked
            )
    return made


# --- entry point --------------------------------------------------------------------


def _clerk(officer):
    """The demo's second officer (``demo.data.LOGINS``), made here if it is missing."""
    from jalinmitra.accounts.models import User
    from jalinmitra.accounts.services import user_create

    clerk = User.objects.filter(username=CLERK_LOGIN).first()
    if clerk is None:
        clerk = user_create(
            actor=None,
            username=CLERK_LOGIN,
            password=None,
            role="petugas",
            full_name="Petugas Pendamping",
        )
    return clerk


def agreements_demo_create(*, officer, clerk=None) -> AgreementsDemoSummary:
    """Create the demo's agreements that are missing. Safe to run again.

    Needs the demo's businesses (``demo.load.demo_load``), the demo temu usaha for
    the agreements that come from its meetings, and two officers who are members of none of
    them: ``officer`` approves and witnesses, ``clerk`` drafts and records for the businesses
    without a login (by default the demo's ``petugas2``).
    """
    summary = AgreementsDemoSummary()
    ctx = _Context(officer, clerk or _clerk(officer))
    large_parties = {b.name: b for b in Business.objects.filter(name__in={s.buyer for s in SPECS})}
    for spec in SPECS:
        large = large_parties.get(spec.buyer)
        small = ctx.seller(spec.seller, large) if large is not None else None
        if small is None or large is None:
            continue  # the businesses of the demo are not (all) there
        existing = Agreement.objects.filter(small_party=small, large_party=large).count()
        if existing:
            summary.existing += existing
            continue
        with transaction.atomic():
            summary.created += _create(ctx, spec, small, large)
    agreements = Agreement.objects.all()
    summary.by_status = Counter(agreements.values_list("status", flat=True))
    summary.with_pdf = agreements.exclude(signed_pdf="").count()
    return summary
