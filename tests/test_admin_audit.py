"""No write around the audit trail through the admin: every registered ModelAdmin is either
read-only or audited (core.admin.AuditedAdmin), and so are its inlines."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from jalinmitra.core.admin import AuditedAdmin
from jalinmitra.core.models import AuditLog


def _superuser_request(rf):
    request = rf.get("/admin/")
    user = AnonymousUser()
    user.is_superuser = user.is_staff = user.is_active = True
    user.has_perm = lambda *a, **k: True
    request.user = user
    return request


def _read_only(model_admin, request) -> bool:
    return not (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request, None)
        or model_admin.has_delete_permission(request, None)
    )


def _inline_read_only(inline_class, model, request) -> bool:
    inline = inline_class(model, admin.site)
    return not (
        inline.has_add_permission(request, None)
        or inline.has_change_permission(request, None)
        or inline.has_delete_permission(request, None)
    )


def test_every_admin_is_read_only_or_audited(rf):
    request = _superuser_request(rf)
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        if _read_only(model_admin, request):
            continue
        if not isinstance(model_admin, AuditedAdmin):
            unaudited.append(model._meta.label)
            continue
        for method in ("save_model", "delete_model", "delete_queryset"):
            assert getattr(type(model_admin), method) is getattr(AuditedAdmin, method), (
                f"{model._meta.label}: {method} overridden without audit"
            )
        for inline in model_admin.inlines:
            if not _inline_read_only(inline, model, request):
                unaudited.append(f"{model._meta.label} inline {inline.__name__}")
    assert not unaudited, f"admins that write without an audit row: {unaudited}"


@pytest.mark.django_db
def test_an_agreement_template_changed_in_the_admin_is_audited(client, django_user_model):
    from jalinmitra.agreements.models import AgreementTemplate

    template = AgreementTemplate.objects.first()
    assert template is not None, "the templates come with the migrations"
    superuser = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    client.force_login(superuser)
    url = reverse("admin:agreements_agreementtemplate_delete", args=[template.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    log = AuditLog.objects.get(action="admin:agreementtemplate.delete")
    assert log.actor == superuser and log.object_id == str(template.pk)
