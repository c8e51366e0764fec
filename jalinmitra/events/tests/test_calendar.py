"""The agenda's .ics (RFC 5545): typed text cannot break out of its property (issue 8, item 12)."""

import pytest
from django.urls import reverse

from jalinmitra.businesses.models import Business
from jalinmitra.events import agenda, services
from jalinmitra.events.models import Event

pytestmark = pytest.mark.django_db

NASTY = "Toko; A, B \\ C\rSUMMARY:palsu\nEND:VEVENT\r\nX"


def test_text_escapes_backslash_semicolon_comma_and_every_line_break():
    assert agenda._ics_escape("a\\b;c,d") == "a\\\\b\\;c\\,d"
    assert agenda._ics_escape("a\rb\nc\r\nd") == "a\\nb\\nc\\nd"
    assert agenda._ics_escape("bel\x07l\x00") == "bell"
    assert "\r" not in agenda._ics_escape(NASTY) and "\n" not in agenda._ics_escape(NASTY)


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = agenda._fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


def test_a_name_with_cr_and_lf_stays_inside_its_property(client_of, officer, alice, cast, event):
    r = services.meeting_request_create(
        actor=officer, from_participant=cast["alice"], to_participant=cast["carol"]
    )
    services.meeting_request_accept(actor=officer, request=r)
    services.schedule_run_create(actor=officer, event=event, background=False)
    services.schedule_publish(actor=officer, event=event)
    # Stored directly: the registry's own rules on names are not what is tested here.
    Business.objects.filter(pk=cast["carol"].business_id).update(name=NASTY)
    Event.objects.filter(pk=event.pk).update(venue="Aula; Lt. 2,\rRuang\nA")
    response = client_of(alice[0]).get(
        reverse("events:agenda_ics", args=[event.pk, cast["alice"].pk])
    )
    body = response.content.decode()
    lines = body.split("\r\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    # No bare CR or LF anywhere: every line ends in CRLF.
    assert "\r" not in "".join(lines) and "\n" not in "".join(lines)
    # Unfold, then each property is where it belongs and nothing was injected.
    unfolded = body.replace("\r\n ", "").split("\r\n")
    assert sum(1 for line in unfolded if line.startswith("SUMMARY:")) == 1
    assert sum(1 for line in unfolded if line == "END:VEVENT") == 1
    summary = next(line for line in unfolded if line.startswith("SUMMARY:"))
    assert summary == ("SUMMARY:Temu usaha: Toko\\; A\\, B \\\\ C\\nSUMMARY:palsu\\nEND:VEVENT\\nX")
    location = next(line for line in unfolded if line.startswith("LOCATION:"))
    assert location.startswith("LOCATION:Aula\\; Lt. 2\\,\\nRuang\\nA")
    assert all(len(line.encode()) <= 75 for line in lines)
