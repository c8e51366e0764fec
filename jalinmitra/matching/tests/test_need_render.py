"""The need page's "tidak relevan" form keeps its fixed parts rendered once per process
({% once %}): the HTML must stay exactly what the plain template gives."""

import re
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from jalinmitra.matching.choices import NotRelevantReason
from jalinmitra.matching.services import NOT_RELEVANT_TEXT_MAX

NAME = "matching/_not_relevant_button.html"
SOURCE = Path(settings.BASE_DIR) / "jalinmitra" / "matching" / "templates" / NAME


class _Row:
    def __init__(self, pk):
        self.pk = pk


def _render(template, offer_pk, language):
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "x" * 32
    context = {
        "need": _Row(7),
        "offer": _Row(offer_pk),
        "not_relevant_reasons": NotRelevantReason.choices,
        "not_relevant_text_max": NOT_RELEVANT_TEXT_MAX,
    }
    with translation.override(language):
        html = template.render(context, request)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_not_relevant_form_is_byte_identical_to_the_plain_template():
    source = SOURCE.read_text(encoding="utf-8")
    assert "{% once" in source
    plain = engines["django"].from_string(re.sub(r"\{% (end)?once[^%]*%\}", "", source))
    kept = engines["django"].get_template(NAME)
    for offer_pk in (1, 23, 1):
        for language in ("id", "en"):
            html = _render(kept, offer_pk, language)
            assert html == _render(plain, offer_pk, language)
            assert f'id="nr-text-{offer_pk}"' in html
            assert f"/{offer_pk}/" in html
