"""What higher apps contribute to businesses, registered from their `AppConfig.ready` (layers:
businesses never imports them; see docs/architecture.md).

- `offer_photo_saved`: functions `(*, offer_id: int) -> None` run after the commit that stored a
  new photo of an offer (the catalogue makes its WebP thumbnails there, once per upload).
"""

from collections.abc import Callable
from functools import partial

from django.db import transaction

offer_photo_saved: list[Callable[..., None]] = []


def register(hook: list, fn: Callable) -> None:
    """Add `fn` to `hook` once (ready() may run more than once in tests)."""
    if fn not in hook:
        hook.append(fn)


def offer_photo_saved_after_commit(*, offer_id: int) -> None:
    """Run every `offer_photo_saved` hook once the current transaction commits."""
    for fn in offer_photo_saved:
        transaction.on_commit(partial(fn, offer_id=offer_id))
