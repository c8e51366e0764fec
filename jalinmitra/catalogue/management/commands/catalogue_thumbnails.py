"""Make the WebP thumbnails of offer photos stored before the catalogue (or all of them again);
`--sapu` removes thumbnail files whose photo is gone."""

from django.core.management.base import BaseCommand

from jalinmitra.businesses.models import OfferPhoto
from jalinmitra.catalogue.thumbnails import thumbnails_make, thumbnails_orphaned


class Command(BaseCommand):
    help = "Buat thumbnail WebP untuk foto penawaran yang belum memilikinya."

    def add_arguments(self, parser):
        parser.add_argument("--ulang", action="store_true", help="buat ulang semua thumbnail")
        parser.add_argument(
            "--sapu", action="store_true", help="hapus berkas thumbnail yang fotonya sudah dihapus"
        )

    def handle(self, *args, ulang: bool = False, sapu: bool = False, **options):
        if sapu:
            from django.core.files.storage import default_storage

            names = thumbnails_orphaned()
            for name in names:
                default_storage.delete(name)
            self.stdout.write(f"{len(names)} berkas thumbnail tanpa foto dihapus.")
            return
        photos = OfferPhoto.objects.prefetch_related("thumbnails").order_by("id")
        made = seen = 0
        for photo in photos.iterator(chunk_size=200):
            seen += 1
            made += thumbnails_make(photo, again=ulang)
        self.stdout.write(f"{seen} foto diperiksa, {made} thumbnail dibuat.")
