"""The two transition tables: every button has its service path in the views, the buttons a
page shows are exactly the moves each persona may take, and the services refuse what the
tables refuse. Also: the bank's queue does not grow its queries with its referrals."""

import inspect

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jalinmitra.financing import services, views
from jalinmitra.financing.choices import BankStatus, Status
from jalinmitra.financing.workflow import BANK_FLOW, REFERRAL_FLOW

from .conftest import ALL_ITEMS


def test_every_button_has_a_service_path():
    referral_src = inspect.getsource(views.referral_act)
    for t in REFERRAL_FLOW.buttons():
        assert f'action == "{t.name}"' in referral_src, t.name
        service = {"choose_banks": "referral_banks_choose"}.get(t.name, f"referral_{t.name}")
        assert hasattr(services, service), t.name
    case_src = inspect.getsource(views.case_act)
    for t in BANK_FLOW.buttons():
        assert f'action == "{t.name}"' in case_src, t.name
        assert hasattr(services, f"case_{t.name}"), t.name


def test_tables_reach_every_state():
    assert REFERRAL_FLOW.states_reached(Status.DIAJUKAN) == set(Status.values)
    assert BANK_FLOW.states_reached(BankStatus.MENUNGGU) == set(BankStatus.values)


def test_referral_buttons_per_persona(referral, alice, bob, officer2, banker):
    assert [a.name for a in REFERRAL_FLOW.available(referral, alice[0])] == ["withdraw"]
    assert [a.name for a in REFERRAL_FLOW.available(referral, officer2)] == [
        "check",
        "return",
        "choose_banks",
        "withdraw",
    ]
    assert REFERRAL_FLOW.available(referral, bob[0]) == []
    assert REFERRAL_FLOW.available(referral, banker) == []


def test_bank_buttons_per_persona(forwarded, alice, officer2, banker, banker2):
    assert [a.name for a in BANK_FLOW.available(forwarded, banker)] == ["claim"]
    for other in (banker2, alice[0], officer2):
        assert BANK_FLOW.available(forwarded, other) == []
    services.case_claim(actor=banker, case=forwarded)
    forwarded.refresh_from_db()
    assert [a.name for a in BANK_FLOW.available(forwarded, banker)] == [
        "ask_documents",
        "approve",
        "reject",
    ]
    services.case_ask_documents(actor=banker, case=forwarded, request="KTP")
    forwarded.refresh_from_db()
    assert [a.name for a in BANK_FLOW.available(forwarded, alice[0])] == ["documents_sent"]
    assert [a.name for a in BANK_FLOW.available(forwarded, banker)] == ["reject"]


def test_the_services_refuse_what_the_tables_refuse(referral, officer2, alice):
    services.referral_check(actor=officer2, referral=referral, recommendation="Baik")
    with pytest.raises(Exception) as e:
        services.referral_check(actor=officer2, referral=referral, recommendation="Lagi")
    assert getattr(e.value, "code", None) == "state"
    referral.refresh_from_db()
    assert not REFERRAL_FLOW.allows("check", user=officer2, obj=referral)
    with pytest.raises(Exception) as e:
        services.referral_resubmit(actor=alice[0], referral=referral)
    assert getattr(e.value, "code", None) == "state"


def test_queue_queries_do_not_grow_with_referrals(
    client_of, referral, officer2, banker, partnership, alice, banks
):
    services.referral_check(actor=officer2, referral=referral, recommendation="Baik")
    services.referral_forward(actor=officer2, referral=referral)
    client = client_of(banker)
    url = reverse("financing:bank_queue")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for amount in (5_000_000, 50_000_000, 200_000_000):
        r = services.referral_create(
            actor=alice[0],
            business=alice[1],
            amount=amount,
            purpose="modal_kerja",
            banks=[banks[0]],
            consent_items=ALL_ITEMS,
        )
        services.referral_check(actor=officer2, referral=r, recommendation="Baik")
        services.referral_forward(actor=officer2, referral=r)
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert len(response.context["rows"]) == 4
    assert len(four.captured_queries) == len(one.captured_queries)
