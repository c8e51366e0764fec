from django.db import migrations

COMMON_RIGHTS = (
    "PIHAK PERTAMA ({small}) berhak menerima pembayaran tepat waktu sesuai tempo yang disepakati, "
    "memperoleh pembinaan dari PIHAK KEDUA, dan mendapat informasi kebutuhan pasar. PIHAK PERTAMA "
    "wajib memasok barang/jasa sesuai jumlah, mutu dan jadwal yang disepakati serta menjaga "
    "perizinan dan sertifikat yang diperlukan.\n"
    "PIHAK KEDUA ({large}) berhak menerima barang/jasa sesuai spesifikasi dan menolak barang yang "
    "tidak memenuhi mutu dengan alasan tertulis. PIHAK KEDUA wajib membayar tepat waktu, "
    "memberikan pembinaan sesuai bentuk pengembangan yang disepakati, dan tidak memiliki atau "
    "menguasai PIHAK PERTAMA."
)

TEMPLATES = {
    "inti_plasma": (
        "Perjanjian Kemitraan Pola Inti-Plasma",
        "PIHAK KEDUA ({large}) sebagai inti menyediakan bahan baku, sarana produksi, bimbingan "
        "teknis dan menampung hasil produksi PIHAK PERTAMA ({small}) sebagai plasma. Jenis "
        "produk, jumlah, harga, jadwal penyerahan dan standar mutu: ...",
    ),
    "subkontrak": (
        "Perjanjian Kemitraan Pola Subkontrak",
        "PIHAK PERTAMA ({small}) mengerjakan sebagian produksi atau komponen yang diperlukan "
        "PIHAK KEDUA ({large}). Jenis pekerjaan/komponen, jumlah, harga satuan, jadwal "
        "penyerahan dan standar mutu: ...",
    ),
    "waralaba": (
        "Perjanjian Kemitraan Pola Waralaba",
        "PIHAK KEDUA ({large}) sebagai pemberi waralaba memberikan hak memakai merek dan sistem "
        "usahanya kepada PIHAK PERTAMA ({small}) sebagai penerima waralaba, dengan prioritas "
        "pemakaian barang/jasa usaha mikro dan kecil setempat. Wilayah, biaya, dan standar: ...",
    ),
    "perdagangan_umum": (
        "Perjanjian Kemitraan Pola Perdagangan Umum",
        "PIHAK PERTAMA ({small}) memasok produk kepada PIHAK KEDUA ({large}) untuk dipasarkan. "
        "Jenis produk, jumlah per bulan, harga satuan, cara dan jadwal pengiriman, serta standar "
        "mutu dan kemasan: ...",
    ),
    "distribusi_keagenan": (
        "Perjanjian Kemitraan Pola Distribusi dan Keagenan",
        "PIHAK KEDUA ({large}) memberikan hak khusus kepada PIHAK PERTAMA ({small}) untuk "
        "memasarkan barang/jasa PIHAK KEDUA sebagai distributor/agen. Wilayah, produk, harga, "
        "target dan komisi: ...",
    ),
    "rantai_pasok": (
        "Perjanjian Kemitraan Pola Rantai Pasok",
        "PIHAK PERTAMA ({small}) menjadi bagian rantai pasok PIHAK KEDUA ({large}) dalam "
        "pengadaan bahan, produksi atau distribusi. Barang/jasa, jumlah, harga, jadwal dan "
        "standar mutu: ...",
    ),
    "bagi_hasil": (
        "Perjanjian Kemitraan Pola Bagi Hasil",
        "PIHAK PERTAMA ({small}) menjalankan usaha yang dibiayai atau dimiliki PIHAK KEDUA "
        "({large}), dan keuntungan dibagi menurut nisbah yang disepakati. Kegiatan usaha, modal, "
        "nisbah bagi hasil dan cara pelaporan: ...",
    ),
    "kerja_sama_operasional": (
        "Perjanjian Kemitraan Pola Kerja Sama Operasional",
        "PIHAK PERTAMA ({small}) dan PIHAK KEDUA ({large}) menjalankan usaha bersama untuk "
        "sementara waktu tanpa membentuk badan usaha baru. Kegiatan, kontribusi masing-masing "
        "pihak dan pembagian hasil: ...",
    ),
    "usaha_patungan": (
        "Perjanjian Kemitraan Pola Usaha Patungan",
        "PIHAK PERTAMA ({small}) dan PIHAK KEDUA ({large}) mendirikan badan usaha patungan "
        "dengan modal bersama. Kegiatan usaha, penyertaan modal masing-masing, pengelolaan dan "
        "pembagian keuntungan: ...",
    ),
    "penyumberluaran": (
        "Perjanjian Kemitraan Pola Penyumberluaran",
        "PIHAK PERTAMA ({small}) melaksanakan pekerjaan penunjang yang bukan pekerjaan pokok "
        "PIHAK KEDUA ({large}). Jenis pekerjaan, volume, harga, jadwal dan standar layanan: ...",
    ),
}


def load(apps, schema_editor):
    AgreementTemplate = apps.get_model("agreements", "AgreementTemplate")
    for pattern, (title, subject) in TEMPLATES.items():
        AgreementTemplate.objects.get_or_create(
            pattern=pattern,
            defaults={
                "title": title,
                "subject": subject,
                "rights_obligations": COMMON_RIGHTS,
                "development_text": (
                    "PIHAK KEDUA membina PIHAK PERTAMA dalam bentuk yang dipilih di atas, "
                    "dengan jadwal yang disepakati bersama."
                ),
            },
        )


def unload(apps, schema_editor):
    apps.get_model("agreements", "AgreementTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
