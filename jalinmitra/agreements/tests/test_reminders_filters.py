"""Reminders before an agreement ends; the register's sector, kecamatan and event filters."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jalinmitra.accounts.models import User
from jalinmitra.agreements import services
from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.core.models import AuditLog
from jalinmitra.events import services as event_services
from jalinmitra.events.choices import RegisteredHow
from jalinmitra.events.models import Meeting

# --- reminders --------------------------------------------------------------------------------


@pytest.fixture
def active(witnessed, officer, alice, carol):
    a = services.agreement_activate(actor=officer, agreement=witnessed)
    User.objects.filter(pk=alice[0].pk).update(email="alice@example.test")
    User.objects.filter(pk=carol[0].pk).update(email="carol@example.test")
    type(carol[1]).objects.filter(pk=carol[1].pk).update(email="kantor@carol.test")
    return a


def _ends_in(agreement, days):
    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=dt.date(2020, 1, 1), end_date=timezone.localdate() + dt.timedelta(days=days)
    )


def _reminders(agreement):
    return AuditLog.objects.filter(action="agreement.reminder", object_id=str(agreement.pk))


def test_reminds_at_60_then_30_days_once_each(active, after_commit_now):
    _ends_in(active, 90)
    assert services.agreements_remind_ending() == []
    assert mail.outbox == []

    _ends_in(active, 45)
    sent = services.agreements_remind_ending()
    assert [(a.pk, days) for a, days in sent] == [(active.pk, 60)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["alice@example.test", "carol@example.test", "kantor@carol.test"]
    assert active.number in message.subject and "60" in message.subject
    assert reverse("agreements:detail", args=[active.pk]) in message.body
    assert services.agreements_remind_ending() == []  # not twice
    assert len(mail.outbox) == 1

    _ends_in(active, 20)
    sent = services.agreements_remind_ending()
    assert [days for _, days in sent] == [30]
    assert services.agreements_remind_ending() == []
    assert len(mail.outbox) == 2 and "30" in mail.outbox[1].subject
    logs = _reminders(active).order_by("pk")
    assert [log.changes["days"][1] for log in logs] == [60, 30]
    assert logs[0].changes["recipients"] == [None, 3]
    active.refresh_from_db()
    assert active.reminded_60_at and active.reminded_30_at


def test_each_party_reads_the_reminder_in_its_own_language(active, carol, after_commit_now):
    """Carol chose English: her address and her business's (she owns it) get the English
    reminder; Alice, who kept Indonesian, the Indonesian one. Counted once per address."""
    User.objects.filter(pk=carol[0].pk).update(language="en")
    _ends_in(active, 45)
    services.agreements_remind_ending()
    by_to = {tuple(sorted(m.to)): m for m in mail.outbox}
    assert set(by_to) == {("alice@example.test",), ("carol@example.test", "kantor@carol.test")}
    assert by_to[("alice@example.test",)].subject.startswith(f"Perjanjian {active.number} ")
    english = by_to[("carol@example.test", "kantor@carol.test")]
    assert english.subject == f"Agreement {active.number} ends in 60 days"
    assert _reminders(active).get().changes["recipients"] == [None, 3]


def test_first_seen_within_30_days_gets_one_reminder(active, after_commit_now):
    _ends_in(active, 10)
    assert [days for _, days in services.agreements_remind_ending()] == [30]
    assert services.agreements_remind_ending() == []
    assert len(mail.outbox) == 1


def test_only_active_agreements_are_reminded(witnessed):
    _ends_in(witnessed, 10)
    assert services.agreements_remind_ending() == []
    assert mail.outbox == [] and not _reminders(witnessed).exists()


def test_ended_agreements_are_not_reminded(active):
    _ends_in(active, -1)
    assert services.agreements_remind_ending() == []


def test_command(active, after_commit_now):
    _ends_in(active, 50)
    out = io.StringIO()
    call_command("remind_agreements_ending", stdout=out)
    assert "1 pengingat" in out.getvalue() and active.number in out.getvalue()
    call_command("remind_agreements_ending", stdout=out)
    assert len(mail.outbox) == 1
    # A reference date in the past: the agreement ends 50 + 30 days later, nothing due.
    past = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    out = io.StringIO()
    call_command("remind_agreements_ending", "--today", past, stdout=out)
    assert "0 pengingat" in out.getvalue()


# --- register filters -------------------------------------------------------------------------


@pytest.fixture
def from_event(officer, agreement, verified):
    (_, small), (_, large) = verified
    event = event_services.event_create(
        actor=officer,
        data={
            "name": "Temu Usaha Saring",
            "date": timezone.localdate(),
            "venue": "Aula",
            "sessions": [{"start": "09:00", "end": "10:00"}],
        },
    )
    seller, buyer = (
        event_services.participant_add(
            actor=officer, event=event, business=b, how=RegisteredHow.INVITED
        )
        for b in (small, large)
    )
    meeting = Meeting.objects.create(
        event=event, seller=seller, buyer=buyer, slot="09:00", table=1, published=True
    )
    Agreement.objects.filter(pk=agreement.pk).update(origin_meeting=meeting)
    return event


def _codes(client, **params):
    body = client.get(reverse("agreements:list"), params).content.decode()
    return {a.code for a in Agreement.objects.all() if a.code in body}


def test_filters_sector_kecamatan_event(client, officer, agreement, from_event):
    client.force_login(officer)
    small = agreement.small_party
    category = small.primary_kbli.category
    kecamatan = small.region.parent_id
    other_category = "A" if category != "A" else "B"
    assert _codes(client, sector=category) == {agreement.code}
    assert _codes(client, sector=other_category) == set()
    assert _codes(client, kecamatan=kecamatan) == {agreement.code}
    assert _codes(client, event=from_event.pk) == {agreement.code}
    Agreement.objects.filter(pk=agreement.pk).update(origin_meeting=None)
    assert _codes(client, event=from_event.pk) == set()


def test_filter_unknown_values_are_ignored_not_errors(client, officer, agreement):
    client.force_login(officer)
    r = client.get(reverse("agreements:list"), {"sector": "ZZ", "event": "abc"})
    assert r.status_code == 200


def test_new_filters_keep_queries_bounded(
    client, officer, agreement, from_event, django_assert_max_num_queries
):
    client.force_login(officer)
    small = agreement.small_party
    params = {
        "sector": small.primary_kbli.category,
        "kecamatan": small.region.parent_id,
        "event": from_event.pk,
    }
    with django_assert_max_num_queries(12):
        r = client.get(reverse("agreements:list"), params)
    assert agreement.code in r.content.decode()


def test_xlsx_has_sector_kecamatan_event_in_bounded_queries(
    client, officer, agreement, from_event, verified, django_assert_max_num_queries
):
    from jalinmitra.businesses.services import business_verify
    from jalinmitra.testing import make_business

    (alice_user, _), (_, carol_biz) = verified
    for n in range(3):  # more rows must not mean more queries
        small = make_business(officer=officer, name=f"UMKM Ekspor {n}", nib=f"99999999990{n}0")
        business_verify(actor=officer, business=small)
        services.agreement_create(
            actor=officer,
            small_party=small,
            large_party=carol_biz,
            data={"pattern": "subkontrak"}
            | {"start_date": dt.date(2026, 1, 1), "end_date": dt.date(2027, 1, 1)},
        )
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        r = client.get(reverse("agreements:list"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    header = rows[0]
    assert header[-3:] == ("Sektor (KBLI)", "Kecamatan", "Temu usaha")
    row = next(row for row in rows[1:] if row[1] == agreement.code)
    small = agreement.small_party
    assert row[-3:] == (
        small.primary_kbli.category,
        small.region.parent.name,
        from_event.name,
    )
    assert len(rows) == 5
    r = client.get(reverse("agreements:list"), {"format": "xlsx", "event": from_event.pk})
    assert len(list(load_workbook(io.BytesIO(r.content)).active.values)) == 2
    assert Status.DRAFT  # the filter keeps every status
