from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.utils import translation
from django.utils.html import escape, format_html
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


def _card(r, *, n: int, need_url: str, need_open: bool, csrf: str, text_max, fixed) -> str:
    offer = r.offer
    business = offer.business
    region = business.region
    place = format_html(" · {}", region.name) if region else ""
    reasons = "".join(format_html("<li>{}</li>", match_reason(x)) for x in r.reasons)
    price = ""
    if offer.price_min:
        upper = ""
        if offer.price_max and offer.price_max != offer.price_min:
            upper = format_html("–{}", rupiah(offer.price_max))
        price = format_html(
            '<div class="muted">{}{}/{}</div>',
            rupiah(offer.price_min),
            upper,
            choice_label(offer, "unit"),
        )
    pk = offer.pk
    shortlist = format_html(
        '<form method="post" action="{0}pendek/{1}/" hx-post="{0}pendek/{1}/" hx-swap="outerHTML">'
        '{2}<input type="hidden" name="score" value="{3}">\n{4}\n',
        need_url,
        pk,
        csrf,
        f"{r.score or 0:.4f}",
        fixed["on"] if r.shortlisted else fixed["off"],
    )
    if r.invited:
        invite = fixed["invited"]
    elif need_open:
        invite = format_html(
            '<form method="post" action="{}ajak/{}/">{}<button class="small" type="submit">{}'
            "</button></form>",
            need_url,
            pk,
            csrf,
            fixed["invite"],
        )
    else:
        invite = ""
    not_relevant = format_html(
        '\n{}{}tidak-relevan/{}/" data-testid="not-relevant-{}">{}{}{}">{}</label>\n'
        '  <input id="nr-text-{}" type="text" name="text" maxlength="{}">{}\n',
        fixed["nr_open"],
        need_url,
        pk,
        pk,
        csrf,
        fixed["nr_reasons"],
        pk,
        fixed["nr_note"],
        pk,
        text_max,
        fixed["nr_close"],
    )
    return format_html(
        '\n<div class="card">\n'
        '  <div style="display:flex;justify-content:space-between;gap:.5rem;flex-wrap:wrap">\n'
        "    <div><strong>{}. {}</strong><br>{}{}</div>\n"
        '    <div class="badge ok" title="{}">{}%</div>\n'
        "  </div>\n"
        "  <ul>{}</ul>\n"
        "  {}\n"
        '  <div class="actions">\n'
        "    {}\n"
        "    {}\n"
        "    {}\n"
        "  </div>\n"
        "</div>\n",
        n,
        offer.title,
        business.name,
        place,
        fixed["score"],
        str(round(float(r.score) * 100)),
        mark_safe(reasons),
        price,
        shortlist,
        invite,
        not_relevant,
    )


@register.simple_tag(takes_context=True)
def supplier_cards(context, ranked, need, need_url: str):
    """The need page's suggestions (matching.selectors.RankedOffer), one card each: the
    offer, its score and reasons, and the buttons (daftar pendek, ajak bertemu, tidak
    relevan) posting to need_url + action + offer id."""
    fixed = _fixed(translation.get_language())
    token = context.get("csrf_token")
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token and token != "NOTPROVIDED"
        else ""
    )
    need_open = need.is_open
    text_max = context.get("not_relevant_text_max", "")
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
