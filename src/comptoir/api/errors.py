"""Every API error has one shape: {"code", "message", "errors": [{"field", "message"}]}.

Codes are stable (programs test them); messages are translated for people.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from comptoir.core.exceptions import CoreError

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "validation_error",
    429: "too_many_requests",
}


def error_body(code: str, message: str, errors=()) -> dict:
    return {"code": code, "message": str(message), "errors": list(errors)}


def _http_message(status: int) -> str:
    return {
        400: _("The request cannot be read: is its body valid JSON?"),
        401: _("Authentication required: send a valid API token or sign in."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        429: _("Too many requests, try again later."),
    }.get(status, _("The request cannot be processed."))


def _ninja_field(loc) -> str | None:
    # ("body", "payload", "siren") -> "siren"; ("query", "limit") -> "limit"
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    return ".".join(parts) or None


def register(api: NinjaAPI) -> None:
    def respond(request, status: int, body: dict):
        return api.create_response(request, body, status=status)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        status = exc.status_code
        message = _http_message(status)
        if status == 403 and "CSRF" in exc.message:
            message = _("CSRF check failed: send the X-CSRFToken header, or use an API token.")
        return respond(request, status, error_body(HTTP_CODES.get(status, "error"), message))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, error_body("not_found", _("Not found.")))

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return respond(request, 404, error_body("not_found", _("Not found.")))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        # NotAllowed carries the permission name, which is for logs, not for the message.
        return respond(request, 403, error_body("forbidden", _("You are not allowed to do this.")))

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc: NinjaValidationError):
        errors = [
            {"field": _ninja_field(error.get("loc", ())), "message": error.get("msg", "")}
            for error in exc.errors
        ]
        return respond(
            request, 422, error_body("validation_error", _("The request is not valid."), errors)
        )

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": None if field == NON_FIELD_ERRORS else field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"field": None, "message": message} for message in exc.messages]
        return respond(
            request, 422, error_body("validation_error", _("Some values are not valid."), errors)
        )

    @api.exception_handler(CoreError)
    def domain_error(request, exc: CoreError):
        return respond(request, 400, error_body(exc.code, exc.message))
