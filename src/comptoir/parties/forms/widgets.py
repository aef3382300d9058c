"""A search-as-you-type choice among records too many for a <select>: the parent of an
organisation, the organisation of a contact, the client of a quote.

The widget lives here and not in `web`, although its template and script are shared there:
every business app may import parties, none may import web (pyproject's import contract).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

__all__ = ["PartyPicker", "SearchPicker"]


class SearchPicker(forms.Widget):
    """A text box that asks `search_url` (GET, `?q=` what was typed) for suggestions and a
    hidden input that holds the chosen id: the form posts the id, so a ModelChoiceField
    validates it against its queryset as it would a <select>'s value.

    The endpoint answers with `web/widgets/picker_options.html` (a list of options, each with
    a value and a label). The shown label of the current value is read from the field's
    queryset (one query), never by listing the choices.
    """

    template_name = "web/widgets/picker.html"

    def __init__(self, *, search_url, placeholder=None, attrs=None):
        super().__init__(attrs)
        self.search_url = search_url
        self.placeholder = placeholder or _("Type to search…")
        self.choices = ()  # set by ModelChoiceField; only its `.field` is used

    def format_value(self, value):
        if isinstance(value, Model):
            return str(value.pk)
        return "" if value is None else str(value)

    def label_for(self, value) -> str:
        field = getattr(self.choices, "field", None)
        if value in (None, "") or field is None:
            return ""
        if isinstance(value, Model):
            instance = value
        else:
            try:
                instance = field.to_python(value)
            except ValidationError:
                return ""
        return field.label_from_instance(instance) if instance is not None else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            search_url=str(self.search_url),
            placeholder=str(self.placeholder),
            label=self.label_for(value),
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class PartyPicker(SearchPicker):
    """Choose a party: `kind="organisation"` or `"person"` to offer only those; `exclude` an
    id (an organisation is not its own parent)."""

    def __init__(self, *, kind: str = "", exclude: int | None = None, **kwargs):
        url = reverse_lazy("parties:party-suggestions")
        query = "&".join(
            part
            for part in (f"kind={kind}" if kind else "", f"exclude={exclude}" if exclude else "")
            if part
        )
        kwargs.setdefault("search_url", format_lazy("{}?{}", url, query) if query else url)
        if kind == "organisation":
            kwargs.setdefault("placeholder", _("Type the beginning of its name…"))
        super().__init__(**kwargs)
