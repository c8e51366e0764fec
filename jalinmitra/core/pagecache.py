"""Whole public pages kept in the cache for anonymous visitors (issue 14, load).

A page is kept per path + query string + language, with the stamp it was rendered under; a
visit with the same stamp gets the kept body without running the view. The stamp changes with
every write that can change a public page:

- a token in the cache, renewed by every save, delete or many-to-many change of a watched
  model (`watch`, called by the apps whose models public pages show: offers, businesses,
  photos and thumbnails, certificates, signature designations, contact consents, agreements,
  the city) -- admin edits included;
- the newest audit row: every service writes one, also for writes that send no signal
  (bulk imports, `QuerySet.update`);
- today's date (a certificate expires at midnight).

Each worker remembers the stamp it read for `STAMP_SECONDS` and keeps the pages it served
last in its own memory: a kept anonymous page is then served with no query at all, and a
logged-in page's kept part costs no stamp read. A write made in this process shows at once
(it forgets the stamp read); one made in another process (another gunicorn worker, the task
worker) within `STAMP_SECONDS`, except to the person who made it: a signed-in person's own
write (WROTE_KEY in their session) makes their next page read the stamp again. Only outside
a transaction: inside one (a writing request; every test in Django's `TestCase`) the stamp is
read on every visit, as it sees the transaction's own writes.

Kept only for an anonymous GET without a message waiting in the session, and only a plain
200 answer that set no cookie and changed no session. The CSRF token printed in a page (the
language form, an upload or enquiry form) is never kept: it is replaced by a placeholder when
stored and by the visitor's own token when served, so each visitor still gets a token of
their own and its cookie.

Logged-in pages keep parts instead (`kept`): what a page shows that is the same for everyone
its view lets in (the officers' business list's count and rows, a need's suggestions), kept in
the worker's memory under the same stamp, after the view has checked who asks."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import BaseCache, caches
from django.core.signals import setting_changed
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from jalinmitra.core import tokens

T = TypeVar("T")

TOKEN_KEY = "pagecache:token"
# A backstop only: the stamp changes with every write a page can show.
PAGE_SECONDS = 3600
PLACEHOLDER = "@@jm-csrf-token@@"
# The stamp a kept page's view is running under: its selectors reuse it (no second read).
_running: ContextVar[str | None] = ContextVar("pagecache_stamp", default=None)
# How Django's {% csrf_token %} and base.html's <meta name="csrf-token"> print the token.
_TOKEN_IN_PAGE = re.compile(
    r'(?:name="csrfmiddlewaretoken" value="|<meta name="csrf-token" content=")([A-Za-z0-9]+)"'
)


def _cache() -> BaseCache:
    """The "pages" cache when settings name one, else the default. Kept pages are many (one per
    product, business, filter and page): a cache of their own keeps them from crowding out the
    default cache's rows (rate-limit counters) when the database cache culls at MAX_ENTRIES."""
    return caches["pages" if "pages" in settings.CACHES else "default"]


# How long a worker serves kept public pages under the stamp it read last (see above).
STAMP_SECONDS = 1.0
# Pages kept in this process's memory: key -> (stamp, body, content type), the least recently
# served dropped past PAGES_KEPT (a public page is 5-40 KB: a few MB per worker).
PAGES_KEPT = 256
_pages: OrderedDict[str, tuple[str, str, str]] = OrderedDict()
_pages_lock = threading.Lock()
# The stamp read last, until when (time.monotonic()) it is used without reading it again, and
# when it was read (time.time(), to compare with a visitor's own last write, WROTE_KEY);
# `_forgets` counts the writes seen here, so a stamp read before a write (by another thread)
# is not remembered after it.
_memo: tuple[str, float, float] | None = None
_forgets = 0
# In a signed-in person's session: when (time.time()) they last sent a write (any POST; set by
# core.middleware.WriteMarkMiddleware once the answer is ready, so after its commit). A stamp
# remembered from before that is not used for their pages: their own change shows at once
# whichever worker answers next.
WROTE_KEY = "jm_wrote"


def _forget_now() -> None:
    global _memo, _forgets
    _forgets += 1
    _memo = None


