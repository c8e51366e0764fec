import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jalinmitra.notifications import services
from jalinmitra.notifications.choices import Channel, DeliveryStatus
from jalinmitra.notifications.gateway import HttpGateway, click_to_chat, phone_international
from jalinmitra.notifications.models import Delivery, Notification, PeriodicRun, Preference

NOON = dt.datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
NIGHT = dt.datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta"))

SIGN = {"number": "PK/2026/0007", "small": "Keripik Bu Alice", "large": "PT Sari Rasa"}


@pytest.fixture
def people(alice, bob, carol):
    users = []
    for (user, _b), email in zip([alice, bob, carol], ["a@x.id", "b@x.id", ""], strict=True):
        user.email = email
        user.save()
        users.append(user)
    return users


@pytest.fixture
def at_noon(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOON)


def _consent(user, number="", **fields):
    return Preference.objects.create(
        user=user,
        whatsapp=True,
        whatsapp_number=number,
        whatsapp_consent_at=timezone.now(),
        **fields,
    )


def test_one_notification_per_recipient_actor_and_inactive_left_out(people, at_noon):
    alice, bob, carol = people
    carol.is_active = False
    carol.save()
    made = services.notify(
        event="agreement.ready_to_sign",
        recipients=[alice, bob, carol, alice],
        context=SIGN,
        url="/perjanjian/1/",
        actor=bob,
    )
    assert [n.recipient for n in made] == [alice]
    n = Notification.objects.get()
    assert n.title == "Perjanjian PK/2026/0007 siap ditandatangani"
    assert "Keripik Bu Alice" in n.body and n.read_at is None


def test_mail_after_commit_plain_and_html(people, at_noon, django_capture_on_commit_callbacks):
    alice, bob, _carol = people
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            event="agreement.ready_to_sign",
            recipients=[alice, bob],
            context=SIGN,
            url="/perjanjian/1/",
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.id", "b@x.id"]
    message = mail.outbox[0]
    assert message.subject == "Perjanjian PK/2026/0007 siap ditandatangani"
    assert "/perjanjian/1/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "<a href=" in html
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_rolled_back_transaction_sends_nothing(
    people, at_noon, django_capture_on_commit_callbacks
):
    alice, _bob, _carol = people
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.notify(
                    event="agreement.ready_to_sign", recipients=[alice], context=SIGN, url=""
                )
                raise RuntimeError("the write fails")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_stopped_category_sends_nothing_but_the_inbox_keeps_it(people, at_noon):
    alice, _bob, _carol = people
    Preference.objects.create(user=alice, stopped=["catalogue", "agreements"])
    services.notify(
        event="enquiry.received",
        recipients=[alice],
        context={"name": "Budi", "product": "Keripik", "message": "Ada?"},
        url="",
    )
    assert Notification.objects.count() == 1 and not Delivery.objects.exists()
    # Ready to sign is required: stopping its category does not stop it.
    services.notify(event="agreement.ready_to_sign", recipients=[alice], context=SIGN, url="")
    assert list(Delivery.objects.values_list("channel", flat=True)) == [Channel.EMAIL]


