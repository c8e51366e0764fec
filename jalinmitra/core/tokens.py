"""Cache tokens: a random value in the cache under a key, renewed by every write that makes
what was cached under it stale. A reader keys (or stamps) its cached value with the token it
read; once the token is renewed, nothing cached under the old one is used again.

One way for every app (the kept public pages, the offer index, the monitoring figures and
choices): renewed at once and again after the commit, read or made on first use."""

from __future__ import annotations

import uuid

from django.core.cache import BaseCache, caches
from django.db import DatabaseError, transaction


def renew(key: str, *, cache: BaseCache | None = None) -> None:
    """A new token under `key`: now (the database cache writes in the writer's transaction, so
    the writing request sees it at once) and again once committed (a reader in between may have
    cached the old data under the new token). Without a cache table (yet) nothing can have been
    cached under it either: nothing to renew."""
    cache = cache or caches["default"]
    try:
        cache.set(key, uuid.uuid4().hex, None)
    except DatabaseError:
        return
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def read(key: str, *, cache: BaseCache | None = None) -> str:
    """The token under `key`, made now when it was never set or was evicted (so no value
    cached under an older token is reused)."""
    cache = cache or caches["default"]
    found = cache.get(key)
    if found is None:
        cache.add(key, uuid.uuid4().hex, None)
        found = cache.get(key)
    return str(found)
