"""events knows no higher app: what they add to events comes through events.hooks."""

import pytest

from jalinmitra.events import hooks, selectors


def test_the_report_lists_what_the_hooks_supply(monkeypatch, event):
    monkeypatch.setattr(
        hooks, "event_report_agreements", [lambda e: [f"from {e.name}"], lambda e: []]
    )
    assert selectors.agreements_from(event) == ["from Temu Usaha Uji"]


@pytest.mark.django_db
def test_without_hooks_no_invitation_is_done(monkeypatch):
    monkeypatch.setattr(hooks, "invitation_done", [])
    assert selectors._agreement_from_invitation() is None
