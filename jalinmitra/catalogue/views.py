"""Pages of the catalogue. Public pages (list, product, business, showcase, sitemap) need no
login and show contact details only with the owner's live consent; the inbox, the consent page
and the signature actions are for members and officers. GET never writes."""

import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalinmitra.businesses.models import Offer
from jalinmitra.businesses.selectors import business_for_user, businesses_of_user
from jalinmitra.catalogue import pdf, selectors, services
from jalinmitra.catalogue.choices import CONTACT_CONSENT_VERSION, EnquiryStatus, Sort
from jalinmitra.catalogue.forms import (
    TRAP_FIELD,
    AnswerForm,
    EnquiryForm,
    ReplyForm,
    SignatureForm,
    WithdrawForm,
)
from jalinmitra.catalogue.models import Enquiry, SignatureProduct
from jalinmitra.core import pagecache
from jalinmitra.core.forms import form_errors
from jalinmitra.core.models import City
from jalinmitra.core.money import format_rupiah
from jalinmitra.core.ratelimit import client_ip


def slug_for(text: str) -> str:
    return slugify(text)[:60].strip("-") or "produk"


def product_path(offer) -> str:
    return reverse("catalogue:product", kwargs={"slug": slug_for(offer.title), "pk": offer.pk})


def business_path(business) -> str:
    return reverse(
        "catalogue:business", kwargs={"slug": slug_for(business.name), "pk": business.pk}
    )


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def client_address(request) -> str:
    # Behind the city's reverse proxy, the address the proxy saw (core.ratelimit), not its own.
    return client_ip(request)


def _json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _place(business) -> dict:
    region = business.region
    kecamatan = region.parent.name if region is not None and region.parent_id else ""
    return {
        "kelurahan": region.name if region is not None else "",
        "kecamatan": kecamatan,
        "city": _city_name(),
    }


def _city_name() -> str:
    # Only the name (city_current also brings the offices and officials: three queries).
    return City.objects.values_list("name", flat=True).first() or ""


def whatsapp_link(business, offer=None) -> str:
    """A wa.me link with a prefilled Indonesian message naming the product."""
    number = (business.whatsapp or "").lstrip("+")
    if not number.isdigit():
        return ""
    if offer is not None:
        text = _(
            "Halo %(business)s, saya melihat %(product)s di katalog JalinMitra. "
            "Apakah produk ini tersedia?"
        ) % {"business": business.name, "product": offer.title}
    else:
        text = _("Halo %(business)s, saya melihat usaha Anda di katalog JalinMitra.") % {
            "business": business.name
        }
    return f"https://wa.me/{number}?text={quote(text)}"


def _contact(business, offer=None, live: bool | None = None) -> dict | None:
    """The contact shown publicly, or None without a live consent (`live` when the caller
    already knows it)."""
    if live is None:
        live = selectors.contact_consent_live(business=business) is not None
    if not live:
        return None
    return {
        "whatsapp": whatsapp_link(business, offer) if business.whatsapp else "",
        "phone": business.whatsapp,
        "email": business.email,
    }


def _media(name: str) -> str:
    return default_storage.url(name)


def _card_photos(offer) -> list:
    """The offer's photos as selectors.CardPhoto, from `card_photos` when the selector attached
    them, else from prefetched photos and thumbnails."""
    found = getattr(offer, "card_photos", None)
    if found is not None:
        return found
    return [
        selectors.CardPhoto(
            image=p.image.name,
            thumbs=sorted((t.width, t.image.name) for t in p.thumbnails.all()),
        )
        for p in offer.photos.all()
    ]


def _image_url(offer, width: int = 640) -> str:
    photos = _card_photos(offer)
    if not photos:
        return ""
    thumbs = photos[0].thumbs
    for w, name in thumbs:
        if w >= width:
            return absolute(_media(name))
    if thumbs:
        return absolute(_media(thumbs[-1][1]))
    return absolute(_media(photos[0].image))


