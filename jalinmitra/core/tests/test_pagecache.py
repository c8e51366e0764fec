"""core.pagecache: which answers are kept, for whom, and what makes them stale."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from jalinmitra.core import pagecache
from jalinmitra.core.models import AuditLog

pytestmark = pytest.mark.django_db

PAGE = engines["django"].from_string(
    '<form method="post">{% csrf_token %}</form><meta name="csrf-token" content="{{ csrf_token }}">'
    "<p>{{ text }}</p>"
)


class Page:
    """A view that counts its runs and renders a form with the CSRF token."""

    def __init__(self, status=200, cookie=False):
        self.runs, self.text, self.status, self.cookie = 0, "satu", status, cookie
        self.view = pagecache.anonymous_page(self.render)

    def render(self, request):
        self.runs += 1
        response = HttpResponse(
            PAGE.render({"text": self.text}, request=request), status=self.status
        )
        if self.cookie:
            response.set_cookie("pilihan", "x")
        return response


def visit(page, path="/halaman/", user=None, method="get"):
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request, page.view(request)


@pytest.fixture(autouse=True)
def fresh():
    pagecache._cache().clear()
    yield
    pagecache._cache().clear()


def test_a_repeat_anonymous_visit_does_not_run_the_view():
    page = Page()
    visit(page)
    _request, response = visit(page)
    assert page.runs == 1 and "<p>satu</p>" in response.content.decode()


def test_a_watched_write_or_a_new_audit_row_makes_the_page_worked_out_again(officer):
    page = Page()
    visit(page)
    page.text = "dua"
    pagecache.changed()
    assert "<p>dua</p>" in visit(page)[1].content.decode()
    page.text = "tiga"
    AuditLog.objects.create(action="x.y", object_type="x", object_id="1", object_repr="x")
    assert "<p>tiga</p>" in visit(page)[1].content.decode()
    assert page.runs == 3


def test_a_raw_save_writes_nothing_to_the_page_cache():
    """Fixtures and the test database's serialized copy load rows raw: no token write each."""
    from django.core import serializers
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jalinmitra.core.models import Region

    regions = list(Region.objects.order_by("code")[:3])
    assert regions
    data = serializers.serialize("json", regions)
    table = pagecache._cache()._table  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as ctx:
        for found in serializers.deserialize("json", data):
            found.save()  # raw=True, as loaddata does
    assert not [q for q in ctx.captured_queries if table in q["sql"]]
    with CaptureQueriesContext(connection) as ctx:
        regions[0].save()
    assert [q for q in ctx.captured_queries if table in q["sql"]]


def test_the_token_is_never_kept_and_each_visitor_gets_their_own():
    page = Page()
    first_request, first = visit(page)
    second_request, second = visit(page)
    assert page.runs == 1
    kept = pagecache._cache().get(pagecache._page_key_for("/halaman/", translation.get_language()))[
        1
    ]
    assert kept.count(pagecache.PLACEHOLDER) == 2
    body = second.content.decode()
    assert pagecache.PLACEHOLDER not in body
    token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token not in kept and token not in first.content.decode()
    # the token served is one the CSRF check accepts for this visitor, and its cookie is due
    assert second_request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    from django.middleware.csrf import _unmask_cipher_token

    assert _unmask_cipher_token(token) == _unmask_cipher_token(get_token(second_request))


def test_logged_in_visitors_posts_messages_cookies_and_errors_are_not_kept(officer):
    page = Page()
    visit(page, user=officer)
    visit(page, user=officer)
    assert page.runs == 2
    visit(page, method="post")
    visit(page, method="post")
    assert page.runs == 4

    request = RequestFactory().get("/halaman/")
    request.user, request.session = AnonymousUser(), SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Tersimpan.")
    page.view(request)
    page.view(request)
    assert page.runs == 6

    with_cookie = Page(cookie=True)
    visit(with_cookie)
    visit(with_cookie)
    assert with_cookie.runs == 2
    missing = Page(status=404)
    visit(missing)
    visit(missing)
    assert missing.runs == 2


def test_each_language_and_query_is_its_own_page():
    page = Page()
    visit(page)
    visit(page, path="/halaman/?hal=2")
    with translation.override("en"):
        visit(page)
    assert page.runs == 3
    visit(page, path="/halaman/?hal=2")
    assert page.runs == 3


# --- this process's copy, served under the stamp read less than STAMP_SECONDS ago ----------


