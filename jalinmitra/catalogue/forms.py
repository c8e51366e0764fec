from django import forms
from django.utils.translation import gettext_lazy as _

from jalinmitra.catalogue.models import ANSWER_MAX, MESSAGE_MAX, NAME_MAX, STORY_MAX
from jalinmitra.catalogue.services import QUANTITY_MAX

# The hidden field a person never sees and a form-filling robot fills in.
TRAP_FIELD = "situs_web"


class EnquiryForm(forms.Form):
    """The public enquiry form. Lengths are also checked by the service (enquiry_clean);
    `maxlength` here only stops a phone from accepting more."""

    name = forms.CharField(label=_("Nama Anda"), max_length=NAME_MAX, required=False)
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("atau email"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    quantity = forms.CharField(
        label=_("Jumlah yang dibutuhkan (boleh kosong)"),
        max_length=QUANTITY_MAX,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("mis. 50 kg per bulan")}),
    )
    message = forms.CharField(
        label=_("Pesan"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Catatan jawaban"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Apa yang Anda jawab (lewat WhatsApp, telepon atau email)."),
    )


class SignatureForm(forms.Form):
    story = forms.CharField(
        label=_("Cerita singkat produk"),
        max_length=STORY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
