"""Data quality of the client base: what is missing or wrong, counted, each count a list to fix.

Each check is a named queryset filter on Party, so the count and the list behind it can
never disagree: the list page applies the same filter through `?quality=<name>`.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Length, Mod, Replace, Substr
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.core.queries import require
from comptoir.parties.models import Address, Email, Organisation, Party, Person, Phone

STALE_AFTER = timedelta(days=3 * 365)  # CNIL: a prospect not heard of for 3 years


@dataclass(frozen=True)
class Check:
    name: str
    label: str
    condition: Q


def _digits(field: str, count: int) -> Q:
    """`field` is exactly `count` digits. Not a regex: SQLite runs REGEXP in Python, row by
    row; removing the ten digits and finding nothing left is plain SQL on both databases."""
    stripped = F(field)
    for digit in "0123456789":
        stripped = Replace(stripped, Value(digit), Value(""))
    return Q(Exact(Length(field), count)) & Q(Exact(stripped, ""))


def _siren_luhn_remainder():
    """The Luhn sum of a 9-digit SIREN modulo 10 (0 when valid), computed by the database.

    Counting from the check digit (the last), every second digit is doubled, and a doubled
    digit over 9 loses 9: 2d - 9·(d div 5) in integer arithmetic. Only for nine digits
    (the CASE guards the casts: PostgreSQL refuses to cast a letter); 1 otherwise."""
    digits = [Cast(Substr("siren", position, 1), IntegerField()) for position in range(1, 10)]
    total = Value(0)
    for position, digit in enumerate(digits, start=1):
        if position % 2 == 0:  # positions 2, 4, 6, 8 from the left are doubled
            digit = digit * 2 - (digit / 5) * 9  # integer division on both databases
        total = total + digit
    return Case(
        When(_digits("siren", 9), then=Mod(total, 10)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _without(channel) -> Q:
    """Parties having no row in `channel`. PostgreSQL plans NOT EXISTS as an anti-join;
    SQLite runs it as one correlated lookup per party (27 s at a million) but builds the
    NOT IN list once (0.7 s), whereas PostgreSQL's NOT IN over a million ids would not fit
    in memory and fall back to a scan per party: each gets its fast form."""
    if connection.vendor == "sqlite":
        return ~Q(pk__in=channel.objects.values("party_id"))
    return ~Q(Exists(channel.objects.filter(party=OuterRef("pk"))))


def checks(now=None) -> list[Check]:
    now = now or timezone.now()
    stale_before = now - STALE_AFTER
    organisation = Q(kind="organisation")
    return [
        Check("no_email", _("without e-mail"), _without(Email)),
        Check("no_phone", _("without phone"), _without(Phone)),
        Check("no_address", _("without address"), _without(Address)),
        Check(
            "no_siren",
            _("organisations without SIREN (France)"),
            organisation
            & Q(pk__in=Organisation.objects.filter(country="FR", siren="").values("pk")),
        ),
        Check(
            "invalid_identifiers",
            _("organisations in France with an invalid SIREN or SIRET"),
            organisation
            & Q(
                pk__in=Organisation.objects.filter(country="FR")
                .annotate(siren_check=_siren_luhn_remainder())
                .filter((~Q(siren="") & ~Q(siren_check=0)) | (~Q(siret="") & ~_digits("siret", 14)))
                .values("pk")
            ),
        ),
        Check(
            "invalid_email",
            _("e-mail addresses without @ or with a space"),
            # One pass over the e-mails (IN), not a lookup per party: LIKE '%@%' uses no index.
            Q(
                pk__in=Email.objects.filter(
                    ~Q(address__contains="@") | Q(address__contains=" ")
                ).values("party_id")
            ),
        ),
        Check(
            "invalid_postal_code",
            _("French postal codes not made of 5 digits"),
            Q(
                pk__in=Address.objects.filter(country="FR")
                .exclude(postal_code="")
                .exclude(_digits("postal_code", 5))
                .values("party_id")
            ),
        ),
        Check(
            "no_first_name",
            _("people without first name"),
            Q(kind="person") & Q(pk__in=Person.objects.filter(first_name="").values("pk")),
        ),
        Check(
            "invalid_phone",
            _("phones not in international format"),
            Q(pk__in=Phone.objects.exclude(number__startswith="+").values("party_id")),
        ),
        Check(
            "stale_prospects",
            _("prospects without contact for 3 years"),
            Q(is_prospect=True, is_client=False)
            & (
                Q(last_interaction_at__lt=stale_before)
                | Q(last_interaction_at__isnull=True, created_at__lt=stale_before)
            ),
        ),
    ]


def quality_filter(name: str) -> Q | None:
    return next((check.condition for check in checks() if check.name == name), None)


def quality_report(*, user) -> list[dict]:
    """[{name, label, count, organisations, people}] for every check, on the parties not yet
    anonymised; `organisations` and `people` split the count for the two lists."""
    require(user, "parties.view_party")
    alive = Party.objects.filter(anonymised_at__isnull=True)
    report = []
    for check in checks():
        by_kind = dict(
            alive.filter(check.condition)
            .values("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        organisations, people = by_kind.get("organisation", 0), by_kind.get("person", 0)
        report.append(
            {
                "name": check.name,
                "label": check.label,
                "count": organisations + people,
                "organisations": organisations,
                "people": people,
            }
        )
    return report
