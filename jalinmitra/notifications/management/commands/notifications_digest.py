from django.core.management.base import BaseCommand

from jalinmitra.notifications.services import digests_send


class Command(BaseCommand):
    help = "Kirim ringkasan harian pemberitahuan lewat email."

    def handle(self, *args, **options):
        self.stdout.write(f"Ringkasan terkirim: {digests_send()}")
