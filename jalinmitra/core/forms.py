from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jalinmitra.core.limits import IMAGE_MAX_PIXELS, image_open
from jalinmitra.core.models import City, Office, Official

IMAGE_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


class LimitedImageField(forms.FileField):
    """An image upload checked from its header (type, pixel count) before anything decodes it,
    with a message that says what is wrong. Django's ImageField would decode-verify first and
    answer every problem with the same "not a valid image"."""

    default_error_messages = {
        "invalid_image": _("Berkas bukan gambar JPG, PNG, atau WEBP."),
    }

    def __init__(self, *, max_pixels: int = IMAGE_MAX_PIXELS, **kwargs):
        self.max_pixels = max_pixels
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def to_python(self, data):
        f = super().to_python(data)
        if f is None:
            return None
        try:
            image = image_open(f, field="image", max_pixels=self.max_pixels)
        except ValidationError as e:
            raise ValidationError(e.error_dict["image"][0].messages, code="invalid_image") from e
        f.image = image
        f.content_type = IMAGE_MIME.get(image.format or "", None)
        if hasattr(f, "seek") and callable(f.seek):
            f.seek(0)
        return f


class CityForm(forms.ModelForm):
    class Meta:
        model = City
        fields = [
            "name",
            "short_name",
            "code",
            "address",
            "logo",
            "agreement_number_pattern",
            "payment_term_policy_days",
            "privacy_notice_version",
        ]
        help_texts = {
            "agreement_number_pattern": _(
                "Bagian yang tersedia: {seq:03d}, {city}, {office}, {month_roman}, {year}"
            )
        }

    logo = LimitedImageField(label=_("logo"), required=False, max_pixels=16_000_000)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > 1024 * 1024:
            raise forms.ValidationError(_("Logo paling besar 1 MB."))
        return logo


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["code", "name", "address", "phone", "order"]


class OfficialForm(forms.ModelForm):
    class Meta:
        model = Official
        fields = ["name", "title", "nip", "office", "is_witness", "order"]

    def clean_nip(self):
        nip = "".join(self.cleaned_data.get("nip", "").split())
        if nip and (not nip.isdigit() or len(nip) != 18):
            raise forms.ValidationError(_("NIP harus 18 angka."))
        return nip


def form_errors(form: forms.BaseForm, error: ValidationError, *, aliases=None) -> bool:
    """Put a service's ValidationError next to the form fields it names (a field the form does
    not have, or a plain message, goes above the form). ``aliases`` maps a service's field name
    to the form's (``{"kbli": "kbli_primary"}``). True when the record was changed by someone
    else since the form was opened (code ``stale``; the page then offers a reload)."""
    if getattr(error, "code", None) == "stale":
        form.add_error(None, error)
        return True
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = (aliases or {}).get(name, name)
            for e in errors:
                form.add_error(target if target in form.fields else None, e)
    else:
        form.add_error(None, error)
    return False
