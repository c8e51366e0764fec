from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jalinmitra.accounts import services
from jalinmitra.accounts.forms import AccountForm, SignupForm
from jalinmitra.businesses.forms import privacy_consent_field
from jalinmitra.businesses.selectors import business_for_user
from jalinmitra.businesses.services import (
    business_consent_needed,
)
from jalinmitra.core.middleware import language_cookie_set
from jalinmitra.core.permissions import officer_required


class SignInView(auth_views.LoginView):
    """Django's sign-in, which then shows the site in the language the person chose for their
    messages (a new phone or browser has no language cookie yet). Indonesian, the default, never
    overrides a switch made before signing in."""

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language != settings.LANGUAGE_CODE and language in dict(settings.LANGUAGES):
            language_cookie_set(response, language)
        return response


@require_http_methods(["GET", "POST"])
def signup(request):
    """A business owner registers themself and a first draft of their business."""
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The same answer whether the username was free or taken (ASVS: sign-up does not tell
        # whether a username exists), so nobody is signed in here: the new owner signs in next.
        services.signup_complete(
            username=data["username"],
            password=data["password1"],
            full_name=data["full_name"],
            email=data["email"],
            business_name=data["business_name"],
        )
        return render(request, "accounts/signup_done.html", {"username": data["username"]})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token: str):
    invitation = services.invitation_get(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AccountForm(request.POST or None, initial={"full_name": invitation.business.owner_name})
    # Registered by an officer or an import without the owner's consent: the owner gives it here.
    ask_consent = business_consent_needed(invitation.business)
    if ask_consent:
        form.fields["privacy_consent"] = privacy_consent_field(by_officer=False, required=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                token=token,
                username=data["username"],
                password=data["password1"],
                full_name=data["full_name"],
                email=data["email"],
                privacy_consent=bool(data.get("privacy_consent")),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Selamat datang. Usaha Anda sekarang bisa Anda kelola sendiri.")
            )
            return redirect("businesses:mine")
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "business": invitation.business, "consent": ask_consent},
    )


@officer_required
@require_POST
def business_invite(request, pk: int):
    """An officer makes the one-time link that hands an assisted registration to its owner
    (here, not in businesses: accounts builds on businesses, never the other way)."""
    business = business_for_user(request.user, pk)
    invitation, token = services.invitation_create(
        actor=request.user, business=business, email=business.email
    )
    link = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
    return render(
        request,
        "accounts/invitation_link.html",
        {"business": business, "link": link, "invitation": invitation},
    )
