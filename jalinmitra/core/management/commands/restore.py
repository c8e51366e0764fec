"""Restore a backup archive onto an EMPTY database (after `migrate` is NOT run: a fresh,
empty database file or PostgreSQL database) and an empty media folder, then compare row
counts and file hashes with the archive's manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalinmitra.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Pulihkan arsip cadangan ke basis data kosong, lalu periksa hasilnya."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="timpa walau basis data/folder tidak kosong"
        )

    def handle(self, *args, **options):
        try:
            check = backup_restore(archive=options["archive"], force=options["force"])
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Dipulihkan: {check['tables']} tabel, {check['rows']} baris, {check['files']} berkas."
        )
        if not (check["rows_match"] and check["files_match"]):
            raise CommandError(f"Hasil tidak sama dengan arsip: {check['row_differences']}")
        self.stdout.write("Jumlah baris dan sidik berkas sama dengan arsip.")
