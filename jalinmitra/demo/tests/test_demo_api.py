import pytest

from jalinmitra.api.models import ApiToken
from jalinmitra.demo.api import DEMO_TOKENS, api_demo_create

pytestmark = pytest.mark.django_db


def test_demo_tokens_work_and_are_made_once(officer, client):
    assert api_demo_create(officer=officer) == 2
    assert api_demo_create(officer=officer) == 0
    assert ApiToken.objects.count() == 2
    city_secret = DEMO_TOKENS[0][3]
    r = client.get("/api/v1/statistics", headers={"Authorization": f"Bearer {city_secret}"})
    assert r.status_code == 200 and r.json()["city"]
    province_secret = DEMO_TOKENS[1][3]
    r = client.get("/api/v1/businesses", headers={"Authorization": f"Bearer {province_secret}"})
    assert r.status_code == 403
