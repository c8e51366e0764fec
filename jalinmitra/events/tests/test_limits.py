"""Every text a user types into the events app has a limit, enforced by the service and shown
by the form (issue 8, item 12)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from jalinmitra.events import services
from jalinmitra.events.forms import EventForm, FollowUpForm, ParticipantAddForm
from jalinmitra.events.models import Event, FollowUp, ScheduleRun

pytestmark = pytest.mark.django_db


def test_every_text_field_has_a_maximum_length():
    from django.apps import apps

    for model in apps.get_app_config("events").get_models():
        for field in model._meta.get_fields():
            if field.get_internal_type() == "TextField":
                assert any(isinstance(v, MaxLengthValidator) for v in field.validators), field
            elif field.get_internal_type() == "CharField":
                assert field.max_length, field
    assert ScheduleRun._meta.get_field("message").validators


def test_the_forms_show_their_limits(event):
    html = str(EventForm())
    assert 'name="sessions_text" maxlength="300"' in html
    assert 'name="name" maxlength="200"' in html
    assert 'maxlength="300"' in str(ParticipantAddForm(event=event)["availability"])
    assert 'maxlength="1000"' in str(FollowUpForm()["note"])


def test_the_service_refuses_what_the_form_would(officer, alice, cast, event):
    with pytest.raises(ValidationError) as e:
        services.event_create(
            actor=officer,
            data={
                "name": "N" * 201,
                "date": timezone.localdate() + dt.timedelta(days=3),
                "venue": "Aula",
                "sessions": [{"start": "09:00", "end": "10:00"}],
            },
        )
    assert "name" in e.value.message_dict
    sessions = [{"start": f"{h:02d}:00", "end": f"{h:02d}:30"} for h in range(6, 20)]
    with pytest.raises(ValidationError, match="Paling banyak 12 sesi"):
        services.event_create(
            actor=officer,
            data={
                "name": "Banyak sesi",
                "date": timezone.localdate() + dt.timedelta(days=3),
                "venue": "Aula",
                "sessions": sessions,
            },
        )
    assert not Event.objects.exclude(pk=event.pk).exists()
    followup = FollowUp.objects.create(
        participant=cast["alice"], months=3, due_on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="paling banyak 1000 karakter"):
        services.followup_answer(actor=alice[0], followup=followup, answers={"note": "x" * 1001})
    followup.refresh_from_db()
    assert followup.answers == {}
