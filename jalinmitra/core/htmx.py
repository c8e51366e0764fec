from django.shortcuts import render


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_htmx(request, template: str, fragment: str, context: dict, status: int = 200):
    """The fragment for an htmx request, the full page otherwise."""
    return render(request, fragment if is_htmx(request) else template, context, status=status)
