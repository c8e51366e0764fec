"""What higher apps contribute to core's pages, registered from their `AppConfig.ready` (layers:
core never imports them; see docs/architecture.md).

- `home_redirects`: functions `(*, user) -> str | None`, the URL of a signed-in user's home when
  it is not the default one (financing sends a bank user to the bank's queue); the first
  answer wins.
"""

from collections.abc import Callable
from typing import Any

home_redirects: list[Callable[..., str | None]] = []


def register(hook: list, fn: Callable) -> None:
    """Add `fn` to `hook` once (ready() may run more than once in tests)."""
    if fn not in hook:
        hook.append(fn)


def home_for(*, user: Any) -> str | None:
    for fn in home_redirects:
        url = fn(user=user)
        if url:
            return url
    return None