class Clock:
    """time.monotonic() as the page cache sees it, moved by hand."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now

    def time(self):
        import time

        return time.time()


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(pagecache, "time", clock)
    return clock


def _queries(page, path="/halaman/"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        _request, response = visit(page, path=path)
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_a_repeat_visit_is_served_from_memory_without_a_query(clock):
    page = Page()
    assert _queries(page)[0] > 0  # the first: the stamp read, the page kept
    count, body = _queries(page)
    assert count == 0 and "<p>satu</p>" in body and page.runs == 1
    # each visitor still gets a token of their own in the page served from memory
    assert pagecache.PLACEHOLDER not in body and 'name="csrfmiddlewaretoken" value="' in body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_in_this_process_shows_at_once(clock):
    page = Page()
    visit(page)
    page.text = "dua"
    AuditLog.objects.create(action="x.y", object_type="x", object_id="1", object_repr="x")
    assert "<p>dua</p>" in visit(page)[1].content.decode()
    page.text = "tiga"
    pagecache.changed()
    assert "<p>tiga</p>" in visit(page)[1].content.decode()
    assert page.runs == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_in_another_process_shows_within_stamp_seconds(clock):
    """Another worker's write renews the token in the shared cache (and adds an audit row),
    which this process does not hear of: its copy is served until the stamp is read again."""
    page = Page()
    visit(page)
    page.text = "dua"
    # what another process's write leaves in the database, with no signal here
    pagecache._cache().set(pagecache.TOKEN_KEY, "another-process", None)
    clock.now += pagecache.STAMP_SECONDS / 2
    count, body = _queries(page)
    assert count == 0 and "<p>satu</p>" in body
    clock.now += pagecache.STAMP_SECONDS
    assert "<p>dua</p>" in visit(page)[1].content.decode()
    assert page.runs == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inside_a_transaction_the_stamp_is_read_on_every_visit(clock):
    from django.db import transaction

    page = Page()
    visit(page)
    with transaction.atomic():
        count, _body = _queries(page)
        assert count > 0 and page.runs == 1
        page.text = "dua"
        pagecache._cache().set(pagecache.TOKEN_KEY, "written-in-this-transaction", None)
        assert "<p>dua</p>" in visit(page)[1].content.decode()
    # the page worked out inside the transaction was not kept in memory
    here = pagecache._pages.get(pagecache._page_key_for("/halaman/", translation.get_language()))
    assert here is None or "<p>dua</p>" not in here[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_whose_view_wrote_is_not_kept_in_memory(clock):
    """A write while the view ran (here the view itself; in a threaded server, another
    thread): what it rendered may predate the write, so it is not served from memory."""

    class Writing(Page):
        def render(self, request):
            AuditLog.objects.create(action="x.y", object_type="x", object_id="1", object_repr="x")
            return super().render(request)

    page = Writing()
    visit(page)
    assert pagecache._memo is None
    visit(page)
    assert page.runs == 2


def test_the_home_page_is_kept_for_anonymous_visitors_and_shows_a_renamed_city(client, officer):
    from jalinmitra.core.models import City

    city = City.objects.get()
    assert city.name in client.get("/").content.decode()
    key = pagecache._page_key_for("/", translation.get_language())
    assert pagecache._cache().get(key) is not None
    city.name = "Kota Uji Baru"
    city.save()
    assert "Kota Uji Baru" in client.get("/").content.decode()
    client.force_login(officer)
    assert client.get("/").status_code == 302  # signed in: the view runs (to the list)


# --- logged-in pages' kept parts: the stamp remembered, but not across one's own write ------


def _signed_in_request(user, wrote=None):
    request = RequestFactory().get("/daftar/")
    request.user = user
    request.session = SessionStore()
    if wrote is not None:
        request.session[pagecache.WROTE_KEY] = wrote
    return request


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_kept_part_reads_no_stamp_while_it_is_remembered(clock, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    made = []
    pagecache.kept("k", lambda: made.append(1) or len(made), request=_signed_in_request(officer))
    with CaptureQueriesContext(connection) as ctx:
        value = pagecache.kept(
            "k", lambda: made.append(1) or len(made), request=_signed_in_request(officer)
        )
    assert value == 1 and len(ctx.captured_queries) == 0
    # another process's write: seen once the remembered stamp is older than STAMP_SECONDS
    pagecache._cache().set(pagecache.TOKEN_KEY, "another-process", None)
    assert pagecache.kept("k", lambda: 99, request=_signed_in_request(officer)) == 1
    clock.now += pagecache.STAMP_SECONDS
    assert pagecache.kept("k", lambda: 99, request=_signed_in_request(officer)) == 99


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ones_own_write_in_another_worker_shows_on_ones_next_page(clock, officer):
    """The write went to another worker (this process heard nothing); the session says when it
    was sent, after this process read its stamp: the stamp is read again for this person."""
    import time as real_time

    pagecache.kept("k", lambda: "lama", request=_signed_in_request(officer))
    pagecache._cache().set(pagecache.TOKEN_KEY, "written-by-another-worker", None)
    wrote = real_time.time() + 0.001
    assert pagecache.kept("k", lambda: "x", request=_signed_in_request(officer)) == "lama"
    assert pagecache.kept("k", lambda: "baru", request=_signed_in_request(officer, wrote)) == "baru"


def test_a_signed_in_post_marks_the_session_and_a_get_does_not(client, officer):
    from django.urls import reverse

    client.force_login(officer)
    client.get(reverse("businesses:list"))
    assert pagecache.WROTE_KEY not in client.session
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert pagecache.WROTE_KEY in client.session
