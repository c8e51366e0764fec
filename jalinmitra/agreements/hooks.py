"""What higher apps contribute to agreements' pages, registered from their `AppConfig.ready`
(layers: agreements never imports them; see docs/architecture.md).

- `agreement_detail_panels`: functions `(request, agreement) -> str` returning a piece of HTML
  (already escaped, e.g. from `render_to_string`) shown on the agreement's page, or "" for
  nothing (monitoring registers the partnership's health and its realisation records).
"""

from collections.abc import Callable
from typing import Any

agreement_detail_panels: list[Callable[[Any, Any], str]] = []


def register(hook: list, fn: Callable) -> None:
    """Add `fn` to `hook` once (ready() may run more than once in tests)."""
    if fn not in hook:
        hook.append(fn)
