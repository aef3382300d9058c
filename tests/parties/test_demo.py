"""The demo client base (`comptoir demo`): big enough to try every list, valid identifiers and
numbers, duplicates and stale prospects on purpose, and the same data after a second run."""

from datetime import timedelta

import phonenumbers
import pytest
from django.db import transaction
from django.db.models import Count, Max
from django.test import override_settings
from django.utils import timezone
from stdnum.fr import siren, siret, tva

from comptoir.core import demo
from comptoir.parties.duplicates import scan
from comptoir.parties.models import (
    Address,
    Affiliation,
    Consent,
    Email,
    Interaction,
    Organisation,
    Party,
    Person,
    Phone,
)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Party,
            Organisation,
            Person,
            Affiliation,
            Address,
            Phone,
            Email,
            Consent,
            Interaction,
        )
    }


@pytest.fixture(scope="module")
def demo_base(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the whole module (it takes seconds), rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    fast_hash = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages, PASSWORD_HASHERS=fast_hash),
        transaction.atomic(),
    ):
        ctx = demo.load()
        yield ctx
        transaction.set_rollback(True)


@pytest.fixture
def base(demo_base, db):
    return demo_base


def test_the_base_is_the_size_of_a_real_sme(base):
    organisations = Organisation.objects.all()
    assert organisations.count() >= 280
    assert Person.objects.count() >= 750
    assert Interaction.objects.count() >= 1_000
    # Clients, prospects, suppliers and the few others, as a sales manager would expect.
    assert organisations.filter(is_client=True).count() >= 150
    assert organisations.filter(is_prospect=True).count() >= 50
    assert organisations.filter(is_former_client=True).exists()
    assert organisations.filter(is_supplier=True).count() >= 15
    assert organisations.filter(is_competitor=True).count() == 5
    assert 10 <= organisations.filter(is_key_account=True).count() <= 20
    assert organisations.filter(parent__isnull=False).count() >= 5
    assert organisations.filter(organisation_kind="administration").exists()
    assert organisations.filter(organisation_kind="association").exists()
    # About a hundred private customers, not contacts of any organisation.
    assert Person.objects.filter(affiliations__isnull=True).count() >= 100
    owners = set(Party.objects.values_list("owner__username", flat=True))
    assert {"charge_clientele", "direction", "adv"} <= owners
    assert any("organisations" in line for line in base.summary)


def test_identifiers_are_valid(base):
    rows = Organisation.objects.values_list("siren", "siret", "vat_number")
    assert rows
    for number, establishment, vat in rows:
        assert siren.is_valid(number), number
        if establishment:
            assert siret.is_valid(establishment) and establishment.startswith(number)
        if vat:
            assert tva.is_valid(vat) and vat.endswith(number)


def test_phones_are_valid_e164_and_emails_lower_case(base):
    numbers = list(Phone.objects.values_list("number", flat=True))
    assert len(numbers) >= 800
    for number in numbers:
        parsed = phonenumbers.parse(number)
        assert phonenumbers.is_valid_number(parsed), number
        assert number == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    for address in Email.objects.values_list("address", flat=True):
        assert address == address.lower() and "@" in address


def test_duplicates_are_there_to_be_found(base):
    shared = Organisation.objects.values("siren").annotate(n=Count("pk")).filter(n=2).count()
    assert shared >= 10
    assert Organisation.objects.filter(name="BOULANGERIE MARTIN SARL").exists()
    reasons = {reason for group in scan() for reason in group.as_dict()["reasons"]}
    assert {"siren", "email", "phone", "name"} <= reasons


def test_last_interaction_is_the_latest_of_the_timeline(base):
    latest = dict(
        Interaction.objects.values("party")
        .annotate(at=Max("occurred_at"))
        .values_list("party", "at")
    )
    sample = Party.objects.filter(pk__in=list(latest)[::10])
    assert sample.count() >= 50
    for party in sample:
        assert party.last_interaction_at == latest[party.pk], party
    assert (
        not Party.objects.exclude(pk__in=list(latest))
        .filter(last_interaction_at__isnull=False)
        .exists()
    )


def test_some_prospects_have_been_silent_for_three_years(base):
    three_years_ago = timezone.now() - timedelta(days=3 * 365)
    stale = Party.objects.filter(
        is_prospect=True, is_client=False, created_at__lt=three_years_ago
    ).exclude(last_interaction_at__gte=three_years_ago)
    assert stale.count() >= 10
    assert not Interaction.objects.filter(
        party__in=stale, occurred_at__gte=three_years_ago
    ).exists()


def test_consents_and_do_not_call_list(base):
    assert Consent.objects.filter(purpose="email_marketing", status="granted").count() >= 200
    assert Consent.objects.filter(purpose="email_marketing", status="refused").exists()
    assert Consent.objects.filter(purpose="phone_canvassing").exists()
    assert Party.objects.filter(on_do_not_call_list=True).exists()
    mailed = Interaction.objects.filter(kind="mailing").values("party")
    refused = Consent.objects.filter(purpose="email_marketing").exclude(status="granted")
    # Nobody who refused e-mail marketing before a mailing got it.
    assert not refused.filter(party__in=mailed, status="refused").exists()


def test_a_second_run_changes_nothing(base):
    before = _counts()

    ctx = demo.load()

    assert _counts() == before
    assert any("déjà" in line for line in ctx.summary)
