"""Data quality of the client base: what is missing or wrong, counted, each count a list to fix.

Each check is a named queryset filter on Party, so the count and the list behind it can
never disagree: the list page applies the same filter through `?quality=<name>`.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.core.queries import require
from comptoir.parties.models import Address, Email, Organisation, Party, Phone

STALE_AFTER = timedelta(days=3 * 365)  # CNIL: a prospect not heard of for 3 years


@dataclass(frozen=True)
class Check:
    name: str
    label: str
    condition: Q


def checks(now=None) -> list[Check]:
    now = now or timezone.now()
    stale_before = now - STALE_AFTER
    organisation = Q(kind="organisation")
    return [
        Check(
            "no_email", _("without e-mail"), ~Q(Exists(Email.objects.filter(party=OuterRef("pk"))))
        ),
        Check(
            "no_phone", _("without phone"), ~Q(Exists(Phone.objects.filter(party=OuterRef("pk"))))
        ),
        Check(
            "no_address",
            _("without address"),
            ~Q(Exists(Address.objects.filter(party=OuterRef("pk")))),
        ),
        Check(
            "no_siren",
            _("organisations without SIREN (France)"),
            organisation
            & Q(pk__in=Organisation.objects.filter(country="FR", siren="").values("pk")),
        ),
        Check(
            "invalid_phone",
            _("phones not in international format"),
            Q(Exists(Phone.objects.filter(party=OuterRef("pk")).exclude(number__startswith="+"))),
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
