"""The business list's filter form renders its selects in Python (core.widgets.QuickSelect):
the HTML must stay exactly Django's."""

from django import forms
from django.utils import translation

from jalinmitra.businesses.forms import BusinessFilterForm
from jalinmitra.core.widgets import QuickSelect


def test_business_filter_form_selects_are_byte_identical():
    choices = {"kecamatan_choices": [("1", "K<1")], "kategori_choices": [("A", "A x")]}
    for language in ("id", "en"):
        with translation.override(language):
            for data in (None, {"size": "mikro", "cert": "halal", "kecamatan": "1"}):
                quick = BusinessFilterForm(data, **choices)
                stock = BusinessFilterForm(data, **choices)
                for name in ("size", "kecamatan", "kategori", "status", "cert"):
                    assert isinstance(quick.fields[name].widget, QuickSelect)
                    widget = forms.Select(attrs=quick.fields[name].widget.attrs)
                    widget.choices = quick.fields[name].widget.choices
                    stock.fields[name].widget = widget
                    assert str(quick[name]) == str(stock[name])
