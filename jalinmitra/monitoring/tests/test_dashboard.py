"""The programme dashboard's figures on small hand-made data: every expected figure is computed
from the rows the test created, not written out; the period's first and last days count and the
days around them do not; only confirmed entries count; who may open the page."""

import datetime as dt

import pytest
from django.urls import reverse

from jalinmitra.monitoring.choices import EntryKind, EntryStatus
from jalinmitra.monitoring.dashboard import Period, dashboard_figures, funnel
from jalinmitra.monitoring.models import Entry
from jalinmitra.testing import make_owner

Q3 = Period.quarter(2026, 3)


def make_partnership(
    *, officer, small, large, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
):
    """An active agreement between two (owner, business) pairs, made through the services."""
    from jalinmitra.agreements import services
    from jalinmitra.core.models import City, Official

    (small_user, small_biz), (large_user, large_biz) = small, large
    official = Official.objects.get_or_create(
        city=City.objects.get(), name="H. Bambang Suryadi, S.E.", title="Wakil Wali Kota"
    )[0]
    a = services.agreement_create(
        actor=small_user,
        small_party=small_biz,
        large_party=large_biz,
        data={
            "pattern": "perdagangan_umum",
            "subject": "Keripik pisang 200 kg per bulan.",
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "development_support": ["kemasan"],
            "start_date": start,
            "end_date": end,
            "payment_term_days": 30,
            "estimated_value": 60_000_000,
            "no_control_declared_small": True,
        },
    )
    services.agreement_update(
        actor=large_user, agreement=a, data={"no_control_declared_large": True}
    )
    services.agreement_submit(actor=small_user, agreement=a)
    services.agreement_approve(actor=officer, agreement=a)
    services.agreement_sign(actor=small_user, agreement=a, party="small")
    services.agreement_sign(actor=large_user, agreement=a, party="large")
    services.agreement_witness(actor=officer, agreement=a, witnesses=[official], render=False)
    return services.agreement_activate(actor=officer, agreement=a)


def entry(agreement, day, value, *, kind=EntryKind.DELIVERY, status=EntryStatus.CONFIRMED):
    """A realisation entry as it stands after the parties acted on it."""
    return Entry.objects.create(
        agreement=agreement,
        kind=kind,
        date=day,
        value=value,
        party="small",
        recorded_by=agreement.created_by,
        status=status,
        method="transfer" if kind == EntryKind.PAYMENT else "",
    )


@pytest.fixture
def programme(officer, alice, bob, carol):
    """Alice (Metro Pusat, KBLI C) and Bob (Metro Utara) each in a partnership with Carol's
    medium business; entries inside, on the edges of and outside the third quarter of 2026, in
    every status."""
    from jalinmitra.businesses.services import business_verify

    for pair in (alice, bob, carol):
        business_verify(actor=officer, business=pair[1])
    bob[1].region_id = "18.72.02.1001"
    bob[1].save(update_fields=["region"])
    first = make_partnership(officer=officer, small=alice, large=carol)
    second = make_partnership(officer=officer, small=bob, large=carol)
    rows = [
        entry(first, dt.date(2026, 6, 30), 8_000_000),  # the day before Q3
        entry(first, dt.date(2026, 7, 1), 1_000_000),  # Q3's first day
        entry(first, dt.date(2026, 9, 30), 2_000_000),  # Q3's last day
        entry(first, dt.date(2026, 10, 1), 4_000_000),  # the day after
        entry(first, dt.date(2026, 8, 1), 16_000_000, status=EntryStatus.PENDING),
        entry(first, dt.date(2026, 8, 2), 32_000_000, status=EntryStatus.DISPUTED),
        entry(first, dt.date(2026, 8, 3), 64_000_000, status=EntryStatus.SUPERSEDED),
        entry(first, dt.date(2026, 8, 15), 500_000, kind=EntryKind.PAYMENT),
        entry(second, dt.date(2026, 8, 10), 300_000),
    ]
    return {"agreements": [first, second], "entries": rows}


def expected(rows, period, kind=EntryKind.DELIVERY, where=lambda e: True):
    return sum(
        e.value
        for e in rows
        if e.status == EntryStatus.CONFIRMED
        and e.kind == kind
        and period.start <= e.date <= period.end
        and where(e)
    )


def test_totals_count_only_confirmed_entries_inside_the_period(programme):
    rows = programme["entries"]
    f = dashboard_figures(Q3, health=False)
    assert f.delivered == expected(rows, Q3)
    assert f.paid == expected(rows, Q3, EntryKind.PAYMENT)
    assert f.delivered == 1_000_000 + 2_000_000 + 300_000  # the hand check of the rule above
    assert f.transacting == 2


