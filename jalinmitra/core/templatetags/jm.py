from django import template
from django.core.signals import setting_changed
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jalinmitra.core.audit_labels import action_label, change_rows
from jalinmitra.core.localdates import date_for_reader
from jalinmitra.core.money import format_rupiah
from jalinmitra.core.sizeclass_text import explanation

register = template.Library()


@register.filter
def rupiah(value):
    """1250000 -> Rp1.250.000"""
    if value in (None, ""):
        return "–"
    return format_rupiah(value)


@register.filter
def tanggal(value):
    """A date in Indonesian: 28 November 2026."""
    return date_for_reader(value)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.filter
def audit_action(entry) -> str:
    """An audit row's action as words: "Usaha didaftarkan", not ``business.create``."""
    return action_label(getattr(entry, "action", entry) or "")


@register.filter
def audit_changes(entry):
    """An audit row's changes with field labels and readable values (see core.audit_labels)."""
    return change_rows(entry)


# Inline SVG icons (24x24, stroke drawn in the text colour): unlike emoji they look the same on
# every phone and font, and need no extra request.
ICONS = {
    "check": '<path d="M5 12.5l4.5 4.5L19 7.5"/>',
    "x": '<path d="M6 6l12 12M18 6L6 18"/>',
    "alert": '<path d="M12 8v5M12 16.5v.5"/><circle cx="12" cy="12" r="9"/>',
    "star": '<path fill="currentColor" d="M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8L12 16.8l-5.2 2.8 1-5.8'
    '-4.3-4.1 5.9-.8z"/>',
    "star-outline": '<path d="M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8L12 16.8l-5.2 2.8 1-5.8-4.3-4.1'
    ' 5.9-.8z"/>',
    "lock": '<rect x="5" y="11" width="14" height="9" rx="1.5"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/>',
    "unlock": '<rect x="5" y="11" width="14" height="9" rx="1.5"/><path d="M8 11V8a4 4 0 0 1 7.7-1.5"/>',
    "box": '<rect x="4.5" y="4.5" width="15" height="15" rx="1.5"/>',
}


@register.simple_tag
def icon(name: str, label: str = ""):
    """An inline SVG icon; with `label` it is announced to screen readers, otherwise hidden."""
    body = ICONS[name]
    a11y = format_html('role="img" aria-label="{}"', label) if label else 'aria-hidden="true"'
    return format_html(
        '<svg class="icon icon-{}" viewBox="0 0 24 24" width="1em" height="1em" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
        'focusable="false" {}>{}</svg>',
        name,
        mark_safe(a11y),
        mark_safe(body),
    )


@register.filter
def size_explanation(classification) -> str:
    """Why a business has its size class, in the reader's language (core.sizeclass_text)."""
    return explanation(classification) if classification is not None else ""


_CHOICE_LABELS: dict[tuple[type, str], dict] = {}


@register.filter
def choice_label(obj, field_name: str):
    """``obj.get_<field_name>_display()`` for list rows. Django's version rebuilds a dict of the
    field's choices on every call, hashing (so translating) each lazy label: ~1,800
    translations on a page of 25 businesses. Here the dict is built once per process and only
    the label shown is translated, when rendered."""
    key = (type(obj), field_name)
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        field = obj._meta.get_field(field_name)
        labels = _CHOICE_LABELS[key] = dict(field.flatchoices)
    value = getattr(obj, field_name)
    return labels.get(value, value)


# --- rendered once per process ------------------------------------------------------------

_once_generation = [0]


def _once_forget(**_kwargs: object) -> None:
    """A setting changed (tests, override_settings): URLs, static paths or translations may
    render differently now, so every kept fragment is rendered again."""
    _once_generation[0] += 1


setting_changed.connect(_once_forget, dispatch_uid="jm_once_forget")


class OnceNode(template.Node):
    # Hidden from get_nodes_by_type: {% extends %} walks the parent's whole node tree on every
    # render to find its blocks, and a kept fragment holds none (refused at parse time).
    child_nodelists = ()

    def __init__(self, nodelist, keys):
        self.nodelist = nodelist
        self.keys = keys
        # Kept on the node: a re-parsed template (a changed file in development) starts empty.
        self.rendered: dict[tuple, str] = {}

    def render(self, context):
        key = (
            _once_generation[0],
            translation.get_language(),
            get_script_prefix(),
            get_urlconf(),
            *(bool(k.resolve(context)) for k in self.keys),
        )
        text = self.rendered.get(key)
        if text is None:
            text = self.rendered[key] = mark_safe(self.nodelist.render(context))
        return text


@register.tag
def once(parser, token):
    """``{% once user.is_officer user.is_bank %}…{% endonce %}``: the enclosed fragment is
    rendered once per process for each language, URL prefix and truth value of the given
    variables, and reused after that (the layout's menu: ~20 ``{% url %}`` and ~20 translations
    per page otherwise). The fragment must depend on nothing else: no CSRF token, no request,
    no counts, no per-object data."""
    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% once %} cannot hold a {% block %}.")
    return OnceNode(nodelist, keys)
