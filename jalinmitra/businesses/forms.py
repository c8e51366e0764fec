from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalinmitra.businesses.choices import (
    CertificationKind,
    LegalForm,
    SizeClass,
    VerificationStatus,
)
from jalinmitra.businesses.models import Certification, Need, Offer
from jalinmitra.core.forms import LimitedImageField
from jalinmitra.core.limits import DESCRIPTION_MAX_LENGTH, REASON_MAX_LENGTH
from jalinmitra.core.models import KbliCode, Region
from jalinmitra.core.money import parse_rupiah
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION
from jalinmitra.core.validator_text import value_error_text
from jalinmitra.core.widgets import PickerWidget, QuickSelect


def _region_label(code):
    region = Region.objects.select_related("parent").filter(code=code).first()
    return (
        f"{region} — {region.parent.name}"
        if region and region.parent
        else (str(region) if region else code)
    )


def _kbli_label(code):
    kbli = KbliCode.objects.filter(code=code, version=DEFAULT_KBLI_VERSION).first()
    return f"{kbli.code} {kbli.title}" if kbli else code


def _max_help(length: int):
    return lazy(
        lambda: (
            gettext("Paling banyak %(max)s karakter.") % {"max": f"{length:,}".replace(",", ".")}
        ),
        str,
    )()


class VersionField(forms.IntegerField):
    """The version of the record when the form was opened (see core.services.check_version)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


def privacy_consent_field(*, by_officer: bool, required: bool = False) -> forms.BooleanField:
    """The consent checkbox: an owner consents for themself; an officer at the counter records
    that the owner consented. The notice itself is at /privasi/ (linked next to the box)."""
    label = (
        _("Pemilik sudah membaca dan menyetujui pemberitahuan privasi")
        if by_officer
        else _("Saya sudah membaca dan menyetujui pemberitahuan privasi")
    )
    return forms.BooleanField(
        label=label,
        required=required,
        error_messages={"required": _("Persetujuan pemberitahuan privasi diperlukan.")},
    )


class RupiahField(forms.CharField):
    """Accepts "Rp1.250.000", "1250000" or "1,5 juta"; gives an int."""

    MAX_CHARS = 40

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "placeholder": "Rp", "maxlength": self.MAX_CHARS}
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > self.MAX_CHARS:
            raise ValidationError(_("Terlalu panjang untuk sebuah nilai rupiah."))
        try:
            return parse_rupiah(value)
        except ValueError as e:
            raise ValidationError(value_error_text(e)) from e


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Nama usaha"), max_length=200)
    legal_form = forms.ChoiceField(label=_("Bentuk usaha"), choices=LegalForm.choices)
    owner_name = forms.CharField(label=_("Nama pemilik/penanggung jawab"), max_length=150)
    owner_nik = forms.CharField(
        label=_("NIK pemilik"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 angka, sesuai KTP."),
    )
    nib = forms.CharField(
        label=_("NIB"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("13 angka dari OSS. Boleh kosong bila belum punya."),
    )
    npwp = forms.CharField(
        label=_("NPWP"),
        max_length=25,
        required=False,
        help_text=_("16 angka (untuk perorangan sama dengan NIK)."),
    )
    whatsapp = forms.CharField(
        label=_("Nomor WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812…"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    region = forms.CharField(
        label=_("Kelurahan/desa"),
        required=False,
        max_length=20,
        widget=PickerWidget("core:region_picker", "levels=desa", label_for=_region_label),
        help_text=_("Ketik nama kelurahan, mis. Yosomulyo."),
    )
    kbli_primary = forms.CharField(
        label=_("KBLI utama"),
        required=False,
        max_length=10,
        widget=PickerWidget("core:kbli_picker", "level=kelompok", label_for=_kbli_label),
        help_text=_("Ketik jenis usaha, mis. keripik, penjahit, laundry."),
    )
    kbli_others = forms.CharField(
        label=_("KBLI lain (boleh kosong)"),
        required=False,
        max_length=200,
        help_text=_("Kode 5 angka, pisahkan dengan koma."),
    )
    modal_usaha = RupiahField(label=_("Modal usaha (tanpa tanah dan bangunan)"))
    hasil_penjualan = RupiahField(label=_("Hasil penjualan tahunan"))
    description = forms.CharField(
        label=_("Deskripsi singkat"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_max_help(DESCRIPTION_MAX_LENGTH),
    )
    version = VersionField()

    def __init__(
        self,
        *args,
        nik_hint: str = "",
        business=None,
        ask_consent: bool = False,
        by_officer: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.business = business
        if nik_hint:
            self.fields["owner_nik"].help_text = _(
                "Tersimpan: %(masked)s. Kosongkan bila tidak berubah."
            ) % {"masked": nik_hint}
        if ask_consent:
            self.fields["privacy_consent"] = privacy_consent_field(by_officer=by_officer)

    def clean_kbli_others(self):
        raw = self.cleaned_data.get("kbli_others", "")
        return [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]

    def clean_region(self):
        code = (self.cleaned_data.get("region") or "").strip()
        if code and not Region.objects.filter(code=code).exists():
            raise ValidationError(
                _("Kode wilayah tidak dikenal: %(code)s. Pilih kelurahan/desa dari daftar.")
                % {"code": code}
            )
        return code

    def clean(self):
        """Check every field the service checks, at once, so one submit shows every problem
        under its own field (a bad NIK and a bad email together), not one per try."""
        from jalinmitra.businesses.services import BUSINESS_FIELDS, business_clean

        data = super().clean()
        values = {f: data[f] for f in BUSINESS_FIELDS if f in data and f not in ("region",)}
        try:
            business_clean(values, instance=self.business)
        except ValidationError as e:
            for field, errors in e.error_dict.items():
                if field in self.fields and field not in self.errors:
                    for error in errors:
                        self.add_error(field, error)
        codes = [c for c in [data.get("kbli_primary"), *(data.get("kbli_others") or [])] if c]
        if codes and "kbli_primary" not in self.errors:
            known = set(
                KbliCode.objects.filter(
                    version=DEFAULT_KBLI_VERSION, level="kelompok", code__in=codes
                ).values_list("code", flat=True)
            )
            unknown = [c for c in codes if c not in known]
            if unknown:
                self.add_error(
                    "kbli_others" if data.get("kbli_primary") in known else "kbli_primary",
                    _("Kode KBLI tidak dikenal (harus 5 angka KBLI 2020): %(codes)s")
                    % {"codes": ", ".join(unknown)},
                )
        return data


class AssistedBusinessForm(BusinessForm):
    """An officer registers a business for its owner; the consent box may stay empty and the
    owner consents later (their invitation, or the edit form)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("ask_consent", True)
        kwargs.setdefault("by_officer", True)
        super().__init__(*args, **kwargs)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan dikembalikan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
    )


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "name", "number", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"})}