# --- the list ---------------------------------------------------------------------------------


@require_GET
@pagecache.anonymous_page
def catalogue_list(request):
    query = selectors.CatalogueQuery.from_params(request.GET)
    result = selectors.catalogue_search(query=query)
    filters = []
    for key, param, title in (
        ("family", "golongan", _("Jenis produk")),
        ("cert", "sertifikat", _("Sertifikat berlaku")),
        ("kecamatan", "kecamatan", _("Kecamatan")),
        ("price", "harga", _("Harga")),
    ):
        options = [
            {
                "label": o.label,
                "count": o.count,
                "selected": o.selected,
                "url": "?" + urlencode(query.params(**{param: "" if o.selected else o.key})),
            }
            for o in result.facets.get(key, [])
        ]
        if options:
            filters.append({"title": title, "options": options, "param": param})
    sorts = [
        {
            "label": label,
            "url": "?" + urlencode(query.params(urut=value)),
            "selected": value == query.sort_used,
        }
        for value, label in Sort.choices
        if value != Sort.RELEVANCE or query.q
    ]
    pager = {}
    if result.page > 1:
        pager["prev"] = "?" + urlencode(query.params(hal=result.page - 1))
    if result.page < result.pages:
        pager["next"] = "?" + urlencode(query.params(hal=result.page + 1))
    canonical = reverse("catalogue:list")
    if result.page > 1 and not (query.q or query.family or query.cert or query.kecamatan):
        canonical += "?" + urlencode({"hal": result.page})
    cards = _cards(result.items, result.signature_ids)
    print_url = (
        reverse("catalogue:pdf") + "?" + urlencode([("id", o.pk) for o in result.items])
        if result.items
        else ""
    )
    return render(
        request,
        "catalogue/list.html",
        {
            "query": query,
            "result": result,
            "cards": cards,
            "filters": filters,
            "sorts": sorts,
            "pager": pager,
            "any_filter": bool(query.family or query.cert or query.kecamatan or query.price),
            "canonical": absolute(canonical),
            "print_url": print_url,
            "clear_url": "?"
            + urlencode(query.params(golongan="", sertifikat="", kecamatan="", harga="")),
        },
    )


def _srcset(photo) -> tuple[str, str]:
    thumbs = photo.thumbs
    if not thumbs:
        return _media(photo.image), ""
    src = next((name for w, name in thumbs if w >= 320), thumbs[-1][1])
    return _media(src), ", ".join(f"{_media(name)} {w}w" for w, name in thumbs)


def _card(offer, signature: bool = False, lazy: bool = True, prefix: str = "") -> dict:
    """One card's values, worked out here so the template only prints them. `prefix`: the
    product address without its slug and id (one reverse() per page, not per card)."""
    photos = _card_photos(offer)
    src, srcset = _srcset(photos[0]) if photos else ("", "")
    business = offer.business
    region = business.region
    url = f"{prefix}{slug_for(offer.title)}-{offer.pk}/" if prefix else product_path(offer)
    return {
        "offer": offer,
        "title": offer.title,
        "url": url,
        "src": src,
        "srcset": srcset,
        "price": _price_text(offer),
        "kecamatan": region.parent.name if region is not None and region.parent_id else "",
        "business": business.name,
        "signature": signature,
        "lazy": lazy,
    }


def _cards(offers, signature_ids=(), eager: int = 4) -> list[dict]:
    prefix = reverse("catalogue:product", kwargs={"slug": "x", "pk": 1}).removesuffix("x-1/")
    return [
        _card(o, o.pk in signature_ids, lazy=i >= eager, prefix=prefix)
        for i, o in enumerate(offers)
    ]


def _price_text(offer) -> str:
    low, high = offer.price_min, offer.price_max
    unit = offer.get_unit_display()
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        return f"{format_rupiah(low)}–{format_rupiah(high)} / {unit}"
    return f"{format_rupiah(low if low is not None else high)} / {unit}"


# --- a product, a business ------------------------------------------------------------------


