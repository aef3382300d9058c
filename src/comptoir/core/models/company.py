from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core import identifiers
from comptoir.core.choices import Country, Currency, Language, LegalForm
from comptoir.core.models.audit import AuditedModel


class Company(AuditedModel):
    """The business that runs this Comptoir: who issues the quotes, invoices and letters.

    There is exactly one row (id 1); `Company.current()` returns it.
    """

    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, blank=True
    )
    share_capital = models.DecimalField(
        _("share capital"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    registration = models.CharField(
        _("trade register"),
        max_length=120,
        blank=True,
        help_text=_("For example « RCS Lyon » or « RC Casablanca 123456 »."),
    )
    # Identifiers are stored compact ("732829320") but wide enough for what people type
    # ("732 829 320"): clean_fields() normalises them before the length is checked.
    siren = models.CharField(_("SIREN"), max_length=20, blank=True)
    siret = models.CharField(_("SIRET (head office)"), max_length=24, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=24, blank=True)
    ice = models.CharField(_("ICE (Morocco)"), max_length=24, blank=True)
    ridet = models.CharField(_("RIDET (New Caledonia)"), max_length=16, blank=True)
    address_line1 = models.CharField(_("address"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default="FR")
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="company/", blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in"),
        default=1,
        choices=[(m, m) for m in range(1, 13)],
        help_text=_("Month in which the fiscal year begins (1 = January)."),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    language = models.CharField(
        _("language of documents"), max_length=8, choices=Language.choices, default="fr"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    audit_exclude = frozenset({"updated_at"})

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("company")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="company_fiscal_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.trade_name or self.legal_name

    @classmethod
    def current(cls) -> "Company | None":
        return cls.objects.order_by("pk").first()

    @classmethod
    def current_country(cls) -> str:
        """The company's country (the default for numbers, addresses, tax presets), FR
        before the company is set up."""
        company = cls.current()
        return (company.country if company else "") or "FR"

    IDENTIFIERS = {
        "siren": identifiers.validate_siren,
        "siret": identifiers.validate_siret,
        "vat_number": identifiers.validate_vat,
        "ice": identifiers.validate_ice,
        "ridet": identifiers.validate_ridet,
    }

    def clean_fields(self, exclude=None) -> None:
        exclude = set(exclude or ())
        errors = {}
        for field, validate in self.IDENTIFIERS.items():
            value = getattr(self, field)
            if value and field not in exclude:
                try:
                    setattr(self, field, validate(value))
                except ValidationError as error:
                    errors[field] = error.error_list
        if self.phone and "phone" not in exclude:
            try:
                self.phone = identifiers.validate_phone(self.phone, region=self.country)
            except ValidationError as error:
                errors["phone"] = error.error_list
        try:
            super().clean_fields(exclude=exclude | errors.keys())
        except ValidationError as error:
            errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)

    def clean(self) -> None:
        if self.siren and self.siret and not self.siret.startswith(self.siren):
            raise ValidationError(
                {
                    "siret": ValidationError(
                        _("The SIRET must begin with the SIREN %(siren)s."),
                        params={"siren": self.siren},
                        code="siret_siren_mismatch",
                    )
                }
            )


class BankAccount(AuditedModel):
    """A bank account of the company, printed on invoices and used for transfers."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="bank_accounts", verbose_name=_("company")
    )
    label = models.CharField(_("label"), max_length=100)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    is_default = models.BooleanField(_("default account"), default=False)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["-is_default", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(is_default=True),
                name="bankaccount_one_default_per_company",
            ),
            models.UniqueConstraint(fields=["company", "iban"], name="bankaccount_iban_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label} — {identifiers.format_iban(self.iban)}"

    def clean(self) -> None:
        errors = {}
        try:
            self.iban = identifiers.validate_iban(self.iban)
        except ValidationError as error:
            errors["iban"] = error
        if self.bic:
            try:
                self.bic = identifiers.validate_bic(self.bic, iban=None if errors else self.iban)
            except ValidationError as error:
                errors["bic"] = error
        if errors:
            raise ValidationError(errors)