def _forget_stamp(**kwargs) -> None:
    """Something was written in this process: read the stamp again at the next visit (now, and
    once committed: a visit in between read the stamp without the uncommitted write)."""
    if kwargs.get("raw"):
        return
    _forget_now()
    if connection.in_atomic_block:
        transaction.on_commit(_forget_now)


def changed(**kwargs) -> None:
    """A watched model was written: pages rendered before are not served again. Now (the
    database cache writes in the same transaction, so this request sees it at once) and again
    once committed (a reader in between may have kept the old page under the new token)."""
    if kwargs.get("raw"):
        # Fixtures and the test database's serialized copy (loaddata): no page was rendered from
        # rows that are only now being loaded, and thousands of them must not each write here.
        return
    _forget_stamp()
    tokens.renew(TOKEN_KEY, cache=_cache())


# A new audit row is part of the stamp (any write a service makes): this process reads it anew.
post_save.connect(_forget_stamp, sender="core.AuditLog", dispatch_uid="pagecache-audit")


def watch(*models) -> None:
    """Renew the token on every save and delete of `models`, and on changes of their
    many-to-many links."""
    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"pagecache-delete-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                changed, sender=through, dispatch_uid=f"pagecache-m2m-{through._meta.label}"
            )


def _newest_audit() -> int:
    from jalinmitra.core.models import AuditLog

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {AuditLog._meta.db_table}")
        return int(cursor.fetchone()[0] or 0)


def stamp(token: str | None = None) -> str:
    """What public pages are rendered under now (see above). `token`: the cache token when
    the caller already read it. One query, and one cache read without `token`; none inside
    a view `anonymous_page` is running, which has read it already."""
    running = _running.get()
    if running is not None and token is None:
        return running
    if token is None:
        token = tokens.read(TOKEN_KEY, cache=_cache())
    return f"{token}|{_newest_audit()}|{timezone.localdate().isoformat()}"


def _remembered(request: HttpRequest) -> str | None:
    """The stamp this process read less than STAMP_SECONDS ago, when it may stand for a new
    read: outside a transaction, and read after the visitor's own last write."""
    memo = _memo
    if memo is None or memo[1] <= time.monotonic() or connection.in_atomic_block:
        return None
    session = getattr(request, "session", None)
    wrote = session.get(WROTE_KEY) if session is not None else None
    if wrote is not None and float(wrote) >= memo[2]:
        return None
    return memo[0]


def _remember(now: str, *, forgets: int, clock: float, wall: float) -> None:
    """Remember `now`, read at `clock` / `wall`, unless something was written here since
    (`forgets` is `_forgets` as it was before the read) or the read was in a transaction."""
    global _memo
    if forgets == _forgets and not connection.in_atomic_block:
        _memo = (now, clock + STAMP_SECONDS, wall)


def _read(request: HttpRequest) -> str:
    """The stamp: remembered (`_remembered`), else read and remembered."""
    now = _remembered(request)
    if now is None:
        forgets, clock, wall = _forgets, time.monotonic(), time.time()
        now = stamp()
        _remember(now, forgets=forgets, clock=clock, wall=wall)
    return now


# Parts of logged-in pages kept in this process (`kept`): key -> (stamp, value), the least
# recently used dropped past PARTS_KEPT.
PARTS_KEPT = 256
_parts: OrderedDict[str, tuple[str, object]] = OrderedDict()
_parts_lock = threading.Lock()


def _parts_forget(**_kwargs: object) -> None:
    """A setting changed (tests, override_settings): a part or page may render differently."""
    with _parts_lock:
        _parts.clear()
    with _pages_lock:
        _pages.clear()
    _forget_now()


setting_changed.connect(_parts_forget, dispatch_uid="pagecache_parts_forget")


