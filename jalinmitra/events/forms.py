from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jalinmitra.businesses.models import Business
from jalinmitra.events.choices import OutcomeResult, RegisteredHow, Role
from jalinmitra.events.models import Event, Participant
from jalinmitra.events.services import FOLLOWUP_NOTE_MAX, availability_parse, sessions_parse


class EventForm(forms.ModelForm):
    sessions_text = forms.CharField(
        label=_("Sesi"),
        max_length=300,
        help_text=_("Jam mulai-selesai tiap sesi, dipisah koma: 09:00-12:00, 13:00-15:00"),
    )

    class Meta:
        model = Event
        fields = [
            "name",
            "date",
            "venue",
            "meeting_minutes",
            "break_minutes",
            "max_meetings_per_participant",
            "registration_opens",
            "registration_closes",
            "request_expiry_hours",
            "max_open_requests",
            "coverage_bonus",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "registration_opens": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "registration_closes": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    field_order = ["name", "date", "venue", "sessions_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["sessions_text"].initial = self.instance.sessions_text.replace("–", "-")

    def clean_sessions_text(self):
        try:
            return sessions_parse(self.cleaned_data["sessions_text"])
        except ValidationError as e:
            raise forms.ValidationError(e.messages) from e

    def data_for_service(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        data["sessions"] = self.cleaned_data["sessions_text"]
        return data


class ParticipantAddForm(forms.Form):
    business = forms.ModelChoiceField(
        label=_("Usaha"),
        queryset=Business.objects.none(),
        help_text=_("Usaha dari data usaha kota; peran mengikuti skala usahanya."),
    )
    how = forms.ChoiceField(
        label=_("Cara mendaftar"),
        choices=[
            (RegisteredHow.INVITED, RegisteredHow.INVITED.label),
            (RegisteredHow.ON_THE_SPOT, RegisteredHow.ON_THE_SPOT.label),
        ],
    )
    role = forms.ChoiceField(
        label=_("Peran"), choices=[("", _("Ikuti skala usaha"))] + Role.choices, required=False
    )
    tables = forms.IntegerField(
        label=_("Jumlah meja (pembeli)"), min_value=1, max_value=20, initial=1
    )
    availability = forms.CharField(
        label=_("Ketersediaan"),
        max_length=300,
        required=False,
        help_text=_("Kosong = sepanjang acara; atau mis. 09:00-12:00"),
    )
    meet = forms.ModelMultipleChoiceField(
        label=_("Ingin bertemu (untuk penjual yang datang langsung)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["business"].queryset = Business.objects.exclude(
            event_participations__event=event
        ).order_by("name")
        self.fields["meet"].queryset = event.participants.filter(role=Role.BUYER).select_related(
            "business"
        )

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["slots"] = availability_parse(cleaned.get("availability", ""), self.event.slots)
        except ValidationError as e:
            self.add_error("availability", e.messages)
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX atau CSV"),
        help_text=_(
            "Kolom: nib atau nama_usaha, peran (penjual/pembeli, boleh kosong), meja, "
            "ketersediaan (mis. 09:00-12:00)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class AvailabilityForm(forms.Form):
    slots = forms.MultipleChoiceField(
        label=_("Slot yang bisa dihadiri"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu slot.")},
    )

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = participant.event
        self.fields["slots"].choices = [
            (s, f"{s}–{self.event.slot_end_label(s)}") for s in self.event.slots
        ]
        self.fields["slots"].initial = participant.slots_available()

    def available_slots(self) -> list[str]:
        """The chosen slots in the event's order; every slot is stored as [] ("all")."""
        chosen = set(self.cleaned_data["slots"])
        slots = [s for s in self.event.slots if s in chosen]
        return [] if slots == self.event.slots else slots


class RequestForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Ingin bertemu dengan"), queryset=None)
    reason = forms.CharField(
        label=_("Alasan singkat"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("mis. menawarkan keripik untuk oleh-oleh")}),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = targets
        self.fields["to"].label_from_instance = lambda p: p.business.name


class MustMeetForm(forms.Form):
    seller = forms.ModelChoiceField(label=_("Penjual"), queryset=None)
    buyer = forms.ModelChoiceField(label=_("Pembeli"), queryset=None)
    reason = forms.CharField(label=_("Alasan"), max_length=300, required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        ps = event.participants.select_related("business")
        self.fields["seller"].queryset = ps.filter(role=Role.SELLER)
        self.fields["buyer"].queryset = ps.filter(role=Role.BUYER)


class RunForm(forms.Form):
    allow_move_published = forms.BooleanField(
        label=_("Boleh pindahkan yang sudah terbit"), required=False
    )
    from_slot = forms.ChoiceField(
        label=_("Susun mulai slot"),
        required=False,
        help_text=_("Saat acara berjalan: slot sebelum ini tidak diubah."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_slot"].choices = [("", _("Sejak awal"))] + [(s, s) for s in event.slots]


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Hasil pertemuan"), choices=OutcomeResult.choices, widget=forms.RadioSelect
    )
    rating = forms.TypedChoiceField(
        label=_("Penilaian"),
        coerce=int,
        choices=[(i, "★" * i) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    still_in_contact = forms.TypedChoiceField(
        label=_("Masih berhubungan dengan mitra dari temu usaha?"),
        choices=[("ya", _("Ya")), ("tidak", _("Tidak"))],
        widget=forms.RadioSelect,
    )
    transactions = forms.TypedChoiceField(
        label=_("Sudah ada transaksi?"),
        choices=[("ya", _("Ya")), ("tidak", _("Tidak"))],
        widget=forms.RadioSelect,
    )
    value = forms.IntegerField(
        label=_("Perkiraan nilai transaksi (Rp)"), min_value=0, required=False
    )
    agreement = forms.TypedChoiceField(
        label=_("Sudah ada perjanjian kemitraan tertulis?"),
        choices=[("ya", _("Ya")), ("sedang", _("Sedang disusun")), ("tidak", _("Tidak"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Kendala atau catatan"),
        max_length=FOLLOWUP_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
