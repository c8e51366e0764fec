from django import forms
from django.utils.translation import gettext_lazy as _

from jalinmitra.core.models import City, Office, Official


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
