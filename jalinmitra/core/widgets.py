from django import forms
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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


def _attrs_html(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``, in Python."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(" " + conditional_escape(name))
        if value is not True:
            out.append('="' + conditional_escape(str(value)) + '"')
    return "".join(out)


class QuickSelect(forms.Select):
    """Django's Select with the same HTML, built in Python instead of one template include per
    option (a filter form's selects were ~18 % of the business list's CPU). Only for the stock
    select templates: a widget given another template renders through it as usual."""

    def _render(self, template_name, context, renderer=None):
        if template_name != "django/forms/widgets/select.html":
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        parts = ['<select name="', conditional_escape(widget["name"]), '"']
        parts.append(_attrs_html(widget["attrs"]))
        parts.append(">")
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append('\n  <optgroup label="' + conditional_escape(group_name) + '">')
            for option in group_choices:
                if option["template_name"] != "django/forms/widgets/select_option.html":
                    return super()._render(template_name, context, renderer)
                parts.append('\n  <option value="')
                parts.append(conditional_escape(str(option["value"])))
                parts.append('"' + _attrs_html(option["attrs"]) + ">")
                parts.append(conditional_escape(option["label"]))
                parts.append("</option>\n")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
