"""The audit history reads as words: action labels and field labels, never raw codes."""

import pytest
from django.urls import reverse

from jalinmitra.businesses import services
from jalinmitra.core.audit_labels import ACTION_LABELS, action_label, field_label
from jalinmitra.core.models import AuditLog


def test_known_action_has_its_label():
    assert action_label("business.create") == "Usaha didaftarkan"
    assert action_label("agreement.sign_small") == "Ditandatangani Pihak Pertama"


def test_unknown_action_becomes_words_not_the_code():
    assert action_label("offer.archive") == "Penawaran: archive"
    assert action_label("need.cancel") == "Kebutuhan dibatalkan"
    assert action_label("privacy.deletion_request") == "Data pribadi: deletion request"
    assert action_label("admin:business.update") == "Admin: Data usaha diubah"
    assert action_label("gadget.frob_widget") == "Gadget: frob widget"
    for code in ["offer.archive", "privacy.deletion_request", "gadget.frob_widget"]:
        assert "." not in action_label(code) and "_" not in action_label(code)


def test_field_label_is_the_models_verbose_name():
    assert field_label("businesses.business", "owner_name") == "Nama pemilik/penanggung jawab"
    assert field_label("businesses.business", "kbli") == "KBLI"
    assert field_label("businesses.business", "no_such_field") == "No such field"
    assert field_label("nowhere.nothing", "allow_move_published").startswith("Boleh")


def test_every_action_code_in_the_code_has_a_label():
    """Codes written by services (action="...") all have their own label."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "jalinmitra"
    codes = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        codes.update(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
        # also codes chosen by a condition: action="a.x" if ... else "a.y"
        codes.update(re.findall(r'action="[a-z_.]+" if .+ else "([a-z_]+\.[a-z_]+)"', text))
    assert len(codes) > 20, "the scan found no action codes: is the path right?"
    missing = sorted(codes - ACTION_LABELS.keys())
    assert not missing, f"audit actions without a label in core/audit_labels.py: {missing}"


@pytest.mark.django_db
def test_business_history_shows_labels_not_codes(client, officer, alice):
    _, business = alice
    services.business_update(
        actor=officer,
        business=business,
        data={"owner_name": "Siti Aminah", "legal_form": business.legal_form},
    )
    assert AuditLog.objects.filter(action="business.update", business_id=business.pk).exists()
    client.force_login(officer)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    history = html[html.index("Riwayat perubahan") :]
    assert "Usaha didaftarkan" in history
    assert "Data usaha diubah" in history
    assert "Nama pemilik/penanggung jawab</strong>" in history
    assert "Siti Aminah" in history
    assert "business.create" not in history
    assert "business.update" not in history
    assert "owner_name" not in history
    assert "Rp50.000.000" in history  # modal usaha as officers write it, not 50000000
    assert "50000000" not in history


@pytest.mark.django_db
def test_history_shows_choice_labels_for_status(client, officer, alice):
    _, business = alice
    services.business_verify(actor=officer, business=business)
    client.force_login(officer)
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    history = html[html.index("Riwayat perubahan") :]
    assert "Usaha diverifikasi" in history
    assert "→ verified" not in history


@pytest.mark.django_db
def test_history_is_english_in_english_mode(client, officer, alice):
    _, business = alice
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "Business registered" in html
    assert "Usaha didaftarkan" not in html


def test_long_values_are_shortened_for_display():
    from jalinmitra.core.audit_labels import VALUE_MAX_CHARS, change_rows

    entry = AuditLog(
        action="business.update",
        object_type="businesses.business",
        changes={"description": ["", "x" * 5000]},
    )
    (row,) = change_rows(entry)
    assert row.field == "Deskripsi singkat"
    assert len(row.new) == VALUE_MAX_CHARS and row.new.endswith("…")
    assert row.created
