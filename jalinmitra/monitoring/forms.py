"""Input of the monitoring pages. The rules (who, dates, units, amounts, proof) are the
services'; a form only turns text into values and shows the service's errors."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jalinmitra.agreements.choices import Party
from jalinmitra.core.limits import DESCRIPTION_MAX_LENGTH, REASON_MAX_LENGTH
from jalinmitra.monitoring.choices import InterventionKind, PaymentMethod
from jalinmitra.monitoring.services import RESOLVE_REJECT, RESOLVE_UPHOLD

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PROOF_ACCEPT = "image/*,application/pdf"


def _rupiah_field(label):
    # Any whole number: a zero or a negative amount reaches the service, which says why not.
    return forms.IntegerField(
        label=label,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        help_text=_("Rupiah, angka saja, mis. 1250000."),
    )


class _EntryForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DATE)
    proof = forms.FileField(
        label=_("Foto nota atau surat jalan (boleh dikosongkan)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PROOF_ACCEPT, "capture": "environment"}),
        help_text=_("JPG, PNG, WEBP atau PDF, paling besar 5 MB."),
    )

    def __init__(self, *args, party_choice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if party_choice:
            # An officer records on a party's behalf: which one.
            self.fields["party"] = forms.ChoiceField(
                label=_("Dicatat atas nama"), choices=Party.choices
            )
            self.order_fields(["party"])


class DeliveryForm(_EntryForm):
    product = forms.CharField(label=_("Produk"), max_length=200, required=False)
    quantity = forms.DecimalField(
        label=_("Jumlah"),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    unit = forms.CharField(label=_("Satuan"), max_length=30)
    value = _rupiah_field(_("Nilai pengiriman (Rp)"))

    field_order = ["date", "product", "quantity", "unit", "value", "proof"]

    def __init__(self, *args, units=(), products=(), **kwargs):
        super().__init__(*args, **kwargs)
        if units:
            self.fields["unit"] = forms.ChoiceField(
                label=_("Satuan"), choices=[(u, u) for u in units], initial=units[0]
            )
            self.order_fields(
                self.field_order if "party" not in self.fields else ["party", *self.field_order]
            )
        if products:
            self.fields["product"].initial = products[0]
            self.fields["product"].widget.attrs["list"] = "produk-perjanjian"
        self.products = list(products)


class PaymentForm(_EntryForm):
    value = _rupiah_field(_("Jumlah dibayar (Rp)"))
    method = forms.ChoiceField(label=_("Cara pembayaran"), choices=PaymentMethod.choices)

    field_order = ["date", "value", "method", "proof"]


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan sanggahan"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. jumlah yang diterima 180 kg, bukan 200 kg."),
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (RESOLVE_UPHOLD, _("Catatan benar: dikonfirmasi")),
            (RESOLVE_REJECT, _("Catatan tidak benar: dikesampingkan")),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Dasar keputusan"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=InterventionKind.choices)
    date = forms.DateField(label=_("Tanggal"), widget=DATE)
    notes = forms.CharField(
        label=_("Catatan"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class GrowthReportForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Triwulan"),
        coerce=int,
        choices=[
            (1, "I (Jan–Mar)"),
            (2, "II (Apr–Jun)"),
            (3, "III (Jul–Sep)"),
            (4, "IV (Okt–Des)"),
        ],
    )
    omzet = forms.IntegerField(
        label=_("Omzet triwulan ini (Rp)"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    workers = forms.IntegerField(label=_("Jumlah pekerja (termasuk pemilik)"))
    new_buyers = forms.IntegerField(label=_("Pembeli baru triwulan ini"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # The quarter just ended is the one usually reported.
        quarter = (today.month - 1) // 3 + 1
        year = today.year
        if quarter == 1:
            year, quarter = year - 1, 4
        else:
            quarter -= 1
        self.fields["year"].initial = year
        self.fields["quarter"].initial = quarter


class WorklistFilterForm(forms.Form):
    flag = forms.ChoiceField(label=_("Tanda"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    sector = forms.ChoiceField(label=_("Sektor (KBLI)"), required=False)
    officer = forms.ChoiceField(label=_("Petugas"), required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Semua"))]
        self.fields["flag"].choices = everything + [(k, v) for k, v in choices["flags"]]
        self.fields["kecamatan"].choices = everything + list(choices["kecamatan"])
        self.fields["sector"].choices = everything + list(choices["sectors"])
        self.fields["officer"].choices = everything + list(choices["officers"])
