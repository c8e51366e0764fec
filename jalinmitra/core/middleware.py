import logging
import time
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jalinmitra.core.pagecache import WROTE_KEY
from jalinmitra.core.ratelimit import client_ip


class LanguageMiddleware:
    """Bahasa Indonesia unless the person chose English with the switch (the language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: an officer's
    English-language Windows should not turn the city's system English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


def language_cookie_set(response, language: str) -> None:
    """Remember `language` in the cookie `LanguageMiddleware` reads (Django's cookie settings)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class ServiceErrorMiddleware:
    """A service's ValidationError that a view did not catch becomes a 400 page with its
    message, not a 500: the write was refused (services are atomic), so nothing changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError):
            return None
        return render(request, "400.html", {"errors": exception.messages}, status=400)


# --- issue 14: production hardening -------------------------------------------------------

security_log = logging.getLogger("jalinmitra.security")
db_log = logging.getLogger("jalinmitra.database")

# Where a signed-in person who still owes a second factor may go: the pages that collect it,
# signing out, the language switch, and files.
TWO_FACTOR_EXEMPT = (
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:logout",
    "set_language",
)
# Session key set at login (jalinmitra.accounts.security): "verify" (has a device, must enter a
# code) or "setup" (an officer or admin without one while TWO_FACTOR_REQUIRED). Read from the
# session the request has already loaded, so a page makes no extra query.
TWO_FACTOR_SESSION_KEY = "jm_2fa"
LAST_SEEN_SESSION_KEY = "jm_seen"


def service_unavailable(retry_after: int = 30) -> HttpResponse:
    """The friendly 503 page: a plain template rendered without the request, so it needs no
    database (no city, no user, no session)."""
    body = render_to_string("503.html", {"retry_after": retry_after})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, (OperationalError, InterfaceError))


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class DatabaseUnavailableMiddleware:
    """The database is down or unreachable (OperationalError / InterfaceError): a 503 page with
    Retry-After instead of a 500. Nothing was acknowledged to the person (the write's
    transaction did not commit), and Django reconnects on the next request (CONN_HEALTH_CHECKS),
    so the site recovers by itself when the database is back. Errors raised outside the view
    (a middleware loading the session) reach `config.urls.handler500`, which does the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        db_log.error("database unavailable on %s %s: %s", request.method, request.path, exception)
        return service_unavailable()


def _exempt(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Http404:
            return False
    return match.view_name in TWO_FACTOR_EXEMPT


class TwoFactorMiddleware:
    """A signed-in person who owes a second factor (see TWO_FACTOR_SESSION_KEY) sees only the
    page that asks for it: the code page when they have a device, the set-up page when an
    officer or admin has none and TWO_FACTOR_REQUIRED is on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        owed = request.session.get(TWO_FACTOR_SESSION_KEY) if hasattr(request, "session") else None
        if not owed or not request.user.is_authenticated or _exempt(request):
            return None
        if getattr(request.user, "is_verified", lambda: False)():
            return None
        if owed == "setup" and not settings.TWO_FACTOR_REQUIRED:
            return None
        target = "accounts:two_factor_verify" if owed == "verify" else "accounts:two_factor_setup"
        if request.method == "GET":
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return redirect(target)


class OfficerIdleTimeoutMiddleware:
    """Officers and admins are signed out after OFFICER_IDLE_TIMEOUT seconds without a request
    (0: never). The time of the last request is kept in the session, updated at most once a
    minute so that browsing does not write the session on every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "OFFICER_IDLE_TIMEOUT", 0)
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated and user.is_officer:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if seen is not None and now - seen > timeout:
                security_log.info("officer %s signed out after %ds idle", user.username, now - seen)
                logout(request)
                messages.info(
                    request,
                    _("Anda keluar otomatis karena tidak ada aktivitas. Silakan masuk lagi."),
                )
                return redirect(
                    f"{reverse('accounts:login')}?next={quote(request.get_full_path())}"
                )
            if seen is None or now - seen >= 60:
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


class AccessDeniedLogMiddleware:
    """Every refusal (PermissionDenied -> 403) leaves a line in the security log: who, what."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            user = getattr(request, "user", None)
            security_log.warning(
                "access denied: %s %s user=%s ip=%s reason=%s",
                request.method,
                request.path,
                user.username if user is not None and user.is_authenticated else "-",
                client_ip(request),
                exception,
            )
        return None


class WriteMarkMiddleware:
    """After a signed-in person's POST (or any other unsafe method), the time in their session
    (core.pagecache.WROTE_KEY), once the view is done and its writes committed: a worker that
    remembers a stamp read before then reads it again for this person's next page, so their own
    change shows at once whichever worker answers (core.pagecache, `kept`)."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method not in self.SAFE
            and user is not None
            and user.is_authenticated
            and hasattr(request, "session")
        ):
            request.session[WROTE_KEY] = time.time()
        return response
