"""Limits per client address for the public forms an attacker would hammer (password reset,
sign-up, the /v/ verification upload), and the login lockout backend (django-axes).

A limit is "count/seconds" in ``settings.RATE_LIMITS[name]``. Counting uses Django's cache
(the database cache in production, shared by every worker), in windows that start with an
address's first counted attempt (a fixed clock window would let 2 × count through across its
boundary, and made a test fail when it ran at the turn of the window). A view asks
:func:`rate_limited` before doing the work and returns :func:`too_many_requests` if refused;
only the requests that do the expensive or revealing part are counted (a POST), never a GET.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from functools import wraps

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger("jalinmitra.security")


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind our own reverse proxy (BEHIND_PROXY) the
    last address in X-Forwarded-For, the one the proxy itself added (earlier ones are whatever
    the client claimed)."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"


def axes_client_ip(request: HttpRequest) -> str | None:
    """The address django-axes stores: a valid IP or None. Its logs keep the address in an IP
    column (``inet`` on PostgreSQL), so a request without a real one (``force_login``, a
    garbled X-Forwarded-For) must not reach it as "unknown"."""
    ip = client_ip(request)
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        return None
    return ip


def parse_limit(limit: str) -> tuple[int, int]:
    count, _, seconds = limit.partition("/")
    return int(count), int(seconds)


def _key(name: str, ip: str, window_start: float | None = None) -> str:
    digest = hashlib.sha256(ip.encode()).hexdigest()[:32]
    if window_start is None:
        return f"rl:{name}:{digest}:start"
    return f"rl:{name}:{digest}:{window_start!r}"


def rate_limited(request: HttpRequest, name: str) -> int:
    """Count one attempt of `name` from this address. Returns 0 when allowed, else the seconds
    until the window ends (for Retry-After)."""
    count, seconds = parse_limit(settings.RATE_LIMITS[name])
    now = time.time()
    ip = client_ip(request)
    try:
        # The window opens with this address's first attempt and lasts `seconds`; its count is
        # kept under a key naming the window's start, so a new window starts from zero.
        start_key = _key(name, ip)
        cache.add(start_key, now, timeout=seconds)
        window_start = cache.get(start_key, now)
        key = _key(name, ip, window_start)
        if cache.add(key, 1, timeout=seconds + 1):
            used = 1
        else:
            try:
                used = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=seconds + 1)
                used = 1
    except DatabaseError:
        # No cache table yet (`createcachetable` not run): serve rather than refuse everyone.
        log.exception("rate limit %s not counted: the cache is unavailable", name)
        return 0
    if used <= count:
        return 0
    retry_after = max(1, math.ceil(window_start + seconds - now))
    log.warning("rate limit %s reached by %s (%d in %ds)", name, ip, used, seconds)
    return retry_after


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The 429 page, with Retry-After; plain template, no database needed."""
    minutes = max(1, math.ceil(retry_after / 60))
    body = render_to_string("429.html", {"minutes": minutes}, request=None)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(name: str, methods: tuple[str, ...] = ("POST",)):
    """View decorator: `name`'s limit per address on requests with one of `methods`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                retry_after = rate_limited(request, name)
                if retry_after:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, also for callers without a request (the test client's `login`,
    management commands): those are not web logins and are not counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout: the friendly page, 429, and Retry-After (the cool-off time)."""
    from django.shortcuts import render

    cool_off = settings.AXES_COOLOFF_TIME
    seconds = int(cool_off.total_seconds()) if cool_off else 3600
    log.warning("login locked out: ip=%s", client_ip(request))
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"minutes": max(1, math.ceil(seconds / 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