def test_quiet_hours_hold_until_morning(
    people, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    alice, _bob, _carol = people
    monkeypatch.setattr(timezone, "now", lambda: NIGHT)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(event="agreement.ready_to_sign", recipients=[alice], context=SIGN, url="")
    d = Delivery.objects.get()
    assert d.status == DeliveryStatus.PENDING and mail.outbox == []
    assert timezone.localtime(d.due_at) == dt.datetime(
        2026, 12, 2, 7, 0, tzinfo=ZoneInfo("Asia/Jakarta")
    )
    assert services.deliveries_send_due(now=NIGHT + dt.timedelta(hours=2)) == {
        "email": 0,
        "whatsapp": 0,
    }
    morning = NIGHT + dt.timedelta(hours=8)
    assert services.deliveries_send_due(now=morning)["email"] == 1
    assert len(mail.outbox) == 1
    services.deliveries_send_due(now=morning)
    assert len(mail.outbox) == 1  # nothing twice


def test_quiet_hours_are_each_users(people, settings):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    pref = Preference(quiet_start=dt.time(22, 0), quiet_end=dt.time(6, 0))
    at_2130 = NIGHT - dt.timedelta(hours=2)
    assert services.send_time(now=at_2130, preference=pref) == at_2130
    held = services.send_time(now=NIGHT, preference=pref)
    assert held == dt.datetime(2026, 12, 2, 6, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_quiet_hours_can_be_off_for_everybody(settings):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    pref = Preference(quiet_start=dt.time(21, 0), quiet_end=dt.time(7, 0))
    assert services.send_time(now=NIGHT, preference=pref) != NIGHT
    settings.NOTIFICATIONS_QUIET_HOURS = False
    assert services.send_time(now=NIGHT, preference=pref) == NIGHT
    assert services.send_time(now=NIGHT, preference=None) == NIGHT


def test_daily_digest_one_mail(people, at_noon, django_capture_on_commit_callbacks):
    alice, _bob, _carol = people
    Preference.objects.create(user=alice, digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        for product in ["Keripik", "Kemplang"]:
            services.notify(
                event="enquiry.received",
                recipients=[alice],
                context={"name": "Budi", "product": product, "message": "Ada?"},
                url="",
            )
    assert mail.outbox == []
    assert services.digests_send() == 1
    assert len(mail.outbox) == 1 and "Kemplang" in mail.outbox[0].body
    assert "Keripik" in mail.outbox[0].body
    assert services.digests_send() == 0


def test_whatsapp_only_with_consent_and_click_to_chat_in_indonesian(people, at_noon):
    alice, bob, carol = people
    _consent(alice)
    Preference.objects.create(user=bob, whatsapp=True)  # no consent
    _consent(carol, number="")
    services.notify(
        event="agreement.ready_to_sign",
        recipients=[alice, bob, carol],
        context=SIGN,
        url="/perjanjian/1/",
        phones={alice.pk: "0812-3456-7890", bob.pk: "081298765432", carol.pk: "021 555 1234"},
    )
    wa = {d.notification.recipient: d for d in Delivery.objects.filter(channel=Channel.WHATSAPP)}
    assert set(wa) == {alice, carol}
    assert wa[alice].status == DeliveryStatus.MANUAL and wa[alice].address == "6281234567890"
    assert wa[carol].status == DeliveryStatus.INVALID and "bukan nomor HP" in wa[carol].error
    text = services.whatsapp_text(wa[alice].notification, language="id")
    link = click_to_chat(wa[alice].address, text)
    assert link.startswith("https://wa.me/6281234567890?text=")
    assert "siap%20ditandatangani" in link


@pytest.mark.parametrize(
    "raw",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "+62 812 3456 7890",
        "62812-3456-7890",
        "+62 (0)812 3456 7890",
    ],
)
def test_phone_normalisation(raw):
    assert phone_international(raw) == "6281234567890"


@pytest.mark.parametrize(
    "raw", ["021 555 1234", "+1 415 555 0100", "0812", "08123456789012345", "0812-abc"]
)
def test_phone_refused(raw):
    with pytest.raises(ValueError):
        phone_international(raw)


class _Gateway(BaseHTTPRequestHandler):
    failures_left = 0
    received: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.headers["Authorization"], body))
        if type(self).failures_left != 0:
            type(self).failures_left -= 1
            self.send_response(502)
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"id": "m1"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway_server(settings):
    handler = type("Handler", (_Gateway,), {"failures_left": 0, "received": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WHATSAPP_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.WHATSAPP_GATEWAY_TOKEN = "rahasia"
    settings.WHATSAPP_GATEWAY_RETRIES = 3
    settings.WHATSAPP_GATEWAY_BACKOFF = 0
    yield handler
    server.shutdown()
    server.server_close()


def _gateway_delivery(alice):
    _consent(alice, number="0812 3456 7890")
    services.notify(event="agreement.ready_to_sign", recipients=[alice], context=SIGN, url="/p/1/")
    d = Delivery.objects.get(channel=Channel.WHATSAPP)
    assert d.status == DeliveryStatus.PENDING
    return d


def test_gateway_fails_once_then_succeeds(people, at_noon, gateway_server):
    gateway_server.failures_left = 1
    d = services.delivery_send_whatsapp(delivery=_gateway_delivery(people[0]))
    d.refresh_from_db()
    assert (d.status, d.attempts, d.error) == (DeliveryStatus.SENT, 2, "")
    auth, body = gateway_server.received[-1]
    assert auth == "Bearer rahasia" and body["to"] == "6281234567890"
    assert "PK/2026/0007" in body["text"]


def test_gateway_always_failing_shows_failed_never_lost(
    people, at_noon, gateway_server, client_of, officer
):
    gateway_server.failures_left = -1
    d = services.delivery_send_whatsapp(delivery=_gateway_delivery(people[0]))
    d.refresh_from_db()
    assert (d.status, d.attempts, d.error) == (DeliveryStatus.FAILED, 3, "HTTP 502")
    assert len(gateway_server.received) == 3
    assert Notification.objects.filter(recipient=people[0]).count() == 1
    page = client_of(officer).get("/pemberitahuan/whatsapp/")
    assert f'data-delivery="{d.pk}"' in page.content.decode()


def test_gateway_unreachable_is_a_gateway_error():
    from jalinmitra.notifications.gateway import GatewayError

    with pytest.raises(GatewayError):
        HttpGateway("http://127.0.0.1:9/none", "t", timeout=1).send(phone="62812", text="x")


def test_periodic_run_once_a_day(db):
    calls = []
    day = dt.date(2026, 12, 1)
    first = services.periodic_run_once(name="x", day=day, work=lambda: calls.append(1) or "ok")
    again = services.periodic_run_once(name="x", day=day, work=lambda: calls.append(1) or "ok")
    assert first.status == "ok" and first.finished_at and again is None and calls == [1]
    failed = services.periodic_run_once(name="y", day=day, work=lambda: 1 / 0)
    assert failed.status == "failed" and "ZeroDivisionError" in failed.output
    nextday = services.periodic_run_once(
        name="x", day=day + dt.timedelta(days=1), work=lambda: "ok"
    )
    assert nextday is not None and PeriodicRun.objects.count() == 3


def test_periodic_tick_runs_due_commands_once(db, settings, monkeypatch):
    ran = []
    monkeypatch.setattr(services, "_command", lambda name: lambda: ran.append(name) or name)
    settings.PERIODIC_TIMES = {"early": "02:00", "late": "20:00"}
    services.periodic_tick(now=NOON)
    services.periodic_tick(now=NOON + dt.timedelta(minutes=10))
    assert ran == ["early"]
    services.periodic_tick(now=NOON + dt.timedelta(hours=9))
    assert ran == ["early", "late"]


def test_periodic_task_reschedules_itself_once(db):
    from django_tasks_db.models import DBTaskResult

    from jalinmitra.notifications.tasks import TICK_PATH, periodic_task_schedule

    assert periodic_task_schedule() is True
    assert periodic_task_schedule() is False
    assert DBTaskResult.objects.filter(task_path=TICK_PATH).count() == 1


def test_preferences_need_consent_and_a_valid_number(people):
    alice = people[0]
    kwargs = dict(
        email=True, stopped=[], digest=False, quiet_start=dt.time(21), quiet_end=dt.time(7)
    )
    with pytest.raises(ValidationError) as e:
        services.preference_save(
            actor=alice, whatsapp=True, whatsapp_number="", whatsapp_consent=False, **kwargs
        )
    assert "whatsapp_consent" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.preference_save(
            actor=alice, whatsapp=True, whatsapp_number="021 555", whatsapp_consent=True, **kwargs
        )
    assert "whatsapp_number" in e.value.message_dict
    pref = services.preference_save(
        actor=alice,
        whatsapp=True,
        whatsapp_number="0812-3456-7890",
        whatsapp_consent=True,
        **kwargs,
    )
    assert pref.whatsapp_number == "6281234567890" and pref.whatsapp_consent_at is not None


def test_inbox_unread_count_and_mark_read(people, client_of, at_noon):
    alice, bob, _carol = people
    services.notify(
        event="agreement.ready_to_sign", recipients=[alice], context=SIGN, url="/perjanjian/"
    )
    n = Notification.objects.get()
    page = client_of(alice).get("/pemberitahuan/").content.decode()
    assert "data-unread>1<" in page and "PK/2026/0007" in page
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(actor=bob, notification=n)
    assert client_of(bob).post(f"/pemberitahuan/{n.pk}/buka/").status_code == 404
    response = client_of(alice).post(f"/pemberitahuan/{n.pk}/buka/")
    assert response.status_code == 302 and response["Location"] == "/perjanjian/"
    n.refresh_from_db()
    assert n.read_at is not None
    assert "data-unread" not in client_of(alice).get("/pemberitahuan/").content.decode()


def test_officer_pages_refuse_others(people, client_of, officer):
    alice = people[0]
    for url in [
        "/pemberitahuan/whatsapp/",
        "/pemberitahuan/templat/",
        "/pemberitahuan/tugas-berkala/",
    ]:
        assert client_of(alice).get(url).status_code == 403
        assert client_of(officer).get(url).status_code == 200


def test_officer_marks_a_click_to_chat_message_sent(people, client_of, officer, at_noon):
    alice = people[0]
    _consent(alice)
    services.notify(
        event="agreement.ready_to_sign",
        recipients=[alice],
        context=SIGN,
        url="",
        phones={alice.pk: "081234567890"},
    )
    d = Delivery.objects.get(channel=Channel.WHATSAPP)
    page = (
        client_of(officer)
        .get("/pemberitahuan/whatsapp/?event=agreement.ready_to_sign")
        .content.decode()
    )
    assert "https://wa.me/6281234567890?text=" in page
    with pytest.raises(PermissionDenied):
        services.whatsapp_mark_sent(actor=alice, delivery=d)
    client_of(officer).post(f"/pemberitahuan/whatsapp/{d.pk}/terkirim/")
    d.refresh_from_db()
    assert d.status == DeliveryStatus.SENT
    with pytest.raises(ValidationError) as e:
        services.whatsapp_mark_sent(actor=officer, delivery=d)
    assert e.value.code == "state"
