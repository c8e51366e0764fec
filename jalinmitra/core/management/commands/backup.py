"""Daily (the periodic jobs): the database and uploaded files in one dated archive in
BACKUP_DIR, keeping the newest BACKUP_KEEP. See docs/deploy.md for copying them off the
server."""

from pathlib import Path

from django.core.management.base import BaseCommand

from jalinmitra.core.backup import backup_create


class Command(BaseCommand):
    help = "Cadangkan basis data dan berkas unggahan ke satu arsip bertanggal."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="folder arsip (bawaan: BACKUP_DIR)")
        parser.add_argument("--keep", type=int, help="jumlah arsip disimpan (bawaan: BACKUP_KEEP)")

    def handle(self, *args, **options):
        path = backup_create(directory=options["dir"], keep=options["keep"])
        self.stdout.write(f"Cadangan: {path} ({path.stat().st_size} bytes)")
