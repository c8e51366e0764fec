"""gunicorn settings for JalinMitra (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Every value can be changed through the environment, the same file of variables the app
reads (/etc/jalinmitra/jalinmitra.env with the systemd units in deploy/systemd/)."""

import gc
import multiprocessing
import os

# Behind Caddy or nginx on the same machine: listen on loopback only.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request has a process of its own; two per core is plenty for a city.
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, multiprocessing.cpu_count() * 2))))
worker_class = "sync"
# Kill a request stuck longer than this (PDFs and imports run in the task worker, not here).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow memory leak never grows unbounded. Rarely: a new
# worker builds the matching index before it serves (seconds at 50,000 offers), and the other
# worker carries every request meanwhile. 0 turns recycling off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
# Request line and header limits (gunicorn's defaults, written down).
limit_request_line = 4094
limit_request_fields = 100
# The proxy in front is the only one whose X-Forwarded-* headers count.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "jalinmitra"


def post_worker_init(worker):
    """Build the matching index when a worker starts, not on the first user's need page (it
    loads every active offer: seconds on a large registry). Off with WARM_MATCHING_INDEX=0; a
    database that is down only postpones it to the first request.

    Then freeze what the worker holds so far (Django, the index) out of the cycle collector's
    sight (off with GC_FREEZE=0): at 50,000 offers the index is ~400,000 tracked objects, and
    each full collection walked them all, 300 ms about once every 1,000-2,000 requests, every
    request queued behind it waiting. Frozen objects are still freed when nothing refers to
    them; only cycles among them would stay (the index is updated in place, never replaced)."""
    if os.environ.get("WARM_MATCHING_INDEX", "1") == "1":
        try:
            from django.db import connections

            from jalinmitra.matching.selectors import offer_index

            offer_index()
            connections.close_all()
        except Exception as e:  # noqa: BLE001 - a worker must start even if this fails
            worker.log.warning("matching index not warmed: %s", e)
    if os.environ.get("GC_FREEZE", "1") == "1":
        gc.collect()
        gc.freeze()
