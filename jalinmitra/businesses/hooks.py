"""What higher apps contribute to businesses, registered from their `AppConfig.ready` (layers:
businesses never imports them; see docs/architecture.md).

- `offer_photo_saved`: functions `(*, offer_id: int) -> None` run after the commit that stored a
  new photo of an offer (the catalogue makes its WebP thumbnails there, once per upload).
- `offer_photo_deleted`: functions `(*, photo_ids: list[int]) -> None` run inside the
  transaction that deletes offer photos, before their rows go (the catalogue reads its
  thumbnails' file names there and removes the files once the deletion is committed).
"""

from collections.abc import Callable
from functools import partial

from django.db import transaction

offer_photo_saved: list[Callable[..., None]] = []
offer_photo_deleted: list[Callable[..., None]] = []


def register(hook: list, fn: Callable) -> None:
    """Add `fn` to `hook` once (ready() may run more than once in tests)."""
    if fn not in hook:
        hook.append(fn)


def offer_photo_saved_after_commit(*, offer_id: int) -> None:
    """Run every `offer_photo_saved` hook once the current transaction commits."""
    for fn in offer_photo_saved:
        transaction.on_commit(partial(fn, offer_id=offer_id))


def offer_photos_deleting(*, photo_ids: list[int]) -> None:
    """Run every `offer_photo_deleted` hook for photos about to be deleted."""
    if photo_ids:
        for fn in offer_photo_deleted:
            fn(photo_ids=list(photo_ids))