@require_GET
@pagecache.anonymous_page
def product(request, pk: int, slug: str | None = None):
    offer = selectors.offer_public(pk=pk)
    path = product_path(offer)
    if request.path != path:  # an old or missing slug: one address per product
        return redirect(path, permanent=True)
    business = offer.business
    contact = _contact(business, offer, live=offer.consent_live)
    photos = []
    for i, photo in enumerate(offer.card_photos):
        src, srcset = _srcset(photo)
        photos.append({"src": src, "srcset": srcset, "lazy": i > 0})
    signature = {"story": offer.signature_story} if offer.signature_story is not None else None
    today_valid = list(offer.certifications.all())
    others = _cards(
        selectors.offers_of_public(business=business, exclude=offer.pk, limit=8), eager=0
    )
    place = _place(business)
    image = _image_url(offer)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": offer.title,
        "description": offer.description[:500],
        "url": absolute(path),
        "manufacturer": _business_ld(business, place, contact),
    }
    if image:
        data["image"] = image
    if offer.price_min is not None or offer.price_max is not None:
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": "IDR",
            "lowPrice": offer.price_min if offer.price_min is not None else offer.price_max,
            "highPrice": offer.price_max if offer.price_max is not None else offer.price_min,
            "availability": "https://schema.org/InStock",
        }
    form = EnquiryForm()
    return render(
        request,
        "catalogue/product.html",
        {
            "offer": offer,
            "business": business,
            "business_url": business_path(business),
            "photos": photos,
            "price": _price_text(offer),
            "certifications": today_valid,
            "contact": contact,
            "place": place,
            "others": others,
            "signature": signature,
            "form": form,
            "trap_field": TRAP_FIELD,
            "canonical": absolute(path),
            "og_image": image,
            "json_ld": _json_ld(data),
            "is_officer": request.user.is_authenticated and request.user.is_officer,
        },
    )


def _business_ld(business, place: dict, contact: dict | None) -> dict:
    data = {
        "@type": "LocalBusiness",
        "name": business.name,
        "url": absolute(business_path(business)),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": place["kecamatan"] or place["kelurahan"],
            "addressRegion": place["city"],
            "addressCountry": "ID",
        },
    }
    if contact:  # only with the owner's consent
        if contact["phone"]:
            data["telephone"] = contact["phone"]
        if contact["email"]:
            data["email"] = contact["email"]
    return data


@require_GET
@pagecache.anonymous_page
def business(request, pk: int, slug: str | None = None):
    found = selectors.business_public(pk=pk)
    path = business_path(found)
    if request.path != path:
        return redirect(path, permanent=True)
    offers = selectors.offers_of_public(business=found)
    if not offers:
        raise Http404
    contact = _contact(found)
    place = _place(found)
    data = {"@context": "https://schema.org"} | _business_ld(found, place, contact)
    if found.description:
        data["description"] = found.description[:500]
    return render(
        request,
        "catalogue/business.html",
        {
            "business": found,
            "cards": _cards(offers),
            "certifications": selectors.certifications_shown(business=found),
            "contact": contact,
            "place": place,
            "canonical": absolute(path),
            "og_image": _image_url(offers[0]) if offers else "",
            "json_ld": _json_ld(data),
            "is_officer": request.user.is_authenticated and request.user.is_officer,
        },
    )


# --- enquiries ---------------------------------------------------------------------------------


