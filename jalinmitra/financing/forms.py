"""Input of the financing pages. Amounts stay text here: the service reads them (parse_rupiah)
and gives the reason when they are wrong, so the form shows the service's own checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jalinmitra.core.limits import REASON_MAX_LENGTH
from jalinmitra.financing import kur
from jalinmitra.financing.choices import BankStatus, DataItem, Purpose, RejectReason, Scheme
from jalinmitra.financing.models import NOTES_MAX_LENGTH, Bank

AMOUNT_WIDGET = forms.TextInput(
    attrs={"inputmode": "numeric", "placeholder": "contoh: 25.000.000", "maxlength": 40}
)


class BankChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return str(obj)


def _banks_field(required: bool, label) -> BankChoiceField:
    return BankChoiceField(
        queryset=Bank.objects.filter(is_active=True), required=required, label=label
    )


def _items_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Data yang boleh dibagikan ke bank yang dipilih"),
        choices=DataItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=list(DataItem.values),
    )


class ReferralForm(forms.Form):
    business = forms.TypedChoiceField(label=_("Usaha"), coerce=int)
    amount = forms.CharField(label=_("Jumlah yang diajukan (Rp)"), widget=AMOUNT_WIDGET)
    purpose = forms.ChoiceField(
        label=_("Keperluan"), choices=Purpose.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Untuk apa dananya (singkat)"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    banks = _banks_field(False, _("Bank tujuan (kosongkan bila ingin dipilihkan petugas)"))
    items = _items_field()
    consent = forms.BooleanField(
        label=_("Saya setuju data di atas dibagikan kepada bank yang saya pilih."),
        required=False,
    )

    def __init__(self, *args, businesses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business"].choices = [(b.pk, b.name) for b in businesses]
        if len(self.fields["business"].choices) == 1:
            self.fields["business"].widget = forms.HiddenInput()
            self.fields["business"].initial = businesses[0].pk

    def clean(self):
        data = super().clean()
        if data.get("banks") and not data.get("consent"):
            self.add_error(
                "consent",
                _("Centang persetujuan agar data Anda dapat dikirim ke bank yang dipilih."),
            )
        return data


class ConsentForm(forms.Form):
    banks = _banks_field(True, _("Bank yang boleh menerima data"))
    items = _items_field()
    in_person = forms.BooleanField(
        label=_("Pemilik sudah menandatangani persetujuan tertulis (dicatat petugas)"),
        required=False,
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Apa yang perlu dilengkapi"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecommendationForm(forms.Form):
    recommendation = forms.CharField(
        label=_("Rekomendasi petugas untuk bank"),
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ForwardForm(forms.Form):
    banks = _banks_field(True, _("Teruskan ke bank"))


class ResubmitForm(forms.Form):
    amount = forms.CharField(label=_("Jumlah yang diajukan (Rp)"), widget=AMOUNT_WIDGET)
    purpose = forms.ChoiceField(
        label=_("Keperluan"), choices=Purpose.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Untuk apa dananya (singkat)"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentsRequestForm(forms.Form):
    request = forms.CharField(
        label=_("Dokumen yang diminta"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DocumentForm(forms.Form):
    kind = forms.CharField(label=_("Nama dokumen (mis. KTP, foto usaha, nota)"), max_length=100)
    file = forms.FileField(
        label=_("Berkas (PDF, JPEG atau PNG, paling besar 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class ApproveForm(forms.Form):
    amount = forms.CharField(label=_("Plafon disetujui (Rp)"), widget=AMOUNT_WIDGET)
    tenor_months = forms.CharField(
        label=_("Tenor (bulan)"), widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    scheme = forms.ChoiceField(label=_("Skema"), choices=Scheme.choices)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), choices=RejectReason.choices)
    text = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DisburseForm(forms.Form):
    amount = forms.CharField(label=_("Jumlah dicairkan (Rp)"), widget=AMOUNT_WIDGET)
    on = forms.DateField(
        label=_("Tanggal pencairan"), widget=forms.DateInput(attrs={"type": "date"})
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua"))] + BankStatus.choices
    )
    tier = forms.ChoiceField(
        label=_("Jenis KUR"), required=False, choices=[("", _("Semua"))] + kur.TIER_CHOICES
    )
    sector = forms.ChoiceField(label=_("Sektor"), required=False)
    overdue = forms.BooleanField(label=_("Hanya yang melewati batas waktu"), required=False)

    def __init__(self, *args, sector_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("Semua"))] + list(sector_choices)


CASE_FORMS = {
    "ask_documents": DocumentsRequestForm,
    "approve": ApproveForm,
    "reject": RejectForm,
    "disburse": DisburseForm,
}


class ChooseBanksForm(forms.Form):
    banks = _banks_field(True, _("Bank yang dipilihkan petugas"))


REFERRAL_FORMS = {
    "check": RecommendationForm,
    "return": NotesForm,
    "choose_banks": ChooseBanksForm,
    "forward": ForwardForm,
}
