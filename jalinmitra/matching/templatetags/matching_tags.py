from functools import lru_cache
from html import escape as html_escape

from django import template
from django.core.signals import setting_changed
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from jalinmitra.core.templatetags.jm import choice_label, icon, rupiah
from jalinmitra.matching.reasons import reason_text

register = template.Library()


@lru_cache(maxsize=4096)
def _reason_in(language: str | None, reason: str) -> str:
    # Called with ``language`` active: the language is only the key.
    return reason_text(reason)


def _reasons_forget(**_kwargs: object) -> None:
    """A setting changed (tests, override_settings): translations may read differently now."""
    _reason_in.cache_clear()


setting_changed.connect(_reasons_forget, dispatch_uid="jm_match_reasons_forget")


@register.filter
def match_reason(reason: str) -> str:
    """An engine reason in the reader's language (see matching.reasons), kept per process for
    each language: a need page shows about a hundred reasons, most of them seen before (the
    same words, certificates and regions), and each costs a dozen regular expressions and a
    gettext lookup."""
    return _reason_in(translation.get_language(), str(reason))


# --- the need page's suggestion cards ---------------------------------------------------------
#
# Twenty cards of a dozen lines each were ~60 % of the need page's time as template nodes
# (~500 variables, 34 includes). Here each card is a few format_html calls with the same HTML
# (test_page_speed compares it with the template it replaced); the fixed parts, in the
# reader's language, are built once per process and language.


@lru_cache(maxsize=16)
def _fixed(language: str | None) -> dict[str, str]:
    from jalinmitra.matching.choices import NotRelevantReason  # noqa: PLC0415

    radios = "".join(
        format_html(
            '<label><input type="radio" name="choice" value="{}" required{}> {}</label>',
            value,
            mark_safe(" checked") if i == 0 else "",
            label,
        )
        for i, (value, label) in enumerate(NotRelevantReason.choices)
    )
    return {
        "score": escape(gettext("skor kecocokan")),
        "invited": format_html(
            '<span class="badge ok">{}</span>\n    ', gettext("Sudah diajak bertemu")
        ),
        "invite": escape(gettext("Ajak bertemu")),
        "on": format_html(
            '<button class="small " type="submit">{} {}</button></form>',
            icon("star"),
            gettext("Di daftar pendek"),
        ),
        "off": format_html(
            '<button class="small secondary" type="submit">{} {}</button></form>',
            icon("star-outline"),
            gettext("Masukkan daftar pendek"),
        ),
        "nr_open": format_html(
            '<details class="not-relevant"><summary class="small secondary">{}</summary>\n'
            '<form method="post" action="',
            gettext("Tidak relevan"),
        ),
        "nr_reasons": format_html(
            '\n  <fieldset><legend>{}</legend>\n  {}\n  </fieldset>\n  <label for="nr-text-',
            gettext("Mengapa tidak relevan?"),
            mark_safe(radios),
        ),
        "nr_note": escape(gettext("Catatan (boleh kosong)")),
        "nr_close": format_html(
            '\n  <button class="small" type="submit">{}</button>\n</form></details>',
            gettext("Tandai tidak relevan"),
        ),
    }


def _fixed_forget(**_kwargs: object) -> None:
    _fixed.cache_clear()


setting_changed.connect(_fixed_forget, dispatch_uid="jm_supplier_cards_forget")


def _e(value) -> str:
    """``conditional_escape``, with a plain ``str`` escaped directly (most values here): the
    same text, without ~700 calls through its lazy and ``__html__`` checks a page."""
    return html_escape(value) if type(value) is str else conditional_escape(value)


def _card(r, *, n: int, need_url: str, need_open: bool, csrf: str, text_max, fixed) -> str:
    """One card: the HTML ``format_html`` gave over the same values (each escaped once by
    ``_e``), as f-strings (~220 ``format_html`` calls a page before)."""
    offer = r.offer
    business = offer.business
    region = business.region
    place = f" · {_e(region.name)}" if region else ""
    reasons = "".join(f"<li>{_e(match_reason(x))}</li>" for x in r.reasons)
    price = ""
    if offer.price_min:
        upper = ""
        if offer.price_max and offer.price_max != offer.price_min:
            upper = f"–{_e(rupiah(offer.price_max))}"
        price = (
            f'<div class="muted">{_e(rupiah(offer.price_min))}{upper}/'
            f"{_e(choice_label(offer, 'unit'))}</div>"
        )
    pk = offer.pk
    url = _e(need_url)
    shortlist = (
        f'<form method="post" action="{url}pendek/{pk}/" hx-post="{url}pendek/{pk}/"'
        f' hx-swap="outerHTML">{csrf}<input type="hidden" name="score" value="{r.score or 0:.4f}">'
        f"\n{fixed['on'] if r.shortlisted else fixed['off']}\n"
    )
    if r.invited:
        invite = fixed["invited"]
    elif need_open:
        invite = (
            f'<form method="post" action="{url}ajak/{pk}/">{csrf}<button class="small"'
            f' type="submit">{fixed["invite"]}</button></form>'
        )
    else:
        invite = ""
    not_relevant = (
        f'\n{fixed["nr_open"]}{url}tidak-relevan/{pk}/" data-testid="not-relevant-{pk}">'
        f'{csrf}{fixed["nr_reasons"]}{pk}">{fixed["nr_note"]}</label>\n'
        f'  <input id="nr-text-{pk}" type="text" name="text" maxlength="{_e(str(text_max))}">'
        f"{fixed['nr_close']}\n"
    )
    return (
        '\n<div class="card">\n'
        '  <div style="display:flex;justify-content:space-between;gap:.5rem;flex-wrap:wrap">\n'
        f"    <div><strong>{n}. {_e(offer.title)}</strong><br>{_e(business.name)}{place}</div>\n"
        f'    <div class="badge ok" title="{fixed["score"]}">{round(float(r.score) * 100)}%</div>\n'
        "  </div>\n"
        f"  <ul>{reasons}</ul>\n"
        f"  {price}\n"
        '  <div class="actions">\n'
        f"    {shortlist}\n"
        f"    {invite}\n"
        f"    {not_relevant}\n"
        "  </div>\n"
        "</div>\n"
    )


def csrf_input(token) -> str:
    """The hidden CSRF field of each card's forms ("" without a token), as {% csrf_token %}."""
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def supplier_cards_html(ranked, *, need_open: bool, need_url: str, csrf: str, text_max) -> str:
    """The cards of ``supplier_cards`` with `csrf` as each form's CSRF field (the need page
    keeps them with a placeholder there, and puts each visitor's own token in)."""
    fixed = _fixed(translation.get_language())
    return mark_safe(
        "".join(
            _card(
                r,
                n=n,
                need_url=need_url,
                need_open=need_open,
                csrf=csrf,
                text_max=text_max,
                fixed=fixed,
            )
            for n, r in enumerate(ranked, 1)
        )
    )


@register.simple_tag(takes_context=True)
def supplier_cards(context, ranked, need, need_url: str):
    """The need page's suggestions (matching.selectors.RankedOffer), one card each: the
    offer, its score and reasons, and the buttons (daftar pendek, ajak bertemu, tidak
    relevan) posting to need_url + action + offer id."""
    return supplier_cards_html(
        ranked,
        need_open=need.is_open,
        need_url=need_url,
        csrf=csrf_input(context.get("csrf_token")),
        text_max=context.get("not_relevant_text_max", ""),
    )
