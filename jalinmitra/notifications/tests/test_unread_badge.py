"""The menu's unread badge (selectors.unread_count, one plain query on every signed-in page):
a new notification shows on the next page, a read one leaves it, and nobody sees another
person's count."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from jalinmitra.notifications import selectors, services
from jalinmitra.notifications.models import Notification
from jalinmitra.notifications.tests.test_notify import SIGN, at_noon, people  # noqa: F401


@pytest.mark.django_db
def test_badge_follows_writes_and_is_each_persons_own(client, people, at_noon):  # noqa: F811
    alice, bob, _carol = people
    assert selectors.unread_count(user=AnonymousUser()) == 0
    assert selectors.unread_count(user=alice) == 0
    services.notify(
        event="agreement.ready_to_sign", recipients=[alice], context=SIGN, url="/perjanjian/"
    )
    services.notify(
        event="agreement.ready_to_sign", recipients=[alice], context=SIGN, url="/perjanjian/"
    )
    assert selectors.unread_count(user=alice) == 2
    assert selectors.unread_count(user=bob) == 0
    client.force_login(alice)
    assert "data-unread>2<" in client.get(reverse("notifications:inbox")).content.decode()
    services.notification_mark_read(actor=alice, notification=Notification.objects.first())
    assert "data-unread>1<" in client.get(reverse("notifications:inbox")).content.decode()
    client.force_login(bob)
    assert "data-unread" not in client.get(reverse("notifications:inbox")).content.decode()