@pytest.mark.parametrize(
    "period",
    [
        Period(dt.date(2026, 7, 1), dt.date(2026, 7, 1)),  # only the first day
        Period(dt.date(2026, 9, 30), dt.date(2026, 10, 1)),  # the last day and the day after
        Period(dt.date(2026, 7, 2), dt.date(2026, 9, 29)),  # between the edges
        Period(dt.date(2026, 6, 30), dt.date(2026, 6, 30)),  # only the day before
        Period.year(2026),
    ],
)
def test_period_edges(programme, period):
    rows = programme["entries"]
    f = dashboard_figures(period, health=False)
    assert f.delivered == expected(rows, period)
    assert sum(m.delivered for m in f.months) == f.delivered


def test_by_month_sector_and_kecamatan_add_up(programme):
    rows = programme["entries"]
    first, second = programme["agreements"]
    f = dashboard_figures(Q3, health=False)
    months = {m.key: m.delivered for m in f.months}
    assert list(months) == ["2026-07", "2026-08", "2026-09"]
    for key, value in months.items():
        assert value == expected(rows, Q3, where=lambda e, k=key: e.date.isoformat()[:7] == k)
    kecamatan = {g.key: g for g in f.kecamatan}
    assert kecamatan["18.72.01"].delivered == expected(
        rows, Q3, where=lambda e: e.agreement_id == first.pk
    )
    assert kecamatan["18.72.02"].delivered == expected(
        rows, Q3, where=lambda e: e.agreement_id == second.pk
    )
    assert kecamatan["18.72.01"].label == "Kec. Metro Pusat"
    assert kecamatan["18.72.01"].businesses == 1
    # Both micro partners code KBLI 10794, in category C (Industri Pengolahan).
    assert [(g.key, g.delivered, g.businesses) for g in f.sectors] == [("C", f.delivered, 2)]
    assert f.sectors[0].label.startswith("C Industri Pengolahan")


def test_top_partnerships_ordered_by_delivered_value(programme):
    rows = programme["entries"]
    f = dashboard_figures(Q3, health=False)
    values = [
        expected(rows, Q3, where=lambda e, a=a: e.agreement_id == a.pk)
        for a in programme["agreements"]
    ]
    assert [t.delivered for t in f.top] == sorted(values, reverse=True)
    assert f.top[0].agreement.small_party.name == "Keripik Pisang Bu Alice"
    assert f.top[0].paid == expected(rows, Q3, EntryKind.PAYMENT)


def test_funnel_narrows_and_counts_the_furthest_stage(programme, officer):
    """Alice and Bob went all the way; Dewi only registered; Eko was verified too."""
    from jalinmitra.testing import make_business

    make_business(officer=officer, name="Sambal Dewi", nib="1234567890126")
    make_business(officer=officer, name="Tempe Eko", nib="1234567890127", verified=True)
    stages = {s.key: s for s in funnel(Period.year(2026))}
    assert stages["registered"].count == 4  # Alice, Bob, Dewi, Eko (Carol is medium)
    assert stages["verified"].count == 3
    # Alice and Bob never used the matching pages, but signed: they count as matched and met.
    for key in ("matched", "met", "agreed", "active", "transacting"):
        assert stages[key].count == 2, key
    assert stages["verified"].rate == pytest.approx(3 / 4)
    assert stages["registered"].rate is None
    # The dashboard computes the same funnel inside its one statement for the sales.
    for period in (Period.year(2026), Q3, Period.quarter(2026, 2)):
        together = dashboard_figures(period, health=False).funnel
        assert [(s.key, s.count) for s in together] == [(s.key, s.count) for s in funnel(period)]
    # The third quarter, over before anyone registered here (today): Alice and Bob count at
    # every stage all the same, because they sold in it.
    assert [s.count for s in funnel(Q3)] == [2] * 7
    # The second quarter: both agreements ran, only Alice had a confirmed entry (30 June).
    q2 = Period.quarter(2026, 2)
    counts = {s.key: s.count for s in funnel(q2)}
    assert counts["active"] == 2
    assert counts["transacting"] == len(
        {
            e.agreement.small_party_id
            for e in programme["entries"]
            if e.status == EntryStatus.CONFIRMED and q2.start <= e.date <= q2.end
        }
    )
    assert counts["transacting"] == 1


