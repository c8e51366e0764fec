"""Officer pages speak to officers: failed jobs read as failed, icons are SVG, a favicon, the
business description on its page."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from jalinmitra.businesses import services
from jalinmitra.core.models import Job


@pytest.mark.django_db
def test_failed_job_shows_failed_and_its_message_not_a_percentage(client, officer):
    # An import that found bad rows stops after checking: half of its steps done.
    job = Job.objects.create(
        kind="import",
        owner=officer,
        title="Impor usaha: usaha.xlsx",
        status=Job.Status.FAILED,
        total=10,
        done=5,
        message="Tidak ada data yang disimpan: 1 baris bermasalah.",
        result={"errors": [{"row": 4, "column": "nik_pemilik", "message": "NIK salah"}]},
    )
    client.force_login(officer)
    html = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Gagal" in html
    assert "Tidak ada data yang disimpan: 1 baris bermasalah." in html
    assert "50%" not in html
    assert 'role="progressbar"' not in html
    assert "hx-get" not in html  # finished: no more polling


@pytest.mark.django_db
def test_running_job_shows_its_progress(client, officer):
    job = Job.objects.create(
        kind="import", owner=officer, title="Impor", status=Job.Status.RUNNING, total=10, done=5
    )
    client.force_login(officer)
    html = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "50%" in html and 'role="progressbar"' in html


@pytest.mark.django_db
def test_business_page_shows_its_description(client, officer, alice):
    _, business = alice
    services.business_update(
        actor=officer,
        business=business,
        data={
            "description": "Keripik pisang renyah, dibuat tiap pagi.",
            "legal_form": "perorangan",
        },
    )
    client.force_login(officer)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "Keripik pisang renyah, dibuat tiap pagi." in html


@pytest.mark.django_db
def test_pages_link_a_favicon(client):
    html = client.get(reverse("core:home")).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html


def test_icon_tag_renders_inline_svg_with_a_label():
    html = Template('{% load jm %}{% icon "lock" "terkunci" %}{% icon "check" %}').render(Context())
    assert html.count("<svg") == 2
    assert 'aria-label="terkunci"' in html
    assert 'aria-hidden="true"' in html


def test_templates_use_no_emoji_icons():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "jalinmitra"
    emoji = re.compile("[\U0001f000-\U0001ffff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")
    found = [
        f"{path.relative_to(root)}: {m.group()}"
        for path in root.rglob("*.html")
        for m in emoji.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_no_management_commands_shown_to_users():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "jalinmitra"
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if "manage.py" in path.read_text(encoding="utf-8")
    ]
    assert not found, found


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
