from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import translation


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
