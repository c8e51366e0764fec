"""State machines as tables: one `Workflow` of `Transition`s per workflow.

A transition names the states it leaves from, the state it reaches, who may take it and the label
of its button. The app's services check a move against the table (`Workflow.check`), its views
list the buttons from it (`Workflow.available`) and its templates render them, so a new state or
move is one edit in the app's ``workflow.py``.

Who may: ``refuse(user, obj)`` returns None when the user may, else the reason shown on the 403
page (PermissionDenied). Beyond the status, ``blocked(obj)`` may name a reason the move is not
possible now (ValidationError, code ``state``), e.g. "this party has already signed".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

Reason = Any  # a str or a lazy translation
Refuse = Callable[[Any, Any], Reason | None]


def nobody_refused(user: Any, obj: Any) -> None:
    return None


def never_blocked(obj: Any) -> None:
    return None


def always_offered(user: Any, obj: Any) -> bool:
    return True


@dataclass(frozen=True)
class Transition:
    name: str
    src: frozenset[str]
    # None: the service decides among the states in `reaches` (signing: ready, or signed once
    # both parties have), or the status does not change (an addendum is a new draft).
    dst: str | None
    label: Reason
    refuse: Refuse = nobody_refused
    blocked: Callable[[Any], Reason | None] = never_blocked
    wrong_state: Reason | None = None  # the refusal when the status is not in `src`
    style: str = ""  # "danger" for a button that undoes or ends something
    form: str = ""  # the extra input the button's form carries ("notes", "scan", ...)
    button: bool = True  # False: a move the system makes (no button)
    # The button is offered only when this also holds; the service may still allow more (the
    # other party confirms ending from the notice above the buttons, not from a button).
    offered: Callable[[Any, Any], bool] = always_offered
    # A label that depends on who looks (an officer "declares" what a party "asks").
    label_for: Callable[[Any, Any], Reason] | None = None
    reaches: frozenset[str] = field(default_factory=frozenset)

    @property
    def to(self) -> str:
        """The state this move reaches; a move whose service decides has none."""
        if self.dst is None:
            raise ValueError(f"{self.name}: the service decides the state it reaches")
        return self.dst

    def targets(self) -> frozenset[str]:
        return frozenset({self.dst}) if self.dst is not None else self.reaches


@dataclass(frozen=True)
class Action:
    """A transition offered to one user on one object: what a template renders."""

    name: str
    label: Reason
    style: str
    form: str
    dst: str | None


class Workflow:
    def __init__(
        self,
        name: str,
        transitions: Iterable[Transition],
        *,
        status: str = "status",
        wrong_state: Callable[[Any], Reason] | None = None,
    ) -> None:
        self.name = name
        self.status = status
        self._by_name: dict[str, Transition] = {}
        for t in transitions:
            if t.name in self._by_name:
                raise ValueError(f"{name}: transition {t.name!r} twice")
            self._by_name[t.name] = t
        self._wrong_state = wrong_state

    def __iter__(self) -> Iterator[Transition]:
        return iter(self._by_name.values())

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> list[str]:
        return list(self._by_name)

    def buttons(self) -> list[Transition]:
        return [t for t in self if t.button]

    def refusal(self, name: str, *, user: Any, obj: Any) -> Exception | None:
        """The refusal `check` would raise, or None."""
        t = self[name]
        reason = t.refuse(user, obj)
        if reason is not None:
            return PermissionDenied(reason)
        if getattr(obj, self.status) not in t.src:
            if t.wrong_state is not None:
                message = t.wrong_state
            elif self._wrong_state is not None:
                message = self._wrong_state(obj)
            else:
                message = _("Tindakan ini tidak dapat dilakukan pada status ini.")
            return ValidationError(message, code="state")
        reason = t.blocked(obj)
        if reason is not None:
            return ValidationError(reason, code="state")
        return None

    def check(self, name: str, *, actor: Any, obj: Any) -> Transition:
        """The transition, if `actor` may take it on `obj` now; else PermissionDenied (the
        wrong person) or ValidationError with code ``state`` (not in this state)."""
        error = self.refusal(name, user=actor, obj=obj)
        if error is not None:
            raise error
        return self[name]

    def allows(self, name: str, *, user: Any, obj: Any) -> bool:
        return self.refusal(name, user=user, obj=obj) is None

    def available(self, obj: Any, user: Any) -> list[Action]:
        """The buttons `user` sees on `obj`: each move the service would allow, in table order."""
        out = []
        for t in self.buttons():
            if self.refusal(t.name, user=user, obj=obj) is None and t.offered(user, obj):
                label = t.label_for(user, obj) if t.label_for is not None else t.label
                out.append(Action(name=t.name, label=label, style=t.style, form=t.form, dst=t.dst))
        return out

    def states_reached(self, status: str) -> set[str]:
        """Every status reachable from `status` (for docs and tests)."""
        seen, todo = {status}, [status]
        while todo:
            s = todo.pop()
            for t in self:
                if s in t.src:
                    for d in t.targets() or {s}:
                        if d not in seen:
                            seen.add(d)
                            todo.append(d)
        return seen
