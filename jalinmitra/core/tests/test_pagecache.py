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
