import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_indonesian_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()


@pytest.mark.django_db
def test_the_switch_chooses_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
