from django import forms
from django.utils.translation import gettext_lazy as _

from jalinmitra.catalogue.models import ANSWER_MAX, MESSAGE_MAX, NAME_MAX, REPLY_MAX, STORY_MAX
from jalinmitra.catalogue.services import QUANTITY_MAX

# The hidden field a person never sees and a form-filling robot fills in.
TRAP_FIELD = "situs_web"


class EnquiryForm(forms.Form):
    """The public enquiry form. Every check is the service's (enquiry_clean), so its messages
    show; `maxlength` here only stops a phone from accepting more."""

    name = forms.CharField(
        label=_("Nama Anda"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX, "autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "maxlength": 20}),
    )
    email = forms.CharField(
        label=_("atau email"),
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email", "maxlength": 120}),
    )
    quantity = forms.CharField(
        label=_("Jumlah yang dibutuhkan (boleh kosong)"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("mis. 50 kg per bulan"), "maxlength": QUANTITY_MAX}
        ),
    )
    message = forms.CharField(
        label=_("Pesan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Catatan jawaban"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Apa yang Anda jawab (lewat WhatsApp, telepon atau email)."),
    )


class ReplyForm(forms.Form):
    """The buyer's reply through the private link: text only (the service checks it)."""

    body = forms.CharField(
        label=_("Balas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REPLY_MAX}),
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
