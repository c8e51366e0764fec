"""Where a business reads mail, and in which language: its members' own addresses in each
member's language, the business's address in its first active owner's (issue 11, item 2)."""

import pytest
from django.contrib.auth import get_user_model

from jalinmitra.businesses.choices import MembershipRole
from jalinmitra.businesses.models import Business, Membership
from jalinmitra.businesses.selectors import mail_addresses, merge_addresses

pytestmark = pytest.mark.django_db

User = get_user_model()


def _address(business, email):
    Business.objects.filter(pk=business.pk).update(email=email)


def _member(business, username, *, email, language, role=MembershipRole.STAFF, active=True):
    user = User.objects.create_user(
        username=username, password="x-rahasia-1", email=email, language=language
    )
    if not active:
        User.objects.filter(pk=user.pk).update(is_active=False)
    Membership.objects.create(user=user, business=business, role=role)
    return user


def test_members_in_their_language_the_business_address_in_the_owners(alice):
    owner, business = alice
    User.objects.filter(pk=owner.pk).update(email="alice@contoh.id", language="en")
    _address(business, "toko@contoh.id")
    _member(business, "staf", email="staf@contoh.id", language="id")
    assert mail_addresses(business_ids=[business.pk]) == {
        business.pk: {"en": {"alice@contoh.id", "toko@contoh.id"}, "id": {"staf@contoh.id"}}
    }


def test_without_an_active_owner_login_the_business_address_is_indonesian(alice):
    owner, business = alice
    User.objects.filter(pk=owner.pk).update(email="alice@contoh.id", language="en", is_active=False)
    _address(business, "toko@contoh.id")
    _member(business, "staf", email="staf@contoh.id", language="en")  # staff, not the owner
    _member(business, "lama", email="lama@contoh.id", language="en", active=False)
    assert mail_addresses(business_ids=[business.pk]) == {
        business.pk: {"id": {"toko@contoh.id"}, "en": {"staf@contoh.id"}}
    }


def test_an_unknown_stored_language_falls_back_to_indonesian(alice):
    owner, business = alice
    User.objects.filter(pk=owner.pk).update(email="alice@contoh.id", language="fr")
    assert mail_addresses(business_ids=[business.pk]) == {business.pk: {"id": {"alice@contoh.id"}}}


def test_many_businesses_in_two_queries(alice, bob, carol, django_assert_num_queries):
    for owner, business in (alice, bob, carol):
        User.objects.filter(pk=owner.pk).update(email=f"{owner.username}@contoh.id")
        _address(business, f"kantor-{owner.username}@contoh.id")
    ids = [alice[1].pk, bob[1].pk, carol[1].pk]
    with django_assert_num_queries(2):
        found = mail_addresses(business_ids=ids)
    assert found[bob[1].pk] == {"id": {"bob@contoh.id", "kantor-bob@contoh.id"}}
    assert set(found) == set(ids)


def test_an_address_both_parties_share_goes_once_in_the_first_language():
    merged = merge_addresses({"en": {"a@x.id", "same@x.id"}}, {"id": {"same@x.id", "b@x.id"}})
    assert merged == {"en": {"a@x.id", "same@x.id"}, "id": {"b@x.id"}}
