"""Values kept in the cache with the stamp they were computed under (see selectors.health_stamp
and dashboard.figures_stamp): one cache row per kind of value, overwritten when the stamp
changes, so the cache holds the latest only (a value can be a megabyte) and an old one is never
used."""

from __future__ import annotations

import gc
import pickle
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a large value is computed, pickled or unpickled.
    Such work makes tens of thousands of objects that live a little while (the health of every
    running agreement, the worklist's rows): collected, they are moved to the oldest generation,
    and every few such requests that set off a full collection of the whole process, 100-180 ms
    (measured on the benchmark's data, a third of cold requests). What they leave is freed by
    reference counting; a cycle made meanwhile is collected after. Left paused when it already
    was (by another thread: the one that paused it resumes it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def put(key: str, value: Any, timeout: int) -> None:
    """`value` in the cache pickled and compressed: the health of all running agreements or the
    worklist's rows are near a megabyte pickled, which the database cache took 70-170 ms to
    write (a fifth of that compressed, measured on the benchmark's data)."""
    with collector_paused():
        data = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
    cache.set(key, data, timeout)


def get(key: str) -> Any:
    """What `put` kept under `key`, None when nothing (or something else) is."""
    found = cache.get(key)
    if not isinstance(found, bytes):
        return None
    with collector_paused():
        return pickle.loads(zlib.decompress(found))


def stamped(key: str, stamp: str, compute: Callable[[], T], timeout: int) -> T:
    found = get(key)
    if found is not None and found[0] == stamp:
        return found[1]
    with collector_paused():
        value = compute()
    put(key, (stamp, value), timeout)
    return value
