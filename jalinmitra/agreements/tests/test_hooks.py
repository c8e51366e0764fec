"""agreements adds to the lower events app through events.hooks, registered in ready()."""

from jalinmitra.agreements import selectors
from jalinmitra.events import hooks


def test_agreements_registers_its_contributions():
    assert selectors.agreements_from_event in hooks.event_report_agreements
    assert selectors.invitation_became_agreement in hooks.invitation_done
