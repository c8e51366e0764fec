"""Rows loaded as stored (fixtures, the test database's serialized copy) do not touch the
monitoring caches: a raw save of thousands of regions must not write the cache per row."""

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalinmitra.core.models import Region


@pytest.mark.django_db
def test_a_raw_save_writes_no_cache_and_no_change_row():
    data = serializers.serialize("json", Region.objects.order_by("pk")[:5])
    with CaptureQueriesContext(connection) as ctx:
        for obj in serializers.deserialize("json", data):
            obj.save()
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "jalinmitra_cache" not in sql
    assert "monitoring_healthchange" not in sql


@pytest.mark.django_db
def test_an_ordinary_save_still_renews_the_figures_token():
    region = Region.objects.order_by("pk").first()
    with CaptureQueriesContext(connection) as ctx:
        region.save()
    assert "jalinmitra_cache" in " ".join(q["sql"] for q in ctx.captured_queries)
