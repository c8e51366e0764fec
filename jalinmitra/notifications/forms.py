from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jalinmitra.notifications.choices import Category


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Bahasa pemberitahuan dan email"),
        choices=settings.LANGUAGES,
        help_text=_("Pesan WhatsApp dari petugas tetap dalam Bahasa Indonesia."),
    )
    email = forms.BooleanField(label=_("Kirim lewat email"), required=False)
    whatsapp = forms.BooleanField(label=_("Kirim lewat WhatsApp"), required=False)
    whatsapp_number = forms.CharField(
        label=_("Nomor WhatsApp"),
        max_length=20,
        required=False,
        help_text=_("Kosongkan untuk memakai nomor WhatsApp usaha Anda."),
    )
    whatsapp_consent = forms.BooleanField(
        label=_("Saya setuju menerima pesan program lewat WhatsApp"), required=False
    )
    stopped = forms.MultipleChoiceField(
        label=_("Hentikan kategori ini"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Pemberitahuan yang diwajibkan (perjanjian siap ditandatangani) tetap dikirim."
        ),
    )
    digest = forms.BooleanField(label=_("Ringkasan harian lewat email"), required=False)
    quiet_start = forms.TimeField(label=_("Jam tenang mulai"))
    quiet_end = forms.TimeField(label=_("Jam tenang selesai"))


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Pesan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(
        label=_("Lampiran (gambar atau PDF, paling besar 5 MB)"), required=False
    )
