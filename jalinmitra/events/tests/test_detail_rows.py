"""The participants table renders its rows cheaply (issue 14): links built from the event's URL
and labels from a per-process dict must be exactly what reverse() and Django's helpers give."""

from django.urls import reverse

from jalinmitra.events.models import Participant


def test_participant_rows_link_and_label_like_reverse(client, officer, event, cast):
    client.force_login(officer)
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    participants = list(Participant.objects.filter(event=event))
    assert participants
    for p in participants:
        assert f'<a href="{reverse("events:agenda", args=[event.pk, p.pk])}">' in html
        assert f'<a href="{reverse("events:availability", args=[event.pk, p.pk])}">' in html
        assert f"<td>{p.get_role_display()}</td>" in html
        assert f"<td>{p.get_registered_how_display()}</td>" in html
        if p.is_buyer:
            assert f'<a href="{reverse("events:table_sheet", args=[event.pk, p.pk])}">' in html


def test_no_show_links_follow_the_routes():
    """The table writes these paths by hand under the event's URL."""
    base = reverse("events:detail", args=[7])
    assert reverse("events:no_show", args=[7, 3]) == f"{base}peserta/3/tidak-hadir/"
    assert reverse("events:no_show_undo", args=[7, 3]) == f"{base}peserta/3/tidak-hadir/batalkan/"
