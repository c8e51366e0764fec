from django.conf import settings
from django.core.management.base import BaseCommand

from jalinmitra.privacy import services


class Command(BaseCommand):
    help = (
        "Aturan retensi data pribadi (UU PDP): hapus usaha berstatus draf/dikembalikan yang tidak "
        "diubah lebih dari PRIVACY_RETENTION_UNVERIFIED_DAYS hari; yang masih dirujuk perjanjian "
        "atau temu usaha dianonimkan. Jalankan berkala (mis. cron harian)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya hitung, jangan ubah apa pun."
        )

    def handle(self, *args, **options):
        days = settings.PRIVACY_RETENTION_UNVERIFIED_DAYS
        if options["dry_run"]:
            count = services.retention_candidates().count()
            self.stdout.write(f"{count} usaha draf lebih dari {days} hari akan diproses.")
            return
        report = services.retention_apply()
        self.stdout.write(
            f"Retensi {days} hari: {report.deleted} dihapus, {report.anonymised} dianonimkan."
        )