@require_POST
def enquiry_send(request, pk: int):
    offer = selectors.offer_public(pk=pk)
    form = EnquiryForm(request.POST)
    if form.is_valid():
        try:
            enquiry = services.enquiry_create(
                offer=offer,
                data=form.cleaned_data,
                client_address=client_address(request),
                trap=request.POST.get(TRAP_FIELD, ""),
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(
                request,
                _("Terima kasih, pesan Anda sudah dikirim ke %(business)s.")
                % {"business": offer.business.name},
            )
            # The buyer's private conversation page: the link is shown there (and mailed).
            return redirect("catalogue:conversation", token=enquiry.token)
    business = offer.business
    return render(
        request,
        "catalogue/enquiry_error.html",
        {
            "offer": offer,
            "business": business,
            "form": form,
            "trap_field": TRAP_FIELD,
            "product_url": product_path(offer),
        },
        status=400,
    )


@login_required
@require_GET
def inbox_mine(request):
    if request.user.is_officer:
        raise PermissionDenied(
            _("Kotak masuk ini untuk pemilik usaha; petugas membuka dari profil usaha.")
        )
    businesses = list(businesses_of_user(request.user))
    if len(businesses) == 1:
        return redirect("catalogue:inbox", pk=businesses[0].pk)
    rows = [
        {"business": b, "unread": selectors.enquiry_unread_count(business=b)} for b in businesses
    ]
    return render(request, "catalogue/inbox_choose.html", {"rows": rows})


@login_required
@require_GET
def inbox(request, pk: int):
    found = business_for_user(request.user, pk)
    status = request.GET.get("status", "")
    enquiries = selectors.enquiries_for(user=request.user, business=found)
    if status in EnquiryStatus.values:
        enquiries = enquiries.filter(status=status)
    return render(
        request,
        "catalogue/inbox.html",
        {
            "business": found,
            "enquiries": list(enquiries[:200]),
            "unread": selectors.enquiry_unread_count(business=found),
            "status": status,
            "statuses": EnquiryStatus.choices,
            "answer_form": AnswerForm(),
            "consent": selectors.contact_consent_live(business=found),
        },
    )


def _private(response):
    """A page reached through a private link: not indexed, not cached by others, and the
    link not passed on to other sites in the Referer header (same-origin, not no-referrer:
    with no-referrer the browser sends "Origin: null" and the form's CSRF check fails)."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def conversation(request, token: str):
    """The buyer's side of an enquiry's conversation, through the private link (no account).
    A wrong token is 404."""
    enquiry = selectors.enquiry_by_token(token=token)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enquiry_buyer_reply(
                enquiry=enquiry,
                body=form.cleaned_data["body"],
                client_address=client_address(request),
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Pesan Anda sudah dikirim."))
            return redirect(request.path + "#akhir")
    response = render(
        request,
        "catalogue/conversation.html",
        {
            "enquiry": enquiry,
            "entries": selectors.enquiry_conversation(enquiry=enquiry),
            "form": form,
            "link": services.enquiry_link(enquiry),
            "product_url": product_path(enquiry.offer),
            "closed": enquiry.status == EnquiryStatus.CLOSED,
            # The privacy app's retention rule for enquirers.
            "retention_months": max(1, round(settings.PRIVACY_RETENTION_ENQUIRY_DAYS / 30.4)),
        },
        status=400 if form.errors else 200,
    )
    return _private(response)


@require_http_methods(["GET", "POST"])
def enquiry_erase(request, token: str):
    """The enquirer erases their data through the private link: a confirmation first (it cannot
    be undone), then the plain confirmation that it is done. The link no longer opens anything
    afterwards, so the result is shown here rather than after a redirect. A wrong token is 404;
    rate-limited per address in public_urls.py."""
    enquiry = selectors.enquiry_by_token(token=token)
    error = ""
    if request.method == "POST":
        try:
            services.enquiry_buyer_erase(
                enquiry=enquiry, confirm=request.POST.get("confirm") == "1"
            )
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            return _private(
                render(request, "catalogue/conversation_erased.html", {"offer": enquiry.offer})
            )
    response = render(
        request,
        "catalogue/conversation_erase.html",
        {"enquiry": enquiry, "error": error, "product_url": product_path(enquiry.offer)},
        status=400 if error else 200,
    )
    return _private(response)


def buyer_whatsapp_link(enquiry) -> str:
    """A wa.me link for the business to send the buyer their private link."""
    number = (enquiry.phone or "").lstrip("+")
    if not number.isdigit():
        return ""
    text = _(
        "Halo %(name)s, terima kasih atas pesan Anda tentang %(product)s. Balasan kami dapat "
        "dibaca di tautan ini: %(link)s"
    ) % {
        "name": enquiry.name,
        "product": enquiry.offer.title,
        "link": services.enquiry_link(enquiry),
    }
    return f"https://wa.me/{number}?text={quote(text)}"


@login_required
@require_GET
def enquiry_detail(request, pk: int):
    """One enquiry and its conversation, for the business's members and officers."""
    enquiry = get_object_or_404(Enquiry.objects.select_related("business", "offer"), pk=pk)
    selectors.enquiries_for(user=request.user, business=enquiry.business)  # members, officers
    return _private(
        render(
            request,
            "catalogue/enquiry_detail.html",
            {
                "e": enquiry,
                "business": enquiry.business,
                "entries": selectors.enquiry_conversation(enquiry=enquiry, reader=request.user),
                "answer_form": AnswerForm(),
                "link": services.enquiry_link(enquiry),
                "whatsapp": buyer_whatsapp_link(enquiry),
            },
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_officer_erase(request, pk: int):
    """An officer erases an enquirer's data at their request (one who lost the private link):
    what goes, a note on how the request came in, a confirmation; then back to the enquiry."""
    enquiry = get_object_or_404(Enquiry.objects.select_related("business", "offer"), pk=pk)
    _officer(request)
    errors: dict[str, list[str]] = {}
    note = ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        try:
            services.enquiry_officer_erase(
                actor=request.user,
                enquiry=enquiry,
                confirm=request.POST.get("confirm") == "1",
                note=note,
            )
        except ValidationError as e:
            errors = e.message_dict if hasattr(e, "error_dict") else {"all": e.messages}
        else:
            messages.success(request, _("Data pengirim dihapus dan percakapan ditutup."))
            return redirect("catalogue:enquiry_detail", pk=enquiry.pk)
    response = render(
        request,
        "catalogue/enquiry_officer_erase.html",
        {
            "e": enquiry,
            "errors": errors,
            "note": note,
            "note_max": services.ERASE_NOTE_MAX,
        },
        status=400 if errors else 200,
    )
    return _private(response)


@login_required
@require_POST
def enquiry_act(request, pk: int, action: str):
    enquiry = get_object_or_404(Enquiry.objects.select_related("business", "offer"), pk=pk)
    try:
        if action == "baca":
            services.enquiry_mark_read(actor=request.user, enquiry=enquiry)
        elif action == "jawab":
            services.enquiry_answer(
                actor=request.user, enquiry=enquiry, answer=request.POST.get("answer", "")
            )
            messages.success(request, _("Jawaban dicatat."))
        elif action == "tutup":
            services.enquiry_close(actor=request.user, enquiry=enquiry)
            messages.success(request, _("Pesan ditutup."))
        else:
            raise Http404
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    if request.POST.get("next") == "detail":
        return redirect("catalogue:enquiry_detail", pk=enquiry.pk)
    return redirect("catalogue:inbox", pk=enquiry.business_id)


# --- contact consent -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_consent(request, pk: int):
    found = business_for_user(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "tarik":
                services.contact_consent_withdraw(actor=request.user, business=found)
                messages.success(request, _("Persetujuan ditarik: kontak tidak lagi ditampilkan."))
            else:
                services.contact_consent_give(actor=request.user, business=found)
                messages.success(request, _("Terima kasih: kontak usaha tampil di katalog."))
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        return redirect("catalogue:consent", pk=found.pk)
    return render(
        request,
        "catalogue/consent.html",
        {
            "business": found,
            "live": selectors.contact_consent_live(business=found),
            "history": list(selectors.contact_consent_history(business=found)[:20]),
            "version": CONTACT_CONSENT_VERSION,
            "may_change": not request.user.is_officer,
        },
    )


# --- signature products -----------------------------------------------------------------------


@require_GET
def signature_showcase(request):
    rows = []
    for s in selectors.signature_products():
        card = _card(s.offer, True)
        card["story"] = s.story
        card["signature_obj"] = s
        rows.append(card)
    return render(
        request,
        "catalogue/signature.html",
        {
            "rows": rows,
            "is_officer": request.user.is_authenticated and request.user.is_officer,
            "canonical": absolute(reverse("catalogue:signature")),
        },
    )


def _officer(request) -> None:
    if not (request.user.is_authenticated and request.user.is_officer):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def signature_designate(request, pk: int):
    _officer(request)
    offer = get_object_or_404(Offer.objects.select_related("business"), pk=pk)
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_designate(
                actor=request.user, offer=offer, story=form.cleaned_data["story"]
            )
        except ValidationError as e:
            for m in e.messages:
                form.add_error(None, m)
        else:
            messages.success(
                request,
                _("%(product)s ditetapkan sebagai produk unggulan.") % {"product": offer.title},
            )
            return redirect("catalogue:signature")
    return render(
        request,
        "catalogue/signature_designate.html",
        {
            "offer": offer,
            "form": form,
            "failures": services.signature_criteria_failures(offer),
        },
    )


@login_required
@require_POST
def signature_review(request, pk: int):
    signature = get_object_or_404(SignatureProduct.objects.select_related("offer__business"), pk=pk)
    try:
        services.signature_review(actor=request.user, signature=signature)
        messages.success(request, _("Ditinjau: berlaku sampai tinjauan berikutnya."))
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("catalogue:signature")


@login_required
@require_http_methods(["GET", "POST"])
def signature_withdraw(request, pk: int):
    _officer(request)
    signature = get_object_or_404(SignatureProduct.objects.select_related("offer__business"), pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_withdraw(
                actor=request.user, signature=signature, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("Penetapan produk unggulan dicabut."))
            return redirect("catalogue:signature")
    return render(
        request, "catalogue/signature_withdraw.html", {"signature": signature, "form": form}
    )


# --- print, sitemap, robots -----------------------------------------------------------------


@require_GET
def catalogue_pdf(request):
    signature_only = request.GET.get("unggulan") == "1"
    ids = [int(x) for x in request.GET.getlist("id") if x.isdigit()][: selectors.PRINT_MAX]
    offers = selectors.catalogue_offers_for_print(ids=ids or None, signature_only=signature_only)
    content = pdf.catalogue_pdf(offers, title_signature=signature_only)
    response = HttpResponse(content, content_type="application/pdf")
    name = "katalog-unggulan.pdf" if signature_only else "katalog.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_GET
def poster_pdf(request, pk: int):
    offer = selectors.offer_public(pk=pk)
    response = HttpResponse(pdf.poster_pdf(offer), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{offer.pk}.pdf"'
    return response


@require_GET
def sitemap(request):
    urls = [
        (absolute(reverse("catalogue:list")), None),
        (absolute(reverse("catalogue:signature")), None),
    ]
    urls += [(absolute(product_path(o)), o.updated_at) for o in selectors.sitemap_offers()[:40000]]
    urls += [
        (absolute(business_path(b)), b.updated_at) for b in selectors.sitemap_businesses()[:10000]
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for loc, modified in urls:
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml")


@require_GET
def robots(request):
    body = "\n".join(
        [
            "User-agent: *",
            "Allow: /katalog/",
            "Disallow: /katalog/pesan/",
            "Disallow: /katalog/kontak/",
            "Disallow: /katalog/percakapan/",
            "Disallow: /katalog/cetak.pdf",
            "Disallow: /admin/",
            "Disallow: /akun/",
            "Disallow: /usaha/",
            "Disallow: /cocok/",
            "Disallow: /perjanjian/",
            "Disallow: /temu-usaha/",
            f"Sitemap: {absolute(reverse('sitemap'))}",
            "",
        ]
    )
    return HttpResponse(body, content_type="text/plain")
