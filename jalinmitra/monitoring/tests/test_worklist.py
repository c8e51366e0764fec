"""The officer's worklist: everything needing a person, oldest first, with filters, each row
linking to where it is resolved; bounded queries; the KPPU signal with its history."""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse

from jalinmitra.monitoring import health as rules
from jalinmitra.monitoring import selectors, services
from jalinmitra.monitoring.choices import EntryKind
from jalinmitra.monitoring.models import Entry
from jalinmitra.testing import make_owner

from .conftest import make_active, today


def ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def deliver(actor, agreement, date, value=1_000_000):
    return services.entry_record(
        actor=actor,
        agreement=agreement,
        kind=EntryKind.DELIVERY,
        data={"date": date, "quantity": "10", "unit": "kg", "value": value},
    )


def pay(actor, agreement, date, value=1_000_000):
    return services.entry_record(
        actor=actor,
        agreement=agreement,
        kind=EntryKind.PAYMENT,
        data={"date": date, "value": value, "method": "transfer"},
    )


@pytest.fixture
def second(verified, officer, bob, carol):
    from jalinmitra.businesses.services import business_verify

    business_verify(actor=officer, business=bob[1])
    return make_active(
        officer=officer, small=bob, large=carol, start=ago(300), end=today() + dt.timedelta(days=40)
    )


@pytest.fixture
def late_payer(active, alice, carol):
    """Carol paid three deliveries late (35 days after each, term 30) and owes a fourth."""
    for days in (150, 120, 90):
        d = deliver(alice[0], active, ago(days))
        services.entry_confirm(actor=carol[0], entry=d)
        p = pay(carol[0], active, ago(days - 35))
        services.entry_confirm(actor=alice[0], entry=p)
    d = deliver(alice[0], active, ago(45))
    services.entry_confirm(actor=carol[0], entry=d)
    return active


def test_repeated_late_payments_show_with_the_history(late_payer, officer):
    items = selectors.worklist(params={})
    kppu = [i for i in items if i.flag == rules.FLAG_REPEATED_LATE]
    assert len(kppu) == 1
    assert len(kppu[0].history) == kppu[0].history_total == 4 and kppu[0].interventions == []
    assert kppu[0].url.endswith("#pembinaan")
    late = [i for i in items if i.flag == rules.FLAG_LATE]
    assert "terlambat 15 hari" in late[0].text and "Rp1.000.000" in late[0].text
    services.intervention_record(
        actor=officer, agreement=late_payer, kind="visit", date=today(), notes="Kunjungan."
    )
    kppu = [i for i in selectors.worklist(params={}) if i.flag == rules.FLAG_REPEATED_LATE]
    assert [i.get_kind_display() for i in kppu[0].interventions] == ["Kunjungan pembinaan"]


def test_a_disputed_entry_links_to_its_resolution(active, alice, carol):
    entry = deliver(alice[0], active, ago(5))
    services.entry_dispute(actor=carol[0], entry=entry, reason="Tidak sesuai pesanan.")
    rows = selectors.worklist(params={"flag": "entry_disputed"})
    assert [r.url for r in rows] == [reverse("monitoring:entry_resolve", args=[entry.pk])]
    assert "Tidak sesuai pesanan." in rows[0].text


def test_an_entry_left_unconfirmed_for_14_days_needs_a_person(active, alice):
    deliver(alice[0], active, ago(20))
    assert not selectors.worklist(params={"flag": "entry_pending"})
    days = selectors.PENDING_STALE_DAYS
    later = today() + dt.timedelta(days=days - 1)  # left 13 days: not yet
    assert not selectors.worklist(params={"flag": "entry_pending"}, today=later)
    later = today() + dt.timedelta(days=days)
    rows = selectors.worklist(params={"flag": "entry_pending"}, today=later)
    assert len(rows) == 1 and rows[0].url == reverse("monitoring:agreement", args=[active.pk])


