"""The officers' business list made cheap (issue 14 item 8): its rows built in Python with the
HTML the template gave, and a fixed number of queries however many businesses, KBLI links and
certificates a page shows."""

import re
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from jalinmitra.businesses import selectors, services
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.views import list_rows_html
from jalinmitra.core import pagecache
from jalinmitra.testing import numbered_business

# The list's rows as a template, before they moved to views.list_rows_html.
TEMPLATE_ROWS = """{% load i18n jm %}{% url "businesses:list" as list_url %}{% for b in page %}
<tr>
  <td><a href="{{ list_url }}{{ b.pk }}/">{{ b.name }}</a><br><span class="muted">{{ b.owner_name }}</span></td>
  <td>{{ b.nib|default:"–" }}</td>
  <td>{{ b|choice_label:"size_class"|default:"–" }}</td>
  <td>{% if b.region %}{{ b.region.name }}<br><span class="muted">{{ b.region.parent.name }}</span>{% else %}–{% endif %}</td>
  <td>{% for link in b.kbli_links.all %}{% if link.is_primary %}{{ link.kbli.code }}{% endif %}{% endfor %}</td>
  <td>{% for c in b.certifications.all %}<span class="badge {% if c.is_expired %}expired{% else %}ok{% endif %}">{{ c|choice_label:"kind" }}</span> {% endfor %}</td>
  <td><span class="badge {{ b.status }}">{{ b|choice_label:"status" }}</span></td>
</tr>
{% endfor %}"""


def _pages():
    """The page as the template read it (model instances), and as the view reads it now."""
    models = selectors.businesses_filter(params={})
    rows = selectors.business_list_rows(qs=models)
    return Paginator(models, 25).get_page(1), Paginator(rows, 25).get_page(1)


def _html(page) -> str:
    return str(list_rows_html(page))


@pytest.mark.django_db
def test_rows_are_the_html_the_template_gave(officer):
    today = timezone.localdate()
    plain = numbered_business(officer, 1, name='Warung "Bu" <Sri> & anak')
    services.certification_add(
        actor=officer, business=plain, kind="halal", number="H1", expires_on=today + timedelta(1)
    )
    services.certification_add(
        actor=officer, business=plain, kind="pirt", number="P1", expires_on=today - timedelta(1)
    )
    services.certification_add(actor=officer, business=plain, kind="bpom_md", number="B1")
    numbered_business(officer, 2, verified=False, nib=None)
    bare = numbered_business(officer, 3)
    Business.objects.filter(pk=bare.pk).update(region=None)
    for language in ("id", "en"):
        with translation.override(language):
            models, rows = _pages()
            expected = engines["django"].from_string(TEMPLATE_ROWS).render({"page": models})
            assert _html(rows) == expected
            assert expected.count("<tr>") == 3
            assert "&quot;Bu&quot; &lt;Sri&gt; &amp;" in expected
            assert 'class="badge expired"' in expected and 'class="badge ok"' in expected


@pytest.mark.django_db
def test_empty_list_says_so(client, officer):
    client.force_login(officer)
    html = client.get(reverse("businesses:list"), {"q": "tidak ada"}).content.decode()
    assert "Tidak ada usaha yang cocok dengan saringan." in html
    assert "<tr>\n  <td>" not in html


def _list_queries(client, *, first: bool = False, **params) -> list[str]:
    """The queries of a visit: a repeat visit (the rows kept, core.pagecache.kept), or with
    `first` the first visit after a write (the rows read and built)."""
    url = reverse("businesses:list")
    client.get(url, params)
    if first:
        pagecache.changed()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_businesses(client, officer):
    client.force_login(officer)
    numbered_business(officer, 0)
    few = _list_queries(client, first=True)
    htmx_few = len(_list_queries(client, first=True, page=1))
    # A full page and more, each with certificates and another KBLI code: still the same
    # queries (the page, its primary KBLI links, its certificates).
    for i in range(1, 30):
        b = numbered_business(officer, i, kbli="10794" if i % 2 else "47111")
        services.certification_add(actor=officer, business=b, kind="halal", number=f"H{i}")
    many = _list_queries(client, first=True)
    # session, user, the stamp (cache token, newest audit row), count, the page, its KBLI
    # links, its certificates, unread notifications
    assert len(many) == len(few) <= 9, many
    # The page's rows are read as the columns shown, and counted without joins.
    assert not [q for q in many if '"businesses_business"."description"' in q]
    assert [q for q in many if q == 'SELECT COUNT(*) AS "__count" FROM "businesses_business"']
    assert len(_list_queries(client, first=True, page=2)) == htmx_few
    html = client.get(reverse("businesses:list")).content.decode()
    assert len(re.findall(r'<a href="/usaha/\d+/">', html)) == 25


@pytest.mark.django_db
def test_repeat_visit_reads_no_rows(client, officer):
    """Until something is written, a repeat visit reads neither the count nor the rows:
    session, user, the stamp, unread notifications."""
    client.force_login(officer)
    for i in range(3):
        numbered_business(officer, i)
    sql = _list_queries(client)
    assert len(sql) <= 5, sql
    assert not [q for q in sql if '"businesses_business"' in q or "businesskbli" in q], sql
