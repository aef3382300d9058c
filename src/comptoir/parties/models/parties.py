import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.choices import Country, Language, LegalForm
from comptoir.core.models import AuditedModel
from comptoir.parties.choices import (
    Channel,
    Civility,
    ContactRole,
    HeadcountBand,
    OrganisationKind,
    PartyKind,
    SocioProfessionalCategory,
    Source,
)


class Tag(models.Model):
    """A free label put on parties ("salon Lyon 2026", "VIP"…), for filters and campaigns."""

    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def prefix_index(field: str, name: str) -> models.Index:
    """An index for the exact value of a column of digits and, on PostgreSQL, for LIKE
    'digits%': its pattern operator class compares byte by byte, as a prefix needs (SQLite
    ignores operator classes; its LIKE is never served by an index anyway)."""
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


class Party(AuditedModel):
    """Anyone the business deals with: an organisation or a person (a contact or a private
    customer). Channels, consent and the timeline hang on this one table, so the contact
    center, search and duplicates look in one place whatever the kind.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=PartyKind.choices)
    # What lists show and sort by: trade name or legal name; "Last First" for people.
    name = models.CharField(_("name"), max_length=200)
    # Lower-case, accent-free copy of the name, for accent- and case-insensitive prefix search
    # and sorting on both databases (kept by save()).
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    # Roles: several at once (a client can also be a supplier).
    is_prospect = models.BooleanField(_("prospect"), default=False)
    is_client = models.BooleanField(_("client"), default=False)
    is_former_client = models.BooleanField(_("former client"), default=False)
    is_supplier = models.BooleanField(_("supplier"), default=False)
    is_partner = models.BooleanField(_("partner"), default=False)
    is_competitor = models.BooleanField(_("competitor"), default=False)
    is_key_account = models.BooleanField(_("key account"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_parties",
        # party_owner_name_idx (owner, name, id) serves every lookup by owner; a second
        # index would only cost each write (a million of them in a first load).
        db_index=False,
    )
    team = models.CharField(_("team"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="parties")
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.FR
    )
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, blank=True
    )
    preferred_hours = models.CharField(_("preferred hours"), max_length=100, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    # Opposition to phone canvassing through the national list (Bloctel in France).
    on_do_not_call_list = models.BooleanField(_("on the do-not-call list"), default=False)
    last_interaction_at = models.DateTimeField(_("last interaction"), null=True, blank=True)
    # GDPR: set when a stale prospect is flagged for review, and when its data is erased.
    review_requested_at = models.DateTimeField(_("review requested"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    audit_exclude = frozenset({"name_folded", "updated_at", "last_interaction_at"})

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name_folded", "id"]
        permissions = [
            ("export_party", _("Can export the client base")),
            ("import_party", _("Can import parties")),
            ("merge_party", _("Can merge duplicates")),
            ("erase_party", _("Can erase a person's data (GDPR)")),
        ]
        indexes = [
            models.Index(fields=["kind", "name_folded", "id"], name="party_kind_name_idx"),
            models.Index(fields=["owner", "name_folded", "id"], name="party_owner_name_idx"),
            models.Index(fields=["is_client", "name_folded", "id"], name="party_client_idx"),
            models.Index(fields=["is_prospect", "name_folded", "id"], name="party_prospect_idx"),
            # Both columns descending, as the lists sort, so the index gives the order.
            models.Index(fields=["-last_interaction_at", "-id"], name="party_last_touch_desc_idx"),
            models.Index(fields=["-created_at", "-id"], name="party_created_desc_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from comptoir.parties.normalize import fold

        self.name_folded = fold(self.name)[:200]
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)


class Organisation(Party):
    """A company, an administration or an association."""

    organisation_kind = models.CharField(
        _("type"), max_length=20, choices=OrganisationKind.choices, default="company"
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, blank=True
    )
    siren = models.CharField(_("SIREN"), max_length=20, blank=True)
    siret = models.CharField(_("SIRET"), max_length=24, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=24, blank=True)
    ice = models.CharField(_("ICE (Morocco)"), max_length=24, blank=True)
    ridet = models.CharField(_("RIDET (New Caledonia)"), max_length=16, blank=True)
    naf_code = models.CharField(_("NAF/APE code"), max_length=6, blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    headcount_band = models.CharField(
        _("headcount"), max_length=10, choices=HeadcountBand.choices, blank=True
    )
    revenue = models.DecimalField(
        _("annual revenue"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsidiaries",
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default="FR")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # One index each for the exact lookups (an import's matches, the duplicates) and,
        # on PostgreSQL, a search by the beginning of a SIREN or SIRET (see Phone); a
        # field's db_index would make two, which every write pays for (decision 90).
        indexes = [
            prefix_index("siren", "organisation_siren_idx"),
            prefix_index("siret", "organisation_siret_idx"),
            models.Index(fields=["sector"], name="organisation_sector_idx"),
        ]

    @property
    def legal_name_with_form(self) -> str:
        """The legal name and, unless the name already says it ("Durand SAS"), the legal
        form in brackets: "Durand (SAS)"."""
        if not self.legal_form:
            return self.legal_name
        form = str(self.get_legal_form_display())
        for said in (form, self.legal_form):  # "SARL AU" or "SARLAU", "EI"
            if re.search(rf"\b{re.escape(said)}\b", self.legal_name, re.IGNORECASE):
                return self.legal_name
        return f"{self.legal_name} ({form})"


class Person(Party):
    """A person: a contact of one or more organisations, or a private customer."""

    civility = models.CharField(_("civility"), max_length=4, choices=Civility.choices, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    children = models.PositiveSmallIntegerField(_("children"), null=True, blank=True)
    socio_professional_category = models.CharField(
        _("socio-professional category"),
        max_length=2,
        choices=SocioProfessionalCategory.choices,
        blank=True,
    )
    interests = models.CharField(_("interests"), max_length=255, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        through="Affiliation",
        through_fields=("person", "organisation"),
        related_name="people",
        verbose_name=_("organisations"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")


class Affiliation(AuditedModel):
    """A person's place in an organisation: job title and the part they play for us."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ContactRole.choices, blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="affiliation_person_org_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"


class SavedFilter(models.Model):
    """A list's filters kept under a name by one user ("My prospects in Lyon")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=80)
    # The list's query string, as in the address bar ("role=client&city=lyon").
    query = models.CharField(_("filters"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="savedfilter_user_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
