"""core.workflow: a table of transitions checks who may and from which state."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jalinmitra.core.workflow import Transition, Workflow


def _officer(user, obj):
    return None if user.is_officer else "Hanya petugas."


FLOW = Workflow(
    "lamp",
    [
        Transition("on", src=frozenset({"off"}), dst="on", label="Nyalakan"),
        Transition(
            "off",
            src=frozenset({"on"}),
            dst="off",
            label="Matikan",
            refuse=_officer,
            blocked=lambda obj: "Terkunci." if obj.locked else None,
            style="danger",
        ),
        Transition("fix", src=frozenset({"broken"}), dst="off", label="Perbaiki", button=False),
    ],
)
OFFICER = SimpleNamespace(is_officer=True)
CITIZEN = SimpleNamespace(is_officer=False)


def test_check_says_which_refusal():
    lamp = SimpleNamespace(status="on", locked=False)
    with pytest.raises(PermissionDenied, match="Hanya petugas."):
        FLOW.check("off", actor=CITIZEN, obj=lamp)
    with pytest.raises(ValidationError) as e:
        FLOW.check("on", actor=CITIZEN, obj=lamp)
    assert e.value.code == "state"
    lamp.locked = True
    with pytest.raises(ValidationError, match="Terkunci.") as e:
        FLOW.check("off", actor=OFFICER, obj=lamp)
    assert e.value.code == "state"
    lamp.locked = False
    assert FLOW.check("off", actor=OFFICER, obj=lamp).dst == "off"


def test_available_lists_the_allowed_buttons_only():
    lamp = SimpleNamespace(status="on", locked=False)
    assert [a.name for a in FLOW.available(lamp, OFFICER)] == ["off"]
    assert FLOW.available(lamp, CITIZEN) == []
    broken = SimpleNamespace(status="broken", locked=False)
    assert FLOW.available(broken, OFFICER) == []  # "fix" is the system's, no button
    assert FLOW.allows("fix", user=CITIZEN, obj=broken)


def test_a_name_twice_is_refused_and_reachability_follows_the_table():
    with pytest.raises(ValueError):
        Workflow("x", [FLOW["on"], FLOW["on"]])
    assert FLOW.states_reached("broken") == {"broken", "off", "on"}
    assert FLOW.states_reached("on") == {"on", "off"}
