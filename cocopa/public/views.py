"""Thin public views: read-only pages over the registry (placeholder until the site lands)."""

from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("cocopa")


def member(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(slug)
