"""The retention rule for catalogue enquirers (UU PDP 27/2022: kept no longer than the purpose
needs): PRIVACY_RETENTION_ENQUIRY_DAYS after an enquiry was last active (sent, answered,
closed, or its latest message) the enquirer's name, contact and the keyed hashes of their
address are erased in place; the enquiry stays as a lead. Run by `privacy_retention`, which
`manage.py periodic` runs daily."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jalinmitra.businesses.services import business_verify, offer_save
from jalinmitra.catalogue import services as catalogue
from jalinmitra.catalogue.models import Enquiry
from jalinmitra.core.models import AuditLog
from jalinmitra.notifications.models import Message
from jalinmitra.notifications.selectors import guest_messages
from jalinmitra.privacy import services

pytestmark = pytest.mark.django_db

NAME = "Sulistyowati Handayani"
PHONE_DIGITS = "81355556666"
EMAIL = "sulis.handayani@contoh.example"
DATA = {
    "name": NAME,
    "phone": "0813 5555 6666",
    "email": EMAIL,
    "quantity": "20 kg",
    "message": "Bisa kirim ke Pringsewu? WA saya 0813-5555-6666 ya.",
}
T0 = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def offer(officer, alice):
    user, business = alice
    business = business_verify(actor=officer, business=business)
    return offer_save(
        actor=user,
        business=business,
        offer=None,
        data={
            "title": "Kopi Robusta Bubuk",
            "description": "Kopi robusta giling",
            "unit": "kg",
            "price_min": 80_000,
            "price_max": 90_000,
            "capacity_per_month": 100,
        },
        certifications=None,
        photo=None,
    )


def _enquiry(offer, *, at=T0, address="10.5.0.1", **data) -> Enquiry:
    enquiry = catalogue.enquiry_create(offer=offer, data=DATA | data, client_address=address)
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=at)
    enquiry.refresh_from_db()
    return enquiry


def test_kept_one_day_before_the_period_ends_erased_on_the_day(offer):
    enquiry = _enquiry(offer)
    catalogue.enquiry_buyer_reply(enquiry=enquiry, body="Ditunggu kabarnya.", client_address="x")
    guest_messages(target=enquiry).update(created_at=T0 + datetime.timedelta(hours=2))
    last = T0 + datetime.timedelta(hours=2)

    assert services.enquiry_retention_apply(now=last + datetime.timedelta(days=364), days=365) == 0
    enquiry.refresh_from_db()
    assert (enquiry.name, enquiry.erased_at) == (NAME, None)

    assert services.enquiry_retention_apply(now=last + datetime.timedelta(days=365), days=365) == 1
    enquiry.refresh_from_db()
    assert (enquiry.name, enquiry.phone, enquiry.email, enquiry.client_key) == (
        catalogue.ERASED_NAME,
        "",
        "",
        "",
    )
    assert enquiry.erased_at is not None
    # The lead stays: product, date, status; her message without her number.
    assert enquiry.offer_id == offer.pk and enquiry.created_at == T0
    assert enquiry.message == "Bisa kirim ke Pringsewu? WA saya Dihapus ya."
    reply = guest_messages(target=enquiry).get()
    assert (reply.guest_name, reply.guest_key, reply.body) == (
        catalogue.ERASED_NAME,
        "",
        "Ditunggu kabarnya.",
    )
    row = AuditLog.objects.get(action="catalogue.enquiry_erase")
    assert row.changes["reason"] == [None, catalogue.ERASE_RETENTION]
    assert NAME not in row.object_repr


def test_running_again_erases_nothing_more(offer):
    _enquiry(offer)
    later = T0 + datetime.timedelta(days=400)
    assert services.enquiry_retention_apply(now=later, days=365) == 1
    assert services.enquiry_retention_apply(now=later, days=365) == 0
    assert AuditLog.objects.filter(action="catalogue.enquiry_erase").count() == 1


def test_the_latest_activity_counts_answer_close_and_messages(offer, alice):
    user, _business = alice
    answered = _enquiry(offer, address="10.5.0.2")
    catalogue.enquiry_answer(actor=user, enquiry=answered, answer="Bisa, Bu.")
    Enquiry.objects.filter(pk=answered.pk).update(answered_at=T0 + datetime.timedelta(days=100))
    Message.objects.filter(thread__object_id=answered.pk).update(
        created_at=T0 + datetime.timedelta(days=100)
    )
    closed = _enquiry(offer, address="10.5.0.3")
    catalogue.enquiry_close(actor=user, enquiry=closed)
    Enquiry.objects.filter(pk=closed.pk).update(closed_at=T0 + datetime.timedelta(days=200))
    quiet = _enquiry(offer, address="10.5.0.4")

    now = T0 + datetime.timedelta(days=365 + 150)
    assert services.enquiry_retention_apply(now=now, days=365) == 2
    erased = set(Enquiry.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {answered.pk, quiet.pk}
    assert Enquiry.objects.get(pk=closed.pk).name == NAME


def test_the_days_come_from_the_setting(offer, settings):
    _enquiry(offer, at=timezone.now() - datetime.timedelta(days=100))
    settings.PRIVACY_RETENTION_ENQUIRY_DAYS = 365
    assert services.enquiry_retention_apply() == 0
    settings.PRIVACY_RETENTION_ENQUIRY_DAYS = 90
    assert services.enquiry_retention_apply() == 1


def test_the_periodic_retention_command_runs_it(offer):
    old = _enquiry(offer, at=timezone.now() - datetime.timedelta(days=500))
    fresh = _enquiry(offer, at=timezone.now() - datetime.timedelta(days=10), address="10.5.0.9")
    out = io.StringIO()
    call_command("privacy_retention", "--dry-run", stdout=out)
    assert "1 pesan katalog" in out.getvalue()
    assert Enquiry.objects.get(pk=old.pk).erased_at is None

    call_command("privacy_retention", stdout=out)
    assert "data 1 pengirim dihapus" in out.getvalue()
    assert Enquiry.objects.get(pk=old.pk).name == catalogue.ERASED_NAME
    assert Enquiry.objects.get(pk=fresh.pk).name == NAME
    assert PHONE_DIGITS not in str(list(Enquiry.objects.filter(pk=old.pk).values()))
