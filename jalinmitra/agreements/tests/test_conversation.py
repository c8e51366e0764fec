"""An agreement's conversation (issue 11): both parties' members and officers read and write;
nobody outside sees it; attachments are size- and type-checked; the other party is notified
and sees the message as new until they mark it read."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jalinmitra.notifications import selectors, services
from jalinmitra.notifications.models import Message, Notification

pytestmark = pytest.mark.django_db


def test_parties_write_and_read_outsiders_cannot(agreement, alice, bob, carol, officer, client_of):
    url = f"/pemberitahuan/percakapan/agreements.agreement/{agreement.pk}/"
    Notification.objects.all().delete()
    response = client_of(alice[0]).post(url, {"body": "Kirim Senin depan 200 kg, ya?"})
    assert response.status_code == 302
    assert [n.recipient for n in Notification.objects.filter(event="conversation.message")] == [
        carol[0]
    ]
    page = client_of(carol[0]).get(url).content.decode()
    assert "Kirim Senin depan 200 kg" in page and "Baru" in page
    client_of(carol[0]).post(url, {"action": "read"})
    items, _last = selectors.thread_messages(user=carol[0], target=agreement)
    assert [m.is_new for m in items] == [False]
    assert client_of(officer).get(url).status_code == 200
    assert client_of(bob[0]).get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.message_post(actor=bob[0], target=agreement, body="Halo")
    assert Message.objects.count() == 1


def test_attachments_checked(agreement, alice, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("nota.pdf", b"%PDF-1.4 nota", content_type="application/pdf")
    m = services.message_post(actor=alice[0], target=agreement, body="Nota", attachment=pdf)
    assert m.attachment.name.endswith(".pdf")
    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        services.message_post(actor=alice[0], target=agreement, body="x", attachment=exe)
    assert "attachment" in e.value.message_dict
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as e:
        services.message_post(actor=alice[0], target=agreement, body="x", attachment=big)
    assert e.value.error_dict["attachment"][0].code == "limit"
    with pytest.raises(ValidationError):
        services.message_post(actor=alice[0], target=agreement, body="   ")
