"""The agreement workflow table (agreements/workflow.py) is what the services, the view and the
detail page's buttons all use."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jalinmitra.agreements import services, views
from jalinmitra.agreements.choices import Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.agreements.workflow import AGREEMENT_FLOW, END_STATUSES, END_TO
from jalinmitra.core.models import AuditLog

PAGE_MOVES = {"edit", "complete", "terminate"}  # each opens its own page


def _buttons(client, agreement) -> list[str]:
    html = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    return re.findall(r'data-action="([a-z_]+)"', html)


def test_every_button_of_the_table_has_a_service_path_and_nothing_else_does():
    buttons = {t.name for t in AGREEMENT_FLOW.buttons()}
    assert set(views.TRANSITION_CALLS) == buttons - PAGE_MOVES
    assert {t.name for t in AGREEMENT_FLOW if t.form == "page"} == PAGE_MOVES


def test_every_status_is_reached_and_the_end_moves_come_from_the_table():
    assert AGREEMENT_FLOW.states_reached(Status.DRAFT) == set(Status.values)
    assert END_STATUSES["terminate"] == AGREEMENT_FLOW["terminate"].src
    assert END_TO == {"complete": Status.COMPLETED, "terminate": Status.TERMINATED}


def test_an_unknown_move_is_not_in_the_table():
    with pytest.raises(KeyError):
        AGREEMENT_FLOW["publish"]


@pytest.mark.parametrize("stage", ["agreement", "submitted", "ready", "signed"])
def test_buttons_are_exactly_the_moves_the_table_allows(
    request, stage, client_of, officer, officer2, alice, carol, bob
):
    if stage == "submitted":
        a = request.getfixturevalue("agreement")
        agreement = services.agreement_submit(actor=alice[0], agreement=a)
    else:
        agreement = request.getfixturevalue(stage)
    agreement = Agreement.objects.get(pk=agreement.pk)
    seen_any = False
    for user in (alice[0], carol[0], officer, officer2):
        allowed = [a.name for a in AGREEMENT_FLOW.available(agreement, user)]
        assert _buttons(client_of(user), agreement) == allowed
        for t in AGREEMENT_FLOW.buttons():
            if t.offered(user, agreement):
                assert (t.name in allowed) == AGREEMENT_FLOW.allows(
                    t.name, user=user, obj=agreement
                )
        seen_any = seen_any or bool(allowed)
    assert seen_any
    # Bob belongs to neither party: he cannot open the page, and the table gives him nothing.
    assert AGREEMENT_FLOW.available(agreement, bob[0]) == []


def test_the_services_refuse_what_the_table_refuses(agreement, alice, carol, officer, bob):
    """Wrong person: PermissionDenied with the table's reason; wrong state: code "state"."""
    with pytest.raises(PermissionDenied) as e:
        services.agreement_submit(actor=bob[0], agreement=agreement)
    assert str(e.value) == str(AGREEMENT_FLOW["submit"].refuse(bob[0], agreement))
    with pytest.raises(ValidationError) as e:
        services.agreement_activate(actor=officer, agreement=agreement)
    assert e.value.code == "state"
    assert not AGREEMENT_FLOW.allows("activate", user=officer, obj=agreement)
    services.agreement_submit(actor=alice[0], agreement=agreement)
    # The table's separation of duties: the one who submitted does not approve.
    assert not AGREEMENT_FLOW.allows("approve", user=alice[0], obj=agreement)
    with pytest.raises(PermissionDenied):
        services.agreement_approve(actor=alice[0], agreement=agreement)
    assert AGREEMENT_FLOW.allows("approve", user=officer, obj=agreement)


def test_a_posted_move_the_table_refuses_changes_nothing(client_of, agreement, carol, officer):
    before = AuditLog.objects.count()
    response = client_of(officer).post(
        reverse("agreements:transition", args=[agreement.pk, "witness"])
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT
    assert AuditLog.objects.count() == before
    # The wrong person gets the 403 page with the table's reason.
    response = client_of(carol[0]).post(
        reverse("agreements:transition", args=[agreement.pk, "approve"])
    )
    assert response.status_code == 403
    assert "Hanya petugas yang dapat memeriksa perjanjian." in response.content.decode()


def test_each_posted_button_reaches_the_state_the_table_names(
    client_of, agreement, alice, carol, officer
):
    """Walk draft to ready through the page's own buttons."""
    for user, move in ((alice[0], "submit"), (officer, "approve")):
        agreement.refresh_from_db()
        assert move in _buttons(client_of(user), agreement)
        client_of(user).post(reverse("agreements:transition", args=[agreement.pk, move]))
        agreement.refresh_from_db()
        assert agreement.status == AGREEMENT_FLOW[move].dst
    for user, move in ((alice[0], "sign_small"), (carol[0], "sign_large")):
        assert move in _buttons(client_of(user), agreement)
        client_of(user).post(reverse("agreements:transition", args=[agreement.pk, move]))
        agreement.refresh_from_db()
        assert agreement.status in AGREEMENT_FLOW[move].targets()
    assert agreement.status == Status.SIGNED
