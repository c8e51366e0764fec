"""The periodic jobs in one command, for one systemd timer (deploy/) or one cron line:
each listed command runs on its own (one failing does not stop the others), and the time
and outcome are recorded for the metrics page."""

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from jalinmitra.core.ops import periodic_ran

DEFAULT_COMMANDS = [
    "jobs_check",
    "expire_meeting_requests",
    "remind_event_participants",
    "create_followups",
    "remind_agreements_ending",
    "privacy_retention",
    "refresh_open_data",  # the open-data figures (api), this year and last
    "clearsessions",
    "axes_reset_logs",  # sign-in logs older than 30 days
    "backup",
]


class Command(BaseCommand):
    help = "Jalankan semua tugas berkala (harian)."

    def add_arguments(self, parser):
        parser.add_argument("--skip", action="append", default=[], help="lewati perintah ini")

    def handle(self, *args, **options):
        known = get_commands()
        results = {}
        for name in getattr(settings, "PERIODIC_COMMANDS", DEFAULT_COMMANDS):
            if name in options["skip"]:
                continue
            if name not in known:
                results[name] = "missing"
                continue
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception as e:  # noqa: BLE001 - the others still run; reported below
                self.stderr.write(f"{name}: {e}")
                results[name] = f"failed: {e}"[:300]
            else:
                results[name] = "ok"
        periodic_ran(results=results)
        failed = [n for n, r in results.items() if r != "ok"]
        if failed:
            raise CommandError(f"tugas berkala gagal: {', '.join(failed)}")
        self.stdout.write("Semua tugas berkala selesai.")
