"""Make an API token and print its secret once:
``manage.py api_token_create --actor admin --user bank1 --institution bank --bank BRI
--scope read:statistics --name "Sistem BRI"``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from jalinmitra.api.services import token_create
from jalinmitra.businesses.models import Business
from jalinmitra.financing.models import Bank


class Command(BaseCommand):
    help = "Buat token API (rahasia ditampilkan sekali)."

    def add_arguments(self, parser):
        parser.add_argument("--actor", required=True, help="petugas yang membuat")
        parser.add_argument("--user", required=True, help="pengguna yang diwakili token")
        parser.add_argument("--institution", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--scope", action="append", required=True)
        parser.add_argument("--business", type=int, default=None)
        parser.add_argument("--bank", default=None, help="kode bank")
        parser.add_argument("--days", type=int, default=365)

    def handle(self, *args, **o):
        users = get_user_model().objects
        token, secret = token_create(
            actor=users.get(username=o["actor"]),
            user=users.get(username=o["user"]),
            name=o["name"],
            institution=o["institution"],
            scopes=o["scope"],
            business=Business.objects.get(pk=o["business"]) if o["business"] else None,
            bank=Bank.objects.get(code=o["bank"]) if o["bank"] else None,
            days=o["days"],
        )
        self.stdout.write(secret)
