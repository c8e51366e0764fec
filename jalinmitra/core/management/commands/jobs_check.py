"""Periodic: record as failed every background job whose worker died (no progress for
JOB_STALE_SECONDS), so its owner and the officers see why and may start it again."""

from django.core.management.base import BaseCommand

from jalinmitra.core.jobs import jobs_fail_stale


class Command(BaseCommand):
    help = "Tandai gagal pekerjaan latar belakang yang pekerjanya berhenti."

    def handle(self, *args, **options):
        count = jobs_fail_stale()
        self.stdout.write(f"{count} pekerjaan terhenti ditandai gagal.")
