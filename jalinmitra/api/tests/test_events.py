"""A published schedule: a business's token sees only its own business's meetings. The event
is set up directly in the database (the scheduling flow is the events app's own tests' work)."""

import datetime as dt

import pytest

from jalinmitra.events.models import Event, Meeting, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(verified_all, officer):
    (_a, alice), (_b, bob), (_c, carol) = verified_all
    event = Event.objects.create(name="Temu Usaha", date=dt.date.today(), venue="Aula",
                                 status="published", created_by=officer)  # fmt: skip
    draft = Event.objects.create(name="Draf", date=dt.date.today(), venue="Aula")
    how = Participant._meta.get_field("registered_how").choices[0][0]
    p = {b.pk: Participant.objects.create(event=event, business=b, registered_how=how,
                                          role="buyer" if b == carol else "seller")
         for b in (alice, bob, carol)}  # fmt: skip
    Meeting.objects.create(event=event, seller=p[alice.pk], buyer=p[carol.pk], slot="09:00",
                           table=1, published=True)  # fmt: skip
    Meeting.objects.create(event=event, seller=p[bob.pk], buyer=p[carol.pk], slot="09:20",
                           table=1, published=True)  # fmt: skip
    # A second event whose schedule is drafted but its meetings not yet published.
    later = Event.objects.create(
        name="Berikut", date=dt.date.today(), venue="Aula", status="published"
    )
    q = {b.pk: Participant.objects.create(event=later, business=b, registered_how=how,
                                          role="buyer" if b == carol else "seller")
         for b in (bob, carol)}  # fmt: skip
    Meeting.objects.create(event=later, seller=q[bob.pk], buyer=q[carol.pk], slot="09:40",
                           table=1, published=False)  # fmt: skip
    return event, draft, later


def test_only_own_published_meetings(call, tokens, schedule):
    event, draft, later = schedule
    ids = {e["id"] for e in call("get", "/events", token=tokens["alice"]).json()["items"]}
    assert ids == {event.pk, later.pk}
    path = f"/events/{event.pk}/meetings"
    alice = call("get", path, token=tokens["alice"]).json()["items"]
    assert [(m["seller"], m["slot"]) for m in alice] == [("Keripik Pisang Bu Alice", "09:00")]
    bob = call("get", path, token=tokens["bob"]).json()["items"]
    assert [m["slot"] for m in bob] == ["09:20"]
    assert call("get", path, token=tokens["city"]).json()["count"] == 2
    assert call("get", path, token=tokens["carol"]).json()["count"] == 2
    assert call("get", f"/events/{draft.pk}/meetings", token=tokens["city"]).status_code == 404
    assert call("get", f"/events/{later.pk}/meetings", token=tokens["city"]).json()["count"] == 0
