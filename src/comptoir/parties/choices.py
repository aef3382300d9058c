from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")


class Source(models.TextChoices):
    """How the contact was found."""

    FAIR = "fair", _("Trade fair")
    ADVERTISEMENT = "advertisement", _("Advertisement")
    REFERRAL = "referral", _("Referral")
    WEBSITE = "website", _("Website")
    TENDER = "tender", _("Tender")
    PHONING = "phoning", _("Phoning")
    MAILING = "mailing", _("Mailing")
    WALK_IN = "walk_in", _("Walk-in")
    SOCIAL = "social", _("Social networks")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    POST = "post", _("Post")
    VISIT = "visit", _("Visit")


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    ADMINISTRATION = "administration", _("Administration")
    ASSOCIATION = "association", _("Association")


class HeadcountBand(models.TextChoices):
    """INSEE headcount bands, simplified."""

    NONE = "0", _("No employee")
    MICRO = "1-9", _("1 to 9")
    SMALL = "10-49", _("10 to 49")
    MEDIUM = "50-249", _("50 to 249")
    LARGE = "250-4999", _("250 to 4,999")
    HUGE = "5000+", _("5,000 and more")


class Civility(models.TextChoices):
    MR = "M.", _("Mr")
    MRS = "Mme", _("Mrs")
    NONE = "", _("(none)")


class ContactRole(models.TextChoices):
    """The part a person plays for an organisation."""

    DECISION_MAKER = "decision_maker", _("Decision-maker")
    BUYER = "buyer", _("Buyer")
    USER = "user", _("User")
    ACCOUNTANT = "accountant", _("Accountant")
    PRESCRIBER = "prescriber", _("Prescriber")
    TECHNICAL = "technical", _("Technical contact")
    OTHER = "other", _("Other")


class SocioProfessionalCategory(models.TextChoices):
    """INSEE PCS, level 1."""

    FARMER = "1", _("Farmers")
    CRAFTSMAN = "2", _("Craftsmen, shopkeepers, business owners")
    EXECUTIVE = "3", _("Executives and higher intellectual professions")
    INTERMEDIATE = "4", _("Intermediate professions")
    EMPLOYEE = "5", _("Employees")
    WORKER = "6", _("Workers")
    RETIRED = "7", _("Retired")
    OTHER = "8", _("Other, without professional activity")


class AddressKind(models.TextChoices):
    BILLING = "billing", _("Billing")
    DELIVERY = "delivery", _("Delivery")
    SITE = "site", _("Site")
    HOME = "home", _("Home")


class PhoneLabel(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    OFFICE = "office", _("Office")
    SWITCHBOARD = "switchboard", _("Switchboard")
    HOME = "home", _("Home")
    FAX = "fax", _("Fax")


class EmailLabel(models.TextChoices):
    WORK = "work", _("Work")
    PERSONAL = "personal", _("Personal")
    ACCOUNTING = "accounting", _("Accounting")
    GENERIC = "generic", _("Generic (contact@…)")


class ConsentPurpose(models.TextChoices):
    EMAIL_MARKETING = "email_marketing", _("E-mail marketing")
    PHONE_CANVASSING = "phone_canvassing", _("Phone canvassing")
    SMS = "sms", _("SMS marketing")
    POST = "post", _("Postal mailings")


class ConsentStatus(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InteractionKind(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    NOTE = "note", _("Note")
    VISIT = "visit", _("Visit")
    SAMPLE = "sample", _("Sample sent")
    MAILING = "mailing", _("Mailing")
    QUOTE = "quote", _("Quote")
    ORDER = "order", _("Order")
    INVOICE = "invoice", _("Invoice")
    PAYMENT = "payment", _("Payment")
    COMPLAINT = "complaint", _("Complaint")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    INBOUND = "in", _("Inbound")
    OUTBOUND = "out", _("Outbound")
    INTERNAL = "internal", _("Internal")
