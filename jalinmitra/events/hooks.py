"""What higher apps contribute to events, registered from their `AppConfig.ready` (layers:
events never imports them; see docs/architecture.md).

- `event_report_agreements`: functions `(event) -> list` of the agreements that came from the
  event, listed in its report (agreements registers one).
- `invitation_done`: functions `() -> Exists` over a `MeetingInvitation` queryset, true when the
  invitation already led to something that ends it (a partnership agreement), so it is not
  requested again at the next event.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Exists

event_report_agreements: list[Callable[[Any], list]] = []
invitation_done: list[Callable[[], Exists]] = []


def register(hook: list, fn: Callable) -> None:
    """Add `fn` to `hook` once (ready() may run more than once in tests)."""
    if fn not in hook:
        hook.append(fn)
