from django.core.management.base import BaseCommand

from jalinmitra.notifications.services import deliveries_send_due


class Command(BaseCommand):
    help = "Kirim pemberitahuan yang ditahan selama jam tenang."

    def handle(self, *args, **options):
        self.stdout.write(str(deliveries_send_due()))
