import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_render_for_officer_and_owner(client, officer, alice):
    _, business = alice
    client.force_login(officer)
    for url in [
        reverse("businesses:list"),
        reverse("businesses:list") + "?size=mikro&kecamatan=18.72.01&q=keripik",
        reverse("businesses:queue"),
        reverse("businesses:create"),
        reverse("businesses:detail", args=[business.pk]),
        reverse("businesses:edit", args=[business.pk]),
        reverse("businesses:offer_create", args=[business.pk]),
        reverse("core:kbli_picker") + "?q=keripik",
        reverse("core:region_picker") + "?q=metro+pusat",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
