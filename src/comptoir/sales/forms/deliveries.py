"""Forms of the delivery pages: the filter bar, a note's header and quantities, shipping,
recording the delivery (what the customer signed for), an incident, a carrier."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.parties.forms.widgets import PartyPicker
from comptoir.parties.models import Party
from comptoir.sales.choices import DeliveryStatus
from comptoir.sales.models import Carrier, Delivery, OrderLine

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _plain(quantity):
    """10.000 shows as 10 and 2.500 as 2,5: a form shows what people would type."""
    if quantity is None:
        return None
    quantity = Decimal(quantity)
    return (
        quantity.quantize(Decimal(1))
        if quantity == quantity.to_integral()
        else quantity.normalize()
    )


def _quantity_field(label: str, initial=None, required: bool = False) -> forms.DecimalField:
    initial = _plain(initial)
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=3,
        required=required,
        initial=initial,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end"}),
    )


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *DeliveryStatus.choices],
    )
    carrier = forms.ModelChoiceField(
        label=_("Carrier"),
        required=False,
        queryset=Carrier.objects.order_by("name"),
        empty_label=_("Any carrier"),
    )
    customer = forms.ModelChoiceField(
        label=_("Customer"),
        required=False,
        queryset=Party.objects.all(),
        widget=PartyPicker(),
    )
    date_from = forms.DateField(label=_("Prepared from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("to"), required=False, widget=DATE)
    q = forms.CharField(
        label=_("Number"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Note, order or tracking number")}),
    )


class DeliveryHeaderForm(forms.Form):
    """A note's header and, per order line, the quantity to deliver (`qty_<line id>`)."""

    HEADER_FIELDS = (
        "carrier",
        "tracking_number",
        "planned_date",
        "delivery_address",
        "notes",
        "over_delivery_reason",
    )

    carrier = forms.ModelChoiceField(
        label=_("Carrier"),
        required=False,
        queryset=Carrier.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Not chosen yet"),
    )
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)
    planned_date = forms.DateField(label=_("Planned delivery"), required=False, widget=DATE)
    delivery_address = forms.CharField(
        label=_("Delivery address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    over_delivery_reason = forms.CharField(
        label=_("Reason for delivering more than ordered"),
        required=False,
        help_text=_("Only if a quantity is above what is left to deliver (a full box, say)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, order_lines=(), **kwargs):
        """`order_lines`: (order line, quantity proposed, quantity left) triples."""
        super().__init__(*args, **kwargs)
        self.order_lines = []
        for line, proposed, left in order_lines:
            name = f"qty_{line.pk}"
            self.fields[name] = _quantity_field(line.label, initial=proposed)
            self.order_lines.append((line, left, name))

    def quantities(self) -> dict[int, Decimal]:
        return {
            line.pk: self.cleaned_data.get(name) or Decimal(0)
            for line, _left, name in self.order_lines
        }

    def header(self) -> dict:
        """The note's fields besides its quantities, as the services take them."""
        return {name: self.cleaned_data[name] for name in self.HEADER_FIELDS}

    def rows(self):
        """(order line, quantity left, bound field) for the template's table."""
        return [(line, left, self[name]) for line, left, name in self.order_lines]


class ShipForm(forms.Form):
    carrier = forms.ModelChoiceField(
        label=_("Carrier"),
        required=False,
        queryset=Carrier.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Not chosen yet"),
    )
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)


class DeliverForm(forms.Form):
    """What the customer signed for: a received quantity per line of the note
    (`received_<line id>`), what arrived that the note did not announce (`extra_<order line
    id>`, or an item not on the order), who signed, and when."""

    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE)
    received_by = forms.CharField(label=_("Signed for by"), max_length=120, required=False)
    other_label = forms.CharField(label=_("Item not on the order"), max_length=300, required=False)
    other_reference = forms.CharField(label=_("Its reference"), max_length=60, required=False)
    other_quantity = _quantity_field(_("Quantity received"))

    def __init__(self, *args, delivery: Delivery, order_lines: list[OrderLine] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()
        self.note_lines = []
        for line in delivery.lines.all():
            name = f"received_{line.pk}"
            self.fields[name] = _quantity_field(line.label, initial=line.quantity, required=True)
            self.note_lines.append((line, name))
        on_note = {line.order_line_id for line in delivery.lines.all()}
        self.extra_lines = []
        for line in order_lines:
            if line.pk in on_note or line.kind != "item":
                continue
            name = f"extra_{line.pk}"
            self.fields[name] = _quantity_field(line.label, initial=Decimal(0))
            self.extra_lines.append((line, name))

    def clean_delivered_on(self):
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A delivery cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("other_quantity") and not (data.get("other_label") or "").strip():
            self.add_error("other_label", _("Name the item that was received."))
        return data

    def received(self) -> dict[int, Decimal]:
        return {line.pk: self.cleaned_data[name] for line, name in self.note_lines}

    def unannounced(self) -> list[dict]:
        found = [
            {"order_line": line.pk, "quantity": self.cleaned_data.get(name)}
            for line, name in self.extra_lines
            if self.cleaned_data.get(name)
        ]
        if self.cleaned_data.get("other_quantity"):
            found.append(
                {
                    "label": self.cleaned_data["other_label"],
                    "reference": self.cleaned_data.get("other_reference") or "",
                    "quantity": self.cleaned_data["other_quantity"],
                }
            )
        return found

    def delivered_at(self) -> datetime.datetime:
        """Noon of the day given, or now when it is today (the order of events stays true)."""
        day = self.cleaned_data["delivered_on"]
        if day == timezone.localdate():
            return timezone.now()
        return datetime.datetime.combine(day, datetime.time(12), timezone.get_current_timezone())

    def rows(self):
        return [(line, self[name]) for line, name in self.note_lines]

    def extra_rows(self):
        return [(line, self[name]) for line, name in self.extra_lines]


class IncidentForm(forms.Form):
    reason = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Parcel lost, damaged, refused by the customer…"),
    )


class CarrierForm(forms.ModelForm):
    class Meta:
        model = Carrier
        fields = ["name", "tracking_url", "is_active"]
        widgets = {
            "tracking_url": forms.TextInput(
                attrs={"placeholder": "https://www.exemple.fr/suivi?numero={tracking}"}
            )
        }
