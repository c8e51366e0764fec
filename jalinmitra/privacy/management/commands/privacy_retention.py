from django.conf import settings
from django.core.management.base import BaseCommand

from jalinmitra.privacy import services


class Command(BaseCommand):
    help = (
        "Aturan retensi data pribadi (UU PDP): hapus usaha berstatus draf/dikembalikan yang tidak "
        "diubah lebih dari PRIVACY_RETENTION_UNVERIFIED_DAYS hari; yang masih dirujuk perjanjian "
        "atau temu usaha dianonimkan. Nama dan kontak pengirim pesan katalog dihapus "
        "PRIVACY_RETENTION_ENQUIRY_DAYS hari setelah pesan terakhir aktif. Jalankan berkala "
        "(mis. cron harian)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya hitung, jangan ubah apa pun."
        )

    def handle(self, *args, **options):
        days = settings.PRIVACY_RETENTION_UNVERIFIED_DAYS
        enquiry_days = services.enquiry_retention_days()
        if options["dry_run"]:
            count = services.retention_candidates().count()
            self.stdout.write(f"{count} usaha draf lebih dari {days} hari akan diproses.")
            count = services.enquiry_retention_candidates().count()
            self.stdout.write(
                f"{count} pesan katalog lebih dari {enquiry_days} hari akan dihapus datanya."
            )
            return
        report = services.retention_apply()
        self.stdout.write(
            f"Retensi {days} hari: {report.deleted} dihapus, {report.anonymised} dianonimkan."
        )
        erased = services.enquiry_retention_apply()
        self.stdout.write(
            f"Retensi pesan katalog {enquiry_days} hari: data {erased} pengirim dihapus."
        )
