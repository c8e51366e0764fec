"""gunicorn settings for JalinMitra (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Every value can be changed through the environment, the same file of variables the app
reads (/etc/jalinmitra/jalinmitra.env with the systemd units in deploy/systemd/)."""

import gc
import multiprocessing
import os
import time

# Behind Caddy or nginx on the same machine: listen on loopback only.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request has a process of its own; two per core is plenty for a city.
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, multiprocessing.cpu_count() * 2))))
worker_class = "sync"
# Kill a request stuck longer than this (PDFs and imports run in the task worker, not here).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow memory leak never grows unbounded. 0 turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))
# Load the app, and build the matching index, once in the master (`when_ready`); every worker,
# a recycled one included, is forked with the index in memory (shared copy-on-write) and only
# brings it up to date with the offers changed since: milliseconds, where a worker building its
# own took seconds at 50,000 offers while the other worker carried every request. The price: a
# HUP (`systemctl reload`) restarts the workers on the code the master loaded; an upgrade needs
# `systemctl restart jalinmitra-web`, as the README says. GUNICORN_PRELOAD=0 turns it off.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Request line and header limits (gunicorn's defaults, written down).
limit_request_line = 4094
limit_request_fields = 100
# The proxy in front is the only one whose X-Forwarded-* headers count.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "jalinmitra"


def _warm_index(log, where: str) -> None:
    """The matching index built (or brought up to date), and the database connection that
    built it closed: a connection open in the master would be shared by every forked worker."""
    try:
        from django.db import connections

        from jalinmitra.matching.selectors import offer_index

        start = time.perf_counter()
        try:
            offers = len(offer_index())
        finally:
            connections.close_all()
        log.info(
            "matching index ready in the %s: %d offers, %.3f s",
            where,
            offers,
            time.perf_counter() - start,
        )
    except Exception as e:  # noqa: BLE001 - a server must start even if this fails
        log.warning("matching index not warmed: %s", e)


def when_ready(server):
    """With preload_app, in the master before the first worker is forked: build the index once
    and freeze it out of the cycle collector's sight, so the workers' collections never touch
    (and copy) its pages. Without preload_app the app is not loaded here: nothing to do."""
    if not preload_app or os.environ.get("WARM_MATCHING_INDEX", "1") != "1":
        return
    _warm_index(server.log, "master")
    if os.environ.get("GC_FREEZE", "1") == "1":
        gc.collect()
        gc.freeze()


def post_worker_init(worker):
    """Bring the matching index up to date when a worker starts, not on the first user's need
    page: with preload_app the worker was forked with the master's index and reads only the
    offers changed since; without it, it builds its own (every active offer: seconds on a
    large registry). Off with WARM_MATCHING_INDEX=0; a database that is down only postpones it
    to the first request.

    Then freeze what the worker holds so far (Django, the index) out of the cycle collector's
    sight (off with GC_FREEZE=0): at 50,000 offers the index is ~400,000 tracked objects, and
    each full collection walked them all, 300 ms about once every 1,000-2,000 requests, every
    request queued behind it waiting. Frozen objects are still freed when nothing refers to
    them; only cycles among them would stay (the index is updated in place, never replaced)."""
    if os.environ.get("WARM_MATCHING_INDEX", "1") == "1":
        _warm_index(worker.log, f"worker {os.getpid()}")
    if os.environ.get("GC_FREEZE", "1") == "1":
        gc.collect()
        gc.freeze()
