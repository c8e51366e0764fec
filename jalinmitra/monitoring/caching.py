"""Values kept in the cache with the stamp they were computed under (see selectors.health_stamp
and dashboard.figures_stamp): one cache row per kind of value, overwritten when the stamp
changes, so the cache holds the latest only (a value can be a megabyte) and an old one is never
used."""

from __future__ import annotations

import pickle
import uuid
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")


def put(key: str, value: Any, timeout: int) -> None:
    """`value` in the cache pickled and compressed: the health of all running agreements or the
    worklist's rows are near a megabyte pickled, which the database cache took 70-170 ms to
    write (a fifth of that compressed, measured on the benchmark's data)."""
    cache.set(key, zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1), timeout)


def get(key: str) -> Any:
    """What `put` kept under `key`, None when nothing (or something else) is."""
    found = cache.get(key)
    if not isinstance(found, bytes):
        return None
    return pickle.loads(zlib.decompress(found))


def stamped(key: str, stamp: str, compute: Callable[[], T], timeout: int) -> T:
    found = get(key)
    if found is not None and found[0] == stamp:
        return found[1]
    value = compute()
    put(key, (stamp, value), timeout)
    return value


def token(key: str) -> str:
    """The cache token under `key`, which writes renew; made now when it was never set or was
    evicted, so no value cached under an older token is reused."""
    found = cache.get(key)
    if found is None:
        cache.add(key, uuid.uuid4().hex, None)
        found = cache.get(key)
    return str(found)
