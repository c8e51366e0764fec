"""An enquiry's conversation: the business's members and officers write in a notifications
Thread on the enquiry; the buyer, who has no account, reads and replies through a private link
with an unguessable token. Nobody else sees it; a wrong token is 404."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from jalinmitra.accounts.models import User
from jalinmitra.catalogue import services
from jalinmitra.catalogue.choices import EnquiryStatus
from jalinmitra.catalogue.models import Enquiry, EnquiryReply
from jalinmitra.notifications.models import Message, Notification
from jalinmitra.notifications.services import thread_may_read

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Bu Rina (Hotel Metro)",
    "phone": "0812 7777 8888",
    "email": "rina@hotel.example",
    "quantity": "50 kg per bulan",
    "message": "Apakah bisa kirim tiap Senin ke hotel kami?",
}


@pytest.fixture
def enquiry(shop, after_commit_now):
    return services.enquiry_create(offer=shop.offer, data=GOOD, client_address="10.0.0.1")


def link(enquiry):
    return f"/katalog/percakapan/{enquiry.token}/"


def test_the_token_is_long_random_and_mailed_to_the_buyer(enquiry, shop):
    other = services.enquiry_create(offer=shop.offer, data=GOOD, client_address="10.0.0.2")
    assert len(enquiry.token) >= 40 and enquiry.token != other.token
    to_buyer = [m for m in mail.outbox if m.to == ["rina@hotel.example"]]
    assert len(to_buyer) == 2 and link(enquiry) in to_buyer[0].body


def test_the_buyer_reads_the_conversation_through_the_link(client, enquiry):
    response = client.get(link(enquiry))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Apakah bisa kirim tiap Senin" in body and enquiry.token in body
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    assert 'type="file"' not in body  # no attachments from the anonymous side


@pytest.mark.parametrize(
    "change", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:20], lambda t: "x"]
)
def test_a_wrong_token_is_404(client, enquiry, change):
    assert client.get(f"/katalog/percakapan/{change(enquiry.token)}/").status_code == 404
    assert (
        client.post(f"/katalog/percakapan/{change(enquiry.token)}/", {"body": "hai"}).status_code
        == 404
    )
    assert not EnquiryReply.objects.exists()


def test_owner_answers_and_the_buyer_reads_it_without_the_owners_name(
    client, client_of, enquiry, shop
):
    User.objects.filter(pk=shop.user.pk).update(full_name="Alice Wulandari")
    shop.user.refresh_from_db()
    owner = client_of(shop.user)
    response = owner.post(
        f"/katalog/pesan/{enquiry.pk}/jawab/",
        {"answer": "Bisa, kami kirim Senin pagi.", "next": "detail"},
    )
    assert response["Location"] == f"/katalog/pesan/{enquiry.pk}/"
    message = Message.objects.get()
    assert message.thread.target == enquiry and message.author == shop.user
    # the buyer is told by mail, with their link
    assert any(
        m.to == ["rina@hotel.example"] and link(enquiry) in m.body and "Balasan" in m.subject
        for m in mail.outbox
    )
    owner.logout()
    body = client.get(link(enquiry)).content.decode()
    assert "Bisa, kami kirim Senin pagi." in body
    assert f"<b>{shop.business.name}</b>" in body
    assert "Wulandari" not in body  # the business's name, not the person's


def test_the_buyer_replies_and_the_owner_is_told(client, client_of, enquiry, shop):
    services.enquiry_mark_read(actor=shop.user, enquiry=enquiry)
    response = client.post(link(enquiry), {"body": "Baik, saya tunggu."})
    assert response.status_code == 302
    reply = EnquiryReply.objects.get()
    assert reply.enquiry == enquiry and reply.body == "Baik, saya tunggu."
    enquiry.refresh_from_db()
    assert enquiry.read_at is None  # back in the inbox as unread
    assert Notification.objects.filter(recipient=shop.user, event="conversation.message").exists()
    page = client_of(shop.user).get(f"/katalog/pesan/{enquiry.pk}/").content.decode()
    assert "Baik, saya tunggu." in page and "Apakah bisa kirim tiap Senin" in page
    assert link(enquiry) in page  # the owner can send the link again
    assert "wa.me/6281277778888" in page


@pytest.mark.parametrize(
    "body, message",
    [
        ("   ", "Tulis pesannya"),
        ("x" * 1001, "Terlalu panjang"),
        ("<script>alert(1)</script>", "tag HTML"),
    ],
)
def test_bad_replies_are_refused_and_nothing_is_stored(client, enquiry, body, message):
    response = client.post(link(enquiry), {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EnquiryReply.objects.exists()


def test_replies_are_rate_limited(enquiry):
    for i in range(services.REPLIES_PER_HOUR):
        services.enquiry_buyer_reply(enquiry=enquiry, body=f"pesan {i}", client_address="10.0.0.1")
    with pytest.raises(ValidationError) as e:
        services.enquiry_buyer_reply(enquiry=enquiry, body="lagi", client_address="10.0.0.9")
    assert e.value.code == "rate_limited"
    assert EnquiryReply.objects.count() == services.REPLIES_PER_HOUR


def test_no_reply_once_closed(client, enquiry, shop):
    services.enquiry_close(actor=shop.user, enquiry=enquiry)
    enquiry.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        services.enquiry_buyer_reply(enquiry=enquiry, body="halo", client_address="10.0.0.1")
    assert e.value.code == "state"
    assert "sudah ditutup" in client.get(link(enquiry)).content.decode()


def test_only_the_business_and_officers_see_the_thread(
    client, client_of, enquiry, shop, bob, officer
):
    bob_user, _ = bob
    assert thread_may_read(user=shop.user, target=enquiry)
    assert thread_may_read(user=officer, target=enquiry)
    assert not thread_may_read(user=bob_user, target=enquiry)
    detail = f"/katalog/pesan/{enquiry.pk}/"
    assert client.get(detail).status_code == 302  # to the login
    assert client_of(bob_user).get(detail).status_code == 403
    assert (
        client_of(bob_user)
        .get(f"/pemberitahuan/percakapan/catalogue.enquiry/{enquiry.pk}/")
        .status_code
        == 403
    )
    response = client_of(bob_user).post(
        f"/katalog/pesan/{enquiry.pk}/jawab/", {"answer": "bukan urusan saya"}
    )
    assert response.status_code == 403
    assert not Message.objects.exists()
    assert client_of(officer).get(detail).status_code == 200
    assert client_of(shop.user).get(detail).status_code == 200
    assert Enquiry.objects.get().status == EnquiryStatus.NEW
