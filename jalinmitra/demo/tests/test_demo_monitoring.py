"""`python manage.py demo` brings realisation records with every health flag to look at."""

from io import StringIO

import pytest
from django.core.management import call_command

from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.monitoring import health as rules
from jalinmitra.monitoring import selectors
from jalinmitra.monitoring.choices import EntryStatus
from jalinmitra.monitoring.models import Entry, GrowthReport, Intervention


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path


def _demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_shows_every_flag_and_a_second_run_records_nothing():
    text = _demo()
    assert "Realisasi kemitraan: 4 perjanjian dibuat untuk pemantauan" in text
    running = list(Agreement.objects.filter(status=Status.ACTIVE))
    results = selectors.health_for_agreements(running)
    statuses = {r.status for r in results.values()}
    assert {rules.GOOD, rules.TROUBLE, rules.INACTIVE} <= statuses, statuses
    flags = set().union(*(r.flag_codes for r in results.values()))
    assert {
        rules.FLAG_LATE,
        rules.FLAG_REPEATED_LATE,
        rules.FLAG_DISPUTED,
        rules.FLAG_DORMANT,
        rules.FLAG_ENDING,
    } <= flags, flags
    # at least eleven months of confirmed deliveries on the made agreements
    months = {
        (d.year, d.month)
        for d in Entry.objects.filter(status=EntryStatus.CONFIRMED).values_list("date", flat=True)
    }
    assert len(months) >= 11
    assert Entry.objects.filter(by_officer=True).exists()
    # the two demo logins each have an entry waiting for the other
    waiting = Entry.objects.filter(status=EntryStatus.PENDING, by_officer=False)
    assert {e.recorded_by.username for e in waiting} == {"umkm", "mitra"}
    assert Intervention.objects.count() == 1 and GrowthReport.objects.count() == 4
    work = {i.flag for i in selectors.worklist(params={})}
    assert {"entry_disputed", rules.FLAG_REPEATED_LATE, rules.FLAG_DORMANT} <= work

    before = (Entry.objects.count(), Agreement.objects.count(), GrowthReport.objects.count())
    text = _demo()
    assert "Realisasi kemitraan: 0 perjanjian dibuat untuk pemantauan, 0 catatan" in text
    assert (
        Entry.objects.count(),
        Agreement.objects.count(),
        GrowthReport.objects.count(),
    ) == before
