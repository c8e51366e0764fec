"""The acting user, as the apps below accounts see it.

`accounts.User` is the user model, but core and businesses sit below accounts (layers: they reach
the user model only through settings.AUTH_USER_MODEL), so their services type the acting user
with this protocol: whatever a User has that they read. Apps above accounts use `User` itself.
"""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_officer(self) -> bool: ...

    @property
    def display_name(self) -> str: ...
