from django import forms
from django.utils.translation import gettext_lazy as _

from jalinmitra.agreements.choices import EndKind, Pattern, Status, Support
from jalinmitra.agreements.models import CLAUSE_MAX, NOTE_MAX
from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.forms import RupiahField
from jalinmitra.businesses.models import Business
from jalinmitra.events.models import Meeting
from jalinmitra.matching.models import MeetingInvitation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClausesForm(forms.Form):
    pattern = forms.ChoiceField(label=_("Pola kemitraan"), choices=Pattern.choices)
    subject = forms.CharField(
        label=_("Kegiatan usaha"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=CLAUSE_MAX,
        help_text=_(
            "Produk, jumlah, harga, pengiriman, mutu. Kosongkan untuk memakai templat, lalu isi "
            'bagian yang bertanda "...".'
        ),
    )
    rights_obligations = forms.CharField(
        label=_("Hak dan kewajiban"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=CLAUSE_MAX,
    )
    development_support = forms.MultipleChoiceField(
        label=_("Bentuk pengembangan"),
        choices=Support.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    development_text = forms.CharField(
        label=_("Uraian pengembangan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=CLAUSE_MAX,
    )
    start_date = forms.DateField(label=_("Tanggal mulai"), widget=DATE)
    end_date = forms.DateField(label=_("Tanggal berakhir"), widget=DATE)
    payment_term_days = forms.IntegerField(
        label=_("Tempo pembayaran (hari)"), min_value=0, max_value=365
    )
    # The length is limited in the browser only: the field's value is a number, not a text.
    estimated_value = RupiahField(
        label=_("Perkiraan nilai (Rp)"),
        required=True,
        max_length=None,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": "Rp", "maxlength": 40}
        ),
    )
    estimated_value_words = forms.CharField(
        label=_("Terbilang"),
        required=False,
        max_length=400,
        help_text=_("Kosongkan agar diisi otomatis."),
    )
    dispute_resolution = forms.CharField(
        label=_("Penyelesaian perselisihan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=CLAUSE_MAX,
    )
    no_control_declared_small = forms.BooleanField(
        label=_("Pihak Pertama menyatakan tidak dimiliki/dikuasai Pihak Kedua (Pasal 35)"),
        required=False,
    )
    no_control_declared_large = forms.BooleanField(
        label=_("Pihak Kedua menyatakan tidak memiliki/menguasai Pihak Pertama (Pasal 35)"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] <= data["start_date"]
        ):
            self.add_error("end_date", _("Tanggal berakhir harus sesudah tanggal mulai."))
        return data


class ClausesEditForm(ClausesForm):
    # The version the form was opened at: a save over a newer one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class AgreementCreateForm(ClausesForm):
    small_party = forms.ModelChoiceField(
        label=_("Pihak Pertama (usaha mikro/kecil)"), queryset=Business.objects.none()
    )
    large_party = forms.ModelChoiceField(
        label=_("Pihak Kedua (usaha menengah/besar)"), queryset=Business.objects.none()
    )
    origin_invitation = forms.ModelChoiceField(
        queryset=MeetingInvitation.objects.select_related("need", "offer"),
        required=False,
        widget=forms.HiddenInput,
    )
    origin_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.select_related("event", "seller__business", "buyer__business"),
        required=False,
        widget=forms.HiddenInput,
    )
    field_order = ["small_party", "large_party"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_officer:
            base = Business.objects.exclude(status=VerificationStatus.RETURNED)
        else:
            # A business user drafts for its own business, with a verified partner: no list of
            # every draft registration in the city.
            own = (
                Business.objects.filter(memberships__user=user) if user else Business.objects.none()
            )
            base = Business.objects.filter(status=VerificationStatus.VERIFIED) | own
        base = base.distinct().order_by("name")
        self.fields["small_party"].queryset = base.filter(size_class__in=SMALL_SIZES)
        self.fields["large_party"].queryset = base.filter(size_class__in=LARGE_SIZES)


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Catatan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE_MAX
    )


class EndForm(forms.Form):
    """The confirmation step before a request, a confirmation or an officer's decision."""

    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX,
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti akibatnya dan ingin melanjutkan."),
        error_messages={"required": _("Centang kotak ini untuk melanjutkan.")},
    )

    def __init__(self, *args, kind: str, reason_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = EndKind(kind)
        self.fields["reason"].required = reason_required
        if reason_required:
            self.fields["reason"].error_messages["required"] = _("Tuliskan alasannya.")
        else:
            self.fields["reason"].label = _("Catatan (boleh dikosongkan)")


class WitnessForm(forms.Form):
    """Which of the city's witnessing officials actually witnessed."""

    witnesses = forms.ModelMultipleChoiceField(
        label=_("Pejabat yang hadir dan menyaksikan"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih pejabat yang benar-benar hadir dan menyaksikan.")},
    )

    def __init__(self, *args, **kwargs):
        from jalinmitra.core.models import Official
        from jalinmitra.core.selectors import city_current

        super().__init__(*args, **kwargs)
        city = city_current()
        self.fields["witnesses"].queryset = (
            Official.objects.filter(city=city, is_witness=True) if city else Official.objects.none()
        )


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Pindaian dokumen bertanda tangan (PDF)"), required=False)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    pattern = forms.ChoiceField(
        label=_("Pola"), choices=[("", "—"), *Pattern.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Status.choices], required=False
    )
    ending = forms.BooleanField(label=_("Berakhir ≤ 60 hari"), required=False)
    sector = forms.ChoiceField(label=_("Sektor (kategori KBLI)"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    event = forms.TypedChoiceField(label=_("Temu usaha"), required=False, coerce=int)

    def __init__(self, *args, sector_choices=(), kecamatan_choices=(), event_choices=(), **kw):
        super().__init__(*args, **kw)
        self.fields["sector"].choices = [("", "—"), *sector_choices]
        self.fields["kecamatan"].choices = [("", "—"), *kecamatan_choices]
        self.fields["event"].choices = [("", "—"), *event_choices]


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Berkas PDF perjanjian"), required=False)
