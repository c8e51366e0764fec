"""An enquiry's conversation: one notifications Thread on the enquiry. The business's members
and officers write in it with their accounts; the buyer, who has no account, reads it and
replies (guest messages) through a private link with an unguessable token. Nobody else sees it;
a wrong token is 404."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from jalinmitra.accounts.models import User
from jalinmitra.catalogue import services
from jalinmitra.catalogue.choices import EnquiryStatus
from jalinmitra.catalogue.models import Enquiry
from jalinmitra.notifications.models import Message, Notification
from jalinmitra.notifications.selectors import guest_messages
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
    assert not Message.objects.exists()


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
    reply = Message.objects.get()
    assert reply.thread.target == enquiry and reply.body == "Baik, saya tunggu."
    assert reply.by_guest and reply.author is None and reply.guest_name == GOOD["name"]
    assert list(guest_messages(target=enquiry)) == [reply]
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
    assert not Message.objects.exists()


def test_replies_are_rate_limited(enquiry):
    for i in range(services.REPLIES_PER_HOUR):
        services.enquiry_buyer_reply(enquiry=enquiry, body=f"pesan {i}", client_address="10.0.0.1")
    with pytest.raises(ValidationError) as e:
        services.enquiry_buyer_reply(enquiry=enquiry, body="lagi", client_address="10.0.0.9")
    assert e.value.code == "rate_limited"
    assert guest_messages(target=enquiry).count() == services.REPLIES_PER_HOUR


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


def test_one_thread_in_order_on_both_sides_and_the_officer_reads_it(
    client, client_of, enquiry, shop, officer
):
    services.enquiry_answer(actor=shop.user, enquiry=enquiry, answer="Bisa, Senin pagi.")
    client.post(link(enquiry), {"body": "Baik, berapa ongkirnya?"})
    services.enquiry_answer(actor=shop.user, enquiry=enquiry, answer="Gratis ongkir di kota.")
    texts = ["Apakah bisa kirim", "Bisa, Senin pagi.", "Baik, berapa ongkirnya?", "Gratis ongkir"]
    for page in (
        client.get(link(enquiry)).content.decode(),
        client_of(shop.user).get(f"/katalog/pesan/{enquiry.pk}/").content.decode(),
    ):
        positions = [page.index(t) for t in texts]
        assert positions == sorted(positions)
    assert Message.objects.count() == 3  # one store: the answers and the reply in one thread
    # The officer reads the programme's threads on the notifications page: the buyer's reply
    # under the name they gave, new to the officer until read.
    page = client_of(officer).get(f"/pemberitahuan/percakapan/catalogue.enquiry/{enquiry.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert f"<b>{GOOD['name']}</b>" in body and "Baik, berapa ongkirnya?" in body
    assert body.count(' unread"') == 3  # all three unread for the officer


def test_the_owner_sees_the_buyers_reply_as_new_until_read(client, client_of, enquiry, shop):
    services.enquiry_answer(actor=shop.user, enquiry=enquiry, answer="Bisa.")
    client.post(link(enquiry), {"body": "Terima kasih."})
    owner = client_of(shop.user)
    thread = f"/pemberitahuan/percakapan/catalogue.enquiry/{enquiry.pk}/"
    assert owner.get(thread).content.decode().count(' unread"') == 1  # the reply only
    owner.post(thread, {"action": "read"})
    assert ' unread"' not in owner.get(thread).content.decode()


def test_the_address_limit_holds_across_enquiries(shop):
    first = services.enquiry_create(offer=shop.offer, data=GOOD, client_address="10.0.0.1")
    second = services.enquiry_create(offer=shop.offer, data=GOOD, client_address="10.0.0.2")
    for i in range(services.REPLIES_PER_HOUR):
        services.enquiry_buyer_reply(enquiry=first, body=f"pesan {i}", client_address="10.0.0.7")
    with pytest.raises(ValidationError) as e:
        services.enquiry_buyer_reply(enquiry=second, body="lagi", client_address="10.0.0.7")
    assert e.value.code == "rate_limited"
    assert not guest_messages(target=second).exists()
    services.enquiry_buyer_reply(enquiry=second, body="dari alamat lain", client_address="10.0.0.8")


def test_a_guest_writes_only_where_an_app_opened_a_conversation_and_never_a_file(enquiry, shop):
    from django.core.exceptions import PermissionDenied
    from django.db import IntegrityError, transaction

    from jalinmitra.notifications.services import guest_message_post

    with pytest.raises(PermissionDenied):
        guest_message_post(target=shop.business, name="Rina", body="halo")
    with pytest.raises(ValidationError):
        guest_message_post(target=enquiry, name="   ", body="halo")
    message = guest_message_post(target=enquiry, name="Rina", body="halo")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(attachment="percakapan/x.pdf")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(author=shop.user)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_the_replies_into_the_thread():
    """Replies stored as EnquiryReply before become guest messages of the enquiry's thread,
    at their own time; back again when the migration is reversed."""
    import datetime

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("catalogue", "0002_enquiry_thread")]
    after = [("catalogue", "0003_enquiry_replies_to_messages")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        Business = old.get_model("businesses", "Business")
        Offer = old.get_model("businesses", "Offer")
        Enquiry = old.get_model("catalogue", "Enquiry")
        EnquiryReply = old.get_model("catalogue", "EnquiryReply")
        business = Business.objects.create(name="Keripik Bu Alice")
        offer = Offer.objects.create(business=business, title="Keripik", unit="kg")
        enquiry = Enquiry.objects.create(
            offer=offer,
            business=business,
            name="Bu Rina",
            phone="+6281277778888",
            message="Bisa kirim?",
            client_key="k" * 64,
            token="t" * 43,
        )
        at = datetime.datetime(2026, 11, 1, 9, 30, tzinfo=datetime.UTC)
        reply = EnquiryReply.objects.create(enquiry=enquiry, body="Saya tunggu.", client_key="a1")
        EnquiryReply.objects.filter(pk=reply.pk).update(created_at=at)

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        [message] = new.get_model("notifications", "Message").objects.all()
        assert (message.by_guest, message.author_id, message.guest_name) == (True, None, "Bu Rina")
        assert (message.body, message.guest_key, message.created_at) == ("Saya tunggu.", "a1", at)
        assert message.thread.object_id == enquiry.pk
        assert message.thread.content_type.model == "enquiry"

        executor = MigrationExecutor(connection)
        executor.migrate(before)
        back = executor.loader.project_state(before).apps
        [again] = back.get_model("catalogue", "EnquiryReply").objects.all()
        assert (again.enquiry_id, again.body, again.created_at) == (enquiry.pk, "Saya tunggu.", at)
        assert not Message.objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_buyers_mails_are_in_the_language_they_wrote_in(
    client, client_of, shop, settings, after_commit_now
):
    """A buyer who reads the site in English gets their link and the business's answer in
    English, though the owner answers in Indonesian."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(f"/katalog/produk/{shop.offer.pk}/tanya/", GOOD)
    enquiry = Enquiry.objects.get()
    assert enquiry.language == "en"
    client_of(shop.user).post(f"/katalog/pesan/{enquiry.pk}/jawab/", {"answer": "Bisa."})
    to_buyer = [m.subject for m in mail.outbox if m.to == ["rina@hotel.example"]]
    business = shop.business.name
    assert to_buyer == [f"Your message to {business}", f"Reply from {business}"]
