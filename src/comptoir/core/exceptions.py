"""Domain errors of the core app. Views turn them into form errors, the API into 4xx with
the stable `code`."""

from django.core.exceptions import PermissionDenied


class CoreError(Exception):
    code = "core_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(PermissionDenied):
    """The acting user may not do this; the API answers 403, the UI shows the 403 page."""

    code = "forbidden"