def test_oldest_first_and_the_filters(active, second, alice, carol, bob, officer2):
    items = selectors.worklist(params={})
    assert items == sorted(items, key=lambda i: i.since)
    # second: nothing for 300 days (dormant since day 60) and ending in 40 days
    flags = {(i.agreement.pk, i.flag) for i in items}
    assert (second.pk, rules.FLAG_DORMANT) in flags and (second.pk, rules.FLAG_ENDING) in flags
    assert (active.pk, rules.FLAG_DORMANT) in flags

    only_ending = selectors.worklist(params={"flag": rules.FLAG_ENDING})
    assert {i.agreement.pk for i in only_ending} == {second.pk}

    kecamatan = alice[1].region.parent_id
    assert len(selectors.worklist(params={"kecamatan": kecamatan})) == len(items)
    assert selectors.worklist(params={"kecamatan": "18.72.99"}) == []
    assert len(selectors.worklist(params={"sector": "C"})) == len(items)  # KBLI 10794: industri
    assert selectors.worklist(params={"sector": "A"}) == []
    assert len(selectors.worklist(params={"officer": str(active.approved_by_id)})) == len(items)
    assert selectors.worklist(params={"officer": str(officer2.pk)}) == []


def test_the_worklist_page_is_for_officers(active, alice, officer, client_of):
    assert client_of(alice[0]).get(reverse("monitoring:worklist")).status_code == 403
    page = client_of(officer).get(reverse("monitoring:worklist"), {"flag": rules.FLAG_DORMANT})
    assert page.status_code == 200
    html = page.content.decode()
    assert active.number in html and reverse("monitoring:agreement", args=[active.pk]) in html


def _more_agreements(officer, carol, n):
    out = []
    for i in range(n):
        user, business = make_owner(
            officer=officer,
            username=f"mitra{i}",
            name=f"Usaha Mikro {i}",
            nik=f"187201150890{i + 11:04d}",
            nib=f"98765432101{i:02d}",
            verified=True,
        )
        agreement = make_active(
            officer=officer,
            small=(user, business),
            large=carol,
            start=ago(200),
            end=today() + dt.timedelta(days=100),
        )
        d = deliver(user, agreement, ago(100))
        services.entry_confirm(actor=carol[0], entry=d)
        e = deliver(user, agreement, ago(10))
        services.entry_dispute(actor=carol[0], entry=e, reason="Kurang.")
        out.append(agreement)
    return out


def test_health_and_worklist_queries_do_not_grow_with_the_agreements(
    late_payer, officer, carol, django_assert_num_queries, monkeypatch
):
    """The same number of queries for 1 running agreement as for 4, for the health of many
    (computed directly and through the cache) and for the worklist, computed afresh (as after
    a write) and from the cache."""
    from django.core.cache import cache

    from jalinmitra.agreements.models import Agreement

    def count(fn) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    def worklist_counts() -> tuple[int, int]:
        cache.set(selectors.CACHE_TOKEN_KEY, f"t{Agreement.objects.count()}")  # as a write
        cold = count(lambda: selectors.worklist(params={}))
        return cold, count(lambda: selectors.worklist(params={}))

    monkeypatch.setattr(selectors, "CACHED_FROM", 100)  # the direct path
    one_health = count(lambda: selectors.health_for_agreements(Agreement.objects.all()))
    selectors.worklist(params={})  # the first of all sets the cache's token
    one_cold, one_warm = worklist_counts()
    _more_agreements(officer, carol, 3)
    assert Agreement.objects.count() == 4
    with django_assert_num_queries(one_health):
        results = selectors.health_for_agreements(Agreement.objects.all())
    assert len(results) == 4
    assert worklist_counts() == (one_cold, one_warm)
    items = selectors.worklist(params={})
    assert len({i.agreement.pk for i in items}) == 4
    assert one_health <= 5 and one_cold <= 25 and one_warm <= 10
    monkeypatch.setattr(selectors, "CACHED_FROM", 1)  # through the cache
    cached = count(lambda: selectors.health_for_agreements(Agreement.objects.all()))
    assert cached <= 5  # the agreements, the token, the newest audit row and entry, the cache


