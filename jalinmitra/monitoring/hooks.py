"""What higher apps contribute to monitoring's programme figures, registered from their
`AppConfig.ready` (layers: monitoring never imports them; see docs/architecture.md).

- `programme_figures`: functions `(*, start, end) -> list[(label, value, unit)]`, aggregate
  figures for the chosen period with no personal data; unit is "count" or "rupiah".
  financing registers its KUR referrals, approvals and disbursements.
"""

from collections.abc import Callable
from typing import Any

programme_figures: list[Callable[..., list[tuple[Any, int, str]]]] = []


def register(hook: list, fn: Callable) -> None:
    """Add `fn` to `hook` once (ready() may run more than once in tests)."""
    if fn not in hook:
        hook.append(fn)


def figures_for(*, start: Any, end: Any) -> list[tuple[Any, int, str]]:
    """Every registered app's figures for the period, in registration order."""
    return [row for fn in programme_figures for row in fn(start=start, end=end)]
