"""What higher apps tell notifications: who the parties of an object's conversation are.

`thread_parties["agreements.agreement"] = fn(*, obj) -> list of users`, filled in the higher
app's AppConfig.ready. An object without an entry has no conversation; officers read and
join every thread of the programme."""

from collections.abc import Callable

thread_parties: dict[str, Callable[..., list]] = {}


def register_thread(label: str, parties: Callable[..., list]) -> None:
    thread_parties[label] = parties