def test_the_cached_health_is_the_computed_one_and_a_write_renews_it(
    late_payer, second, officer, carol, alice, monkeypatch, django_capture_on_commit_callbacks
):
    from jalinmitra.agreements.models import Agreement

    monkeypatch.setattr(selectors, "CACHED_FROM", 1)
    direct = selectors.health_for_agreements(Agreement.objects.all(), late_rows=True)
    cached = selectors.health_for_agreements(Agreement.objects.all())
    assert set(cached) == set(direct) == {late_payer.pk, second.pk}
    for pk, result in direct.items():
        assert cached[pk] == dataclasses.replace(result, late=[])
        assert cached[pk].late_count == len(result.late) > 0 or pk == second.pk
    before = selectors.health_stamp(today=today())
    # A write through a service: the signal renews the token once it is committed.
    with django_capture_on_commit_callbacks(execute=True):
        d = deliver(alice[0], late_payer, ago(1))
    after = selectors.health_stamp(today=today())
    assert after != before
    assert selectors.running_health()[late_payer.pk].last_entry == d.date
    # A confirmation (a save of some fields) too.
    services.entry_confirm(actor=carol[0], entry=d)
    assert selectors.health_stamp(today=today()) != after
    assert (
        selectors.running_health()[late_payer.pk].realised
        == direct[late_payer.pk].realised + d.value
    )
    # Entries made past the signals (bulk_create) are seen through the newest entry.
    after = selectors.health_stamp(today=today())
    Entry.objects.bulk_create(
        [
            Entry(
                agreement=late_payer,
                kind="payment",
                date=ago(1),
                value=5,
                party="large",
                recorded_by=carol[0],
                status="confirmed",
            )
        ]
    )
    assert selectors.health_stamp(today=today()) != after
    assert selectors.running_health()[late_payer.pk].paid == direct[late_payer.pk].paid + 5


def test_after_a_write_only_the_agreements_written_are_computed_again(
    late_payer, second, officer, alice, bob, carol, monkeypatch
):
    """The cached health after an entry's or an agreement's write equals the health computed
    from the database, and only the agreement written (with the others of the same two
    parties, for an agreement) is computed again; one no longer running leaves it."""
    from jalinmitra.agreements import services as agreements
    from jalinmitra.agreements.choices import Status
    from jalinmitra.agreements.models import Agreement

    real = selectors._health_of

    def computed() -> dict:
        running = list(Agreement.objects.filter(status__in=selectors.MONITORED))
        return real(running, today=today(), late_rows=False)

    seen: list[set[int]] = []

    def spy(agreements, **kwargs):
        seen.append({a.pk for a in agreements})
        return real(agreements, **kwargs)

    assert selectors.running_health() == computed()  # cached from here on
    monkeypatch.setattr(selectors, "_health_of", spy)
    assert selectors.running_health() == computed()
    assert seen == []  # warm: nothing computed

    d = deliver(alice[0], late_payer, ago(1))
    services.entry_confirm(actor=carol[0], entry=d)
    cached = selectors.running_health()
    assert seen.pop(0) == {late_payer.pk}
    assert cached == computed() and cached[late_payer.pk].last_entry == d.date
    seen.clear()

    # A new agreement of the same two parties running past the end of `second` follows it up:
    # `second` is computed again and no longer "ending".
    assert rules.FLAG_ENDING in {f.code for f in cached[second.pk].flags}
    agreements.agreement_create(
        actor=bob[0],
        small_party=bob[1],
        large_party=carol[1],
        data={
            "pattern": second.pattern,
            "subject": second.subject,
            "rights_obligations": second.rights_obligations,
            "development_support": second.development_support,
            "start_date": second.end_date,
            "end_date": second.end_date + dt.timedelta(days=365),
            "payment_term_days": 30,
            "estimated_value": 1_000_000,
            "no_control_declared_small": True,
            "no_control_declared_large": False,
        },
    )
    cached = selectors.running_health()
    assert seen.pop(0) == {second.pk}
    assert cached == computed()
    assert rules.FLAG_ENDING not in {f.code for f in cached[second.pk].flags}
    seen.clear()

    # One that stops running leaves it.
    late_payer.status = Status.TERMINATED
    late_payer.save(update_fields=["status"])
    cached = selectors.running_health()
    assert late_payer.pk not in cached and cached == computed()


def test_the_dormant_days_are_a_setting(active, settings):
    settings.MONITORING_DORMANT_DAYS = 250  # the fixture started 200 days ago, nothing recorded
    assert rules.FLAG_DORMANT not in selectors.agreement_health(active).flag_codes
    settings.MONITORING_DORMANT_DAYS = 200
    assert rules.FLAG_DORMANT in selectors.agreement_health(active).flag_codes


