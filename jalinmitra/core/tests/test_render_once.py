"""The layout's menu is rendered once per process ({% once %}) and the filter forms' selects in
Python (QuickSelect): the HTML must stay exactly what Django's templates give."""

import re
from pathlib import Path
from unittest import mock

import pytest
from django import forms, urls
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, TemplateSyntaxError, engines
from django.test import RequestFactory
from django.utils import translation

from jalinmitra.core.widgets import QuickSelect

BASE = Path(settings.BASE_DIR) / "jalinmitra" / "templates" / "base.html"


def _base_without_once() -> Template:
    source = re.sub(r"\{% (end)?once[^%]*%\}", "", BASE.read_text(encoding="utf-8"))
    return engines["django"].from_string(source)


def _render(template, user, language: str) -> str:
    request = RequestFactory().get("/usaha/?q=a")
    request.user = user
    request.COOKIES[settings.CSRF_COOKIE_NAME] = "x" * 32
    request.META["CSRF_COOKIE"] = "x" * 32
    with translation.override(language):
        html = template.render({"user": user}, request)
    # The CSRF token is masked anew on every render.
    return re.sub(r'(name="csrfmiddlewaretoken" value|name="csrf-token" content)="[^"]+"', "", html)


@pytest.mark.django_db
def test_layout_is_byte_identical_for_every_role_and_language(
    officer, city_admin, bank_user, alice
):
    assert "{% once" in BASE.read_text(encoding="utf-8")
    kept = engines["django"].get_template("base.html")
    plain = _base_without_once()
    people = [AnonymousUser(), officer, city_admin, bank_user, alice[0]]
    for _round in range(2):  # the first fills the kept fragments, the second reuses them
        for language in ("id", "en"):
            for person in people:
                assert _render(kept, person, language) == _render(plain, person, language)


@pytest.mark.django_db
def test_menu_links_are_reversed_once_per_process(officer):
    kept = engines["django"].get_template("base.html")
    _render(kept, officer, "id")
    with mock.patch("django.urls.reverse", wraps=urls.reverse) as reverse:
        html = _render(kept, officer, "id")
    assert reverse.call_count <= 1  # only the brand link (core:home) outside the menu
    assert "/usaha/" in html


@pytest.mark.django_db
def test_a_fragment_depends_on_its_keys_and_language():
    template = Template(
        "{% load jm i18n %}{% once flag %}{% if flag %}A{% else %}B{% endif %}"
        "{% translate 'Keluar' %}{% endonce %}"
    )
    with translation.override("id"):
        assert template.render(Context({"flag": True})) == "AKeluar"
        assert template.render(Context({"flag": False})) == "BKeluar"
    with translation.override("en"):
        assert template.render(Context({"flag": 1})) == "ALog out"


def test_a_setting_change_renders_again(settings):
    template = Template("{% load jm %}{% once %}{{ n }}{% endonce %}")
    assert template.render(Context({"n": 1})) == "1"
    assert template.render(Context({"n": 2})) == "1"  # kept
    settings.STATIC_URL = "/other-static/"
    assert template.render(Context({"n": 3})) == "3"


CHOICES = [
    ("", "Semua"),
    ("1", '<One & "1">'),
    (2, "two"),
    ("G", [("g1", "G1"), ("g2", "G<2")]),
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("attrs", [{}, {"class": "c", "disabled": True, "data-x": 'a"<b'}])
@pytest.mark.parametrize("data", [None, {}, {"a": "1", "b": "1"}, {"a": 'x<&"y', "b": ""}])
def test_quick_select_is_byte_identical_to_django_select(language, attrs, data):
    class Stock(forms.Form):
        a = forms.ChoiceField(required=False, choices=CHOICES, widget=forms.Select(attrs=attrs))
        b = forms.ChoiceField(choices=[("", "Semua"), ("1", "x")], widget=forms.Select(attrs=attrs))

    class Quick(forms.Form):
        a = forms.ChoiceField(required=False, choices=CHOICES, widget=QuickSelect(attrs=attrs))
        b = forms.ChoiceField(choices=[("", "Semua"), ("1", "x")], widget=QuickSelect(attrs=attrs))

    with translation.override(language):
        stock, quick = Stock(data), Quick(data)
        for name in ("a", "b"):
            assert str(quick[name]) == str(stock[name])


def test_a_block_cannot_be_kept():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load jm %}{% once %}{% block b %}x{% endblock %}{% endonce %}")
