"""The public programme statistics: no names, no personal data, and no figure from fewer than
three businesses, tested at the boundary (two businesses hidden, three shown), including the
total-minus-the-rest trick."""

import datetime as dt

import pytest

from jalinmitra.monitoring.dashboard import Group, Period, dashboard_figures
from jalinmitra.monitoring.reports import MIN_GROUP, OTHER_LABEL, public_stats, suppress
from jalinmitra.monitoring.tests import test_dashboard as data
from jalinmitra.testing import make_owner

URL = "/statistik/"
programme = data.programme  # the fixture, shared: Alice and Bob transact in 2026


def g(key, businesses, delivered):
    return Group(key, f"Kelompok {key}", delivered, 0, businesses)


def test_min_group_is_three():
    assert MIN_GROUP == 3


@pytest.mark.parametrize(
    "groups, shown",
    [
        ([g("a", 3, 300)], [("Kelompok a", 300, 3)]),  # three: shown
        ([g("a", 2, 200)], [(OTHER_LABEL, None, None)]),  # two: hidden
        ([g("a", 1, 100), g("b", 2, 200)], [(OTHER_LABEL, 300, 3)]),  # together three: shown
        # One small group next to a large one: the large one joins it, or the total minus the
        # large one would give the small one away.
        ([g("a", 5, 500), g("b", 2, 200)], [(OTHER_LABEL, 700, 7)]),
        (
            [g("a", 5, 500), g("b", 4, 400), g("c", 2, 200)],
            [("Kelompok a", 500, 5), (OTHER_LABEL, 600, 6)],
        ),
        ([g("a", 3, 300), g("b", 0, 0)], [("Kelompok a", 300, 3)]),  # empty groups dropped
    ],
)
def test_suppress(groups, shown):
    assert [(r.label, r.delivered, r.businesses) for r in suppress(groups)] == shown


def test_no_shown_row_has_fewer_than_three():
    import random

    rnd = random.Random(3)
    for _ in range(200):
        groups = [g(str(i), rnd.randint(0, 6), rnd.randint(1, 9) * 100) for i in range(6)]
        rows = suppress(groups)
        assert all(r.businesses is None or r.businesses >= MIN_GROUP for r in rows)
        # Every business of a group is in a shown row: nothing is left out to subtract.
        shown = sum(r.businesses or 0 for r in rows)
        assert shown in {0, sum(x.businesses for x in groups)}
        small = [x for x in groups if 0 < x.businesses < MIN_GROUP]
        if small and sum(x.businesses for x in groups) >= MIN_GROUP:
            assert any(r.label == OTHER_LABEL for r in rows)


def page(client, year=2026):
    return client.get(URL, {"tahun": year}).content.decode()


def test_two_businesses_show_no_sales_figure(programme, client):
    """Alice and Bob are the only ones who sold in 2026: two, so no value is shown."""
    f = dashboard_figures(Period.year(2026), health=False)
    assert f.transacting == 2
    html = page(client)
    assert "Rp" + f"{f.delivered:,}".replace(",", ".") not in html
    assert public_stats(f).delivered is None
    assert "kurang dari 3" in html


def test_three_businesses_show_it(programme, officer, carol, client):
    """A third micro business sells in 2026 (in Metro Barat): the total shows; each kecamatan
    still has fewer than three, so they show only gathered."""
    third = make_owner(
        officer=officer,
        username="umk3",
        name="Tapis Bu Citra",
        nib="1234567890199",
        region="18.72.03.1001",
        verified=True,
    )
    a = data.make_partnership(officer=officer, small=third, large=carol)
    data.entry(a, dt.date(2026, 8, 20), 700_000)
    f = dashboard_figures(Period.year(2026), health=False)
    assert f.transacting == 3
    s = public_stats(f)
    assert s.delivered == f.delivered
    html = page(client)
    assert "Rp" + f"{f.delivered:,}".replace(",", ".") in html
    # Metro Pusat (Alice), Metro Utara (Bob), Metro Barat (Citra): one each, gathered.
    assert [(r.label, r.businesses) for r in s.kecamatan] == [(OTHER_LABEL, 3)]
    assert "Kec. Metro Pusat" not in html
    # Months: August has three (Alice's payment, Bob, Citra), every other month only Alice.
    # Hiding her months alone would let the year's total minus August give her sales away,
    # so August is hidden too.
    august = next(r for r in s.months if r.label == "Agustus 2026")
    assert august.delivered is None
    hidden = [r for r in s.months if r.delivered is None]
    shown = sum(r.delivered for r in s.months if r.delivered is not None)
    assert f.delivered - shown == sum(
        m.delivered for m in f.months if m.label in {r.label for r in hidden}
    )


def test_no_names_or_personal_data(programme, client):
    html = page(client)
    for a in programme["agreements"]:
        for b in (a.small_party, a.large_party):
            assert b.name not in html
            assert b.owner_name not in html
            assert b.owner_nik not in html
            assert b.whatsapp not in html
        assert str(a) not in html  # the agreement number


def test_public_page_needs_no_login_and_survives_a_bad_year(db, client):
    assert client.get(URL).status_code == 200
    assert client.get(URL, {"tahun": "abc"}).status_code == 200
    assert client.get(URL, {"tahun": "1900"}).status_code == 200


def test_public_page_only_reads(programme, client):
    from jalinmitra.core.models import AuditLog
    from jalinmitra.monitoring.models import Entry

    before = (AuditLog.objects.count(), Entry.objects.count())
    page(client)
    assert (AuditLog.objects.count(), Entry.objects.count()) == before