def test_the_worklist_page_queries_are_bounded(late_payer, officer, carol, client_of):
    """The page's queries are the same for 1 running agreement as for 3, with the health
    computed afresh (as after a write) and from the cache."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(officer)
    client.get(reverse("monitoring:worklist"))  # warm the session, the city, the cache token

    def counts(label: str) -> tuple[int, int]:
        out = []
        cache.set(selectors.CACHE_TOKEN_KEY, label)  # as after a write
        for _round in range(2):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("monitoring:worklist")).status_code == 200
            out.append(len(ctx.captured_queries))
        return out[0], out[1]

    cold, warm = counts("one")
    _more_agreements(officer, carol, 2)
    assert counts("three") == (cold, warm)
    assert cold <= 35 and warm <= 20


def test_the_worklist_page_comes_in_pages(active, second, officer, client_of, monkeypatch):
    from jalinmitra.monitoring import views

    monkeypatch.setattr(views, "WORKLIST_PAGE_SIZE", 2)
    client = client_of(officer)
    total = len(selectors.worklist(params={}))
    assert total > 2
    first = client.get(reverse("monitoring:worklist")).content.decode()
    assert first.count('class="work-') == 2 and f"{total} hal perlu ditangani" in first
    assert "Halaman 1 dari" in first
    last = client.get(reverse("monitoring:worklist"), {"page": 99}).content.decode()
    assert 0 < last.count('class="work-') <= 2


def test_the_worklist_shows_the_latest_late_payments_only(
    late_payer, officer, client_of, monkeypatch
):
    monkeypatch.setattr(selectors, "HISTORY_SHOWN", 2)
    kppu = [i for i in selectors.worklist(params={}) if i.flag == rules.FLAG_REPEATED_LATE][0]
    assert kppu.history == kppu_latest(late_payer)[-2:] and kppu.history_total == 4
    page = client_of(officer).get(reverse("monitoring:worklist")).content.decode()
    assert "2 terakhir dari 4 keterlambatan" in page


def kppu_latest(agreement):
    return selectors.agreement_health(agreement).late


def test_the_filter_choices_follow_what_they_name(active, officer, client_of):
    """The kecamatan and KBLI categories are cached: a renamed kecamatan shows on the next
    request; the officers are read, so a renamed officer shows at once too."""
    from jalinmitra.core.choices import RegionLevel
    from jalinmitra.core.models import Region
    from jalinmitra.core.selectors import city_current

    client = client_of(officer)
    url = reverse("monitoring:worklist")
    kecamatan = Region.objects.filter(
        level=RegionLevel.KECAMATAN, code__startswith=city_current().region_id
    ).first()
    assert kecamatan is not None
    html = client.get(url).content.decode()
    assert kecamatan.name in html and "Kecamatan Baru Sekali" not in html
    client.get(url)  # from the cache
    kecamatan.name = "Kecamatan Baru Sekali"
    kecamatan.save(update_fields=["name"])
    html = client.get(url).content.decode()
    assert "Kecamatan Baru Sekali" in html
    officer.full_name = "Petugas Berganti Nama"
    officer.save(update_fields=["full_name"])
    assert "Petugas Berganti Nama" in client.get(url).content.decode()


def test_a_cold_compute_counts_only_the_entries_after_the_cached_health(
    late_payer, carol, django_capture_on_commit_callbacks
):
    """Computed again in full (a renewed token, as the day's first request), the health counts
    the entries made past the signals since the cached health (bulk_create: new ids), not all
    the entries; and what it finds is the recomputed state."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jalinmitra.monitoring import state
    from jalinmitra.monitoring.models import AgreementState

    before = selectors.running_health()[late_payer.pk]
    Entry.objects.bulk_create(
        [
            Entry(
                agreement=late_payer,
                kind="payment",
                date=ago(1),
                value=7,
                party="large",
                recorded_by=carol[0],
                status="confirmed",
            )
        ]
    )
    cache.set(selectors.CACHE_TOKEN_KEY, "renewed")
    with CaptureQueriesContext(connection) as ctx:
        after = selectors.running_health()[late_payer.pk]
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert after.paid == before.paid + 7
    assert "SELECT (SELECT COUNT(*) FROM monitoring_entry)" not in sql
    kept = AgreementState.objects.get(agreement_id=late_payer.pk)
    assert kept.entries == Entry.objects.filter(agreement=late_payer).count()
    # Nothing new since: one query by the primary key, nothing computed again.
    cache.set(selectors.CACHE_TOKEN_KEY, "renewed again")
    with CaptureQueriesContext(connection) as ctx:
        assert selectors.running_health()[late_payer.pk] == after
    assert "agreementstate" not in " ".join(
        q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("INSERT", "DELETE"))
    )
    state.sync()  # the full count agrees
    assert AgreementState.objects.get(agreement_id=late_payer.pk).entries == kept.entries
