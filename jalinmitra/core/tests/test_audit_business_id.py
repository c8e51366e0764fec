"""The audit trail keeps the business as a plain id: its history outlives the business."""

import pytest

from jalinmitra.core.models import AuditLog
from jalinmitra.testing import make_business


@pytest.mark.django_db
def test_history_survives_a_deleted_business(officer):
    business = make_business(officer=officer, name="Tempe Pak Joko", verified=True)
    pk = business.pk
    before = AuditLog.objects.filter(business_id=pk).count()
    assert before >= 2  # created, verified
    business.delete()
    assert AuditLog.objects.filter(business_id=pk).count() == before


def test_core_migrations_need_no_higher_app():
    import pathlib

    from jalinmitra.core.migrations import __path__ as migrations_path

    for path in pathlib.Path(migrations_path[0]).glob("0*.py"):
        text = path.read_text()
        for app in ("businesses", "accounts", "matching", "events", "agreements", "privacy"):
            assert f"('{app}'," not in text and f'("{app}",' not in text, (path.name, app)
