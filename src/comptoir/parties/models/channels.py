from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.choices import Country
from comptoir.core.models import AuditedModel
from comptoir.parties.choices import AddressKind, EmailLabel, PhoneLabel
from comptoir.parties.models.parties import Party, prefix_index


class Address(AuditedModel):
    """A postal address of a party: billing, delivery, a site…"""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(
        _("kind"), max_length=10, choices=AddressKind.choices, default="billing"
    )
    line1 = models.CharField(_("address"), max_length=200)
    line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100)
    # Folded copy of the city, for filters and search ("Saint-Étienne" = "saint etienne").
    city_folded = models.CharField(max_length=100, editable=False)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default="FR")
    is_default = models.BooleanField(_("main address"), default=False)

    audit_exclude = frozenset({"city_folded"})

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "kind", "id"]
        indexes = [
            # PostgreSQL: LIKE 'lyon%' (the city filter) needs a pattern index; SQLite
            # ignores the operator class and filters with a range on city_folded's index.
            # The party id rides along, so the list of a big city's parties is read from
            # the index alone (25,000 for Paris in a million: a fifth faster than a visit
            # of the table per address).
            models.Index(
                fields=["city_folded", "party_id"],
                name="address_city_party_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.line1, self.postal_code, self.city) if part)

    def save(self, *args, **kwargs):
        from comptoir.parties.normalize import fold

        self.city_folded = fold(self.city)[:100]
        super().save(*args, **kwargs)


class Phone(AuditedModel):
    """A phone number, stored in E.164 whatever way it was typed, so that an incoming call's
    caller id finds its party (parties.queries.find_by_phone)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="phones")
    label = models.CharField(
        _("label"), max_length=12, choices=PhoneLabel.choices, default="office"
    )
    number = models.CharField(_("number"), max_length=20)
    is_default = models.BooleanField(_("main number"), default=False)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        ordering = ["-is_default", "id"]
        # Found by its exact E.164 (the screen pop) and, on PostgreSQL, by its beginning as
        # it is typed in a search (parties.search_index.pg_matches): one index serving both,
        # compared byte by byte (the pattern operator class), where a field's db_index
        # would make two.
        indexes = [prefix_index("number", "phone_number_idx")]

    def __str__(self) -> str:
        return self.number


class Email(AuditedModel):
    """An e-mail address of a party, stored lower-case."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="emails")
    label = models.CharField(_("label"), max_length=12, choices=EmailLabel.choices, default="work")
    address = models.EmailField(_("e-mail"))
    is_default = models.BooleanField(_("main address"), default=False)

    class Meta:
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")
        ordering = ["-is_default", "id"]
        indexes = [models.Index(fields=["address"], name="email_address_idx")]  # as Phone's

    def __str__(self) -> str:
        return self.address