def test_micro_share(programme, officer):
    from jalinmitra.testing import make_business

    make_business(officer=officer, name="Tempe Eko", nib="1234567890127", verified=True)
    f = dashboard_figures(Period.quarter(2026, 4), health=False)
    assert (f.micro_active, f.micro_total) == (2, 3)
    assert f.micro_share == pytest.approx(2 / 3)
    # Eko was verified today, after the third quarter: not yet one of the city's then.
    assert (lambda f: (f.micro_active, f.micro_total))(dashboard_figures(Q3, health=False)) == (
        2,
        2,
    )
    # Before the agreements' term (2026) no partnership ran.
    assert dashboard_figures(Period.quarter(2025, 4), health=False).micro_active == 0


# --- the page -------------------------------------------------------------------------------


URL = "/beranda-pimpinan/"
STATS = "/statistik/"


def test_officer_sees_figures_chart_and_table(programme, officer, client_of):
    response = client_of(officer).get(URL, {"dari": "2026-07-01", "sampai": "2026-09-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<table" in html
    assert "Rp3.300.000" in html
    assert "Triwulan III 2026" in html
    assert len(response.content) < 150_000


def test_city_admin_sees_the_dashboard(db, city_admin, client_of):
    assert client_of(city_admin).get(URL).status_code == 200


@pytest.mark.parametrize("who", ["alice", "carol", "bank_user"])
def test_others_may_not(db, request, who, client_of):
    user = request.getfixturevalue(who)
    user = user[0] if isinstance(user, tuple) else user
    assert client_of(user).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(db, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/akun/" in response["Location"]


def test_bad_period_gets_a_message_not_a_500(officer, client_of):
    response = client_of(officer).get(URL, {"dari": "2026-09-30", "sampai": "2026-07-01"})
    assert response.status_code == 200
    assert "sebelum" in response.content.decode()


def test_period_changes_the_figures(programme, officer, client_of):
    client = client_of(officer)
    q3 = client.get(URL, {"dari": "2026-07-01", "sampai": "2026-09-30"}).content.decode()
    q4 = client.get(URL, {"dari": "2026-10-01", "sampai": "2026-12-31"}).content.decode()
    assert "Rp3.300.000" in q3 and "Rp3.300.000" not in q4
    assert "Rp4.000.000" in q4


def test_query_count_does_not_grow_with_data(programme, officer, carol, client_of):
    """The dashboard's and the XLSX's queries are the same for 2 partnerships as for 6, and for
    9 entries as for 105 (everything is aggregated in the database); the public page's stay
    within a bound set by the number of months, not the data."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(officer)
    params = {"dari": "2026-01-01", "sampai": "2026-12-31"}
    pages = [(URL, params), ("/beranda-pimpinan/unduh.xlsx", params), (STATS, {"tahun": 2026})]

    def counts():
        out = []
        for url, query in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, query).status_code == 200
            out.append(ctx)
        return out

    from django.core.cache import cache

    from jalinmitra.monitoring.dashboard import FIGURES_TOKEN_KEY
    from jalinmitra.monitoring.selectors import CACHE_TOKEN_KEY

    def written(label: str) -> None:
        """As after a write: the figures and the health are computed afresh."""
        cache.set(CACHE_TOKEN_KEY, label)
        cache.set(FIGURES_TOKEN_KEY, label)

    counts()  # the first request of all also sets the caches' tokens
    written("before")
    small_miss, small = counts(), counts()  # then the second time from the cache
    for i in range(4):
        owner = make_owner(
            officer=officer,
            username=f"umk{i}",
            name=f"Usaha {i}",
            nib=f"99900000000{i:02d}",
            region="18.72.03.1001",
            verified=True,
        )
        a = make_partnership(officer=officer, small=owner, large=carol)
        for month in range(1, 13):
            entry(a, dt.date(2026, month, 5), 100_000 * (i + 1))
            entry(a, dt.date(2026, month, 20), 50_000, kind=EntryKind.PAYMENT)
    written("after")
    large_miss, large = counts(), counts()
    for before, after in zip(small_miss[:2] + small[:2], large_miss[:2] + large[:2], strict=True):
        assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]
    # computed (with the cache's writes; the health from the kept state: its check, the states,
    # the unpaid deliveries), and from the cache
    assert len(small_miss[0]) <= 41 and len(small[0]) <= 20 and len(small[1]) <= 20
    # The public page may check hidden months (one query per round, at most one per month).
    assert len(small[2]) <= 30 + 12 and len(large[2]) <= 30 + 12


# --- partnerships needing attention (realisasi's health) ---------------------------------------


def test_attention_counts_running_partnerships_not_going_well(programme, officer, carol, client_of):
    """The count is realisasi's health of every running agreement, not going well; cached, and
    a new partnership (here one with no record since its start: dormant) changes it at once."""
    from jalinmitra.agreements.models import Agreement
    from jalinmitra.monitoring.dashboard import attention_count
    from jalinmitra.monitoring.selectors import health_for_agreements

    day = dt.date(2026, 10, 5)

    def by_health():
        results = health_for_agreements(Agreement.objects.filter(status="active"), today=day)
        return sum(1 for r in results.values() if r.status != "good")

    before = attention_count(today=day)
    assert before == by_health()
    assert attention_count(today=day) == before  # from the cache
    third = make_owner(
        officer=officer, username="umk3", name="Tapis Bu Citra", nib="1234567890199", verified=True
    )
    make_partnership(officer=officer, small=third, large=carol)
    after = attention_count(today=day)
    assert after == by_health() == before + 1

    html = client_of(officer).get(URL).content.decode()
    assert reverse("monitoring:worklist") in html
    assert "perlu perhatian" in html


def test_the_figures_come_from_the_cache_until_a_model_they_read_changes(
    programme, officer, django_assert_max_num_queries
):
    from django.utils import timezone

    period = Period.year(timezone.localdate().year)
    before = dashboard_figures(period, health=False)
    with django_assert_max_num_queries(3):  # the token, the newest audit row and entry, the cache
        again = dashboard_figures(period, health=False)
    assert again.funnel == before.funnel and again.delivered == before.delivered
    make_owner(officer=officer, username="baru", name="Usaha Baru", nib="9990000000999")
    after = dashboard_figures(period, health=False)
    assert after.funnel[0].count == before.funnel[0].count + 1


def test_a_save_of_fields_no_figure_reads_keeps_the_figures_and_one_that_does_renews_them(
    programme, officer
):
    """A business saved naming only fields the figures do not read (its consent, its status)
    leaves the cached figures in use; its size class (read by the funnel) renews them, and the
    next read shows the change."""
    from django.core.cache import cache
    from django.utils import timezone

    from jalinmitra.businesses.choices import SizeClass
    from jalinmitra.businesses.models import Business
    from jalinmitra.monitoring.dashboard import FIGURES_TOKEN_KEY

    period = Period.year(timezone.localdate().year)
    before = dashboard_figures(period, health=False)
    token = cache.get(FIGURES_TOKEN_KEY)
    business = Business.objects.filter(size_class__in=[SizeClass.MIKRO, SizeClass.KECIL]).first()
    business.save(update_fields=["privacy_consent_version", "updated_at"])
    business.save(update_fields=["status", "updated_at"])
    assert cache.get(FIGURES_TOKEN_KEY) == token
    business.size_class = SizeClass.MENENGAH
    business.save(update_fields=["size_class", "updated_at"])
    assert cache.get(FIGURES_TOKEN_KEY) != token
    after = dashboard_figures(period, health=False)
    assert after.funnel[0].count == before.funnel[0].count - 1


@pytest.mark.parametrize(
    "period",
    [
        Q3,
        Period.year(2026),
        Period(dt.date(2026, 6, 15), dt.date(2026, 9, 29)),  # cuts June and September
        Period(dt.date(2026, 8, 1), dt.date(2026, 8, 31)),  # one whole month
        Period(dt.date(2026, 8, 2), dt.date(2026, 8, 30)),  # inside one month
    ],
)
def test_the_months_kept_per_agreement_give_the_figures_of_the_entries(
    programme, period, monkeypatch
):
    """EntryMonth follows every write of an entry (a new one, a confirmation, a supersession, a
    deletion), and the figures summed from it for a period's whole months equal the figures
    summed from the entries alone."""
    from jalinmitra.monitoring import dashboard, months
    from jalinmitra.monitoring.models import EntryMonth

    first, second = programme["agreements"]
    pending = Entry.objects.get(status=EntryStatus.PENDING)
    pending.status = EntryStatus.CONFIRMED
    pending.save(update_fields=["status"])
    Entry.objects.get(date=dt.date(2026, 9, 30)).delete()
    entry(second, dt.date(2026, 6, 20), 7_000)
    entry(second, dt.date(2026, 8, 20), 9_000, kind=EntryKind.PAYMENT)
    entry(first, dt.date(2026, 9, 10), 11_000)
    superseded = Entry.objects.get(date=dt.date(2026, 8, 10))
    superseded.status = EntryStatus.SUPERSEDED
    superseded.save()

    def kept() -> set:
        return {(m.agreement_id, m.month, m.delivered, m.paid) for m in EntryMonth.objects.all()}

    found = kept()
    months.rebuild()
    assert kept() == found and len(found) >= 4

    from_months = dashboard.breakdowns(period)
    monkeypatch.setattr(dashboard, "_whole_months", lambda period: None)
    assert dashboard.breakdowns(period) == from_months
    assert from_months.delivered == expected(list(Entry.objects.all()), period)
