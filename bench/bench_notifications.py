"""Notifications benchmark: one notify() for N recipients (a schedule published to N
participants' members), then the mails sent after the commit.

    .venv/bin/python bench/bench_notifications.py [--users 5000]

Builds a throw-away SQLite database, N business users (every one with an email; half agreed to
WhatsApp with a number, one in fifty with a landline that is refused), then times the service
inside one transaction (inbox rows and deliveries, bulk-inserted) and the after-commit sending
through the in-memory mail backend. Prints a table; asserts nothing. The issue's target (5,000
participants within 60 s, the request returning at once) is for the whole publish."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def child(n: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    call_command("migrate", verbosity=0)
    from jalinmitra.accounts.models import User
    from jalinmitra.notifications import services
    from jalinmitra.notifications.models import Delivery, Preference

    User.objects.bulk_create(
        User(username=f"u{i}", email=f"u{i}@example.id", role="usaha", full_name=f"Usaha {i}")
        for i in range(n)
    )
    users = list(User.objects.filter(username__startswith="u"))
    now = timezone.now()
    Preference.objects.bulk_create(
        Preference(user=u, whatsapp=True, whatsapp_consent_at=now)
        for i, u in enumerate(users)
        if i % 2 == 0
    )
    phones = {u.pk: ("0725 41000" if i % 50 == 0 else f"0812{i:08d}") for i, u in enumerate(users)}
    # Daytime, so nothing is held for quiet hours.
    noon = timezone.localtime().replace(hour=12)
    timezone.now = lambda: noon
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        with transaction.atomic():
            made = services.notify(
                event="schedule.published",
                recipients=users,
                context={"event": "Temu Usaha Bench", "date": "1 Des 2026", "venue": "Aula"},
                url="/temu-usaha/1/",
                per_recipient={
                    u.pk: {"recipient_business": u.full_name, "count": 3} for u in users
                },
                phones=phones,
            )
            stored = time.perf_counter() - started
    total = time.perf_counter() - started
    rows = [
        ("recipients", n),
        ("notifications stored", len(made)),
        ("deliveries", Delivery.objects.count()),
        ("  whatsapp click-to-chat", Delivery.objects.filter(status="manual").count()),
        ("  whatsapp invalid", Delivery.objects.filter(status="invalid").count()),
        ("mails sent after commit", len(mail.outbox)),
        ("queries", len(q.captured_queries)),
        ("notify() in the transaction, s", f"{stored:.2f}"),
        ("with the mails after commit, s", f"{total:.2f}"),
    ]
    width = max(len(k) for k, _v in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=5000)
    args = parser.parse_args()
    if os.environ.get("BENCH_CHILD"):
        child(args.users)
        return
    env = dict(os.environ, DEBUG="1", BENCH_CHILD="1")
    env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    subprocess.run([sys.executable, __file__, "--users", str(args.users)], env=env, check=True)


if __name__ == "__main__":
    main()
