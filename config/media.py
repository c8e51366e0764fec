"""Uploaded files, served through one view that asks who may see each one, with DEBUG on or
off: offer photos and the city's logo are public; an agreement's signed PDF and scans only for
members of its two businesses and officers; anything else is not served."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.http import require_GET
from django.views.static import serve

PUBLIC_PREFIXES = ("offers/", "city/")


def _may_see_agreement_file(user, path: str) -> bool:
    from jalinmitra.agreements.models import Agreement
    from jalinmitra.agreements.services import is_party_member

    if not user.is_authenticated:
        return False
    parts = path.split("/")
    if len(parts) < 3:
        return False
    if parts[1] == "batch":
        return user.is_officer  # a ceremony's ZIP of PDFs
    if user.is_officer:
        return True
    agreement = Agreement.objects.filter(code=parts[1]).select_related("small_party", "large_party")
    agreement = agreement.first()
    return agreement is not None and is_party_member(user, agreement)


@require_GET
def media(request, path: str):
    if ".." in path.split("/") or path.startswith("/"):
        raise Http404
    if path.startswith(PUBLIC_PREFIXES):
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith("agreements/"):
        if not request.user.is_authenticated:
            raise Http404  # not even whether the file exists
        if not _may_see_agreement_file(request.user, path):
            raise PermissionDenied
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
        response["Cache-Control"] = "private, no-store"
        return response
    raise Http404
