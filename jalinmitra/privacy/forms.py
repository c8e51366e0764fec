from django import forms
from django.utils.translation import gettext_lazy as _

from jalinmitra.privacy.models import REASON_MAX_LENGTH


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan (boleh dikosongkan)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti: setelah dihapus, saya tidak bisa masuk lagi dengan akun ini."),
        required=True,
        error_messages={"required": _("Centang kotak ini untuk mengirim permintaan.")},
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan (dibaca pemohon)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan penolakan untuk pemohon.")},
    )


class RecordForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan yang disampaikan pemilik (boleh dikosongkan)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    identity_checked = forms.BooleanField(
        label=_("Saya sudah mencocokkan KTP pemohon dengan nama dan NIK pemilik usaha ini."),
        required=True,
        error_messages={"required": _("Cocokkan KTP pemohon dahulu, lalu centang kotak ini.")},
    )
