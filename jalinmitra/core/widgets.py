from django import forms
from django.urls import reverse


class PickerWidget(forms.Widget):
    """A type-ahead picker: a search box whose htmx options fill a hidden code input."""

    template_name = "includes/picker.html"

    def __init__(self, source: str, params: str = "", label_for=None, attrs=None):
        super().__init__(attrs)
        self.source = source
        self.params = params
        self.label_for = label_for

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        label = ""
        if value and self.label_for:
            label = self.label_for(value)
        context["widget"].update(
            {"source": reverse(self.source), "params": self.params, "label": label}
        )
        return context