class OfferForm(forms.ModelForm):
    price_min = RupiahField(label=_("Harga terendah per satuan"))
    price_max = RupiahField(label=_("Harga tertinggi per satuan"))
    kbli = forms.CharField(
        label=_("KBLI"),
        required=False,
        widget=PickerWidget("core:kbli_picker", "level=kelompok", label_for=_kbli_label),
    )
    photo = LimitedImageField(label=_("Foto produk (JPG/PNG, maks. 5 MB)"), required=False)
    version = VersionField()

    class Meta:
        model = Offer
        fields = [
            "title",
            "description",
            "kbli",
            "unit",
            "price_min",
            "price_max",
            "capacity_per_month",
            "certifications",
            "is_active",
        ]
        widgets = {"certifications": forms.CheckboxSelectMultiple}

    def __init__(self, *args, business=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = _max_help(DESCRIPTION_MAX_LENGTH)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        if self.instance.pk and self.instance.kbli_id:
            self.initial["kbli"] = self.instance.kbli.code
        self.fields["certifications"].queryset = (
            business.certifications.all() if business else Certification.objects.none()
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and high < low:
            self.add_error("price_max", _("Harga tertinggi tidak boleh di bawah harga terendah."))
        return data

    def clean_kbli(self):
        code = self.cleaned_data.get("kbli")
        if not code:
            return None
        kbli = KbliCode.objects.filter(
            code=code, version=DEFAULT_KBLI_VERSION, level="kelompok"
        ).first()
        if kbli is None:
            raise ValidationError(_("Pilih kode KBLI 5 angka dari daftar."))
        return kbli


class NeedForm(forms.ModelForm):
    target_price = RupiahField(label=_("Harga sasaran per satuan"))
    required_certifications = forms.MultipleChoiceField(
        label=_("Sertifikat wajib"),
        choices=CertificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    delivery_region = forms.CharField(
        label=_("Wilayah pengiriman"),
        required=False,
        widget=PickerWidget("core:region_picker", "", label_for=_region_label),
    )
    kbli = forms.CharField(
        label=_("KBLI (boleh kosong)"),
        required=False,
        widget=PickerWidget("core:kbli_picker", "level=kelompok", label_for=_kbli_label),
    )
    version = VersionField()

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "kbli",
            "quantity",
            "unit",
            "period",
            "required_certifications",
            "target_price",
            "deadline",
            "delivery_region",
        ]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = _max_help(DESCRIPTION_MAX_LENGTH)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.initial["kbli"] = self.instance.kbli.code if self.instance.kbli_id else ""
            self.initial["delivery_region"] = self.instance.delivery_region_id or ""

    def clean_kbli(self):
        return OfferForm.clean_kbli(self)

    def clean_deadline(self):
        """A deadline typed now may not lie in the past; an old one left as it was may (the
        need then shows as closed)."""
        deadline = self.cleaned_data.get("deadline")
        unchanged = self.instance.pk and deadline == self.instance.deadline
        if deadline and not unchanged and deadline < timezone.localdate():
            raise ValidationError(
                _("Batas waktu sudah lewat; pilih hari ini atau tanggal sesudahnya.")
            )
        return deadline

    def clean_delivery_region(self):
        code = self.cleaned_data.get("delivery_region")
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ValidationError(_("Pilih wilayah dari daftar."))
        return region


class BusinessFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama atau NIB"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    size = forms.ChoiceField(
        label=_("Skala"),
        required=False,
        choices=[("", _("Semua"))] + SizeClass.choices,
        widget=QuickSelect,
    )
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, widget=QuickSelect)
    kategori = forms.ChoiceField(label=_("Kategori KBLI"), required=False, widget=QuickSelect)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua"))] + VerificationStatus.choices,
        widget=QuickSelect,
    )
    cert = forms.ChoiceField(
        label=_("Sertifikat berlaku"),
        required=False,
        choices=[("", _("Semua"))] + CertificationKind.choices,
        widget=QuickSelect,
    )

    def __init__(self, *args, kecamatan_choices=(), kategori_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("Semua"))] + list(kecamatan_choices)
        self.fields["kategori"].choices = [("", _("Semua"))] + list(kategori_choices)
