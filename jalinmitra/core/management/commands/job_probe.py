"""Start a probe job that the worker runs for --seconds, reporting progress each second:
shows that `db_worker` is running (its page, or the metrics page, shows it finish)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jalinmitra.core.jobs import job_enqueue, job_start


class Command(BaseCommand):
    help = "Mulai pekerjaan uji untuk memeriksa pekerja latar belakang."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=5)
        parser.add_argument("--owner", help="nama pengguna pemilik (bawaan: superuser pertama)")

    def handle(self, *args, **options):
        users = get_user_model().objects
        owner = (
            users.filter(username=options["owner"]).first()
            if options["owner"]
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if owner is None:
            raise CommandError("Tidak ada pengguna pemilik; beri --owner.")
        with transaction.atomic():
            job = job_start(
                kind="probe", owner=owner, title="Uji pekerja", total=options["seconds"]
            )
            job_enqueue(job, "jalinmitra.core.tasks.probe", job.pk, options["seconds"])
        self.stdout.write(str(job.pk))
