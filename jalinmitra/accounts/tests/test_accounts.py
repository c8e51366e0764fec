"""Signing in and out, password reset, self sign-up and the owner invitation link."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jalinmitra.accounts.models import Invitation, User
from jalinmitra.accounts.services import invitation_create
from jalinmitra.businesses.models import Business, Membership
from jalinmitra.core.models import AuditLog, City

# --- login and logout -------------------------------------------------------


@pytest.mark.django_db
def test_login_page_renders(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Lupa kata sandi?" in response.content.decode()


@pytest.mark.django_db
def test_login_with_right_password(client, officer):
    response = client.post(
        reverse("accounts:login"), {"username": "petugas1", "password": "rahasia-petugas-1"}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert int(client.session[SESSION_KEY]) == officer.pk


@pytest.mark.django_db
def test_login_shows_the_site_in_the_persons_chosen_language(client, officer, settings):
    User.objects.filter(pk=officer.pk).update(language="en")
    response = client.post(
        reverse("accounts:login"), {"username": "petugas1", "password": "rahasia-petugas-1"}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(reverse("accounts:login"))["Content-Language"] == "en"


@pytest.mark.django_db
def test_login_in_indonesian_keeps_an_earlier_switch(client, officer, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("accounts:login"), {"username": "petugas1", "password": "rahasia-petugas-1"}
    )
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.get(reverse("accounts:login"))["Content-Language"] == "en"


@pytest.mark.django_db
def test_login_with_wrong_password_stays_out(client, officer):
    response = client.post(reverse("accounts:login"), {"username": "petugas1", "password": "salah"})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_login_follows_next(client, officer):
    response = client.post(
        reverse("accounts:login"),
        {
            "username": "petugas1",
            "password": "rahasia-petugas-1",
            "next": reverse("businesses:queue"),
        },
    )
    assert response.url == reverse("businesses:queue")


@pytest.mark.django_db
def test_logout_by_post(client, officer):
    client.force_login(officer)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_logout_by_get_is_refused(client, officer):
    client.force_login(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert int(client.session[SESSION_KEY]) == officer.pk


# --- password reset ---------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_mails_a_working_link(client, alice, mailoutbox):
    user, _ = alice
    user.email = "alice@example.id"
    user.save()

    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.id"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alice@example.id"]
    assert "Nama pengguna Anda: alice" in mail.body
    link = re.search(r"https?://testserver(/\S+)", mail.body).group(1)

    # The confirm view swaps the token into the session and redirects to a set-password URL.
    response = client.get(link)
    assert response.status_code == 302
    set_url = response.url
    response = client.get(set_url)
    assert response.context["validlink"] is True
    response = client.post(
        set_url,
        {"new_password1": "kerupuk-kulit-2026", "new_password2": "kerupuk-kulit-2026"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("kerupuk-kulit-2026")

    # A reset link works once.
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False
    assert "Tautan tidak berlaku lagi" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_unknown_email_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "siapa@example.id"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


# --- sign-up ----------------------------------------------------------------


def _signup_post(**changes) -> dict:
    data = {
        "full_name": "Dewi Lestari",
        "username": "dewi",
        "email": "dewi@example.id",
        "password1": "tapis-lampung-88",
        "password2": "tapis-lampung-88",
        "business_name": "Tapis Dewi",
        "privacy_consent": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_signup_creates_user_draft_business_membership_and_consent(client):
    assert client.get(reverse("accounts:signup")).status_code == 200
    response = client.post(reverse("accounts:signup"), _signup_post())
    user = User.objects.get(username="dewi")
    business = Business.objects.get(name="Tapis Dewi")
    assert response.status_code == 200
    assert "Pendaftaran diterima" in response.content.decode()
    # Not signed in by sign-up (the answer must not differ from a taken username's): the owner
    # signs in next and finds the draft.
    assert SESSION_KEY not in client.session
    response = client.post(
        reverse("accounts:login"), {"username": "dewi", "password": "tapis-lampung-88"}
    )
    assert int(client.session[SESSION_KEY]) == user.pk
    assert client.get(reverse("businesses:edit", args=[business.pk])).status_code == 200

    assert user.role == "usaha"
    assert user.full_name == "Dewi Lestari"
    assert user.check_password("tapis-lampung-88")
    assert business.status == "draft"
    assert business.owner_name == "Dewi Lestari"
    assert not business.assisted
    assert business.privacy_consent_at is not None
    assert business.privacy_consent_version == City.objects.get().privacy_notice_version
    assert Membership.objects.filter(user=user, business=business, role="owner").exists()
    assert AuditLog.objects.filter(action="business.create", business_id=business.pk).exists()
    assert AuditLog.objects.filter(action="membership.add", business_id=business.pk).exists()


@pytest.mark.django_db
def test_signup_without_consent_saves_nothing(client):
    data = _signup_post()
    del data["privacy_consent"]
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["privacy_consent"] == [
        "Persetujuan pemberitahuan privasi diperlukan."
    ]
    assert not User.objects.filter(username="dewi").exists()
    assert not Business.objects.filter(name="Tapis Dewi").exists()


@pytest.mark.django_db
def test_signup_mismatched_passwords_is_a_form_error_but_a_taken_username_is_not(client, alice):
    response = client.post(
        reverse("accounts:signup"), _signup_post(username="ALICE", password2="lain-sama-sekali-9")
    )
    errors = response.context["form"].errors
    assert set(errors) == {"password2"}
    assert errors["password2"] == ["Kedua kata sandi tidak sama."]
    assert not Business.objects.filter(name="Tapis Dewi").exists()


def _without_csrf(html: str) -> str:
    html = re.sub(r'name="csrf-token" content="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.django_db
def test_signup_answers_a_taken_username_exactly_like_a_new_one(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    owner = alice[0]
    owner.email = "alice@example.id"
    owner.save(update_fields=["email"])
    password_before = owner.password
    businesses_before = Business.objects.count()

    new = Client().post(reverse("accounts:signup"), _signup_post())
    with django_capture_on_commit_callbacks(execute=True):
        taken = Client().post(
            reverse("accounts:signup"),
            _signup_post(username=owner.username.upper(), business_name="Tapis Palsu"),
        )
    # A username with the same letters, so that the echoed name is the same on both pages.
    other = Client().post(
        reverse("accounts:signup"), _signup_post(username=owner.username.upper() + "x")
    )

    assert new.status_code == taken.status_code == 200
    assert sorted(new.headers) == sorted(taken.headers)
    assert set(new.cookies) == set(taken.cookies)
    assert _without_csrf(taken.content.decode()).replace(owner.username.upper(), "dewi") == (
        _without_csrf(new.content.decode())
    )
    assert _without_csrf(other.content.decode()).replace(owner.username.upper() + "x", "dewi") == (
        _without_csrf(new.content.decode())
    )

    # The taken one changed nothing: no business, the owner's password stands.
    assert not Business.objects.filter(name="Tapis Palsu").exists()
    assert Business.objects.count() == businesses_before + 2
    owner.refresh_from_db()
    assert owner.password == password_before
    # Its owner is told, and nobody else is mailed.
    assert [m.to for m in mailoutbox] == [["alice@example.id"]]
    assert owner.username in mailoutbox[0].body
    assert "mencoba mendaftar" in mailoutbox[0].body


@pytest.mark.django_db
def test_the_taken_usernames_holder_is_told_in_their_own_language(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    """Someone browsing in Indonesian tries an English reader's username: the holder's mail
    is English."""
    owner = alice[0]
    owner.email = "alice@example.id"
    owner.language = "en"
    owner.save(update_fields=["email", "language"])
    with django_capture_on_commit_callbacks(execute=True):
        Client(HTTP_ACCEPT_LANGUAGE="id").post(
            reverse("accounts:signup"), _signup_post(username=owner.username)
        )
    (message,) = mailoutbox
    assert "mencoba mendaftar" not in message.body
    assert owner.username in message.body


@pytest.mark.django_db
def test_signup_with_a_taken_username_hashes_the_password_too(client, alice, monkeypatch):
    from jalinmitra.accounts import services

    hashed = []
    monkeypatch.setattr(services, "make_password", lambda p: hashed.append(p))
    client.post(reverse("accounts:signup"), _signup_post(username=alice[0].username))
    assert hashed == ["tapis-lampung-88"]


@pytest.mark.django_db
def test_signup_redirects_signed_in_users(client, alice):
    client.force_login(alice[0])
    response = client.post(reverse("accounts:signup"), _signup_post())
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert not User.objects.filter(username="dewi").exists()


# --- invitation -------------------------------------------------------------


@pytest.fixture
def assisted_business(officer):
    """A business an officer registered at the counter, with no account yet."""
    from jalinmitra.businesses.services import business_create

    return business_create(
        actor=officer,
        data={"name": "Gula Aren Pak Darmo", "owner_name": "Darmo"},
        assisted=True,
    )


def _account_post(**changes) -> dict:
    data = {
        "full_name": "Darmo Sutrisno",
        "username": "darmo",
        "email": "",
        "password1": "gula-aren-metro-7",
        "password2": "gula-aren-metro-7",
        # The business was registered without consent: the owner gives it when signing up.
        "privacy_consent": "on",
    }
    data.update(changes)
    return data


def _invite_link(client, officer, business) -> str:
    client.force_login(officer)
    response = client.post(reverse("accounts:business_invite", args=[business.pk]))
    assert response.status_code == 200
    link = response.context["link"]
    assert link in response.content.decode()
    client.logout()
    return link.removeprefix("http://testserver")


@pytest.mark.django_db
def test_invitation_officer_link_owner_account_membership(client, officer, assisted_business):
    link = _invite_link(client, officer, assisted_business)
    assert AuditLog.objects.filter(
        action="invitation.create", business_id=assisted_business.pk, actor=officer
    ).exists()

    response = client.get(link)
    assert response.status_code == 200
    assert "Kelola Gula Aren Pak Darmo" in response.content.decode()
    assert response.context["form"].initial["full_name"] == "Darmo"

    response = client.post(link, _account_post())
    assert response.status_code == 302
    assert response.url == reverse("businesses:mine")
    user = User.objects.get(username="darmo")
    assert user.role == "usaha"
    assert int(client.session[SESSION_KEY]) == user.pk
    assert Membership.objects.filter(user=user, business=assisted_business).exists()
    invitation = Invitation.objects.get()
    assert invitation.used_by == user
    assert invitation.used_at is not None
    assert AuditLog.objects.filter(
        action="invitation.accept", business_id=assisted_business.pk
    ).exists()
    assert "Gula Aren Pak Darmo" in client.get(reverse("businesses:mine")).content.decode()


@pytest.mark.django_db
def test_invitation_link_is_single_use(client, officer, assisted_business):
    link = _invite_link(client, officer, assisted_business)
    client.post(link, _account_post())
    client.logout()

    response = client.get(link)
    assert response.status_code == 404
    assert "Undangan tidak berlaku" in response.content.decode()
    response = client.post(link, _account_post(username="penyusup"))
    assert response.status_code == 404
    assert not User.objects.filter(username="penyusup").exists()
    assert Membership.objects.filter(business=assisted_business).count() == 1


@pytest.mark.django_db
def test_invitation_link_expires(client, officer, assisted_business, settings):
    invitation, token = invitation_create(actor=officer, business=assisted_business)
    assert invitation.expires_at - timezone.now() > timedelta(
        seconds=settings.INVITATION_MAX_AGE - 60
    )
    link = reverse("accounts:invitation", args=[token])
    assert client.get(link).status_code == 200

    # Time passes beyond the expiry.
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(link).status_code == 404
    assert client.post(link, _account_post()).status_code == 404
    assert not User.objects.filter(username="darmo").exists()


@pytest.mark.django_db
def test_invitation_unknown_token(client):
    response = client.get(reverse("accounts:invitation", args=["bukan-token"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_invitation_bad_account_form_keeps_link_usable(client, officer, assisted_business):
    link = _invite_link(client, officer, assisted_business)
    response = client.post(link, _account_post(username="dengan spasi"))
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert Invitation.objects.get().used_at is None
    assert client.get(link).status_code == 200


@pytest.mark.django_db
def test_invitation_wrong_people_cannot_create_links(client, alice, bank_user, assisted_business):
    url = reverse("accounts:business_invite", args=[assisted_business.pk])
    for user in (alice[0], bank_user):
        client.force_login(user)
        assert client.post(url).status_code == 403
    client.force_login(alice[0])
    assert client.post(reverse("accounts:business_invite", args=[alice[1].pk])).status_code == 403
    client.logout()
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invitation_create_by_get_is_refused(client, officer, assisted_business):
    client.force_login(officer)
    assert (
        client.get(reverse("accounts:business_invite", args=[assisted_business.pk])).status_code
        == 405
    )
    assert not Invitation.objects.exists()


# --- limits on what a user types (issue 8, item 12) ------------------------------------------


@pytest.mark.django_db
def test_signup_refuses_overlong_password_and_email_and_saves_nothing(client):
    long_password = "tapis-lampung-88" * 20  # 320 characters
    response = client.post(
        reverse("accounts:signup"),
        _signup_post(
            email="d" * 250 + "@contoh.id", password1=long_password, password2=long_password
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"email", "password1", "password2"}
    assert not User.objects.filter(username="dewi").exists()
    assert not Business.objects.filter(name="Tapis Dewi").exists()


@pytest.mark.django_db
def test_signup_complete_is_one_service_all_or_nothing(monkeypatch):
    from jalinmitra.accounts import services

    user, business = services.signup_complete(
        username="dewi",
        password="tapis-lampung-88",
        full_name="Dewi Lestari",
        email="dewi@example.com",
        business_name="Tapis Dewi",
    )
    assert Membership.objects.filter(user=user, business=business, role="owner").exists()
    assert business.privacy_consent_at is not None and business.owner_name == "Dewi Lestari"

    # The third write fails: neither the account nor the business stays.
    def broken(**kwargs):
        raise RuntimeError("membership failed")

    monkeypatch.setattr(services, "membership_add", broken)
    with pytest.raises(RuntimeError):
        services.signup_complete(
            username="eka",
            password="tapis-lampung-89",
            full_name="Eka",
            email="",
            business_name="Tapis Eka",
        )
    assert not User.objects.filter(username="eka").exists()
    assert not Business.objects.filter(name="Tapis Eka").exists()
