from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalinmitra.core.services import regions_load


class Command(BaseCommand):
    help = (
        "Muat kode wilayah Kemendagri dari CSV (code,level,name,parent); yang sudah ada dilewati."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--prefix", default="", help="Hanya wilayah ini, mis. 33.74")

    def handle(self, *args, path: Path, prefix: str, **options):
        if not path.exists():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        created = regions_load(path=path, prefix=prefix)
        self.stdout.write(f"{created} wilayah baru dimuat.")
