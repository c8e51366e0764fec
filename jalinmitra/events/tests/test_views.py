"""Events pages: happy path, wrong method, wrong person; agendas, check-in, import, exports."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jalinmitra.events import services
from jalinmitra.events.choices import RequestStatus, Role
from jalinmitra.events.models import Meeting, MeetingRequest, Outcome, Participant
from jalinmitra.events.tests.conftest import make_business, on_the_day

pytestmark = pytest.mark.django_db


def _scheduled(officer, cast, event, publish=True):
    for s in ("alice", "bob"):
        r = services.meeting_request_create(
            actor=officer, from_participant=cast[s], to_participant=cast["carol"]
        )
        services.meeting_request_accept(actor=officer, request=r)
    services.schedule_run_create(actor=officer, event=event, background=False)
    if publish:
        services.schedule_publish(actor=officer, event=event)


OFFICER_PAGES = [
    ("events:create", ()),
    ("events:detail", ("E",)),
    ("events:edit", ("E",)),
    ("events:participant_add", ("E",)),
    ("events:participant_import", ("E",)),
    ("events:schedule", ("E",)),
    ("events:schedule_print", ("E",)),
    ("events:schedule_xlsx", ("E",)),
    ("events:checkin", ("E",)),
    ("events:report", ("E",)),
]


@pytest.mark.parametrize("name,args", OFFICER_PAGES)
def test_officer_pages_render_and_are_403_for_business_users(
    name, args, client_of, officer, alice, cast, event
):
    _scheduled(officer, cast, event)
    url = reverse(name, args=[event.pk if a == "E" else a for a in args])
    assert client_of(officer).get(url).status_code == 200
    assert client_of(alice[0]).get(url).status_code == 403


def test_anonymous_is_sent_to_login(client, event):
    response = client.get(reverse("events:detail", args=[event.pk]))
    assert response.status_code == 302 and "/akun/" in response.url


@pytest.mark.parametrize(
    "name", ["events:schedule_run", "events:publish", "events:must_meet", "events:status"]
)
def test_post_only_actions_refuse_get(name, client_of, officer, event):
    assert client_of(officer).get(reverse(name, args=[event.pk])).status_code == 405


def test_event_create_through_the_form(client_of, officer):
    response = client_of(officer).post(
        reverse("events:create"),
        {
            "name": "Temu Usaha Kuliner",
            "date": (timezone.localdate() + dt.timedelta(days=12)).isoformat(),
            "venue": "Aula",
            "sessions_text": "09:00-12:00, 13:00-15:00",
            "meeting_minutes": 20,
            "break_minutes": 0,
            "max_meetings_per_participant": 6,
            "request_expiry_hours": 48,
            "max_open_requests": 10,
            "coverage_bonus": 0.3,
        },
    )
    assert response.status_code == 302
    from jalinmitra.events.models import Event

    event = Event.objects.get(name="Temu Usaha Kuliner")
    assert len(event.slots) == 15


def test_request_inbox_send_accept_decline(client_of, alice, carol, cast, event):
    c = client_of(alice[0])
    url = reverse("events:requests", args=[event.pk])
    page = c.get(url)
    assert page.status_code == 200 and "PT Oleh-Oleh Sari Rasa" in page.content.decode()
    response = c.post(url, {"p": cast["alice"].pk, "to": cast["carol"].pk, "reason": "Keripik"})
    assert response.status_code == 302
    r = MeetingRequest.objects.get()
    # Alice cannot answer her own request; Carol can.
    assert c.post(reverse("events:respond", args=[event.pk, r.pk, "terima"])).status_code == 403
    c2 = client_of(carol[0])
    assert c2.get(reverse("events:respond", args=[event.pk, r.pk, "terima"])).status_code == 405
    c2.post(reverse("events:respond", args=[event.pk, r.pk, "terima"]))
    r.refresh_from_db()
    assert r.status == RequestStatus.ACCEPTED


def test_business_user_cannot_act_for_another_participant(client_of, bob, cast, event):
    c = client_of(bob[0])
    url = reverse("events:requests", args=[event.pk])
    assert c.get(f"{url}?p={cast['alice'].pk}").status_code == 403
    response = c.post(url, {"p": cast["alice"].pk, "to": cast["carol"].pk})
    assert response.status_code == 403
    assert not MeetingRequest.objects.exists()
    assert c.get(reverse("events:agenda", args=[event.pk, cast["alice"].pk])).status_code == 403


def test_schedule_run_lock_publish_in_the_browser(client_of, officer, cast, event):
    for s in ("alice", "bob"):
        services.must_meet_add(actor=officer, seller=cast[s], buyer=cast["carol"])
    c = client_of(officer)
    response = c.post(reverse("events:schedule_run", args=[event.pk]), {})
    assert response.status_code == 302
    assert Meeting.objects.count() == 2
    page = c.get(reverse("events:schedule", args=[event.pk])).content.decode()
    assert "Pemakaian meja" in page and "2</strong> pertemuan" in page
    m = Meeting.objects.first()
    c.post(reverse("events:lock", args=[event.pk, m.pk]))
    m.refresh_from_db()
    assert m.locked
    c.post(reverse("events:publish", args=[event.pk]))
    assert Meeting.objects.filter(published=True).count() == 2


def test_agenda_page_ics_and_pdf(client_of, officer, alice, cast, event):
    _scheduled(officer, cast, event)
    c = client_of(alice[0])
    response = c.get(reverse("events:mine", args=[event.pk]))
    assert response.url == reverse("events:agenda", args=[event.pk, cast["alice"].pk])
    page = c.get(response.url).content.decode()
    assert "PT Oleh-Oleh Sari Rasa" in page and "<svg" in page
    ics = c.get(reverse("events:agenda_ics", args=[event.pk, cast["alice"].pk]))
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    m = Meeting.objects.get(seller=cast["alice"])
    start = event.slot_start(m.slot)
    import datetime as dt

    assert f"DTSTART:{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    pdf = c.get(reverse("events:agenda_pdf", args=[event.pk, cast["alice"].pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_master_xlsx_pdf_and_table_sheet(client_of, officer, cast, event):
    _scheduled(officer, cast, event)
    c = client_of(officer)
    xlsx = c.get(reverse("events:schedule_xlsx", args=[event.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = list(wb["Jadwal"].iter_rows(values_only=True))
    assert rows[2][0] == "Mulai" and len(rows) == 3 + 2
    pdf = c.get(reverse("events:schedule_pdf", args=[event.pk]))
    assert pdf.content.startswith(b"%PDF")
    sheet = c.get(reverse("events:table_sheet", args=[event.pk, cast["carol"].pk])).content.decode()
    assert "meja 2" in sheet and "Keripik Pisang Bu Alice" in sheet


def test_check_in_by_token_and_by_search(client_of, officer, alice, cast, event):
    on_the_day(event)
    c = client_of(officer)
    p = cast["alice"]
    page = c.get(reverse("events:checkin_token", args=[event.pk, p.checkin_token]))
    assert page.status_code == 200 and "Catat hadir" in page.content.decode()
    assert c.get(reverse("events:checkin_token", args=[event.pk, "palsu:xyz"])).status_code == 404
    assert (
        client_of(alice[0])
        .get(reverse("events:checkin_token", args=[event.pk, p.checkin_token]))
        .status_code
        == 403
    )
    c = client_of(officer)
    c.post(reverse("events:checkin_mark", args=[event.pk, p.pk]))
    p.refresh_from_db()
    assert p.checked_in_at is not None
    found = c.get(reverse("events:checkin", args=[event.pk]), {"q": "kemplang"}).content.decode()
    assert "Kemplang Pak Bob</strong>" in found and "Keripik Pisang Bu Alice</strong>" not in found


def test_no_show_and_walk_in_from_the_pages(client_of, officer, cast, event):
    _scheduled(officer, cast, event)
    on_the_day(event)
    c = client_of(officer)
    c.post(reverse("events:no_show", args=[event.pk, cast["bob"].pk]))
    walk_in = make_business(officer, "Warung Datang")
    response = c.post(
        reverse("events:participant_add", args=[event.pk]),
        {"business": walk_in.pk, "how": "on_the_spot", "tables": 1, "meet": [cast["carol"].pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    c.post(reverse("events:schedule_run", args=[event.pk]), {})
    p = Participant.objects.get(business=walk_in)
    assert Meeting.objects.filter(seller=p).exclude(status="cancelled").count() == 1


def test_outcome_form_each_side(client_of, officer, alice, carol, cast, event):
    _scheduled(officer, cast, event)
    on_the_day(event)
    m = Meeting.objects.get(seller=cast["alice"])
    url = reverse("events:outcome", args=[event.pk, m.pk])
    assert client_of(alice[0]).get(url).status_code == 200
    client_of(alice[0]).post(url, {"pihak": "seller", "result": "negosiasi", "rating": 4})
    assert (
        client_of(alice[0])
        .post(url, {"pihak": "buyer", "result": "negosiasi", "rating": 4})
        .status_code
        == 403
    )
    client_of(carol[0]).post(url, {"pihak": "buyer", "result": "sepakat_bermitra", "rating": 5})
    assert Outcome.objects.count() == 2
    page = client_of(officer).get(reverse("events:report", args=[event.pk])).content.decode()
    assert "Sepakat bermitra" in page
    assert client_of(cast and officer).get(url, {"pihak": "seller"}).status_code == 200


def _upload(c, event, name, content):
    return c.post(
        reverse("events:participant_import", args=[event.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_import_all_or_nothing(client_of, officer, event, alice):
    make_business(officer, "PT Pembeli Impor", large=True, nib="5555555555557")
    make_business(officer, "Toko Kecil Impor")
    c = client_of(officer)
    bad = (
        "nib,nama_usaha,peran,meja,ketersediaan\n"
        "5555555555557,,,2,09:00-10:00\n"
        ",Toko Kecil Impor,,,\n"
        "9999999999999,,,,\n"
        ",Tidak Ada,,,\n"
        f"{alice[1].nib},,penjual,3,25:00-26:00\n"
    )
    page = _upload(c, event, "peserta.csv", bad.encode()).content.decode()
    assert "tidak ada data yang disimpan" in page
    for row in ("4", "5", "6"):
        assert f"<td>{row}</td>" in page
    assert not Participant.objects.exists()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["nib", "nama_usaha", "peran", "meja", "ketersediaan"])
    ws.append(["5555555555557", None, None, 2, "09:00-10:00"])
    ws.append([None, "Toko Kecil Impor", None, None, None])
    out = io.BytesIO()
    wb.save(out)
    response = _upload(c, event, "peserta.xlsx", out.getvalue())
    assert response.status_code == 302
    buyer = Participant.objects.get(role=Role.BUYER)
    assert buyer.tables == 2 and buyer.available_slots == ["09:00", "09:20", "09:40"]
    assert Participant.objects.count() == 2


def test_self_registration_page(client_of, alice, event):
    business = alice[1]
    business.status = "verified"
    business.save()
    c = client_of(alice[0])
    page = c.get(reverse("events:requests", args=[event.pk])).content.decode()
    assert "Daftarkan usaha" in page
    c.post(reverse("events:register", args=[event.pk]), {"business": business.pk})
    assert Participant.objects.filter(business=business, registered_how="self").exists()


def test_event_list_for_both(client_of, officer, alice, event):
    assert event.name in client_of(officer).get(reverse("events:list")).content.decode()
    assert event.name in client_of(alice[0]).get(reverse("events:list")).content.decode()


def test_pages_make_a_bounded_number_of_queries(client_of, officer, cast, event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _scheduled(officer, cast, event)
    c = client_of(officer)
    counts = {}
    for name in ("events:detail", "events:schedule"):
        with CaptureQueriesContext(connection) as q:
            assert c.get(reverse(name, args=[event.pk])).status_code == 200
        counts[name] = len(q)
    for i in range(5):
        p = services.participant_add(
            actor=officer,
            event=event,
            business=make_business(officer, f"Tambahan {i}"),
            how="invited",
        )
        services.must_meet_add(actor=officer, seller=p, buyer=cast["dina"])
    services.schedule_run_create(actor=officer, event=event, background=False)
    for name, before in counts.items():
        with CaptureQueriesContext(connection) as q:
            c.get(reverse(name, args=[event.pk]))
        assert len(q) <= before + 1, name


def test_commands(officer, cast, event, capsys):
    from django.core.management import call_command

    call_command("remind_event_participants", event=event.pk)
    out = capsys.readouterr().out
    assert "7 peserta belum meminta bertemu" in out and "Keripik Pisang Bu Alice" in out
    call_command("create_followups")
    assert "survei tindak lanjut dibuat" in capsys.readouterr().out
    call_command("expire_meeting_requests")
    assert "kedaluwarsa" in capsys.readouterr().out


def test_demo_event_command(officer, capsys):
    from django.core.management import call_command

    for i in range(4):
        make_business(officer, f"Mikro Demo {i}")
    make_business(officer, "PT Besar Demo", large=True, nib="5555555555599")
    call_command("demo_event")
    call_command("demo_event")
    out = capsys.readouterr().out
    assert out.count("16 slot") == 2 and "Jadwal terbit" in out


def test_schedule_page_explains_that_pending_requests_weigh_less(client_of, officer, event):
    page = client_of(officer).get(reverse("events:schedule", args=[event.pk])).content.decode()
    assert "belum dijawab" in page and "bobot lebih rendah (70)" in page
    assert "diterima</strong>: bobot 100" in page