def kept(key: str, make: Callable[[], T], *, request: HttpRequest) -> T:
    """`make()`, kept in this process under `key` while the stamp holds: a part of a page that
    shows only watched models and is the same for everyone the view lets see it (the view
    checks who asks first; `key` holds whatever else the part depends on: path, query,
    language). Costs the stamp (a cache read and MAX(id) of the audit log) at most once per
    STAMP_SECONDS and after the visitor's own writes (`_remembered`); a miss adds only
    `make()`: no cache write, so a page seen after every write costs two queries more, not
    the four of a database cache write. Each worker works a part out once per stamp."""
    try:
        now = _read(request)
    except DatabaseError:
        return make()
    with _parts_lock:
        hit = _parts.get(key)
        if hit is not None and hit[0] == now:
            _parts.move_to_end(key)
            return hit[1]  # type: ignore[return-value]
    value = make()
    with _parts_lock:
        _parts[key] = (now, value)
        _parts.move_to_end(key)
        while len(_parts) > PARTS_KEPT:
            _parts.popitem(last=False)
    return value


def key_for(name: str, request: HttpRequest) -> str:
    """A key for `kept`: `name`, the request's path and query string, and its language."""
    text = f"{name}|{request.get_full_path()}|{translation.get_language()}"
    return "pagecache:part:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def _page_key_for(full_path: str, language: str) -> str:
    text = f"{full_path}|{language}"
    return "pagecache:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    # A message waiting for this visitor (after a redirect) is shown on the page: not kept.
    return len(get_messages(request)) == 0


def _to_keep(request: HttpRequest, response: HttpResponse) -> str | None:
    """The body to keep, with the CSRF token replaced by the placeholder; None when this
    answer may not be kept."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or response.has_header("Set-Cookie")
        or response.has_header("Vary")
        or "no-store" in response.get("Cache-Control", "")
        or getattr(request, "session", None) is not None
        and request.session.modified
    ):
        return None
    body = response.content.decode(response.charset)
    printed = set(_TOKEN_IN_PAGE.findall(body))
    if len(printed) > 1:
        return None
    if printed:
        body = body.replace(printed.pop(), PLACEHOLDER)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and PLACEHOLDER not in body:
        return None  # the token was asked for but printed somewhere we do not know
    return body


def _serve(request: HttpRequest, kept: tuple[str, str, str]) -> HttpResponse:
    _stamp, body, content_type = kept
    if PLACEHOLDER in body:
        body = body.replace(PLACEHOLDER, get_token(request))
    return HttpResponse(body, content_type=content_type)


def _keep_here(key: str, kept: tuple[str, str, str]) -> None:
    with _pages_lock:
        _pages[key] = kept
        _pages.move_to_end(key)
        while len(_pages) > PAGES_KEPT:
            _pages.popitem(last=False)


def anonymous_page(view: Callable) -> Callable:
    """View decorator: keep and serve the page for anonymous visitors (see above)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _page_key_for(request.get_full_path(), translation.get_language())
        cache = _cache()
        # Outside a transaction: this process's copy, under the stamp read less than
        # STAMP_SECONDS ago (no query), else the stamp and the shared copy in one cache read.
        here = not connection.in_atomic_block
        forgets, clock, wall = _forgets, time.monotonic(), time.time()
        remembered = _remembered(request)
        if remembered is not None:
            now = remembered
            with _pages_lock:
                kept = _pages.get(key)
                if kept is not None and kept[0] == now:
                    _pages.move_to_end(key)
                    return _serve(request, kept)
            try:
                kept = cache.get(key)
            except DatabaseError:
                return view(request, *args, **kwargs)
        else:
            try:
                found = cache.get_many([TOKEN_KEY, key])
                now = stamp(found.get(TOKEN_KEY))
            except DatabaseError:
                return view(request, *args, **kwargs)
            kept = found.get(key)
            _remember(now, forgets=forgets, clock=clock, wall=wall)
        if kept is not None and kept[0] == now:
            if here:
                _keep_here(key, kept)
            return _serve(request, kept)
        reset = _running.set(now)
        try:
            response = view(request, *args, **kwargs)
        finally:
            _running.reset(reset)
        body = _to_keep(request, response)
        if body is not None:
            kept = (now, body, response["Content-Type"])
            try:
                cache.set(key, kept, PAGE_SECONDS)
            except DatabaseError:
                pass
            if here and forgets == _forgets:
                _keep_here(key, kept)
        return response

    return wrapped
