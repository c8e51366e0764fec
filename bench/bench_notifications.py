"""Notifications benchmark: one notify() for N recipients (a schedule published to N
participants' members), then the mails sent after the commit.

    .venv/bin/python bench/bench_notifications.py [--users 5000]

Builds a throw-away SQLite database, N business users (every one with an email; half agreed to
WhatsApp with a number, one in fifty with a landline that is refused), then times the service
inside one transaction (inbox rows and deliveries, bulk-inserted) and the after-commit sending
through the in-memory mail backend. Prints a table; asserts nothing. The issue's target (5,000
participants within 60 s, the request returning at once) is for the whole publish.

    .venv/bin/python bench/bench_notifications.py --publish [--users 5000] [--db sqlite|postgres]

Issue 11 item 8: an event with N participants (one business and one member each, all with an
email, half agreed to WhatsApp), 100 scheduled meetings; times the publish (what the web
request does: publish and queue the job) and then the worker (`db_worker --batch`) sending
every participant's inbox notification, WhatsApp delivery and mail in chunks with progress.
PostgreSQL: 127.0.0.1:5432, user postgres, a throw-away database `bench_notif2`
(PG_URL overrides the server)."""

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
    call_command("createcachetable", verbosity=0)
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


def publish_child(n: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from jalinmitra.accounts.models import User
    from jalinmitra.accounts.services import user_create
    from jalinmitra.businesses.models import Business, Membership
    from jalinmitra.core.models import Job
    from jalinmitra.events import services as events
    from jalinmitra.events.models import Meeting, Participant
    from jalinmitra.notifications.models import Delivery, Notification, Preference

    officer = user_create(
        actor=None, username="petugas", password="rahasia-bench-1", role="petugas", full_name="P"
    )
    now = timezone.now()
    event = events.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Bench",
            "date": timezone.localdate() + dt.timedelta(days=10),
            "venue": "Aula",
            "sessions": [{"start": "09:00", "end": "12:00"}],
            "meeting_minutes": 20,
            "break_minutes": 0,
            "max_meetings_per_participant": 4,
            "registration_opens": now - dt.timedelta(days=1),
            "registration_closes": now + dt.timedelta(days=5),
            "request_expiry_hours": 24,
            "max_open_requests": 3,
        },
    )
    User.objects.bulk_create(
        User(username=f"u{i}", email=f"u{i}@example.id", role="usaha", full_name=f"Usaha {i}")
        for i in range(n)
    )
    users = list(User.objects.filter(username__startswith="u").order_by("pk"))
    Business.objects.bulk_create(
        Business(name=f"Usaha {i}", owner_name=f"Pemilik {i}", whatsapp=f"0812{i:08d}")
        for i in range(n)
    )
    businesses = list(Business.objects.order_by("pk"))
    Membership.objects.bulk_create(
        Membership(user=u, business=b) for u, b in zip(users, businesses, strict=True)
    )
    Preference.objects.bulk_create(
        Preference(user=u, whatsapp=True, whatsapp_consent_at=now)
        for i, u in enumerate(users)
        if i % 2 == 0
    )
    Participant.objects.bulk_create(
        Participant(
            event=event,
            business=b,
            role="buyer" if i < 10 else "seller",
            registered_how="invited",
            tables=10 if i < 10 else 1,
        )
        for i, b in enumerate(businesses)
    )
    parts = list(Participant.objects.filter(event=event).order_by("pk"))
    slots = list(event.slots)
    Meeting.objects.bulk_create(
        Meeting(
            event=event,
            seller=parts[10 + i],
            buyer=parts[i % 10],
            slot=slots[i % len(slots)],
            table=1 + i // 10 % 10,
            status="scheduled",
        )
        for i in range(min(100, n - 10))
    )
    # Daytime, so nothing is held for quiet hours.
    noon = timezone.localtime().replace(hour=12)
    timezone.now = lambda: noon
    started = time.perf_counter()
    count, job = events.schedule_publish_start(actor=officer, event=event)
    request = time.perf_counter() - started
    assert job is not None, "not enough participants for the background path"
    queued_notes = Notification.objects.count()
    started = time.perf_counter()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    worker = time.perf_counter() - started
    job.refresh_from_db()
    rows = [
        ("database", connection.vendor),
        ("participants (one member each)", n),
        ("meetings published", count),
        ("notifications stored by the request", queued_notes),
        ("publish request (publish + queue job), s", f"{request:.2f}"),
        ("job status / done / total", f"{job.status} / {job.done} / {job.total}"),
        ("job message", job.message[:70]),
        ("notifications stored by the worker", Notification.objects.count()),
        ("whatsapp deliveries (consenting half)", Delivery.objects.count()),
        ("mails sent (the events app's own)", len(mail.outbox)),
        ("worker fan-out, s", f"{worker:.2f}"),
    ]
    width = max(len(k) for k, _v in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    if job.status != Job.Status.DONE:
        from django_tasks_db.models import DBTaskResult

        task = DBTaskResult.objects.get(pk=job.task_result_id)
        print("task", task.status, task.exception_class_path, task.traceback[-1500:])


def _postgres_url() -> str:
    import psycopg

    base = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_notif2")
        conn.execute("CREATE DATABASE bench_notif2")
    return f"{base}/bench_notif2"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--publish", action="store_true")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if os.environ.get("BENCH_CHILD"):
        (publish_child if args.publish else child)(args.users)
        return
    env = dict(os.environ, DEBUG="1", BENCH_CHILD="1")
    if args.db == "postgres":
        env["DATABASE_URL"] = _postgres_url()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    cmd = [sys.executable, __file__, "--users", str(args.users)]
    if args.publish:
        cmd.append("--publish")
    subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
