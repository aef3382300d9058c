"""A service's refusal put back on the form that called it, so that the page shows why and
keeps what was typed. Every app's views use it (core imports no app)."""

from django.core.exceptions import ValidationError


def error_text(error) -> str:
    """The sentence to show for a ValidationError or a domain error (its `message`)."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(getattr(error, "message", None) or error)


def add_service_error(form, error) -> None:
    """A ValidationError's field errors go on their fields (on the whole form for a field it
    does not show); any other error, such as a domain error, on the whole form."""
    if isinstance(error, ValidationError):
        for field, errors in error.update_error_dict({}).items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error_text(error))
