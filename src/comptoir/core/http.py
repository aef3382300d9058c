"""Helpers every app's views share."""

from django.shortcuts import render


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_page(request, template: str, context: dict, *, partial: str | None = None, status=200):
    """The whole page, or for an htmx request only its named partial (django-template-partials)."""
    if partial and is_htmx(request):
        return render(request, f"{template}#{partial}", context, status=status)
    return render(request, template, context, status=status)
