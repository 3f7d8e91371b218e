"""The one NinjaAPI, mounted at /api/v1/: routers, the `?lang=` switch and error handlers.

Every error is JSON `{"code", "detail"}` with a stable snake_case code (STYLE §10); clients and
tests rely on the code, the detail is translated.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from cocopa.core.errors import DomainError
from cocopa.core.json_body import BoundedJsonParser, JsonBodyError

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="cocopa API",
    version="1",
    description=(
        "Public, read-only data of the network: its profile, members and statistics on any date. "
        "Translated texts follow `?lang=it|en`, else the Accept-Language header (Italian by default). "
        'Errors are JSON `{"code", "detail"}` with a stable `code`.'
    ),
    urls_namespace="api-v1",
    # JSON bodies nested deeper than a bound are refused with a message (core/json_body.py).
    parser=BoundedJsonParser(),
)
api.add_router("", "cocopa.network.api.router")
api.add_router("/members", "cocopa.public.api.router")
api.add_router("", "cocopa.public.api_iati.router")
api.add_router("", "cocopa.cooperation.api_public.router")
api.add_router("/governance", "cocopa.governance.api.router")
api.add_router("/fees", "cocopa.fees.api.router")
api.add_router("", "cocopa.events.api.router")
api.add_router("/campaigns", "cocopa.campaigns.api.router")
api.add_router("", "cocopa.diplomacy.api.router")
api.add_router("/education", "cocopa.education.api.router")

_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "throttled",
}


def _request_language(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Translated fields in `?lang=it|en`, else in the Accept-Language (or language cookie) one.

    LocaleMiddleware cannot do it here: the public site's i18n_patterns serve Italian on every
    unprefixed path, /api/v1/ included. The language is overridden around the whole operation,
    serialisation and error messages included, and restored after it. An unsupported `lang` is
    left to the endpoint's validation, which answers 422.
    """

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        lang = request.GET.get("lang", "")
        if lang not in dict(settings.LANGUAGES):
            lang = translation.get_language_from_request(request)
        with translation.override(lang):
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = lang
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


api.add_decorator(_request_language, mode="view")


def error(request: HttpRequest, code: str, detail: str, status: int, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"code": code, "detail": detail, **extra}, status=status)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [_field_error(e) for e in exc.errors]
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return error(
        request, "invalid_input", _("Invalid input: %(fields)s.") % {"fields": fields}, 422, errors=errors
    )


def _field_error(e: dict[str, Any]) -> dict[str, str]:
    """One of ninja's errors (loc = (source, field, …)) in the shape FieldErrorOut documents."""
    loc = [str(part) for part in e.get("loc", ())]
    return {
        "field": ".".join(loc[1:]) or ".".join(loc),
        "location": loc[0] if len(loc) > 1 else "",
        "message": str(e.get("msg", "")),
        "type": str(e.get("type", "")),
    }


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, "not_found", str(exc) or _("Not found."), 404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, JsonBodyError):
        # ninja says only "Cannot parse request body"; the parser's own message says why.
        return error(request, exc.__cause__.code, exc.__cause__.message, 400)
    return error(request, _HTTP_CODES.get(exc.status_code, "http_error"), exc.message, exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE; not a fault of ours (no 500).
    return error(request, "request_too_large", _("The request body is too large."), 413)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, "forbidden", str(exc) or _("You may not do this."), 403)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error(request, exc.code, exc.message, exc.status)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback for the office; the client learns nothing of the internals.
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error(request, "server_error", _("Something went wrong on our side; it has been logged."), 500)


def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Paths under /api/v1/ that name no endpoint: JSON like every other API error, not Django's HTML."""
    return JsonResponse({"code": "not_found", "detail": _("No API endpoint at this address.")}, status=404)
